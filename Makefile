# Two commands on a fresh machine: `make run` (install, index if needed, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

# llama.cpp (llama-cpp-python) compiles on install. Built natively it uses whatever the build machine has (AMX,
# AVX-512) and crashed on the first completion on CPUs with AMX (issue 11). So it is built once, portably for any
# x86-64 CPU with AVX2 (no native tuning, no AVX-512, no AMX), into a wheel cache keyed by version and flags,
# and installed from there. Only `make test` needs it (the LLM integration test); `make run` does not.
LLAMA_VERSION := 0.3.36
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_CPU_ALL_VARIANTS=OFF -DGGML_BACKEND_DL=OFF \
  -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DGGML_AVX_VNNI=OFF \
  -DGGML_AVX512=OFF -DGGML_AVX512_VBMI=OFF -DGGML_AVX512_VNNI=OFF -DGGML_AVX512_BF16=OFF \
  -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DGGML_OPENMP=ON \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF
WHEEL_CACHE ?= $(HOME)/.cache/social-media-assistant/wheels
LLAMA_TAG := $(shell printf '%s' '$(LLAMA_VERSION) $(LLAMA_CMAKE_ARGS)' | sha256sum | cut -c1-12)
LLAMA_DIR := $(WHEEL_CACHE)/llama-cpp-python-$(LLAMA_VERSION)-portable-$(LLAMA_TAG)
LLAMA_WHEEL_STAMP := $(LLAMA_DIR)/.built
# axe-core for the accessibility test (tests/test_a11y.py), pinned in tests/a11y/package-lock.json.
AXE := tests/a11y/node_modules/axe-core/axe.min.js

.PHONY: install install-dev llama-wheel run index test eval eval-splits eval-dev bench clean

install: $(RUN_STAMP)
install-dev: $(DEV_STAMP) $(AXE)

# Packages are installed with uv (pinned below), which fetches and installs in parallel: a fresh clone's `make run`
# spends ~25 s installing against ~115 s with pip, with the same resolution. uv does not read pip's configuration, so
# pip's find-links (where this machine keeps the CPU torch wheel) are handed over; torch is pinned in pyproject.toml
# (an unpinned torch pulls a CUDA build of several GB).
# uv leaves the installed packages uncompiled, and where PYTHONDONTWRITEBYTECODE=1 is set (this machine and CI) no
# Python process ever writes their bytecode: every process that imports torch, transformers and scikit-learn
# compiled them again, 15-20 s each (the tests and evals start dozens). --compile-bytecode compiles the whole
# site-packages once at install (about 2 minutes here).
UV_VERSION := 0.13.8
FIND_LINKS ?= $(or $(PIP_FIND_LINKS),$(shell $(PYTHON) -m pip config get global.find-links 2>/dev/null))
UV_INSTALL = $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python \
  $(foreach dir,$(FIND_LINKS),--find-links $(dir))

$(VENV)/.venv-made: Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	touch $@

$(RUN_STAMP): pyproject.toml $(VENV)/.venv-made
	$(UV_INSTALL) -e .
	touch $@

# The portable llama.cpp wheel; `make llama-wheel` builds it alone (about 10 CPU-minutes, once per machine).
llama-wheel: $(LLAMA_WHEEL_STAMP)

$(LLAMA_WHEEL_STAMP):
	mkdir -p $(LLAMA_DIR)
	@echo "Building llama-cpp-python $(LLAMA_VERSION) portably (once; cached in $(LLAMA_DIR)) ..."
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" FORCE_CMAKE=1 CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) \
	  $(PYTHON) -m pip wheel --quiet --no-deps --no-cache-dir --no-binary llama-cpp-python \
	  -w $(LLAMA_DIR) llama-cpp-python==$(LLAMA_VERSION)
	touch $@

$(DEV_STAMP): pyproject.toml Makefile $(RUN_STAMP) $(LLAMA_WHEEL_STAMP)
	# The cached portable wheel replaces any llama-cpp-python built natively before.
	$(UV_INSTALL) --no-deps --reinstall $(LLAMA_DIR)/llama_cpp_python-*.whl
	$(UV_INSTALL) --find-links $(LLAMA_DIR) -e '.[dev]'
	touch $@

