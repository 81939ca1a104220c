// Package fakeprovider plays Yahoo, Stooq and Tiingo on one local HTTP
// server, answering as they do in 2026, for tests and for runs without the
// network (go run ./internal/fakeprovider/cmd): Yahoo's session cookie and
// crumb, Stooq's API key and its HTML pages with status 200, Tiingo's token.
// Prices come from the Data function; failures can be switched on.
//
// Paths: "/" (Yahoo's cookie page), "/v1/test/getcrumb", "/v8/finance/chart/T"
// (Yahoo), "/q/d/l/" (Stooq), "/tiingo/daily/t/prices" (Tiingo). Point
// ROTATION_YAHOO_URL, ROTATION_STOOQ_URL and ROTATION_TIINGO_URL at it.
package fakeprovider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rotationlab/rotation/analysis/marketdata"
)

// Server is the fake providers' handler.
type Server struct {
	// Data returns a ticker's prices, or false for an unknown ticker.
	Data func(t marketdata.Ticker) (*marketdata.Series, bool)
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
	series, found := s.Data(marketdata.Ticker(strings.ToUpper(ticker)))
	if !found {
		w.Header().Set("Content-Type", "application/json;charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"chart":{"result":null,"error":{"code":"Not Found","description":"No data found, symbol may be delisted"}}}`))
		return
	}
	from, _ := strconv.ParseInt(r.URL.Query().Get("period1"), 10, 64)
	s.send(w, "application/json;charset=utf-8", ChartJSON(series, time.Unix(from, 0).UTC()))
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
	sym := strings.ToUpper(strings.TrimSuffix(q.Get("s"), ".us"))
	series, found := s.Data(marketdata.Ticker(sym))
	if !found {
		w.Write([]byte("No data"))
		return
	}
	from, _ := time.Parse("20060102", q.Get("d1"))
	var b bytes.Buffer
	b.WriteString("Date,Open,High,Low,Close,Volume\r\n")
	for i, d := range series.Dates {
		if d.Before(from) {
			continue
		}
		c := num(series.Adjusted[i])
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,1000\r\n", marketdata.FormatDate(d), c, c, c, c)
	}
	s.send(w, "text/csv", b.Bytes())
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
	series, found := s.Data(marketdata.Ticker(strings.ToUpper(ticker)))
	if !found {
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprintf(w, `{"detail":"Error: Ticker '%s' not found"}`, strings.ToUpper(ticker))
		return
	}
	from, _ := time.Parse("2006-01-02", r.URL.Query().Get("startDate"))
	var b bytes.Buffer
	b.WriteString("date,close,high,low,open,volume,adjClose,adjHigh,adjLow,adjOpen,adjVolume,divCash,splitFactor\n")
	for i, d := range series.Dates {
		if d.Before(from) {
			continue
		}
		raw, adj := num(rawClose(series, i)), num(series.Adjusted[i])
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,1000,%s,%s,%s,%s,1000.0,0.0,1.0\n", marketdata.FormatDate(d), raw, raw, raw, raw, adj, adj, adj, adj)
	}
	s.send(w, "text/csv", b.Bytes())
}

func rawClose(s *marketdata.Series, i int) float64 {
	if s.Raw != nil {
		return s.Raw[i]
	}
	return s.Adjusted[i]
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// ChartJSON is Yahoo's chart API answer for the series' days from from on:
// timestamps at the open (09:30 New York, given as UTC-5), OHLC at the raw
// close, adjclose at the adjusted close.
func ChartJSON(s *marketdata.Series, from time.Time) []byte {
	type quote struct {
		Open, High, Low, Close, Volume []float64
	}
	var ts []int64
	var q quote
	var adj []float64
	for i, d := range s.Dates {
		if d.Before(from.Truncate(24 * time.Hour)) {
			continue
		}
		ts = append(ts, d.Add(14*time.Hour+30*time.Minute).Unix())
		c := rawClose(s, i)
		q.Open, q.High, q.Low, q.Close = append(q.Open, c), append(q.High, c), append(q.Low, c), append(q.Close, c)
		q.Volume = append(q.Volume, 1000)
		adj = append(adj, s.Adjusted[i])
	}
	body := map[string]any{"chart": map[string]any{"error": nil, "result": []any{map[string]any{
		"meta":      map[string]any{"symbol": string(s.Ticker), "gmtoffset": -18000, "timezone": "EST"},
		"timestamp": ts,
		"indicators": map[string]any{
			"quote":    []any{map[string]any{"open": q.Open, "high": q.High, "low": q.Low, "close": q.Close, "volume": q.Volume}},
			"adjclose": []any{map[string]any{"adjclose": adj}},
		},
	}}}}
	b, _ := json.Marshal(body)
	return b
}
