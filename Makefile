# Latent Explorer. `make run` installs what is missing and opens the demo;
# `make test` is the whole check suite, exactly what CI runs (.ci/run).

STATICCHECK_VERSION := v0.8.2
FYNE_TOOLS_VERSION  := v1.7.4
GOBIN_DIR           := $(shell go env GOPATH)/bin
NONGUI_PKGS = $(shell go list ./model/... ./viz/... ./assets/...)

.PHONY: run deps build test fmt vet staticcheck unit cli-test screenshot-test package fuzz bench

run: deps build
	./latent

deps:
	bash tools/install-deps.sh

build:
	go build -o latent .

test: deps fmt vet staticcheck unit build cli-test screenshot-test

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	go vet -tags ci ./...

staticcheck:
	@test -x $(GOBIN_DIR)/staticcheck && $(GOBIN_DIR)/staticcheck -version | grep -q '($(patsubst v%,%,$(STATICCHECK_VERSION)))' || \
		go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	$(GOBIN_DIR)/staticcheck -tags ci ./...

# Unit tests, all with the race detector: the numeric packages, and the GUI
# and the command line with Fyne's headless test driver (-tags ci).
# tools/repeat-gui-tests.sh (not CI) runs the GUI tests 50 times in a row.
unit:
	go test -race -tags ci $(NONGUI_PKGS)
	go test -race -timeout 30m -tags ci ./app/... ./cmd/...

# The real binary's exit status and one-line errors on bad input, and on
# the hostile corpus (tools/hostile) within time and memory limits.
cli-test: build
	bash tools/cli-test.sh
	bash tools/hostile-test.sh

# Launches the real binary under Xvfb and checks the screenshot.
screenshot-test: build
	bash tools/screenshot-test.sh

package:
	go run fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION) package -os linux -release

FUZZTIME ?= 2m
fuzz:
	for t in $$(go test -list '^Fuzz' ./model/ | grep ^Fuzz); do go test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) ./model/ || exit 1; done
	go test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZTIME) ./model/onnx/
	go test -run '^$$' -fuzz '^FuzzReadSession$$' -fuzztime $(FUZZTIME) ./app/session/

bench:
	go test -run '^$$' -bench . -benchmem ./model/... ./viz/... ./app/...
