// Package resample holds the resampling methods of the event study, with
// seeded draws that repeat exactly: the episode (cluster) bootstrap, the
// date-shift permutation (placebo) test, and the data-snooping tests of
// White (2000) and Romano and Wolf (2005) over a joint null.
//
// # Episode bootstrap
//
// Events that fall close together (an episode) are not independent draws.
// EpisodeBootstrap resamples whole episodes with replacement and gives a
// percentile interval and a two-sided p-value:
//
//	iv, err := resample.EpisodeBootstrap(excess, episode, baselineMean,
//		resample.Options{Draws: 10000, Seed: 1, Confidence: 0.95})
//
// # Date shifts
//
// DateShift moves the whole set of event rows by a common random offset
// along the calendar, circularly, keeping their clustering, and compares
// the observed mean with the shifted ones. Offsets draws the offsets from
// a seed and Shift applies one, so that several statistics can be shifted
// by the same offsets: null[b][k], statistic k under offset b, is then a
// joint null (Joint builds it from K DateShift results run with the same
// Draws and Seed), from which RealityCheck tests the best of K statistics
// and RomanoWolf gives stepdown adjusted p-values for all K:
//
//	opt := resample.Options{Draws: 1000, Seed: 1}
//	var rs []resample.ShiftResult
//	for _, q := range series { // one per pair, say
//		r, err := resample.DateShift(q, rows, 0, len(q), opt)
//		if err != nil {
//			return err
//		}
//		rs = append(rs, r)
//	}
//	obs, null, err := resample.Joint(rs)
//	if err != nil {
//		return err
//	}
//	best, err := resample.RealityCheck(obs, null)
//	if err != nil {
//		return err
//	}
//	adjusted, err := resample.RomanoWolf(obs, null)
//
// # Draws
//
// Every method draws from math/rand/v2's PCG, rand.NewPCG(Seed, stream),
// with a stream constant of its own (documented on each function), and
// maps a 64-bit draw r to an index in [0, n) as the high 64 bits of r*n.
// The same options give the same figures on every machine; every output
// showing a resampled figure should state Draws and Seed.
//
// # References
//
// Romano, J. P. and Wolf, M. (2005), Stepwise multiple testing as
// formalized data snooping, Econometrica 73, 1237-1282. White, H. (2000),
// A reality check for data snooping, Econometrica 68, 1097-1126.
package resample
