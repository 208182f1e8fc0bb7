# syntax=docker/dockerfile:1
#
# zhwatch: one image with both commands, `crawler` and `search`.
#
#   docker build -t zhwatch:local .
#   docker run --rm zhwatch:local search --help
#
# docker-compose.yml runs the two as services sharing one data volume.

# ---- build -------------------------------------------------------------------------------
# gojieba is C++ behind cgo, so the build needs CGO and a C++ compiler; the golang bookworm
# image has gcc and g++.
FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=1

COPY go.mod go.sum ./
RUN go mod download

# Only what the commands are built from (keeps ./data and the demo out of this layer).
COPY *.go ./
COPY cmd/ cmd/
COPY internal/ internal/
# The first gojieba build takes minutes; the cache mount keeps it across image rebuilds.
# No -trimpath: see the note on gojieba's dictionaries below.
RUN --mount=type=cache,target=/root/.cache/go-build \
    go build -o /out/crawler ./cmd/crawler && \
    go build -o /out/search ./cmd/search

# gojieba's own dictionaries (jieba.dict.utf8, hmm_model.utf8, idf.utf8, stop_words.utf8)
# are not embedded in the binary: gojieba finds them at run time at the absolute path of its
# module directory *as it was on the build machine* (it takes its source file's path from
# runtime.Caller, which is why the build must not use -trimpath). The zh package has no flag
# to point elsewhere, so we recreate that same path in the runtime image: copy the directory
# into /stage under its full path here, and /stage/ onto / below. No version is hard-coded.
RUN dict="$(go list -m -f '{{.Dir}}' github.com/yanyiwu/gojieba)/deps/cppjieba/dict" && \
    test -f "$dict/jieba.dict.utf8" && \
    mkdir -p "/stage$(dirname "$dict")" && \
    cp -r "$dict" "/stage$dict"

# ---- runtime -----------------------------------------------------------------------------
FROM debian:bookworm-slim
# ca-certificates: HTTPS sites. tzdata: CRON_TZ=Asia/Shanghai schedules. libstdc++6: gojieba.
RUN apt-get update && \
    apt-get install -y --no-install-recommends ca-certificates tzdata libstdc++6 && \
    rm -rf /var/lib/apt/lists/*

COPY --from=build /stage/ /
COPY --from=build /out/crawler /out/search /usr/local/bin/
# Our jieba user dictionary (domain terms). The commands read ./dictionaries by default, and
# the working directory below makes that this copy.
COPY dictionaries/ /usr/share/zhwatch/dictionaries/

# The config is mounted as a single file at /etc/zhwatch/zhwatch.yaml, and a relative
# data_dir is resolved against the config's folder; the link makes the default
# `data_dir: data` land in the /data volume. An absolute data_dir should be /data.
RUN useradd --system --uid 10001 --no-create-home --home-dir /data zhwatch && \
    mkdir -p /data /etc/zhwatch && chown zhwatch:zhwatch /data && \
    ln -s /data /etc/zhwatch/data

WORKDIR /usr/share/zhwatch
USER zhwatch
VOLUME ["/data"]
EXPOSE 8080
CMD ["search", "--help"]
