// Package cli holds the small pieces every command of this module shares:
// flags accepted before or after the operands, and a writer that remembers
// the first failed write so a command can exit non-zero when its output was
// lost (a full disk, a closed pipe).
//
// Parse lets a flag.FlagSet take flags anywhere:
//
//	fs := flag.NewFlagSet("rotation scan", flag.ContinueOnError)
//	threshold := fs.Float64("threshold", 0.04, "...")
//	tickers, err := cli.Parse(fs, []string{"IWM", "QQQ", "-threshold", "0.03"})
//	// tickers = [IWM QQQ], *threshold = 0.03
//
// "--" ends the flags: everything after it is an operand, even "-x".
package cli
