"""The bundled sample that `make run` processes comes out as samples/README.md describes."""

from __future__ import annotations

from conftest import REPO, jsonl, run_cli

EXPECTED = [
    # title, published, place, country, paragraphs, lines, credit
    ("Iraq and Egypt Sign Energy Pact as Foreign Ministers Meet in Cairo", "2025-03-12", "Cairo", "EGY", 11, [1, 37], "Egyptian Foreign Ministry/dpa"),
    ("Turkey Says Iranian Fire Wounded Two Soldiers on Border, Tehran Denies Claim", "2025-03-03", "Ankara", "TUR", 10, [41, 71], "Cagla Yildirim/Reuters"),
    ("East African Ministers Threaten Sanctions Over South Sudan Ceasefire Violations", "2025-05-20", "Nairobi", "KEN", 12, [74, 108], "AP Photo/Daniel Otieno"),
]


def test_sample_articles():
    result = run_cli("process", str(REPO / "samples" / "news_sample.txt"))
    assert result.returncode == 0, result.stderr
    articles = jsonl(result.stdout)
    assert len(articles) == len(EXPECTED)
    for article, (title, published, place, country, paragraphs, lines, credit) in zip(articles, EXPECTED):
        assert article["title"] == title
        assert article["published"] == published
        assert article["dateline"] == {"place": place, "country": country}
        assert len(article["paragraphs"]) == paragraphs
        assert article["source"]["lines"] == lines
        assert article["credits"] == [credit]
        assert len(article["captions"]) == 1
        body_paragraphs = article["body"].split("\n\n")
        for noise in ("TT", "Advertisement", "Read more", "14", "9", "31"):
            assert noise not in body_paragraphs
