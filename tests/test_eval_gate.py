"""The quality gate: scorers run on the public gold sets and must stay at or above the pinned floors.

Floors live in ``eval_baseline.json`` and are only ever raised.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import shared_path

BASELINE = json.loads((Path(__file__).parent / "eval_baseline.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def benchmark() -> Path:
    return shared_path("eval", "article_extraction", "scrapinghub_aeb")


def test_extract_html_floor(benchmark):
    from dateline.evaluate.extract import evaluate_folder

    result = evaluate_folder(benchmark)
    assert result["n"] == 91
    assert result["f1"] >= BASELINE["extract_html"]["f1"], result


def test_extract_pagetext_floor(benchmark):
    from dateline.evaluate.extract import evaluate_folder

    dumps = shared_path("corpus", "scrapinghub_article_extraction", "fulltext_baseline", "html-text.json")
    result = evaluate_folder(benchmark, dumps)
    assert result["n"] == 91
    assert result["f1"] >= BASELINE["extract_pagetext"]["f1"], result


def test_floors_meet_the_targets():
    assert BASELINE["extract_html"]["f1"] >= 0.95
    assert BASELINE["extract_pagetext"]["f1"] >= 0.85


def test_scorer_conventions():
    from dateline.evaluate.extract import page_counts, score

    assert score({"a": "one two three four five"}, {"a": "one two three four five"})["f1"] == 1.0
    assert score({"a": "one two three four five"}, {"a": ""})["f1"] == 0.0
    half = page_counts("a b c d e f g", "a b c d")
    assert half.tp == pytest.approx(1 / 4) and half.fn == pytest.approx(3 / 4) and half.fp == 0
