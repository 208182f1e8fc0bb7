# zhwatch — see README.md. Quick start: `make demo`, then `make test`.

GO      ?= go
BIN     := bin
CMDS    := crawler search demosite

.PHONY: all build demo test vet bench bench-crawl bench-search bench-scale clean

all: build

build:
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/ $(addprefix ./cmd/,$(CMDS))

## demo: crawl the bundled sample site on loopback, index it, run sample queries
demo: build
	BIN=$(BIN) ./demo/run.sh

## test: vet and run every test (no network needed)
test: vet
	$(GO) test ./...

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

## bench: benchmarks with allocation counts
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## bench-crawl: zhwatch vs Scrapy on the loopback rig site (needs ../shared; python3-scrapy, python3-jieba)
BENCH_OUT ?= /tmp/zhwatch-rig
bench-crawl:
	bench/rig.sh $(BENCH_OUT) 3

## bench-scale: pages/s of 1, 2, 4, 8 crawler processes on one PostgreSQL store (20 loopback hosts,
## 200 ms delay), then one worker over the rig on SQLite vs PostgreSQL (needs ../shared and PostgreSQL)
bench-scale:
	$(GO) test ./cmd/crawler -run '^$$' -bench Fleet -benchtime 1x -count 3 -timeout 0
	bench/rig-store.sh $(BENCH_OUT)-store 3

## bench-search: indexing and HTTP query latency over ../shared/corpus (11.6k articles, then 100k)
CORPUS ?= $(CURDIR)/../shared/corpus
bench-search:
	ZHWATCH_BENCH_CORPUS=$(CORPUS)/news.jsonl ZHWATCH_BENCH_QUERIES=$(CORPUS)/queries.json \
	  $(GO) test -run XXX -bench Corpus -benchtime 1x -timeout 0 ./internal/index/
	ZHWATCH_BENCH_CORPUS=$(CORPUS)/news.jsonl ZHWATCH_BENCH_QUERIES=$(CORPUS)/queries.json \
	  ZHWATCH_BENCH_N=100000 ZHWATCH_BENCH_ROUNDS=6 \
	  $(GO) test -run XXX -bench HTTPSearch -benchtime 1x -timeout 0 ./cmd/search/

clean:
	rm -rf $(BIN)
