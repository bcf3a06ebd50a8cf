"""The public Python API: small, documented, and it behaves as the README says."""

from __future__ import annotations

import dateline
from conftest import shared_path


def test_exported_members():
    assert sorted(dateline.__all__) == sorted(
        ["Article", "Dateline", "DatelineError", "Removed", "SourceRef", "Span", "__version__", "process"]
    )
    for name in dateline.__all__:
        assert hasattr(dateline, name)


def test_process_seed_text(seed_gold):
    text = shared_path("seed", "news_dump.txt").read_text(encoding="utf-8")
    articles = dateline.process(text)
    assert [a.title for a in articles] == [g["title"] for g in seed_gold["articles"]]
    assert [a.published for a in articles] == [g["published"] for g in seed_gold["articles"]]
    assert articles[1].dateline == dateline.Dateline("Damascus", "SYR")
    for article in articles:
        for span in article.paragraphs:
            paragraph = article.body[span.start : span.end]
            assert paragraph and paragraph == paragraph.strip()


def test_process_feed_text_with_published():
    text = "Officials from Chile and Peru met in Lima on Monday to discuss fishing rights and a new border crossing."
    (article,) = dateline.process(text, published="2024-05-06", title="Fishing talks", input_format="feed")
    assert article.published == "2024-05-06" and article.published_basis == "metadata"
    assert article.title == "Fishing talks"
    assert article.body == text


def test_process_rejects_empty_text():
    import pytest

    with pytest.raises(dateline.DatelineError):
        dateline.process("   ")
