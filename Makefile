# chitieu: the few commands people need. Every target sets up what it uses (idempotent).
#   make demo   set up and run examples/quickstart.py on the bundled demo data
#   make test   set up, then cargo fmt/clippy/test and pytest (what CI runs)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Keep the (slow to build) polars artefacts out of the clone so fresh clones and CI reuse them.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/chitieu/target
# Same interpreter and extension-module setting for cargo and maturin, so neither invalidates
# the other's pyo3 build (which would rebuild the polars crates that depend on it).
export PYO3_PYTHON := $(abspath $(PY))
export PYO3_BUILD_EXTENSION_MODULE := 1

RUST_SOURCES := $(shell find crates -type f \( -name '*.rs' -o -name '*.toml' \)) Cargo.toml $(wildcard Cargo.lock)
EXT_STAMP := $(VENV)/.chitieu-ext
DEPS_STAMP := $(VENV)/.deps

.PHONY: help setup develop demo notebook test test-rust test-python lint fmt clean bench fuzz-smoke \
	wheel-check package-check

help:
	@echo "make demo   - set up (venv, deps, build) and run the quickstart on demo data"
	@echo "make test   - set up, then fmt/clippy/cargo test/ruff/pytest"
	@echo "make notebook - set up, install JupyterLab, open the quickstart notebook"
	@echo "make fmt    - format Rust and Python sources"
	@echo "make bench  - benchmarks (ratios against baselines measured in the same run)"
	@echo "make fuzz-smoke - every fuzz target for FUZZ_SECONDS (60) each, on the stable toolchain"
	@echo "make wheel-check - build the wheel, install it in a clean venv, run the quickstart there"
	@echo "make package-check - cargo package the core crate (its TOML data inside) and cargo doc"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(DEPS_STAMP): requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

$(EXT_STAMP): $(DEPS_STAMP) $(RUST_SOURCES) pyproject.toml
	$(VENV)/bin/maturin develop --release --quiet
	$(PY) -c "import chitieu, sys; sys.exit(0)"
	touch $@

setup: $(EXT_STAMP)
develop: setup

demo: setup
	$(PY) examples/quickstart.py

# Interactive: JupyterLab is installed on first use only (the tests run the notebooks without it).
notebook: setup
	$(PY) -m pip install --quiet --disable-pip-version-check "jupyterlab>=4,<5"
	cd examples/notebooks && ../../$(VENV)/bin/jupyter lab 01_quickstart.ipynb

lint: $(DEPS_STAMP)
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --all-features -- -D warnings
	# The core as Rust tools embed it: no polars, no workbook writer.
	cargo clippy -p chitieu --all-targets --no-default-features -- -D warnings
	$(VENV)/bin/ruff check python tests examples benches scripts
	$(VENV)/bin/ruff format --check python tests examples benches scripts
	$(VENV)/bin/mypy python/chitieu

# The binding crate has no Rust tests (tests/ exercises it from Python) and cannot link a test
# binary without libpython, so it is left out here; it is built by maturin and linted above.
test-rust: $(DEPS_STAMP)
	cargo test --release --workspace --exclude chitieu-py --all-features

test-python: setup
	$(PY) -m pytest

test: lint test-rust test-python

# The package as users install it: the abi3 wheel built by maturin (the build backend of
# `pip install .`), installed into a clean venv with its `charts` extra, running the quickstart
# from a folder outside the clone, so that only the installed package can be imported.
WHEEL_VENV := $(or $(TMPDIR),/tmp)/chitieu-wheel-venv
wheel-check: $(DEPS_STAMP)
	rm -rf dist
	$(VENV)/bin/maturin build --release --quiet --out dist
	rm -rf $(WHEEL_VENV)
	$(PYTHON) -m venv $(WHEEL_VENV)
	$(WHEEL_VENV)/bin/pip install --quiet --disable-pip-version-check "$$(ls dist/chitieu-*.whl)[charts]"
	cd $(WHEEL_VENV) && bin/python -c "import chitieu, sys; assert 'site-packages' in chitieu.__file__, chitieu.__file__; print('chitieu', chitieu.__version__, 'from', chitieu.__file__)"
	cd $(WHEEL_VENV) && bin/python $(abspath examples/quickstart.py) > quickstart.log
	grep -q "Thuyết minh\|thuyết minh" $(WHEEL_VENV)/quickstart.log
	@echo "wheel-check: $$(ls dist/chitieu-*.whl) installs and runs the quickstart in a clean venv"

# The core crate as crates.io would receive it (its catalog, targets and units TOML inside),
# and its documentation without warnings.
package-check: $(DEPS_STAMP)
	cargo package -p chitieu --allow-dirty --quiet
	RUSTDOCFLAGS="-D warnings" cargo doc -p chitieu --all-features --no-deps --quiet

# Not part of `make test`: speed is judged by ratios within one run, never by timed tests.
bench: setup
	$(PY) benches/score_bench.py
	$(PY) benches/partitioned_bench.py
	$(PY) benches/expr_bench.py
	$(PY) benches/composite_bench.py
	cargo bench -p chitieu --bench score

# Coverage-guided fuzzing (libFuzzer) on the stable toolchain: the sanitizer-coverage passes
# `cargo fuzz` asks for are stable rustc flags; only address sanitizing would need nightly.
# New inputs go to a scratch folder; the committed corpora in fuzz/corpus are the seeds.
FUZZ_SECONDS ?= 60
FUZZ_TARGET_DIR := $(dir $(CARGO_TARGET_DIR))fuzz-target
FUZZ_RUSTFLAGS := -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
	-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
	-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks
FUZZ_TARGETS := $(basename $(notdir $(wildcard fuzz/fuzz_targets/*.rs)))
fuzz-smoke:
	cd fuzz && RUSTFLAGS="$(FUZZ_RUSTFLAGS)" cargo build --release --quiet \
		--target x86_64-unknown-linux-gnu --target-dir $(FUZZ_TARGET_DIR)
	for t in $(FUZZ_TARGETS); do \
		scratch=$$(mktemp -d); mkdir $$scratch/new; \
		echo "fuzz $$t: $(FUZZ_SECONDS) s"; \
		status=0; \
		$(FUZZ_TARGET_DIR)/x86_64-unknown-linux-gnu/release/$$t $$scratch/new fuzz/corpus/$$t \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -print_final_stats=1 \
			-artifact_prefix=$$scratch/ > $$scratch/log 2>&1 || status=$$?; \
		grep -E "^stat::number_of_executed_units" $$scratch/log || true; \
		if [ "$$status" -ne 0 ]; then \
			tail -40 $$scratch/log; echo "fuzz $$t found a failure (exit $$status)"; exit 1; \
		fi; \
		rm -rf $$scratch; \
	done

fmt: $(DEPS_STAMP)
	cargo fmt --all
	$(VENV)/bin/ruff format python tests examples benches scripts
	$(VENV)/bin/ruff check --fix python tests examples benches scripts

clean:
	rm -rf $(VENV)
