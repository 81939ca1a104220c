package resample_test

import (
	"fmt"

	"github.com/rotationlab/rotation/analysis/resample"
)

func ExampleEpisodeBootstrap() {
	// Seven events' excess returns in three episodes.
	excess := []float64{0.04, 0.06, 0.05, -0.03, -0.01, 0.03, 0.01}
	episode := []int{0, 0, 0, 1, 1, 2, 2}
	iv, err := resample.EpisodeBootstrap(excess, episode, 0, resample.Options{Draws: 2000, Seed: 1, Confidence: 0.9})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%.4f [%.4f, %.4f] p %.4f (%d draws, seed %d)\n", iv.Estimate, iv.Low, iv.High, iv.P, iv.Draws, iv.Seed)
	// Output:
	// 0.0214 [-0.0067, 0.0495] p 0.1764 (2000 draws, seed 1)
}

func ExampleDateShift() {
	// A measure for each of 12 rows; the events sit at rows 3 and 4.
	q := []float64{0.01, -0.02, 0.00, 0.05, 0.04, -0.01, 0.02, -0.03, 0.01, 0.00, -0.02, 0.01}
	s, err := resample.DateShift(q, []int{3, 4}, 0, len(q), resample.Options{Draws: 1000, Seed: 7})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("observed %.3f, center %.4f, p %.3f (%d draws, seed %d)\n", s.Observed, s.Center, s.P, s.Draws, s.Seed)
	// Output:
	// observed 0.045, center 0.0050, p 0.001 (1000 draws, seed 7)
}

func ExampleRomanoWolf() {
	// Three statistics (centred) and four joint null draws.
	obs := []float64{2.5, -0.4, 1.1}
	null := [][]float64{
		{0.3, -0.2, 1.2},
		{-1.0, 0.5, 0.1},
		{0.2, 0.1, -0.3},
		{2.6, -0.4, 0.2},
	}
	rc, err := resample.RealityCheck(obs, null)
	if err != nil {
		fmt.Println(err)
		return
	}
	rw, err := resample.RomanoWolf(obs, null)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("reality check", rc)
	fmt.Println("stepdown", rw)
	// Output:
	// reality check 0.4
	// stepdown [0.4 0.6 0.4]
}

func ExampleOffsets() {
	offs, err := resample.Offsets(10, 5, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range offs {
		fmt.Print(resample.Shift(8, d, 0, 10), " ")
	}
	fmt.Println()
	// Output:
	// 6 0 4 2 7
}
