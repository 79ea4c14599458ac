# vaconsult: the two commands a newcomer needs are `make run` and `make test`.

GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: run test lint fuzz build vet bench clean

## run: serve the consultation at http://127.0.0.1:8080 (DATABASE_URL optional)
run:
	$(GO) run ./cmd/vaconsult serve

## test: the linters, then every test, on TEST_DATABASE_URL, 127.0.0.1:5432, or an embedded PostgreSQL; then the fuzz targets briefly
test: lint
	$(GO) run ./cmd/testdb -- $(GO) test -count=1 -timeout 30m ./...
	$(MAKE) fuzz

# Every parser and binder that reads what people send, as package:target.
FUZZ_TARGETS = ./internal/edge:FuzzCheck ./api:FuzzBindJSON ./web/form:FuzzForms ./web/form:FuzzReviewFilter ./xlsform:FuzzRead \
	./questionset:FuzzParse ./invitation:FuzzRead ./export:FuzzNeutralise ./export:FuzzCellText
FUZZTIME ?= 3s

## fuzz: each fuzz target for FUZZTIME (3s), from its corpus in testdata/fuzz; a failing input is saved there
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; echo "fuzz $$pkg $$fn for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) -parallel 2 $$pkg || exit 1; \
	done

## build: the binary in bin/
build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w -X main.buildVersion=$(VERSION)" -o bin/vaconsult ./cmd/vaconsult

vet:
	$(GO) vet ./...
	test -z "$$(gofmt -l .)"

## lint: gofmt, go vet, staticcheck and errorlint (errors matched with errors.Is and errors.As), all tools of go.mod
lint:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) tool go-errorlint ./...

## bench: the HTTP save load test beside pgbench (see README, Performance)
bench:
	bash bench/run.sh

clean:
	rm -rf bin screenshots
