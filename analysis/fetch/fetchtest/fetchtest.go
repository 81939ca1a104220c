package fetchtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // New York's time zone, for Yahoo's timestamps, on any machine

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Server is the fake providers' handler.
type Server struct {
	// Data returns a ticker's prices, or false for an unknown ticker.
	Data func(t marketdata.Ticker) (*marketdata.Series, bool)
	// Load, when set, is used instead of Data: an error that wraps
	// fs.ErrNotExist (or marketdata.ErrNoData) is an unknown ticker, any
	// other is answered 500 with the error's text (a file that does not
	// parse).
	Load func(t marketdata.Ticker) (*marketdata.Series, error)
	// StooqKey and TiingoKey are the keys the fakes accept; an empty
	// StooqKey accepts any request.
	StooqKey, TiingoKey string
	// StooqPage is the HTML Stooq answers (status 200) to a request
	// without the key.
	StooqPage []byte

	mu sync.Mutex
	// ExpireCrumbs makes the next n chart requests answer 401 "Invalid
	// Crumb" whatever their crumb, as when a session expires.
	ExpireCrumbs int
	// RateLimit makes the next n requests answer 429 with Retry-After.
	RateLimit int
	// CutShort makes the next n chart or CSV answers stop half way
	// through, with a Content-Length that promised more.
	CutShort int
	// Requests counts the requests per path.
	Requests map[string]int
	crumbs   map[string]string // cookie value -> crumb
	next     int
}

// New returns a server that serves the series in data by ticker.
func New(data map[marketdata.Ticker]*marketdata.Series) *Server {
	return &Server{Data: func(t marketdata.Ticker) (*marketdata.Series, bool) {
		s, ok := data[t]
		return s, ok
	}}
}

// FromDir returns a server that serves the price files of dir
// (TICKER.csv, in any layout marketdata reads), each read afresh for every
// request with marketdata.ReadFileOHLC so that all its columns are served.
// It knows no indices; FromDirs serves them too.
func FromDir(dir string) *Server { return FromDirs(dir, "") }

// FromDirs serves the price files of dir as FromDir does, and the index
// files of indexDir (marketdata.IndexPath: NDX.csv for ^NDX) under their
// caret symbols, as the providers serve indices: Yahoo's chart of ^NDX
// (/v8/finance/chart/%5ENDX) with the level as close and adjclose and a
// volume of 0; Stooq's CSV of ^ndx, and of ^spx for ^GSPC (Stooq knows no
// ^gspc); Tiingo has none and answers 404. An empty indexDir serves none.
func FromDirs(dir, indexDir string) *Server {
	return &Server{Load: func(t marketdata.Ticker) (*marketdata.Series, error) {
		if strings.HasPrefix(string(t), "^") {
			ix, err := marketdata.ParseIndex(string(t))
			if err != nil || indexDir == "" {
				return nil, fs.ErrNotExist
			}
			if err := marketdata.CheckIndexDir(indexDir, ix); err != nil {
				return nil, fmt.Errorf("%w: %w", fs.ErrNotExist, err)
			}
			s, err := marketdata.ReadFileOHLC(marketdata.IndexPath(indexDir, ix))
			if err != nil {
				return nil, err
			}
			s.Ticker = t
			return s, nil
		}
		if err := marketdata.CheckDir(dir, t); err != nil {
			return nil, err
		}
		s, err := marketdata.ReadFileOHLC(marketdata.Path(dir, t))
		if err != nil {
			return nil, err
		}
		s.Ticker = t
		return s, nil
	}}
}

// series looks a ticker up. A nil series with a nil error is an unknown
// ticker.
func (s *Server) series(t marketdata.Ticker) (*marketdata.Series, error) {
	if s.Load != nil {
		series, err := s.Load(t)
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, marketdata.ErrNoData) {
			return nil, nil
		}
		return series, err
	}
	if s.Data == nil {
		return nil, nil
	}
	series, ok := s.Data(t)
	if !ok {
		return nil, nil
	}
	return series, nil
}

// lookup finds the ticker, answering 500 itself when the data cannot be
// read; ok is false then.
func (s *Server) lookup(w http.ResponseWriter, t marketdata.Ticker) (series *marketdata.Series, ok bool) {
	series, err := s.series(t)
	if err != nil {
		http.Error(w, "fetchtest: "+err.Error(), http.StatusInternalServerError)
		return nil, false
	}
	return series, true
}

