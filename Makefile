# vaconsult: the two commands a newcomer needs are `make run` and `make test`.

GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: run test build vet bench clean

## run: serve the consultation at http://127.0.0.1:8080 (DATABASE_URL optional)
run:
	$(GO) run ./cmd/vaconsult serve

## test: every test, on TEST_DATABASE_URL, 127.0.0.1:5432, or an embedded PostgreSQL
test:
	$(GO) run ./cmd/testdb -- $(GO) test -count=1 -timeout 30m ./...

## build: the binary in bin/
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w -X main.buildVersion=$(VERSION)" -o bin/vaconsult ./cmd/vaconsult

vet:
	$(GO) vet ./...
	test -z "$$(gofmt -l .)"

## bench: the HTTP save load test beside pgbench (see README, Performance)
bench:
	bash bench/run.sh

clean:
	rm -rf bin screenshots
