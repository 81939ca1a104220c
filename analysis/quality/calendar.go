package quality

import (
	"time"
)

// closureKey is a civil date, a map key that needs no formatting.
type closureKey struct {
	y int
	m time.Month
	d int
}

// nyseClosures are the days the NYSE closed outside its holiday rules.
var nyseClosures = map[closureKey]bool{
	{1994, time.April, 27}: true, // President Nixon's funeral
	// September 11
	{2001, time.September, 11}: true,
	{2001, time.September, 12}: true,
	{2001, time.September, 13}: true,
	{2001, time.September, 14}: true,
	{2004, time.June, 11}:      true, // President Reagan's funeral
	{2007, time.January, 2}:    true, // President Ford's funeral
	// Hurricane Sandy
	{2012, time.October, 29}: true,
	{2012, time.October, 30}: true,
	{2018, time.December, 5}: true, // President G. H. W. Bush's funeral
	{2025, time.January, 9}:  true, // President Carter's funeral
}

// TradingDay tells whether the NYSE was (or will be, by its rules) open on
// d: not a weekend, not one of its holidays (New Year's Day, Martin Luther
// King Jr. Day from 1998, Washington's Birthday, Good Friday, Memorial Day,
// Juneteenth from 2022, Independence Day, Labor Day, Thanksgiving,
// Christmas; a holiday on a Sunday is taken on the Monday, one on a
// Saturday on the Friday, except New Year's Day), and not a special
// closure.
func TradingDay(d time.Time) bool {
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	return tradingDay(d, holidays(d.Year()))
}

// Calendar returns the NYSE's calendar (the same days as TradingDay) for
// walking many days in order: it works each year's holidays out once, so a
// walk over n days costs O(n), not a holiday computation per day. The
// function it returns keeps that year's holidays; it is not safe for
// concurrent use.
func Calendar() func(time.Time) bool {
	year, hs := 0, []time.Time(nil)
	known := false
	return func(d time.Time) bool {
		y, m, day := d.Date()
		if h, mi, sec := d.Clock(); h != 0 || mi != 0 || sec != 0 || d.Nanosecond() != 0 || d.Location() != time.UTC {
			d = time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
		}
		if !known || y != year {
			year, hs, known = y, holidays(y), true
		}
		return tradingDay(d, hs)
	}
}

// tradingDay tells whether d (midnight UTC) is a trading day, given its
// year's holidays.
func tradingDay(d time.Time, hs []time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	if nyseClosures[closureKey{d.Year(), d.Month(), d.Day()}] {
		return false
	}
	for _, h := range hs {
		if h.Equal(d) {
			return false
		}
	}
	// New Year's Day of next year on a Saturday is not taken on this
	// year's December 31 (NYSE rule), so nothing more to check.
	return true
}

// holidays returns the year's NYSE holidays as observed.
func holidays(y int) []time.Time {
	date := func(m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	observed := func(t time.Time) time.Time {
		switch t.Weekday() {
		case time.Saturday:
			return t.AddDate(0, 0, -1)
		case time.Sunday:
			return t.AddDate(0, 0, 1)
		}
		return t
	}
	var hs []time.Time
	if ny := date(time.January, 1); ny.Weekday() == time.Sunday {
		hs = append(hs, ny.AddDate(0, 0, 1))
	} else if ny.Weekday() != time.Saturday {
		hs = append(hs, ny)
	}
	if y >= 1998 {
		hs = append(hs, nthWeekday(y, time.January, time.Monday, 3))
	}
	hs = append(hs,
		nthWeekday(y, time.February, time.Monday, 3),
		easter(y).AddDate(0, 0, -2),
		lastWeekday(y, time.May, time.Monday),
	)
	if y >= 2022 {
		hs = append(hs, observed(date(time.June, 19)))
	}
	hs = append(hs,
		observed(date(time.July, 4)),
		nthWeekday(y, time.September, time.Monday, 1),
		nthWeekday(y, time.November, time.Thursday, 4),
		observed(date(time.December, 25)),
	)
	return hs
}

func nthWeekday(y int, m time.Month, wd time.Weekday, n int) time.Time {
	d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(n-1))
}

func lastWeekday(y int, m time.Month, wd time.Weekday) time.Time {
	d := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, -1)
	}
	return d
}

// easter returns Easter Sunday of year y (the Gregorian computus, Meeus's
// version of the anonymous algorithm).
func easter(y int) time.Time {
	a, b, c := y%19, y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}
