# syntax=docker/dockerfile:1
#
# zhwatch: one image with both commands, `crawler` and `search`. By default it runs
# `search serve` on port 8080 with the config mounted at /etc/zhwatch/zhwatch.yaml and the
# data in the /data volume.
#
#   docker build -t zhwatch:local .
#   docker run --rm -p 127.0.0.1:8080:8080 -v "$PWD/zhwatch.yaml:/etc/zhwatch/zhwatch.yaml:ro" \
#     -v zhwatch-data:/data zhwatch:local
#
# docker-compose.yml runs the crawler and the search server as two services sharing one data
# volume. internal/deploy's TestDockerfileBuildStage copies exactly the build stage's COPY
# paths into an empty folder and runs its `go build` there: keep each COPY on one line.

# ---- build -------------------------------------------------------------------------------
# gojieba is C++ behind cgo, so the build needs CGO and a C++ compiler; the golang bookworm
# image has gcc and g++.
FROM golang:1.26-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=1

COPY go.mod go.sum ./
RUN go mod download

# Only what the commands are built from (keeps ./data and the demo out of this layer).
# dictionaries/ is embedded in the binaries: the catalog, the user dictionary and jieba's own.
COPY *.go ./
COPY cmd/ cmd/
COPY internal/ internal/
COPY dictionaries/ dictionaries/
# The first gojieba build takes minutes; the cache mount keeps it across image rebuilds.
# -trimpath: the binaries need nothing of the build machine at run time.
RUN --mount=type=cache,target=/root/.cache/go-build go build -trimpath -o /out/ ./cmd/crawler ./cmd/search

# ---- runtime -----------------------------------------------------------------------------
FROM debian:bookworm-slim
# ca-certificates: HTTPS sites. libstdc++6: gojieba. (Time zones are built into the binaries.)
RUN apt-get update && \
    apt-get install -y --no-install-recommends ca-certificates libstdc++6 && \
    rm -rf /var/lib/apt/lists/*

COPY --from=build /out/crawler /out/search /usr/local/bin/

# A non-root user owning the data volume. The commands write their built-in dictionaries
# once to $XDG_CACHE_HOME/zhwatch (cppjieba reads files by path): a folder of the
# container, not of the shared volume.
# Paths in the config are relative to its folder: the links make the example's data_dir
# (zhwatch-data) and the default (data), and a dir delivery under either, land in /data.
RUN useradd --system --uid 10001 --no-create-home --home-dir /nonexistent zhwatch && \
    mkdir -p /data /etc/zhwatch && chown zhwatch:zhwatch /data && \
    ln -s /data /etc/zhwatch/data && ln -s /data /etc/zhwatch/zhwatch-data
ENV XDG_CACHE_HOME=/tmp/zhwatch-cache

WORKDIR /data
USER zhwatch
VOLUME ["/data"]
EXPOSE 8080

# --data /data overrides the config's data_dir, so the same config file works in and out of
# the container. The health check asks /healthz with bash alone (the image has no curl).
CMD ["search", "serve", "--config", "/etc/zhwatch/zhwatch.yaml", "--data", "/data", "--addr", "0.0.0.0:8080"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
