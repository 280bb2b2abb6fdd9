# Aduan: the two commands of the README, and the steps they are made of. Thin on purpose:
# tools/setup.sh installs, CMake builds, tools/run-tests.sh runs the test groups.
PORT     ?= 8080
DATA_DIR ?= $(CURDIR)/data
JOBS     ?= $(shell nproc)
SMS_NUMBER ?=
export NODE_PATH := /usr/share/nodejs

PREFIX   ?= /usr/local

FUZZ_SECONDS ?= 60

.PHONY: run test setup build native web sanitize lint bench fuzz install clean
.DEFAULT_GOAL := run

setup:
	@bash tools/setup.sh

native: setup
	@cmake --preset native -DADUAN_WERROR=$(if $(CI),ON,OFF) >/dev/null
	@cmake --build --preset native -j $(JOBS)

web: setup
	@cmake --preset web -DADUAN_WERROR=$(if $(CI),ON,OFF) -DADUAN_SMS_NUMBER=$(SMS_NUMBER) >/dev/null
	@cmake --build --preset web -j $(JOBS)

# clang-14 with ASan + UBSan: the core's and the server's tests, and the fuzz targets.
sanitize: setup
	@cmake --preset sanitize -DADUAN_WERROR=$(if $(CI),ON,OFF) >/dev/null
	@cmake --build --preset sanitize -j $(JOBS)

build: native web

# `make run` builds only what it serves (the server and the portal), not the test programs.
run: setup
	@cmake --preset native -DADUAN_WERROR=$(if $(CI),ON,OFF) >/dev/null
	@cmake --build --preset native -j $(JOBS) --target aduan-server
	@cmake --preset web -DADUAN_WERROR=$(if $(CI),ON,OFF) -DADUAN_SMS_NUMBER=$(SMS_NUMBER) >/dev/null
	@cmake --build --preset web -j $(JOBS) --target aduan_dist
	@mkdir -p "$(DATA_DIR)"
	exec build/native/shell/server/aduan-server --port $(PORT) --data-dir "$(DATA_DIR)" \
	  --web-root build/web/dist

lint: native
	@bash tools/lint.sh

# run-tests.sh builds and tests in lanes beside each other (see its header); it needs the three
# presets configured.
test: setup
	@cmake --preset native -DADUAN_WERROR=$(if $(CI),ON,OFF) >/dev/null
	@cmake --preset web -DADUAN_WERROR=$(if $(CI),ON,OFF) -DADUAN_SMS_NUMBER=$(SMS_NUMBER) >/dev/null
	@cmake --preset sanitize -DADUAN_WERROR=$(if $(CI),ON,OFF) >/dev/null
	@bash tools/run-tests.sh

# Each fuzz target for FUZZ_SECONDS (make fuzz FUZZ_SECONDS=3600 for an hour each); findings
# are kept in build/fuzz/ (tools/fuzz.sh).
fuzz: sanitize
	@bash tools/fuzz.sh $(FUZZ_SECONDS)

# Benchmarks report numbers; they are not tests and are not run by `make test`.
# The PostgreSQL figures come from a throw-away cluster with fsync on (with_postgres.sh --durable).
bench: build
	@cmake --build --preset native -j $(JOBS) --target aduan-bench-server-load \
	  aduan-bench-login-timing aduan-bench-case-index
	tests/core/store_postgres/with_postgres.sh --durable build/native/tests/bench/aduan-bench-server-load
	build/native/tests/bench/aduan-bench-login-timing
	tests/core/store_postgres/with_postgres.sh --durable build/native/tests/bench/aduan-bench-case-index 100000 1000000
	node tests/e2e/bench/time_to_interactive.mjs
	node tests/e2e/bench/tap_to_saved.mjs
	node tests/e2e/bench/lapor_form.mjs
	node tests/e2e/bench/lite_mode.mjs

# The layout deploy/systemd/aduan-server.service expects: PREFIX/bin/aduan-server and the
# portal in PREFIX/share/aduan/dist (README, Deploying for real).
install: build
	cmake --install build/native --prefix "$(PREFIX)"
	cmake --install build/web --prefix "$(PREFIX)"

clean:
	rm -rf build
