# rotation: reproduce and extend the IWM/QQQ rotation study.
#
#   make run     the main job: the study on the data directory, tables and
#                charts, the executed notebooks and their pages, all in out/;
#                no tracked file changes, whatever the data
#   make test    gofmt, go vet, staticcheck and every test, then what was
#                skipped and why
#   make notebooks  (maintainers) regenerate the committed notebooks, on the
#                archive data only
#   make bench   benchmarks (load + study, scan over 500 tickers)
#   make fuzz    a short run of every fuzz test
#   make tools   install the pinned GoNB, goimports and gopls, and GoNB's kernelspec
#   make notebook  open the notebooks in Jupyter with the GoNB kernel
#   make bench-compare  load + study in Go beside the same work in pandas
#   make bench-nbrun    nbrun beside jupyter nbconvert --execute
#   make bench-cache    nbrun -cache: a first run beside an unchanged rerun
#   make stress         100 starts of GoNB and of ipykernel with the other core busy, over ipc and tcp

SHELL := /bin/bash
# Every recipe line stops at its first failure, a pipeline fails when any
# of its commands does (a report that cannot be written fails the run),
# and an unset variable is an error.
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go

# The data directory: $ROTATION_DATA when set, else ../shared/data/prices
# beside the checkout when it exists, else ./data.
ROTATION_DATA ?= $(abspath $(if $(wildcard ../shared/data/prices/IWM.csv),../shared/data/prices,data))
export ROTATION_DATA

# Where `go install` puts binaries: GoNB runs goimports from there, so the
# kernel's PATH must include it.
GOBIN_DIR := $(or $(shell $(GO) env GOBIN),$(shell $(GO) env GOPATH)/bin)
export PATH := $(GOBIN_DIR):$(PATH)

OUT ?= out
BIN := bin/rotation
FUZZTIME ?= 10s

.PHONY: run test bench bench-compare bench-nbrun bench-cache stress fuzz build build-rotation data clean tools notebook notebooks

# Open the notebooks in Jupyter with the GoNB kernel.
notebook: tools
	@command -v jupyter >/dev/null || { echo "Jupyter is needed: apt-get install jupyter-notebook (or pip install jupyterlab), then make notebook"; exit 1; }
	cd notebooks && jupyter notebook

# The tools pinned in go.mod (GoNB, goimports, gopls) and GoNB's kernelspec.
# gonb --install rewrites the kernelspec every time, so it runs only when
# the kernelspec does not already start this gonb.
GONB_SPEC := $(firstword $(wildcard $(addsuffix /kernels/gonb/kernel.json,$(JUPYTER_DATA_DIR) $(HOME)/.local/share/jupyter $(HOME)/Library/Jupyter)))
tools:
	$(GO) install tool
	@if [ -n "$(GONB_SPEC)" ] && grep -qF '"argv":["$(GOBIN_DIR)/gonb",' "$(GONB_SPEC)"; then \
	  echo "GoNB's kernelspec is current ($(GONB_SPEC))"; \
	else \
	  gonb --install --logtostderr 2>&1 | tail -1; \
	fi

build: build-rotation
	$(GO) build -o bin/nbrun ./cmd/nbrun
	$(GO) build -o bin/site ./cmd/site

build-rotation:
	$(GO) build -o $(BIN) ./cmd/rotation

# The tickers the run needs. When the data directory lacks any, they are
# fetched into it (Yahoo, or $$ROTATION_SOURCE; $$ROTATION_YAHOO_URL and the
# like point at mirrors). Offline it stops within a minute and says how else
# to get data.
TICKERS := IWM QQQ SPY XLF XLK XLY
data: build-rotation
	@$(BIN) fetch -if-missing -timeout 15s -retries 2 -data $(ROTATION_DATA) $(TICKERS)

