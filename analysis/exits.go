package analysis

import "time"

// ExitRows returns, for every row t of dates, the row at which a position
// entered at t is valued after h (t+N for trading days, the first trading
// day on or after the date plus N months for calendar months), or -1 when
// the data end first: the exits the study values its forward returns at.
func ExitRows(dates []time.Time, h Horizon) []int { return exits(dates, h) }
