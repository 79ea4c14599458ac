# Build a static binary, then ship it on a small base with Chromium, which
# prints the copies of submissions to PDF.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.buildVersion=${VERSION}" -o /out/vaconsult ./cmd/vaconsult

# Debian rather than distroless: the copies of submissions are printed to
# PDF by Chromium, with the fonts that write Arabic and Chinese.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends chromium fonts-noto-core fonts-noto-cjk ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 65532 --home-dir /home/nonroot --create-home nonroot
COPY --from=build /out/vaconsult /usr/local/bin/vaconsult
ENV LISTEN_ADDR=0.0.0.0:8080 PDF_CHROMIUM=/usr/bin/chromium
EXPOSE 8080
USER nonroot:nonroot
# No curl in the image: the binary asks its own /readyz.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["/usr/local/bin/vaconsult", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/vaconsult"]
CMD ["serve"]