# Without npm the accessibility test fails and says to install it; the rest of `make test` still runs.
$(AXE): tests/a11y/package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/a11y --no-audit --no-fund && touch $@; \
	else echo "npm is missing: install it (Debian: apt-get install npm) for the accessibility test" >&2; fi

index: install
	$(BIN)/assistant index

run: install
	$(BIN)/assistant serve

# On both cores (pytest-xdist): the suite waits on servers and browsers much of the time, and took 19 minutes
# serially against 14 on two workers. A module's tests stay on one worker, in order (`--dist loadfile`: its
# fixtures are built once, and a few tests go on from the state the one before left). `pytest tests/test_x.py`
# alone still runs in one process.
test: install-dev
	$(BIN)/python -m pytest -n 2 --dist loadfile

# Every eval run starts from the same index of knowledge/: the first one builds it and keeps a copy, the others
# (each still in a data dir of its own, own-documents runs adding their uploads to it) start from that copy
# (evals/indexcache.py; keyed by the knowledge, prompts, settings, code and packages).
INDEX_CACHE := --index-cache evals/out/index-cache

# The answer-quality gate: golden set through the default answerer; exit 1 when a floor or critical case fails.
eval: install
	$(BIN)/assistant cards check
	$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/golden.jsonl --out evals/out --baseline evals/baseline.json
	$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_dev.jsonl --documents evals/own_docs/dev/docs --out evals/out/own-dev --thresholds evals/own-docs.toml --history evals/out/history.sqlite

# The fresh splits, reported side by side and never gated: `dev_fresh` is tuned on, `test` is frozen (its sha256 is
# pinned) and only measured. A gain on dev that does not show on test is not a gain.
# The built-in splits are answered by one process (one assistant, loaded once; each split its own out dir and
# reports), after every frozen split's sha256 is checked. `--no-cases`: a frozen split's failed cases are counted,
# not printed (CI's log is read; a case read is a case seen); its reports still hold them.
eval-splits: install
	cd evals/datasets && sha256sum --check --quiet test.jsonl.sha256
	cd evals/datasets && sha256sum --check --quiet test2.jsonl.sha256
	cd evals/datasets && sha256sum --check --quiet test3.jsonl.sha256
	cd evals/datasets && sha256sum --check --quiet test4.jsonl.sha256
	cd evals/datasets && sha256sum --check --quiet test5.jsonl.sha256
	-$(BIN)/python -m evals run $(INDEX_CACHE) --thresholds evals/report-only.toml --history evals/out/history.sqlite --no-cases \
	  --dataset evals/datasets/dev_fresh.jsonl --out evals/out/dev \
	  --dataset evals/datasets/test.jsonl --out evals/out/test \
	  --dataset evals/datasets/test2.jsonl --out evals/out/test2 \
	  --dataset evals/datasets/test3.jsonl --out evals/out/test3 \
	  --dataset evals/datasets/test4.jsonl --out evals/out/test4 \
	  --dataset evals/datasets/test5.jsonl --out evals/out/test5
	$(BIN)/python -m evals compare evals/out/dev/results.json evals/out/test/results.json
	cd evals/datasets && sha256sum --check --quiet own_docs_test.jsonl.sha256
	cd evals/own_docs/test && sha256sum --check --quiet docs.sha256
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_test.jsonl --documents evals/own_docs/test/docs --out evals/out/own-test --thresholds evals/report-only.toml --history evals/out/history.sqlite --no-cases
	-$(BIN)/python -m evals compare evals/out/own-dev/results.json evals/out/own-test/results.json
	cd evals/datasets && sha256sum --check --quiet own_docs_test2.jsonl.sha256
	cd evals/own_docs/test2 && sha256sum --check --quiet docs.sha256
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_test2.jsonl --documents evals/own_docs/test2/docs --out evals/out/own-test2 --thresholds evals/report-only.toml --history evals/out/history.sqlite --no-cases
	cd evals/datasets && sha256sum --check --quiet own_docs_test3.jsonl.sha256
	cd evals/own_docs/test3 && sha256sum --check --quiet docs.sha256
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_test3.jsonl --documents evals/own_docs/test3/docs --out evals/out/own-test3 --thresholds evals/report-only.toml --history evals/out/history.sqlite --no-cases
	cd evals/datasets && sha256sum --check --quiet own_docs_test4.jsonl.sha256
	cd evals/own_docs/test4 && sha256sum --check --quiet docs.sha256
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_test4.jsonl --documents evals/own_docs/test4/docs --out evals/out/own-test4 --thresholds evals/report-only.toml --history evals/out/history.sqlite --no-cases
	cd evals/datasets && sha256sum --check --quiet own_docs_test5.jsonl.sha256
	cd evals/own_docs/test5 && sha256sum --check --quiet docs.sha256
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_test5.jsonl --documents evals/own_docs/test5/docs --out evals/out/own-test5 --thresholds evals/report-only.toml --history evals/out/history.sqlite --no-cases
	cd evals/datasets && sha256sum --check --quiet own_docs_test6.jsonl.sha256
	cd evals/own_docs/test6 && sha256sum --check --quiet docs.sha256
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_test6.jsonl --documents evals/own_docs/test6/docs --out evals/out/own-test6 --thresholds evals/report-only.toml --history evals/out/history.sqlite --no-cases
	cd evals/datasets && sha256sum --check --quiet own_docs_test7.jsonl.sha256
	cd evals/own_docs/test7 && sha256sum --check --quiet docs.sha256
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_test7.jsonl --documents evals/own_docs/test7/docs --out evals/out/own-test7 --thresholds evals/report-only.toml --history evals/out/history.sqlite --no-cases
	cd evals/datasets && sha256sum --check --quiet own_docs_test8.jsonl.sha256
	cd evals/own_docs/test8 && sha256sum --check --quiet docs.sha256
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_test8.jsonl --documents evals/own_docs/test8/docs --out evals/out/own-test8 --thresholds evals/report-only.toml --history evals/out/history.sqlite --no-cases

