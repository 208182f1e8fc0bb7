package crawl

import (
	"fmt"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/zhwatch/zhwatch/internal/store"
)

// Metrics are the crawler's Prometheus metrics. A nil *Metrics records
// nothing.
type Metrics struct {
	fetches     *prometheus.CounterVec
	fetchTime   *prometheus.HistogramVec
	articles    *prometheus.CounterVec
	errors      *prometheus.CounterVec
	retries     *prometheus.CounterVec
	events      *prometheus.CounterVec
	frontierLen *prometheus.GaugeVec
	lastSuccess *prometheus.GaugeVec
	lastRun     *prometheus.GaugeVec
	emptyShare  *prometheus.GaugeVec
	emptyAlarm  *prometheus.GaugeVec
	interval    *prometheus.GaugeVec
	budget      *prometheus.GaugeVec
	starved     *prometheus.GaugeVec
}

// NewMetrics creates the metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	const ns = "zhwatch_crawl"
	m := &Metrics{
		fetches: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "fetches_total",
			Help: "HTTP fetches by source and status class (0xx: no response)."}, []string{"source", "code"}),
		fetchTime: prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Name: "fetch_seconds",
			Help: "Time from request to body read.", Buckets: prometheus.ExponentialBuckets(0.005, 2.5, 10)},
			[]string{"source"}),
		articles: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "articles_total",
			Help: "Articles stored, by result (new, updated)."}, []string{"source", "result"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "errors_total",
			Help: "Failures by kind."}, []string{"source", "kind"}),
		retries: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "retries_total",
			Help: "Fetches scheduled again, by the failure that caused it."}, []string{"source", "kind"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Name: "events_total",
			Help: "URLs not fetched, by reason (skipped, robots_blocked, unchanged, url_too_long)."},
			[]string{"source", "event"}),
		frontierLen: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "frontier_items",
			Help: "URLs left queued at the end of the last run."}, []string{"source"}),
		lastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "last_success_timestamp_seconds",
			Help: "End of the last run that stored pages without failing."}, []string{"source"}),
		lastRun: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "last_run",
			Help: "Figures of the last run: pages, not_modified, articles_new, articles_updated, articles_empty, errors, seconds."},
			[]string{"source", "figure"}),
		emptyShare: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "empty_extraction_ratio",
			Help: "Share of the last run's articles whose body came out empty."}, []string{"source"}),
		emptyAlarm: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "empty_extraction_alarm",
			Help: "1 when extraction suddenly comes out empty (a template change?)."}, []string{"source"}),
		interval: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "request_interval_seconds",
			Help: "Pause between requests to the source's busiest host: its delay or robots.txt Crawl-delay, whichever is longer."},
			[]string{"source"}),
		budget: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "request_budget_per_hour",
			Help: "Requests an hour that pause allows (0: no limit)."}, []string{"source"}),
		starved: prometheus.NewGaugeVec(prometheus.GaugeOpts{Namespace: ns, Name: "starved",
			Help: "1 when the source's last runs all answered and stored no new article."}, []string{"source"}),
	}
	for _, c := range []prometheus.Collector{m.fetches, m.fetchTime, m.articles, m.errors, m.retries,
		m.events, m.frontierLen, m.lastSuccess, m.lastRun, m.emptyShare, m.emptyAlarm, m.interval, m.budget, m.starved} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("register crawl metrics: %w", err)
		}
	}
	return m, nil
}

func (m *Metrics) fetched(source string, status int, took time.Duration) {
	if m == nil {
		return
	}
	m.fetches.WithLabelValues(source, fmt.Sprintf("%dxx", status/100)).Inc()
	m.fetchTime.WithLabelValues(source).Observe(took.Seconds())
}

func (m *Metrics) article(source, result string) {
	if m != nil {
		m.articles.WithLabelValues(source, result).Inc()
	}
}

func (m *Metrics) error(source, kind string) {
	if m != nil {
		m.errors.WithLabelValues(source, kind).Inc()
	}
}

func (m *Metrics) retry(source, kind string) {
	if m != nil {
		m.retries.WithLabelValues(source, kind).Inc()
	}
}

func (m *Metrics) event(source, event string) {
	if m != nil {
		m.events.WithLabelValues(source, event).Inc()
	}
}

func (m *Metrics) frontier(source string, n int) {
	if m != nil {
		m.frontierLen.WithLabelValues(source).Set(float64(n))
	}
}

// finished publishes a run's figures and the source's health.
func (m *Metrics) finished(r store.Run, h Health) {
	if m == nil {
		return
	}
	m.ShowHealth(h)
	var errs int64
	for _, n := range r.Errors {
		errs += n
	}
	for fig, v := range map[string]float64{
		"pages": float64(r.Pages), "not_modified": float64(r.NotModified),
		"articles_new": float64(r.ArticlesNew), "articles_updated": float64(r.ArticlesUpdated),
		"articles_empty": float64(r.ArticlesEmpty), "errors": float64(errs),
		"seconds": r.FinishedAt.Sub(r.StartedAt).Seconds(),
	} {
		m.lastRun.WithLabelValues(r.Source, fig).Set(v)
	}
}

// ShowHealth sets the health gauges of a source, e.g. from stored runs
// when the daemon starts.
func (m *Metrics) ShowHealth(h Health) {
	if m == nil {
		return
	}
	if !h.LastSuccess.IsZero() {
		m.lastSuccess.WithLabelValues(h.Source).Set(float64(h.LastSuccess.Unix()))
	}
	m.emptyShare.WithLabelValues(h.Source).Set(h.EmptyShare)
	alarm := 0.0
	if h.EmptyAlarm {
		alarm = 1
	}
	m.emptyAlarm.WithLabelValues(h.Source).Set(alarm)
	starved := 0.0
	if h.Starved {
		starved = 1
	}
	m.starved.WithLabelValues(h.Source).Set(starved)
}

// ShowBudget sets the request budget gauges of a source.
func (m *Metrics) ShowBudget(source string, b Budget) {
	if m == nil {
		return
	}
	m.interval.WithLabelValues(source).Set(b.Interval.Seconds())
	m.budget.WithLabelValues(source).Set(float64(b.PerHour()))
}
