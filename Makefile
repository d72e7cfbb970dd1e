# gonote: a Jupyter kernel for Go.
#   make demo   set up everything, install the kernel and run the MNIST notebook headless
#   make test   set up everything and run every test

SHELL := /bin/bash
GO ?= go
PREFIX ?= $(CURDIR)/build
BIN := $(PREFIX)/bin/gonote
JUPYTER_DATA := $(PREFIX)/share/jupyter
export JUPYTER_PATH := $(JUPYTER_DATA)
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: all setup build install demo test test-go test-conformance test-notebook \
	test-browser test-docker-script generate clean

all: build

setup:
	bash scripts/setup.sh

build:
	mkdir -p $(PREFIX)/bin
	$(GO) build -o $(BIN) .

install: build
	$(BIN) install --prefix $(PREFIX)

demo: setup install
	bash scripts/demo.sh $(PREFIX)

test: setup install
	$(MAKE) test-go test-conformance test-docker-script test-browser test-notebook

test-go:
	$(GO) vet ./...
	$(GO) test ./...

test-conformance:
	bash tests/conformance/run.sh $(PREFIX)

test-notebook:
	bash tests/notebooks/run.sh $(PREFIX)

test-browser:
	bash tests/browser/run.sh $(PREFIX)

test-docker-script:
	bash tests/docker/run.sh

generate:
	$(GO) generate ./...

clean:
	rm -rf $(PREFIX)