func (s *Server) take(n *int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if *n > 0 {
		*n--
		return true
	}
	return false
}

// ServeHTTP answers as the provider the path belongs to.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if s.Requests == nil {
		s.Requests = map[string]int{}
	}
	s.Requests[r.URL.Path]++
	s.mu.Unlock()
	if s.take(&s.RateLimit) {
		w.Header().Set("Retry-After", "2")
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
		return
	}
	switch p := r.URL.Path; {
	case p == "/":
		s.cookiePage(w)
	case p == "/v1/test/getcrumb":
		s.crumb(w, r)
	case strings.HasPrefix(p, "/v8/finance/chart/"):
		s.chart(w, r, strings.TrimPrefix(p, "/v8/finance/chart/"))
	case p == "/q/d/l/":
		s.stooq(w, r)
	case strings.HasPrefix(p, "/tiingo/daily/") && strings.HasSuffix(p, "/prices"):
		s.tiingo(w, r, strings.TrimSuffix(strings.TrimPrefix(p, "/tiingo/daily/"), "/prices"))
	default:
		http.NotFound(w, r)
	}
}

// cookiePage sets the session cookie and answers 404, as fc.yahoo.com does.
func (s *Server) cookiePage(w http.ResponseWriter) {
	s.mu.Lock()
	s.next++
	v := fmt.Sprintf("session%d", s.next)
	s.mu.Unlock()
	http.SetCookie(w, &http.Cookie{Name: "A3", Value: v, Path: "/", HttpOnly: true})
	http.Error(w, "<html><body>Not Found</body></html>", http.StatusNotFound)
}

func (s *Server) crumb(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie("A3")
	if err != nil {
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Cookie"}}}`))
		return
	}
	s.mu.Lock()
	if s.crumbs == nil {
		s.crumbs = map[string]string{}
	}
	crumb := fmt.Sprintf("cr%03dumb.x", s.next)
	s.crumbs[c.Value] = crumb
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain;charset=utf-8")
	w.Write([]byte(crumb))
}

// invalidCrumb is Yahoo's answer to a chart request without a valid crumb.
const invalidCrumb = `{"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}`

func (s *Server) chart(w http.ResponseWriter, r *http.Request, ticker string) {
	c, err := r.Cookie("A3")
	s.mu.Lock()
	ok := err == nil && s.crumbs[c.Value] != "" && s.crumbs[c.Value] == r.URL.Query().Get("crumb")
	s.mu.Unlock()
	if !ok || s.take(&s.ExpireCrumbs) {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(invalidCrumb))
		return
	}
	series, ok := s.lookup(w, marketdata.Ticker(strings.ToUpper(ticker)))
	if !ok {
		return
	}
	if series == nil {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}`))
		return
	}
	q := r.URL.Query()
	var from, to time.Time
	if p1, err := strconv.ParseInt(q.Get("period1"), 10, 64); err == nil {
		from = time.Unix(p1, 0).UTC()
	}
	if p2, err := strconv.ParseInt(q.Get("period2"), 10, 64); err == nil {
		to = time.Unix(p2, 0).UTC()
	}
	body, err := YahooChart(series, from, to)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	s.send(w, "application/json;charset=utf-8", body)
}

// send writes body, or half of it when CutShort is on.
func (s *Server) send(w http.ResponseWriter, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	if s.take(&s.CutShort) {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body[:len(body)/2])
		if h, ok := w.(http.Hijacker); ok {
			if conn, _, err := h.Hijack(); err == nil {
				conn.Close()
			}
		}
		return
	}
	w.Write(body)
}

func (s *Server) stooq(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if s.StooqKey != "" && q.Get("apikey") != s.StooqKey {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(s.StooqPage)
		return
	}
	sym := strings.ToUpper(strings.TrimSuffix(strings.ToLower(q.Get("s")), ".us"))
	switch sym {
	case "^SPX":
		sym = "^GSPC" // Stooq's name of the S&P 500
	case "^GSPC":
		sym = "" // which Stooq does not know by Yahoo's
	}
	series, ok := s.lookup(w, marketdata.Ticker(sym))
	if !ok {
		return
	}
	if series == nil {
		w.Write([]byte("No data"))
		return
	}
	from, _ := time.Parse("20060102", q.Get("d1"))
	to, _ := time.Parse("20060102", q.Get("d2"))
	s.send(w, "text/csv", StooqCSV(series, from, to))
}

func (s *Server) tiingo(w http.ResponseWriter, r *http.Request, ticker string) {
	w.Header().Set("Content-Type", "application/json")
	switch auth := r.Header.Get("Authorization"); {
	case auth == "" && r.URL.Query().Get("token") == "":
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"detail":"Please supply a token"}`))
		return
	case auth != "Token "+s.TiingoKey && r.URL.Query().Get("token") != s.TiingoKey:
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"detail":"Invalid token."}`))
		return
	}
	var series *marketdata.Series
	if !strings.HasPrefix(ticker, "^") { // Tiingo has no indices
		var ok bool
		if series, ok = s.lookup(w, marketdata.Ticker(strings.ToUpper(ticker))); !ok {
			return
		}
	}
	if series == nil {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"detail":"Error: Ticker '%s' not found"}`, strings.ToUpper(ticker))
		return
	}
	from, _ := time.Parse("2006-01-02", r.URL.Query().Get("startDate"))
	to, _ := time.Parse("2006-01-02", r.URL.Query().Get("endDate"))
	s.send(w, "text/csv", TiingoCSV(series, from, to))
}

