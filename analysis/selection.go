package analysis

import "math"

// floydRivest is the size above which selectK samples for its pivot.
const floydRivest = 600

// selectK reorders xs so that xs[k] holds the value it would hold if xs were
// sorted, with no larger value before it and no smaller one after it. It
// runs in linear time on average: quickselect with a median-of-three
// pivot, and on ranges of more than floydRivest values a pivot chosen as
// Floyd and Rivest do (Comm. ACM 18(3), 1975): the k-th value of a sample
// range around k, selected first, so that the partition leaves only a
// small range holding k. xs must hold no NaN.
func selectK(xs []float64, k int) {
	lo, hi := 0, len(xs)-1
	for hi > lo {
		if hi-lo < 16 {
			insertion(xs[lo : hi+1])
			return
		}
		var pivot float64
		if hi-lo > floydRivest {
			n, i := float64(hi-lo+1), float64(k-lo+1)
			z := math.Log(n)
			s := 0.5 * math.Exp(2*z/3)
			sd := 0.5 * math.Sqrt(z*s*(n-s)/n)
			if i < n/2 {
				sd = -sd
			}
			sub0 := max(lo, int(float64(k)-i*s/n+sd))
			sub1 := min(hi, int(float64(k)+(n-i)*s/n+sd))
			selectK(xs[sub0:sub1+1], k-sub0)
			pivot = xs[k]
		} else {
			mid := lo + (hi-lo)/2
			// Order xs[lo], xs[mid], xs[hi] and take the middle as pivot.
			if xs[mid] < xs[lo] {
				xs[mid], xs[lo] = xs[lo], xs[mid]
			}
			if xs[hi] < xs[lo] {
				xs[hi], xs[lo] = xs[lo], xs[hi]
			}
			if xs[hi] < xs[mid] {
				xs[hi], xs[mid] = xs[mid], xs[hi]
			}
			pivot = xs[mid]
		}
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		// Now xs[lo..j] <= pivot <= xs[i..hi], and values between j and i
		// equal the pivot.
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return
		}
	}
}

func insertion(xs []float64) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

// orderStat returns the k-th smallest value of xs (from 0), reordering xs.
func orderStat(xs []float64, k int) float64 {
	selectK(xs, k)
	return xs[k]
}

// quantileSelect is the type-7 quantile (linear interpolation between
// order statistics, the default of R and numpy) found by selection rather
// than a full sort; xs is reordered.
func quantileSelect(xs []float64, p float64) float64 {
	n := len(xs)
	if n == 0 {
		return nan()
	}
	h := p * float64(n-1)
	i := int(h)
	if i >= n-1 {
		return orderStat(xs, n-1)
	}
	lo := orderStat(xs, i)
	// After selecting i, the next order statistic is the least value
	// above position i.
	hi := xs[i+1]
	for _, v := range xs[i+2:] {
		if v < hi {
			hi = v
		}
	}
	return lo + (h-float64(i))*(hi-lo)
}

// quartiles returns quantileSelect(xs, 0.25) and quantileSelect(xs, 0.75),
// the same values, with less work: after the lower quartile is selected,
// the upper one is selected among the values above it only. xs is
// reordered.
func quartiles(xs []float64) (q1, q3 float64) {
	n := len(xs)
	q1 = quantileSelect(xs, 0.25)
	i := int(0.25 * float64(n-1)) // xs[:i+1] now hold the i+1 smallest values
	h := 0.75 * float64(n-1)
	j := int(h)
	if n < 2 || j <= i {
		return q1, quantileSelect(xs, 0.75)
	}
	rest := xs[i+1:] // order statistics i+1 to n-1
	if j >= n-1 {
		return q1, orderStat(rest, len(rest)-1)
	}
	lo := orderStat(rest, j-i-1)
	hi := rest[j-i]
	for _, v := range rest[j-i+1:] {
		if v < hi {
			hi = v
		}
	}
	return q1, lo + (h-float64(j))*(hi-lo)
}
