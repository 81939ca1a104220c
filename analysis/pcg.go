package analysis

import (
	"math/bits"
	"math/rand/v2"
)

// The bootstrap draws from math/rand/v2's PCG, a 128-bit linear
// congruential generator: each draw moves the state s to s*mul + inc
// (mod 2^128) and mixes it into 64 bits. A generator's state can be moved
// ahead by k draws in O(log k) steps, so that the stream can be split into
// pieces that are drawn side by side and still give, piece after piece,
// exactly the draws of the one stream.

// u128 is a number mod 2^128.
type u128 struct{ hi, lo uint64 }

func (a u128) mul(b u128) u128 {
	hi, lo := bits.Mul64(a.lo, b.lo)
	hi += a.hi*b.lo + a.lo*b.hi
	return u128{hi, lo}
}

func (a u128) add(b u128) u128 {
	lo, c := bits.Add64(a.lo, b.lo, 0)
	hi, _ := bits.Add64(a.hi, b.hi, c)
	return u128{hi, lo}
}

// The multiplier and increment of math/rand/v2's PCG (pcg.go there).
var (
	pcgMul = u128{2549297995355413924, 4865540595714422341}
	pcgInc = u128{6364136223846793005, 1442695040888963407}
)

// pcgAhead returns a generator in the state rand.NewPCG(seed1, seed2)
// reaches after k draws (Brown, "Random number generation with arbitrary
// strides", 1994: the k-fold step is s*mul^k + inc*(mul^(k-1)+...+1)).
func pcgAhead(seed1, seed2 uint64, k uint64) *rand.PCG {
	accMul, accInc := u128{0, 1}, u128{}
	curMul, curInc := pcgMul, pcgInc
	for ; k > 0; k >>= 1 {
		if k&1 == 1 {
			accMul = accMul.mul(curMul)
			accInc = accInc.mul(curMul).add(curInc)
		}
		curInc = curMul.add(u128{0, 1}).mul(curInc)
		curMul = curMul.mul(curMul)
	}
	s := u128{seed1, seed2}.mul(accMul).add(accInc)
	return rand.NewPCG(s.hi, s.lo)
}