run: tools build data
	@mkdir -p $(OUT)
	$(BIN) reproduce | tee $(OUT)/reproduce.txt
	$(BIN) reproduce -json > $(OUT)/reproduce.json
	$(BIN) study -before 2024-07-11 -plots $(OUT)/plots > $(OUT)/study.txt
	$(BIN) study -before 2024-07-11 -json > $(OUT)/study.json
	$(BIN) study -after 2024-07-11 > $(OUT)/after-2024-07-11.txt
	$(BIN) study -before 2024-07-11 -mirror -plots $(OUT)/plots-mirror > $(OUT)/mirror.txt
	$(BIN) study -before 2024-07-11 -decluster 63 > $(OUT)/declustered.txt
	$(BIN) scan IWM QQQ SPY XLF XLK XLY > $(OUT)/scan.txt
	@echo "wrote $(OUT)/: reproduce, study (text, JSON, charts), after 2024-07-11, mirror, declustered, scan"
	@mkdir -p $(OUT)/notebooks
	bin/nbrun -no-timing -j 2 -cache $(OUT)/.nbrun-cache -o $(OUT)/notebooks -html $(OUT) notebooks/0*.ipynb
	bin/site -o $(OUT)/index.html notebooks/0*.ipynb

# For maintainers: regenerate the committed notebooks in place. Their
# outputs are the archive data's (README, "Notebooks"), recorded in each
# notebook's metadata.nbrun.input_files; with other data this refuses,
# naming the files that differ. When the archive itself has changed on
# purpose: make notebooks NEW_DATA=1.
NEW_DATA ?=
notebooks: tools build
	@$(GO) build -o bin/datacheck ./notebooks/datacheck
	@if ! bin/datacheck notebooks/0*.ipynb; then \
	  if [ -n "$(NEW_DATA)" ]; then \
	    echo "NEW_DATA is set: the committed notebooks are regenerated on the data above, and record it"; \
	  else \
	    echo "make notebooks: not regenerated: the committed outputs are the archive data's, and $(ROTATION_DATA) is other data (make run writes to out/ on any data; NEW_DATA=1 if the archive itself changed)" >&2; \
	    exit 1; \
	  fi; \
	fi
	bin/nbrun -inplace -no-timing -j 2 notebooks/0*.ipynb

test: tools
	@unformatted=$$(gofmt -l analysis cmd internal jupyter notebooks); \
	if [ -n "$$unformatted" ]; then echo "not gofmt-formatted: $$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
	$(GO) test -json ./... | $(GO) run ./internal/testsummary/cmd

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# Side by side, in one run: the Go benchmark (loading both CSV files and the
# whole study) and analysis/testdata/pandas_study.py doing the same work in pandas
# (Debian's python3-pandas for /usr/bin/python3).
bench-compare:
	$(GO) test -run '^$$' -bench 'LoadAndStudy' -count 5 ./analysis | grep Benchmark
	/usr/bin/python3 analysis/testdata/pandas_study.py $(ROTATION_DATA) --repeat 30

# nbrun beside `jupyter nbconvert --execute` (Debian's jupyter-nbconvert) on
# a small GoNB notebook and a 20-cell Python one, whole-process wall time;
# then, on the data directory, the five notebooks (nbrun -j 2 with GoNB's
# fast settings, and with -gonb-fast=false) from a warm Go build cache,
# PROJECT_RUNS rounds; then nbrun's own overhead per cell beyond the
# kernel's time.
PROJECT_RUNS ?= 1
bench-nbrun: tools build
	PROJECT_RUNS=$(PROJECT_RUNS) cmd/nbrun/testdata/nbconvert_compare.sh bin/nbrun 5
	$(GO) test -run '^$$' -bench CellOverhead -benchtime 10x ./jupyter/execute | grep Benchmark

# nbrun -cache: the five notebooks into an empty cache (first-s), then
# again unchanged (ns/op), through package runner; the reruns must write
# the first run's bytes.
bench-cache: tools
	$(GO) test -run '^$$' -bench CachedRerun -benchtime 3x ./notebooks | grep Benchmark

# Dependability of kernel start-up: STRESS_N starts of each real kernel,
# one trivial cell each, with a busy process on the other core; reports
# failures and start-up times (median, p95, slowest), over each transport:
# ipc (Unix socket files, the default for these kernels) and tcp.
STRESS_N ?= 100
stress: tools
	for tr in ipc tcp; do \
	  $(GO) test -count 1 -timeout 60m -run '^TestStress$$' -v ./jupyter/kernel -stress $(STRESS_N) -stress.transport $$tr | grep -E 'starts with|^(---|ok|FAIL)'; \
	done

fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin $(OUT)
