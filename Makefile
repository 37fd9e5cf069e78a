# ungcuu - the two commands a newcomer types, and the rest.
#
#   make run     install what is missing, build, create ./var/ungcuu.db with
#                the sample unit tree (first time only), serve on :8080
#   make check   install what is missing, build, run every test
#   make bench   the benchmarks (bench/README.md)
#   make fuzz    run every fuzzer for FUZZ_SECONDS over its corpus

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
DB         ?= sqlite:./var/ungcuu.db
LISTEN     ?= 127.0.0.1:8080
FUZZ_SECONDS ?= 60
MESON_SETUP = meson setup --wipe

.PHONY: all deps build run check check-unit check-api check-asan lint \
	bench fuzz clean

all: build

deps:
	@./scripts/install-deps

$(BUILD)/build.ninja:
	meson setup $(BUILD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

run: build
	@mkdir -p var
	@if [ ! -f var/ungcuu.db ] && [ "$(DB)" = "sqlite:./var/ungcuu.db" ]; \
	then ./$(BUILD)/ungcuu init --db $(DB) --sample; fi
	./$(BUILD)/ungcuu serve --db $(DB) --listen $(LISTEN) --data-dir ./var

lint:
	./scripts/checksrc

check-unit: build
	meson test -C $(BUILD) --print-errorlogs --suite unit --suite fuzz

check-api: build
	UNGCUU_BIN=$(BUILD)/ungcuu ./tests/api/run.sh

# The web application in Debian's Chromium (tests/e2e/run.sh).
check-e2e: build
	UNGCUU_BIN=$(BUILD)/ungcuu ./tests/e2e/run.sh

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined \
		-Db_lundef=false -Dbuildtype=debug

# The sanitizer build runs the unit tests, the fuzz corpora and the API
# tests (SQLite and PostgreSQL) with ASan and UBSan; any report fails the run.
check-asan: deps $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		meson test -C $(ASAN_BUILD) --print-errorlogs --suite unit \
		--suite fuzz
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	UNGCUU_BIN=$(ASAN_BUILD)/ungcuu \
		./tests/api/run.sh

check: build lint check-unit check-api check-e2e check-asan
	@echo "make check: all tests passed"

bench: build
	./bench/api/run.sh
	./bench/incidents/run.sh
	./bench/documents/run.sh

$(FUZZ_BUILD)/build.ninja:
	CC=clang meson setup $(FUZZ_BUILD) -Dfuzz=true -Dbuildtype=debug

# New inputs go to the build tree, never into the committed corpora.
fuzz: deps $(FUZZ_BUILD)/build.ninja
	ninja -C $(FUZZ_BUILD)
	@for f in $(FUZZ_BUILD)/tests/*_fuzzer; do \
		n=$$(basename $$f _fuzzer); mkdir -p $(FUZZ_BUILD)/corpus/$$n; \
		echo "== $$n ($(FUZZ_SECONDS) s)"; \
		$$f -max_total_time=$(FUZZ_SECONDS) -dict=tests/fuzz/$$n.dict \
			-artifact_prefix=$(FUZZ_BUILD)/ \
			$(FUZZ_BUILD)/corpus/$$n tests/fuzz/corpus/$$n || exit 1; \
	done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
