"""Multi-article dumps made by concatenating real page texts split into the right articles."""

from __future__ import annotations

import gzip
import json
import random

import pytest

from conftest import jsonl, run_cli, shared_path
from dateline.knowledge import clutter_reason


def _bbc_articles(count: int, seed: int) -> list[tuple[str, str]]:
    folder = shared_path("corpus", "bbc_news_2225", "bbc")
    files = sorted(folder.glob("*/*.txt"))
    rng = random.Random(seed)
    picked = rng.sample(files, count)
    articles = []
    for path in picked:
        text = path.read_bytes().decode("latin-1")
        title, _, body = text.strip().partition("\n")
        articles.append((title.strip(), body.strip()))
    return articles


def _allsides_articles(count: int) -> list[tuple[str, str]]:
    path = shared_path("corpus", "allsides_article_bias", "allsides_international.jsonl.gz")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            body = (row.get("content_original") or "").strip()
            if row.get("title") and len(body.split()) > 150:
                out.append((row["title"].strip(), body))
            if len(out) == count:
                break
    return out


def _check(result, articles):
    assert result.returncode == 0, result.stderr
    got = jsonl(result.stdout)
    assert len(got) == len(articles)
    assert [a["title"] for a in got] == [" ".join(t.split()) for t, _ in articles]
    for record, (_, body) in zip(got, articles):
        # every article reaches the last real paragraph of its source and keeps nearly all of them
        # (page furniture that the clutter rules name, such as CNN's video and gallery lines, is not content)
        source_paragraphs = [" ".join(p.split()) for p in body.split("\n")
                             if len(p.split()) >= 15 and clutter_reason(" ".join(p.split())) is None]
        record_paragraphs = [" ".join(record["body"][a:b].split()) for a, b in record["paragraphs"]]
        assert source_paragraphs[-1] in record_paragraphs[-3:]
        kept = sum(1 for p in source_paragraphs if p in record_paragraphs)
        assert kept >= 0.9 * len(source_paragraphs)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bbc_pages_separated_by_blank_lines(tmp_path, seed):
    articles = _bbc_articles(6, seed)
    dump = "\n\n\n".join(f"{title}\n\n{body}" for title, body in articles)
    path = tmp_path / "bbc_dump.txt"
    path.write_text(dump, encoding="utf-8")
    _check(run_cli("process", "--clean-only", str(path), "--input-format", "dump"), articles)


def test_bbc_pages_with_seed_clutter_and_single_gaps(tmp_path):
    """Headline twice, captions with credits, TT and a counter, and only one blank line between articles."""
    articles = _bbc_articles(5, 7)
    parts = []
    for i, (title, body) in enumerate(articles):
        caption = f"A view of the scene on the day of the announcement, number {i}. (Staff photographer/Reuters)"
        parts.append(f"{title}\n\n{caption}\n{caption}\nTT\n{20 + i}\n\n{title}\n\n{caption}\n{caption}\n\n{body}")
    path = tmp_path / "cluttered.txt"
    path.write_text("\n\n".join(parts), encoding="utf-8")
    result = run_cli("process", "--clean-only", str(path))
    _check(result, articles)
    for record in jsonl(result.stdout):
        assert len(record["captions"]) == 1
        assert record["credits"] == ["Staff photographer/Reuters"]
        assert "TT" not in record["body"].split("\n\n")


def test_allsides_articles_concatenated(tmp_path):
    articles = _allsides_articles(8)
    dump = "\n\n\n\n".join(f"{title}\n\n{body}" for title, body in articles)
    path = tmp_path / "allsides_dump.txt"
    path.write_text(dump, encoding="utf-8")
    _check(run_cli("process", "--clean-only", str(path), "--input-format", "dump"), articles)
