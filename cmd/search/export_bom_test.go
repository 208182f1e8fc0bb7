package main

import (
	"encoding/csv"
	"strings"
	"testing"
)

// --bom starts the CSV with a UTF-8 byte order mark and changes nothing else.
func TestExportCSVBOM(t *testing.T) {
	data := storeDemo(t)
	plain, _, code := search(t, data, "export", "--format", "csv", "出口管制")
	if code != 0 || strings.HasPrefix(plain, "\ufeff") {
		t.Fatalf("export without --bom: exit %d, starts %q", code, plain[:min(10, len(plain))])
	}
	withBOM, _, code := search(t, data, "export", "出口管制", "--format", "csv", "--bom")
	if code != 0 || withBOM != "\ufeff"+plain {
		t.Errorf("export --bom: exit %d; want the same CSV after a BOM, got it starting %q", code, withBOM[:min(10, len(withBOM))])
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(withBOM, "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 2 || rows[0][0] != "id" {
		t.Errorf("CSV after the BOM: %d rows, err %v", len(rows), err)
	}
	if _, errOut, code := search(t, data, "export", "--bom", "出口管制"); code != 2 || !strings.Contains(errOut, "--bom") {
		t.Errorf("--bom with jsonl: exit %d, %q; want a usage error", code, errOut)
	}
}