# The routing dev sets (tuned on, not run in CI): messages that mix a question for a person with one for the
# knowledge, near misses, and answerable messages that sound like referrals (over-referral).
eval-dev: install
	-$(BIN)/python -m evals run $(INDEX_CACHE) --thresholds evals/report-only.toml --history evals/out/history.sqlite \
	  --dataset evals/datasets/dev_mixed.jsonl --out evals/out/dev-mixed \
	  --dataset evals/datasets/dev_answerable.jsonl --out evals/out/dev-answerable \
	  --dataset evals/datasets/dev6.jsonl --out evals/out/dev6
	# The built-in questions again with the chamber's own (dev) documents in the index, as a chamber runs it: its
	# sections must not answer a legal question, an amount to spend or a question for a card.
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/dev_fresh.jsonl --documents evals/own_docs/dev/docs --out evals/out/dev-with-uploads --thresholds evals/report-only.toml --history evals/out/history.sqlite
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_dev2.jsonl --documents evals/own_docs/dev2/docs --out evals/out/own-dev2 --thresholds evals/report-only.toml --history evals/out/history.sqlite
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_dev3.jsonl --documents evals/own_docs/dev3/docs --out evals/out/own-dev3 --thresholds evals/report-only.toml --history evals/out/history.sqlite
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_dev4.jsonl --documents evals/own_docs/dev4/docs --out evals/out/own-dev4 --thresholds evals/report-only.toml --history evals/out/history.sqlite
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_dev5.jsonl --documents evals/own_docs/dev5/docs --out evals/out/own-dev5 --thresholds evals/report-only.toml --history evals/out/history.sqlite
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_dev6.jsonl --documents evals/own_docs/dev6/docs --out evals/out/own-dev6 --thresholds evals/report-only.toml --history evals/out/history.sqlite
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_dev7.jsonl --documents evals/own_docs/dev7/docs --out evals/out/own-dev7 --thresholds evals/report-only.toml --history evals/out/history.sqlite
	-$(BIN)/python -m evals run $(INDEX_CACHE) --dataset evals/datasets/own_docs_dev8.jsonl --documents evals/own_docs/dev8/docs --out evals/out/own-dev8 --thresholds evals/report-only.toml --history evals/out/history.sqlite

# Performance: latency per stage, HTTP load, indexing, scale to 100k chunks, and the plain LangChain pipeline side
# by side; results in bench/out/. `make bench BENCH_ARGS=--quick` is the <2 min check that fails on a missed target.
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf data .pytest_cache
