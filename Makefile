# gaizao — the two commands of the README, and helpers.
SHELL := /bin/bash
APT_PACKAGES := libcsv-dev libxlsxwriter-dev libsqlite3-dev libexpat1-dev libfreexl-dev libxml2-dev python3-xlwt pkg-config
# The tests also write workbooks with openpyxl and have LibreOffice save and convert them.
TEST_APT_PACKAGES := python3-openpyxl libreoffice-calc libreoffice-writer fonts-noto-cjk
PERIOD ?= 2023-06
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps build samples render bench fuzz fuzz-pipeline sanitize clean rollup

## First command: install what is missing, build (release), run the Tongxiang sample, print the workbook.
run: deps build
	@for m in 2022-12 2023-01 2023-02 2023-03 2023-04 2023-05; do \
	  .build/release/gaizao run --quiet --pipeline pipelines/tongxiang.yaml --period $$m >/dev/null || [ $$? = 3 ]; done
	@.build/release/gaizao run --pipeline pipelines/tongxiang.yaml --period $(PERIOD); rc=$$?; \
	  echo "exit $$rc (0 = all clean, 3 = report written with rejected rows or missing units)"; [ $$rc = 0 ] || [ $$rc = 3 ]

## 多级上报: 桐乡市 and 海宁市 run their samples, and 嘉兴市 adds up their 上报表 with five hand-filled ones.
rollup: deps build
	@tools/rollup.sh

## Second command: the whole test suite.
test: deps
	@$(MAKE) --no-print-directory deps APT_PACKAGES="$(TEST_APT_PACKAGES)"
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

## Render every shipped pipeline's latest sample workbook, every page, to .build-render/<pipeline>/ (LibreOffice,
## pdftoppm); Tongxiang's 首页 and 总体进展 and Anhui's 首页 go to docs/ for the README.
render: run
	tools/render.sh

## Benchmark against the pandas peer at 100,000 and 1,000,000 rows; writes BENCHMARKS.md.
bench: deps build
	tools/bench.sh

## Fuzz the ingest path with libFuzzer for SECONDS (default 60), seeded with the defective-file fixtures.
## Crashes land in .build-fuzz/crash-*; add each to Tests/GaizaoCoreTests/Fixtures/fuzz/ as a regression.
SECONDS ?= 60
fuzz: deps
	swift build --product gaizao-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING
	mkdir -p .build-fuzz/corpus
	cp Tests/GaizaoCoreTests/Fixtures/defective/*.csv Tests/GaizaoCoreTests/Fixtures/fuzz/* .build-fuzz/corpus/ 2>/dev/null || true
	SWIFT_BACKTRACE=enable=no .build-fuzz/debug/gaizao-fuzz .build-fuzz/corpus -max_total_time=$(SECONDS) -timeout=10 -rss_limit_mb=2048 \
	  -max_len=262144 -artifact_prefix=.build-fuzz/ -print_final_stats=1
	@echo "corpus: $$(ls .build-fuzz/corpus | wc -l) inputs"

## Mutate the shipped pipeline TRIALS times per seed (five seeds): each mutant must fail lint (exit 2) or run the
## sample month with exit 0 or 3 — never 1, never a crash.
TRIALS ?= 200
fuzz-pipeline: deps
	swift build
	GAIZAO_PIPELINE_TRIALS=$(TRIALS) swift test --filter mutatedPipelinesLintOrRun

## The test suite under AddressSanitizer and UndefinedBehaviorSanitizer (separate build folders). swiftc has no
## -sanitize=undefined on Linux (Swift traps overflow and bounds itself), so UBSan instruments the package's C code.
UBSAN := -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined -Xswiftc -Xclang-linker -Xswiftc -fsanitize=undefined
sanitize: deps
	swift build --scratch-path .build-asan --sanitize=address
	LSAN_OPTIONS=suppressions=$(CURDIR)/tools/lsan.supp swift test --scratch-path .build-asan --sanitize=address
	swift build --scratch-path .build-ubsan $(UBSAN)
	swift test --scratch-path .build-ubsan $(UBSAN)

clean:
	rm -rf .build outputs
