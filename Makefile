# Two commands on a fresh machine: `make run` (install, index if needed, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run index test eval bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, pinned: the CPU build lies on disk here; an unpinned torch pulls a CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

index: install
	$(BIN)/assistant index

run: install
	$(BIN)/assistant serve

test: install
	$(BIN)/python -m pytest

# The answer-quality gate: golden set through the default answerer; exit 1 when a floor or critical case fails.
eval: install
	$(BIN)/python -m evals run --dataset evals/datasets/golden.jsonl --out evals/out --baseline evals/baseline.json

# Performance: latency per stage, HTTP load, indexing, scale to 100k chunks, and the plain LangChain pipeline side
# by side; results in bench/out/. `make bench BENCH_ARGS=--quick` is the <2 min check that fails on a missed target.
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf data .pytest_cache
