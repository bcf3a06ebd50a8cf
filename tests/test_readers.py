"""Readers: format detection, feeds with mapped columns, HTML with trafilatura, whole-page text."""

from __future__ import annotations

import csv
import gzip
import io
import json

from conftest import jsonl, run_cli, shared_path

STORY = (
    "Officials from Kenya and Ethiopia met in Nairobi on Friday to discuss a new road link between the two "
    "countries, the foreign ministry said in a statement."
)
STORY2 = "The talks are expected to continue next week in Addis Ababa, where both delegations will meet the prime minister."


def test_csv_with_mapped_columns(tmp_path):
    path = tmp_path / "feed.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["ID", "Headline", "publish_date", "link", "content_original"])
    writer.writerow(["a1", "Road link talks", "2024-03-01", "https://example.org/a1", STORY + "\n\n" + STORY2])
    writer.writerow(["a2", "Empty one", "2024-03-02", "https://example.org/a2", ""])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    result = run_cli("process", "--clean-only", str(path))
    assert result.returncode == 1  # the row with an empty text is skipped and reported
    assert "feed.csv:5" in result.stderr  # the multi-line record before it spans lines 2-4
    (article,) = jsonl(result.stdout)
    assert article["id"] == "a1"
    assert article["title"] == "Road link talks"
    assert article["published"] == "2024-03-01"
    assert article["url"] == "https://example.org/a1"
    assert len(article["paragraphs"]) == 2


def test_tsv_and_field_override(tmp_path):
    path = tmp_path / "feed.tsv"
    path.write_text("name\tstorytext\nx\t" + STORY + "\n", encoding="utf-8")
    result = run_cli("process", "--clean-only", str(path), "--field", "text=storytext", "--field", "title=name")
    assert result.returncode == 0, result.stderr
    (article,) = jsonl(result.stdout)
    assert article["title"] == "x"
    assert article["body"] == STORY


def test_headerless_csv_with_column_numbers():
    path = shared_path("corpus", "ag_news_test", "test.csv")
    result = run_cli("process", "--clean-only", str(path), "--input-format", "csv", "--field", "title=2", "--field", "text=3")
    assert result.returncode == 0, result.stderr[-500:]
    articles = jsonl(result.stdout)
    assert len(articles) == 7600
    assert all(a["title"] and a["body"] for a in articles)


def test_allsides_jsonl_gz_auto():
    path = shared_path("corpus", "allsides_article_bias", "allsides_international.jsonl.gz")
    # first 50 records through stdin-free path: write a slice to keep the test quick
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if len(rows) == 50:
                break
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
        tmp.write("\n".join(json.dumps(r) for r in rows))
    result = run_cli("process", "--clean-only", tmp.name)
    assert result.returncode in (0, 1), result.stderr
    articles = jsonl(result.stdout)
    assert len(articles) >= 45
    by_id = {r["ID"]: r for r in rows}
    for article in articles:
        row = by_id[article["id"]]
        assert article["title"] == " ".join(row["title"].split())
        assert article["published"] == (row["date"] or None)
        assert article["site"] == row["source"]


def test_html_page_with_metadata():
    folder = shared_path("eval", "article_extraction", "scrapinghub_aeb")
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    key = sorted(truth)[0]
    result = run_cli("process", "--clean-only", str(folder / "html" / f"{key}.html.gz"))
    assert result.returncode == 0, result.stderr
    (article,) = jsonl(result.stdout)
    assert article["title"]
    gold_words = truth[key]["articleBody"].split()[:8]
    assert " ".join(gold_words) in " ".join(article["body"].split())


def test_pagetext_is_detected_and_recovered(tmp_path):
    menu = "\n".join(["Home", "World", "Politics", "Business", "Sport", "Weather", "Sign in", "Subscribe"] * 5)
    page = (
        f"{menu}\n\nRoad Link Talks Open in Nairobi\n\n{STORY}\n\n{STORY2}\n\n"
        "Related stories\nMore from Africa\nAbout us\nContact\nTerms of use\nPrivacy policy\n© 2024 Example News\n"
    )
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    result = run_cli("process", "--clean-only", str(path))
    assert result.returncode == 0, result.stderr
    (article,) = jsonl(result.stdout)
    assert STORY in article["body"] and STORY2 in article["body"]
    assert "Subscribe" not in article["body"] and "Privacy policy" not in article["body"]


def test_directory_and_glob_inputs(tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / "sub").mkdir(exist_ok=True)
        (tmp_path / "sub" / name).write_text(f"Title {name}\n\n{STORY}\n", encoding="utf-8")
    from_dir = jsonl(run_cli("process", "--clean-only", str(tmp_path)).stdout)
    from_glob = jsonl(run_cli("process", "--clean-only", str(tmp_path / "**" / "*.txt")).stdout)
    assert [a["title"] for a in from_dir] == [a["title"] for a in from_glob] == ["Title a.txt", "Title b.txt"]


def test_json_and_pretty_formats(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(f"A Title\n\n{STORY}\n", encoding="utf-8")
    as_json = run_cli("process", "--clean-only", str(path), "--format", "json")
    assert json.loads(as_json.stdout)[0]["title"] == "A Title"
    pretty = run_cli("process", "--clean-only", str(path), "--format", "pretty")
    assert pretty.returncode == 0 and "A Title" in pretty.stdout and "paragraphs" in pretty.stdout
    out = tmp_path / "out.jsonl"
    assert run_cli("process", "--clean-only", str(path), "-o", str(out)).returncode == 0
    assert jsonl(out.read_text(encoding="utf-8"))[0]["title"] == "A Title"
