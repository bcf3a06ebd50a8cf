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