// Day is one trading day of a series as the providers serve it.
type Day struct {
	Date time.Time
	// Open, High, Low and Close are adjusted for splits and dividends;
	// RawClose is the close as traded (split-adjusted).
	Open, High, Low, Close, RawClose float64
	Volume                           float64
}

// Ratio is RawClose/Close: the factor that turns the day's adjusted
// prices into raw ones, as Yahoo's and Tiingo's raw columns are.
func (d Day) Ratio() float64 { return d.RawClose / d.Close }

// Days returns the series' days from from through to (inclusive; a zero
// time is no limit), with every column the series has. A series without
// opens, highs, lows or volumes (one built by hand, or read by ReadFile
// rather than ReadFileOHLC) gets its close for the missing prices and 0
// for a missing volume; one without a raw close (Stooq's layout) gets the
// adjusted close as its raw close.
func Days(s *marketdata.Series, from, to time.Time) []Day {
	out := make([]Day, 0, s.Len())
	pick := func(col []float64, i int, def float64) float64 {
		if len(col) == s.Len() {
			return col[i]
		}
		return def
	}
	for i, d := range s.Dates {
		if d.Before(from) || !to.IsZero() && d.After(to) {
			continue
		}
		c := s.Adjusted[i]
		out = append(out, Day{Date: d, Close: c,
			Open: pick(s.Open, i, c), High: pick(s.High, i, c), Low: pick(s.Low, i, c),
			RawClose: pick(s.Raw, i, c), Volume: pick(s.Volume, i, 0)})
	}
	return out
}

// StooqCSV is Stooq's CSV download of the series' days from from through
// to (zero: no limit): adjusted open, high, low and close, and volume, with
// CRLF line ends. Stooq has no raw close. Numbers are written in full (Go's
// shortest form that reads back the same float64), so a file read back
// holds the series' own values.
func StooqCSV(s *marketdata.Series, from, to time.Time) []byte {
	var b bytes.Buffer
	b.WriteString("Date,Open,High,Low,Close,Volume\r\n")
	for _, d := range Days(s, from, to) {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s\r\n", marketdata.FormatDate(d.Date), num(d.Open), num(d.High), num(d.Low), num(d.Close), num(d.Volume))
	}
	return b.Bytes()
}

