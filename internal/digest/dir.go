package digest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zhwatch/zhwatch/internal/config"
)

// dirSender writes each digest to a file named by its id, atomically: a
// temporary file in the same folder, synced, then renamed over the name.
// Sending a digest again replaces its file with the same bytes.
type dirSender struct {
	path   string
	format string // markdown, html or json
}

var _ Sender = (*dirSender)(nil)

func openDir(d config.Delivery) (*dirSender, error) {
	if err := os.MkdirAll(d.Path, 0o755); err != nil {
		return nil, fmt.Errorf("digest folder: %w", err)
	}
	format := d.Format
	if format == "" {
		format = "markdown"
	}
	return &dirSender{path: d.Path, format: format}, nil
}

func (s *dirSender) Name() string { return "dir " + s.path }

// FileName is the file a digest is written to.
func (s *dirSender) FileName(id string) string {
	ext := map[string]string{"markdown": ".md", "html": ".html", "json": ".json"}[s.format]
	return filepath.Join(s.path, id+ext)
}

func (s *dirSender) Send(ctx context.Context, m *Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var body []byte
	switch s.format {
	case "html":
		body = []byte(m.HTML)
	case "json":
		body = append(m.JSON, '\n')
	default:
		body = []byte(m.Markdown)
	}
	return writeAtomic(s.FileName(m.ID), body)
}

func (s *dirSender) Close() error { return nil }

func writeAtomic(name string, body []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write digest: %w", err)
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // gone after the rename; cleans up after a failure
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return fmt.Errorf("write digest %s: %w", name, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write digest %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write digest %s: %w", name, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write digest %s: %w", name, err)
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write digest %s: %w", name, err)
	}
	return nil
}
