# gaizao — the two commands of the README, and helpers.
SHELL := /bin/bash
APT_PACKAGES := libcsv-dev libxlsxwriter-dev libsqlite3-dev pkg-config
PERIOD ?= 2023-06
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps build samples render bench clean

## First command: install what is missing, build (release), run the Tongxiang sample, print the workbook.
run: deps build
	@for m in 2022-12 2023-01 2023-02 2023-03 2023-04 2023-05; do \
	  .build/release/gaizao run --quiet --pipeline pipelines/tongxiang.yaml --period $$m >/dev/null || [ $$? = 3 ]; done
	@.build/release/gaizao run --pipeline pipelines/tongxiang.yaml --period $(PERIOD); rc=$$?; \
	  echo "exit $$rc (0 = all clean, 3 = report written with rejected rows or missing units)"; [ $$rc = 0 ] || [ $$rc = 3 ]

## Second command: the whole test suite.
test: deps
	swift build
	swift test

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

build:
	swift build -c release

## Regenerate the shipped sample inputs and town targets (deterministic).
samples:
	python3 tools/gen_samples.py

## Render the June workbook's 总体进展 and 镇街赛马 pages to docs/*.png (LibreOffice, pdftoppm).
render: run
	tools/render.sh

## Benchmark against the pandas peer at 100,000 and 1,000,000 rows; writes BENCHMARKS.md.
bench: deps build
	tools/bench.sh

clean:
	rm -rf .build outputs