// TiingoCSV is Tiingo's end-of-day CSV of the series' days from from
// through to (zero: no limit): the raw close, high, low and open (the
// adjusted ones scaled by the day's raw/adjusted close ratio), the volume,
// then the adjusted columns. The raw prices are the series' raw close,
// which is split-adjusted, so every splitFactor is 1; divCash is 0, as a
// series carries no dividends.
func TiingoCSV(s *marketdata.Series, from, to time.Time) []byte {
	var b bytes.Buffer
	b.WriteString("date,close,high,low,open,volume,adjClose,adjHigh,adjLow,adjOpen,adjVolume,divCash,splitFactor\n")
	for _, d := range Days(s, from, to) {
		k := d.Ratio()
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,0.0,1.0\n", marketdata.FormatDate(d.Date),
			num(d.RawClose), num(d.High*k), num(d.Low*k), num(d.Open*k), num(d.Volume),
			num(d.Close), num(d.High), num(d.Low), num(d.Open), strconv.FormatFloat(d.Volume, 'f', 1, 64))
	}
	return b.Bytes()
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// newYork is the exchange's time zone.
var newYork = func() *time.Location {
	if l, err := time.LoadLocation("America/New_York"); err == nil {
		return l
	}
	return time.FixedZone("EST", -5*3600)
}()

// YahooChart is Yahoo's chart API answer (interval=1d) for the series' days
// from from up to to (Yahoo's period1 and period2; zero: no limit), as the
// API gives it: a timestamp per day at the opening bell (09:30 New York),
// the exchange's current UTC offset in meta.gmtoffset, open, high, low and
// close in indicators.quote as traded (split-adjusted, not for dividends:
// the adjusted ones scaled by the day's raw/adjusted close ratio), volume,
// and the adjusted close in indicators.adjclose. The days a Yahoo file
// lists as "null" rows (Series.Skipped) come back as nulls in every
// array, as Yahoo sends them. Numbers keep every digit of the float64
// (encoding/json), so what the client writes reads back as the series'
// own closes. NaN and infinities are sent as nulls.
func YahooChart(s *marketdata.Series, from, to time.Time) ([]byte, error) {
	type bar struct {
		t                       time.Time
		open, high, low, c, adj *float64
		volume                  *float64
	}
	var bars []bar
	for _, d := range Days(s, time.Time{}, time.Time{}) {
		k := d.Ratio()
		bars = append(bars, bar{t: d.Date, open: finite(d.Open * k), high: finite(d.High * k), low: finite(d.Low * k),
			c: finite(d.RawClose), adj: finite(d.Close), volume: finite(d.Volume)})
	}
	for _, d := range s.Skipped {
		bars = append(bars, bar{t: d})
	}
	slices.SortFunc(bars, func(a, b bar) int { return a.t.Compare(b.t) })
	var (
		ts                           []int64
		open, high, low, closes, adj []*float64
		volume                       []*float64
		last                         time.Time
	)
	for _, b := range bars {
		// Dates are midnight UTC; the bar starts at 09:30 in New York.
		at := time.Date(b.t.Year(), b.t.Month(), b.t.Day(), 9, 30, 0, 0, newYork)
		if at.Before(from) || !to.IsZero() && !at.Before(to) {
			continue
		}
		ts = append(ts, at.Unix())
		open, high, low, closes = append(open, b.open), append(high, b.high), append(low, b.low), append(closes, b.c)
		adj, volume = append(adj, b.adj), append(volume, b.volume)
		last = at
	}
	_, offset := last.Zone()
	zone, _ := last.Zone()
	meta := map[string]any{"currency": "USD", "symbol": string(s.Ticker), "gmtoffset": offset, "timezone": zone,
		"exchangeTimezoneName": newYork.String(), "dataGranularity": "1d", "range": ""}
	if len(ts) > 0 {
		meta["firstTradeDate"] = ts[0]
		meta["regularMarketTime"] = last.Add(390 * time.Minute).Unix()
		if p := closes[len(closes)-1]; p != nil {
			meta["regularMarketPrice"] = *p
		}
	}
	body := map[string]any{"chart": map[string]any{"error": nil, "result": []any{map[string]any{
		"meta":      meta,
		"timestamp": ts,
		"indicators": map[string]any{
			"quote":    []any{map[string]any{"open": open, "high": high, "low": low, "close": closes, "volume": volume}},
			"adjclose": []any{map[string]any{"adjclose": adj}},
		},
	}}}}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("fetchtest: yahoo chart of %s: %w", s.Ticker, err)
	}
	return b, nil
}

// finite returns a pointer to x, or nil (JSON's null) for NaN or an
// infinity, which JSON cannot hold.
func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
