package api

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch/internal/export"
)

func getRaw(t *testing.T, url string) (int, string, string, string) {
	t.Helper()
	res, err := http.Get(url) // loopback httptest server
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"), string(b)
}

// The export streams every match in either format, as an attachment; a bad
// query or format is a 400 with a JSON message, no match an empty body.
func TestExportStreamsEveryMatch(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	code, ct, disp, body := getRaw(t, srv.URL+"/api/v1/export?q=英偉達")
	if code != 200 || !strings.HasPrefix(ct, "application/x-ndjson") || !strings.Contains(disp, "zhwatch-export.jsonl") {
		t.Fatalf("jsonl: %d %q %q", code, ct, disp)
	}
	var ids []string
	for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
		var r export.Row
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.Body == "" {
			t.Fatalf("line %q: %v", line, err)
		}
		ids = append(ids, r.ID)
	}
	// Newest first: all three.
	if strings.Join(ids, ",") != "0000000000000003,0000000000000002,0000000000000001" {
		t.Errorf("jsonl ids %v", ids)
	}

	code, ct, _, body = getRaw(t, srv.URL+"/api/v1/export?q=英伟达&format=csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if code != 200 || !strings.HasPrefix(ct, "text/csv") || err != nil || len(rows) != 4 || strings.Join(rows[0], ",") != strings.Join(export.Header, ",") {
		t.Fatalf("csv: %d %q %d rows %v", code, ct, len(rows), err)
	}

	for _, bad := range []string{"q=%22open", "q=x&format=xml", "format=csv"} {
		var e errorBody
		code, ct, _, body := getRaw(t, srv.URL+"/api/v1/export?"+bad)
		if err := json.Unmarshal([]byte(body), &e); code != 400 || !strings.HasPrefix(ct, "application/json") || err != nil || e.Error == "" {
			t.Errorf("%s: %d %q %s", bad, code, ct, body)
		}
	}
	if code, _, _, body := getRaw(t, srv.URL+"/api/v1/export?q=没有这个词&format=csv"); code != 200 || body != "" {
		t.Errorf("no match: %d %q", code, body)
	}
}
