# claimset: two commands for a newcomer, each doing its own set-up.
#   make demo   - environment, install, sample article -> local Label Studio project
#   make test   - environment, install, lint, type-check, the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.claimset-installed
WORKDIR ?= demo-work
PORT   ?= 8080

.PHONY: install demo dataset test lint typecheck unit browser-deps postgres-deps dist bench clean help

help:
	@echo "make demo      extract the sample article and open it in a local Label Studio"
	@echo "make dataset   pull the annotations made so far and export a Hugging Face dataset"
	@echo "make test      lint, type-check and run the whole test suite"
	@echo "make bench     run the benchmarks (needs ../shared/corpora or CORPUS=...)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[studio,dev,ray]"
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/claimset demo --workdir $(WORKDIR) --port $(PORT)

dataset: $(STAMP)
	$(BIN)/claimset dataset --workdir $(WORKDIR) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest

# The browser test needs Debian's chromium: installed first, so it runs instead of skipping.
test: browser-deps postgres-deps lint typecheck unit

# Debian's chromium for the browser test (Playwright drives it; never `playwright install`).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser test (apt-get)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq chromium; \
	  else echo "make test needs chromium: install Debian's 'chromium' package (apt-get install chromium)" >&2; exit 1; fi; }

# Debian's PostgreSQL server binaries for the team test (it starts its own throwaway cluster).
postgres-deps:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
	  echo "installing Debian's postgresql for the PostgreSQL test (apt-get)"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql; \
	  elif command -v sudo >/dev/null 2>&1; then sudo apt-get update -qq && sudo apt-get install -y -qq postgresql; \
	  else echo "make test needs PostgreSQL: install Debian's 'postgresql' package" >&2; exit 1; fi; }

# The sdist and wheel users install, with their metadata checked (tests/test_wheel.py installs it).
dist: $(STAMP)
	rm -rf dist
	$(BIN)/python -m build --outdir dist .
	$(BIN)/twine check --strict dist/*

CORPUS ?= ../shared/corpora/bbc-news
bench: $(STAMP)
	$(BIN)/python benchmarks/extract.py --corpus $(CORPUS)
	$(BIN)/python benchmarks/labelstudio.py
	$(BIN)/python benchmarks/export.py
	$(BIN)/python benchmarks/check.py

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache

# Train the syntax model (~90 min on a shared 2-core box, niced, never in CI) and install it into
# claims/models/syntax: make parser UD=../shared/devsets/ud-english
UD ?= ../shared/devsets/ud-english
.PHONY: parser
parser: $(STAMP)
	$(BIN)/python training/parser/train_parser.py all --ud $(UD)
	$(BIN)/python training/parser/evaluate.py
