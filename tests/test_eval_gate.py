"""The quality gate: every scorer runs on its public gold set and must stay at or above the pinned floors.

Floors live in ``eval_baseline.json`` (with the command that reproduces each figure) and are only ever raised.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, shared_path

BASELINE = {k: v for k, v in json.loads((Path(__file__).parent / "eval_baseline.json").read_text(encoding="utf-8")).items() if k != "about"}


def _measure(name: str, entry: dict) -> dict:
    # a path is under ../shared unless the entry says it is the repository's own ("in": "repo")
    path = REPO / entry["path"] if entry.get("in") == "repo" else shared_path(*entry["path"].split("/"))
    if name.startswith("seed"):
        from dateline.evaluate.seed import evaluate_gold

        return evaluate_gold(path)
    if name.startswith("extract"):
        from dateline.evaluate.extract import evaluate_folder

        dumps = shared_path(*entry["text_dumps"].split("/")) if "text_dumps" in entry else None
        return evaluate_folder(path, dumps)
    if name.startswith("timex"):
        from dateline.evaluate.timex import evaluate_timex

        return evaluate_timex(path)
    if name.startswith("geo"):
        from dateline.evaluate.geo import evaluate_geo

        return evaluate_geo(path, verbose=False)
    if name.startswith("events"):
        from dateline.evaluate.seed import evaluate_seed

        return evaluate_seed(path)
    if name.startswith("plover"):
        from dateline.evaluate.plover import evaluate_plover

        if entry.get("cv"):
            from dateline.train_types import cross_validate, prepare

            return cross_validate(prepare(path))
        result = evaluate_plover(path, coder=entry.get("coder"))
        assert not result.get("in_sample"), f"{name} scores a classifier on its own training file"
        return result
    if name.startswith("cameo"):
        from dateline.evaluate.cameo import evaluate_cameo

        return evaluate_cameo(path)
    if name.startswith("quotes"):
        from dateline.evaluate.quotes import evaluate_quotes
        from dateline.evaluate.seed import evaluate_seed_quotes

        if path.is_file():
            return evaluate_seed_quotes(path)

        return evaluate_quotes(path)
    if name.startswith("ner"):
        from dateline.evaluate.ner import evaluate_ner

        return evaluate_ner(path)
    raise AssertionError(f"no scorer for {name}")


@pytest.mark.parametrize("name", sorted(BASELINE))
def test_floor(name):
    entry = BASELINE[name]
    result = _measure(name, entry)
    for metric, floor in entry["floors"].items():
        value = result
        for part in metric.split("."):  # "people.found": a figure of one part of a whole-gold score
            value = value[part]
        assert value >= floor, f"{name}: {metric} {value} < floor {floor}"


def test_floors_meet_the_issue_targets():
    assert BASELINE["extract_html"]["floors"]["f1"] >= 0.95
    assert BASELINE["extract_pagetext"]["floors"]["f1"] >= 0.85
    assert BASELINE["timex_timebank"]["floors"]["value_f1"] >= 0.80
    assert BASELINE["geo_gwn"]["floors"]["acc161"] >= 0.85
    assert BASELINE["geo_trnews"]["floors"]["acc161"] >= 0.85
    assert BASELINE["plover_plv_cv"]["floors"]["macro_f1"] >= 0.75


def test_scorer_conventions():
    from dateline.evaluate.extract import page_counts, score

    assert score({"a": "one two three four five"}, {"a": "one two three four five"})["f1"] == 1.0
    assert score({"a": "one two three four five"}, {"a": ""})["f1"] == 0.0
    half = page_counts("a b c d e f g", "a b c d")
    assert half.tp == pytest.approx(1 / 4) and half.fn == pytest.approx(3 / 4) and half.fp == 0
