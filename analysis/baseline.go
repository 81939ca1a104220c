package analysis

import (
	"math"
	"slices"
)

// The baseline summarises a forward return from every day of the window:
// millions of values on long series. baselineStats computes what summarize
// gives on the column of those values, without holding the column: the
// values are computed again on a second pass rather than stored, and the
// median is selected among the few values that can be it, found by a
// histogram of their leading bits. The values are made a few thousand at a
// time into a small buffer, so the loops stay tight.

// baselineLeg appends to dst, for the entries at rows from to to-1 that
// have an exit, forward's A (leg 0), B (1) or Spread (2), computed as
// forward computes them: the column summarize would be given.
func baselineLeg(dst []float64, ex exitTable, pa, pb []float64, from, to, leg int) []float64 {
	for e := from; e < to; e++ {
		x := ex.at(e)
		if x < 0 {
			continue
		}
		switch leg {
		case 0:
			dst = append(dst, pa[x]/pa[e]-1)
		case 1:
			dst = append(dst, pb[x]/pb[e]-1)
		default:
			a, b := pa[x]/pa[e]-1, pb[x]/pb[e]-1
			dst = append(dst, a-b)
		}
	}
	return dst
}

// histBits is how many leading bits of a value's order key pick its bucket.
const histBits = 16

// orderKey maps a float64 to an integer in the same order (NaN excluded;
// both zeros map to the same key).
func orderKey(v float64) uint64 {
	if v == 0 {
		v = 0
	}
	b := math.Float64bits(v)
	if b>>63 == 1 {
		return ^b
	}
	return b | 1<<63
}

// baselineStats returns summarize(baselineLeg(nil, ex, pa, pb, from, to,
// leg), true), the same figures to the last bit: the sums run in the same
// order and the median is the same order statistics put together the same
// way as quantileSelect does.
//
// hist is the histogram's room, 1<<histBits counters, reused from leg to
// leg; nil allocates it.
func baselineStats(hist []uint32, ex exitTable, pa, pb []float64, from, to, leg int) Stats {
	if hist == nil {
		hist = make([]uint32, 1<<histBits)
	}
	clear(hist)
	chunk := make([]float64, 0, 4096)
	var s Stats
	sum, hits, anyNaN := 0.0, 0, false
	for c0 := from; c0 < to; c0 += cap(chunk) {
		chunk = baselineLeg(chunk[:0], ex, pa, pb, c0, min(c0+cap(chunk), to), leg)
		if len(chunk) > 0 && s.N == 0 {
			s.Min, s.Max = chunk[0], chunk[0]
		}
		for _, v := range chunk {
			if math.IsNaN(v) {
				anyNaN = true
			}
			sum += v
			if v > 0 {
				hits++
			}
			if v < s.Min {
				s.Min = v
			}
			if v > s.Max {
				s.Max = v
			}
			hist[orderKey(v)>>(64-histBits)]++
		}
		s.N += len(chunk)
	}
	if s.N == 0 || anyNaN {
		// As summarize: every figure is undefined.
		nan := math.NaN()
		return Stats{N: s.N, Mean: nan, Median: nan, Std: nan, Min: nan, Max: nan, HitRate: nan}
	}
	n := s.N
	s.Mean = sum / float64(n)
	s.HitRate = float64(hits) / float64(n)

	// The median is order statistic i, or i and i+1 interpolated
	// (quantileSelect at 0.5). Find the buckets that hold them.
	h := 0.5 * float64(n-1)
	i := int(h)
	j := min(i+1, n-1)
	below, bi, bj := 0, -1, -1 // values in buckets before bi; the buckets of ranks i and j
	seen := 0
	for b, c := range hist {
		if bi < 0 && seen+int(c) > i {
			bi, below = b, seen
		}
		if seen+int(c) > j {
			bj = b
			break
		}
		seen += int(c)
	}
	var near []float64 // the values in buckets bi to bj
	ss := 0.0
	for c0 := from; c0 < to; c0 += cap(chunk) {
		chunk = baselineLeg(chunk[:0], ex, pa, pb, c0, min(c0+cap(chunk), to), leg)
		for _, v := range chunk {
			d := v - s.Mean
			ss += d * d
			if b := int(orderKey(v) >> (64 - histBits)); b >= bi && b <= bj {
				near = append(near, v)
			}
		}
	}
	if n < 2 {
		s.Std = math.NaN()
	} else {
		s.Std = math.Sqrt(ss / float64(n-1))
	}
	if i >= n-1 {
		s.Median = slices.Max(near) // orderStat(xs, n-1)
		return s
	}
	lo := orderStat(near, i-below)
	hi := near[i-below+1]
	for _, v := range near[i-below+2:] {
		if v < hi {
			hi = v
		}
	}
	s.Median = lo + (h-float64(i))*(hi-lo)
	return s
}
