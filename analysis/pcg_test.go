package analysis

import (
	"math/rand/v2"
	"testing"
)

// TestPCGAhead: a generator moved ahead by k draws gives the draws the
// original gives after its first k, for small and large k.
func TestPCGAhead(t *testing.T) {
	for _, seed := range [][2]uint64{{1, 0}, {1, 1}, {7, 3}, {1<<63 + 5, 1<<64 - 1}} {
		g := rand.NewPCG(seed[0], seed[1])
		for k := range uint64(100_001) {
			if k < 300 || k%9973 == 0 || k == 100_000 {
				if got, want := pcgAhead(seed[0], seed[1], k).Uint64(), clone(g).Uint64(); got != want {
					t.Fatalf("seed %v, %d draws ahead: %#x, want %#x", seed, k, got, want)
				}
			}
			g.Uint64()
		}
	}
}

// TestPCGAheadComposes: moving a+b draws ahead is moving a, then b, for
// counts too large to step through.
func TestPCGAheadComposes(t *testing.T) {
	for _, c := range [][2]uint64{{1 << 40, 3}, {123456789012, 98765432109}, {1 << 63, 1<<63 - 1}} {
		a := pcgAhead(1, 2, c[0])
		st, err := a.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var b rand.PCG
		if err := b.UnmarshalBinary(st); err != nil {
			t.Fatal(err)
		}
		hi, lo := state(&b)
		if got, want := pcgAhead(hi, lo, c[1]).Uint64(), pcgAhead(1, 2, c[0]+c[1]).Uint64(); got != want {
			t.Errorf("%d then %d draws: %#x, want %#x", c[0], c[1], got, want)
		}
	}
}

// clone copies a generator through its binary form.
func clone(g *rand.PCG) *rand.PCG {
	st, _ := g.MarshalBinary()
	var c rand.PCG
	if err := c.UnmarshalBinary(st); err != nil {
		panic(err)
	}
	return &c
}

// state reads a generator's two words from its binary form ("pcg:", then
// the high and low words, big-endian).
func state(g *rand.PCG) (hi, lo uint64) {
	st, _ := g.MarshalBinary()
	for i := range 8 {
		hi = hi<<8 | uint64(st[4+i])
		lo = lo<<8 | uint64(st[12+i])
	}
	return hi, lo
}
