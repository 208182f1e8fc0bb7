package crawl

import (
	"net/url"
	"testing"
	"time"
)

func TestCanonical(t *testing.T) {
	base, _ := url.Parse("http://News.Example.com/a/b/list.html?page=2")
	tests := []struct{ in, want string }{
		{"/x.html", "http://news.example.com/x.html"},
		{"../c.html", "http://news.example.com/a/c.html"},
		{"/a/./b/../../c.html", "http://news.example.com/c.html"},
		{"HTTP://NEWS.EXAMPLE.COM:80/x.html#top", "http://news.example.com/x.html"},
		{"https://news.example.com:443/x.html", "https://news.example.com/x.html"},
		{"https://news.example.com:8443/x.html", "https://news.example.com:8443/x.html"},
		{"/x.html?utm_source=a&utm_medium=b&id=7", "http://news.example.com/x.html?id=7"},
		{"/x.html?spm=1.2.3&from=singlemessage&isappinstalled=0", "http://news.example.com/x.html"},
		{"/x.html?b=2&a=1", "http://news.example.com/x.html?a=1&b=2"},
		{"/x.html?", "http://news.example.com/x.html"},
		{"http://news.example.com", "http://news.example.com/"},
		{"  /padded.html  ", "http://news.example.com/padded.html"},
		{"//cdn.example.com/y.html", "http://cdn.example.com/y.html"},
		{"http://user:pw@news.example.com/x.html", "http://news.example.com/x.html"},
	}
	for _, tt := range tests {
		got, err := Canonical(base, tt.in)
		if err != nil || got.String() != tt.want {
			t.Errorf("Canonical(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"javascript:void(0)", "mailto:a@b.c", "data:text/html,x", "tel:110", "", "ftp://h/x", "http://[::1"} {
		if got, err := Canonical(base, bad); err == nil {
			t.Errorf("Canonical(%q) = %v; want an error", bad, got)
		}
	}
}

func TestRetryAfterAndBackoff(t *testing.T) {
	now := mustTime("2025-08-26T10:00:00Z")
	h := map[string][]string{"Retry-After": {"120"}}
	if d, ok := retryAfter(h, now); !ok || d.Seconds() != 120 {
		t.Errorf("seconds: %v %v", d, ok)
	}
	h["Retry-After"] = []string{"Tue, 26 Aug 2025 10:05:00 GMT"}
	if d, ok := retryAfter(h, now); !ok || d.Minutes() != 5 {
		t.Errorf("date: %v %v", d, ok)
	}
	h["Retry-After"] = []string{"soon"}
	if _, ok := retryAfter(h, now); ok {
		t.Error("garbage Retry-After accepted")
	}
	for failures := 1; failures <= 10; failures++ {
		d := backoff(mustDuration("1s"), mustDuration("30s"), failures)
		want := mustDuration("1s") << (failures - 1)
		if want > mustDuration("30s") {
			want = mustDuration("30s")
		}
		if d < want/2 || d > want*3/2 {
			t.Errorf("backoff after %d failures = %v, want %v ± 50%%", failures, d, want)
		}
	}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func mustDuration(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return d
}
