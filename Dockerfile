# Build a static binary, then ship it alone on a minimal base.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.buildVersion=${VERSION}" -o /out/vaconsult ./cmd/vaconsult

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/vaconsult /usr/local/bin/vaconsult
ENV LISTEN_ADDR=0.0.0.0:8080
EXPOSE 8080
USER nonroot:nonroot
# No shell or curl in the image: the binary asks its own /readyz.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["/usr/local/bin/vaconsult", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/vaconsult"]
CMD ["serve"]
