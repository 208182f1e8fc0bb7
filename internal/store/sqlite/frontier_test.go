package sqlite_test

import (
	"testing"

	"github.com/zhwatch/zhwatch/internal/store/storetest"
)

func TestCrawlStateConformance(t *testing.T) {
	storetest.RunCrawlState(t, func(t *testing.T) storetest.CrawlStore { return open(t, t.TempDir()) })
}
