"""The public acceptance example: the seed dump comes out as the two articles of gold.json."""

from __future__ import annotations

import re

import pytest

from conftest import jsonl, run_cli, shared_path


@pytest.fixture(scope="module")
def seed_articles() -> list[dict]:
    result = run_cli("process", str(shared_path("seed", "news_dump.txt")), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    return jsonl(result.stdout)


def test_two_articles(seed_articles, seed_gold):
    assert len(seed_articles) == len(seed_gold["articles"]) == 2


@pytest.mark.parametrize("index", [0, 1])
def test_article_matches_gold(seed_articles, seed_gold, index):
    got = seed_articles[index]
    gold = seed_gold["articles"][index]
    assert got["title"] == gold["title"]
    assert got["published"] == gold["published"]
    assert got["dateline"] == gold["dateline"]
    assert got["captions"] == gold["captions"]
    assert got["credits"] == gold["credits"]
    assert got["body"].startswith(gold["body_starts"])
    assert got["body"].endswith(gold["body_ends"])
    assert len(got["paragraphs"]) == gold["body_paragraphs"]
    paragraphs = [got["body"][a:b] for a, b in got["paragraphs"]]
    for noise in gold["noise_not_in_body"]:
        # short tokens ("TT", "20") must not stand as a paragraph or open one; longer noise must not appear at all
        assert noise not in paragraphs
        if len(noise) < 4:
            assert not any(re.match(rf"{re.escape(noise)}\b", p) for p in paragraphs)
        else:
            assert noise not in got["body"]


def test_record_contract(seed_articles):
    article = seed_articles[0]
    for key in ("id", "source", "title", "published", "dateline", "captions", "credits", "author", "url",
                "language", "body", "paragraphs", "removed"):
        assert key in article
    body = article["body"]
    # paragraphs are separated by exactly one blank line and the offsets point at them
    assert "\n\n\n" not in body
    assert "\n\n".join(body[a:b] for a, b in article["paragraphs"]) == body
    assert article["language"] == "en"
    assert article["source"]["file"].endswith("news_dump.txt")
    start, end = article["source"]["lines"]
    assert 1 <= start < end
    reasons = {item["reason"] for item in article["removed"]}
    assert {"duplicate-title", "duplicate-caption", "caption"} <= reasons
    assert any(r.startswith("clutter:") for r in reasons)


def test_ids_are_stable_content_hashes(seed_articles):
    again = jsonl(run_cli("process", str(shared_path("seed", "news_dump.txt"))).stdout)
    assert [a["id"] for a in again] == [a["id"] for a in seed_articles]
    assert len({a["id"] for a in seed_articles}) == 2


def test_whole_gold_scorer_sees_what_is_wrong(seed_gold, tmp_path):
    """`dateline eval seed` on a gold file with deliberate mistakes reports each of them."""
    import copy
    import json

    from dateline.evaluate.seed import evaluate_gold

    gold = copy.deepcopy(seed_gold)
    first = gold["articles"][0]
    first["published"] = "1999-01-01"
    first["people"][0]["country"] = "FRA"
    first["people"].append({"name": "Nobody Atall", "mentions": ["Nobody Atall"], "country": "FRA", "role": "GOV",
                            "title": "President"})
    first["dates"][0]["value"] = "1999-01-01"
    first["places"].append({"name": "Atlantis", "country": "GRC"})
    first["quotes"].append({"speaker": "Ali Khamenei", "kind": "direct", "starts": "words nobody said"})
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    result = evaluate_gold(path, text_path=shared_path("seed", "news_dump.txt"))
    assert result["articles"]["published"] == 0.5 and result["articles"]["captions"] == 1.0
    people = len(seed_gold["articles"][0]["people"]) + len(seed_gold["articles"][1]["people"]) + 1
    assert result["people"]["found"] == round((people - 1) / people, 4) and "Nobody Atall" in result["people"]["missed"]
    assert result["people"]["country"] == round((people - 2) / (people - 1), 4)
    assert result["dates"]["accuracy"] < 1.0 and any("1999-01-01" in m for m in result["dates"]["missed"])
    assert result["places"]["found"] < 1.0 and any(m.startswith("Atlantis") for m in result["places"]["missed"])
    assert result["quotes"]["missed"] == ["words nobody said"]
