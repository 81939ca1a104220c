// Package article holds what the newsletter article "Get on the Right Side of
// the Great Portfolio Equalizer" (TradeSmith Daily, July 2024) claims, as
// data, so that tools and notebooks can print the article's figures beside
// the ones computed from prices. Nothing here is computed: these are the
// article's own numbers, copied from its text, and the study never reads
// them.
package article
