"""Bad input: a one-line message naming the file (and line), good articles kept, exit 0/1/2."""

from __future__ import annotations

import gzip
import json

import pytest

from conftest import jsonl, run_cli, shared_path

GOOD = (
    "Ministers Meet in Cairo to Discuss Trade\n\n"
    "The foreign ministers of Egypt and Jordan met in Cairo on Tuesday to discuss trade and border crossings, "
    "officials said after the talks ended.\n\n"
    "Both sides agreed to meet again next month in Amman, according to a joint statement.\n"
)


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def _one_line_messages(stderr: str) -> list[str]:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    return lines


def test_binary_file_is_skipped_and_named(tmp_path, good):
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    result = run_cli("process", "--clean-only", str(good), str(binary))
    assert result.returncode == 1
    assert len(jsonl(result.stdout)) == 1
    messages = _one_line_messages(result.stderr)
    assert any("photo.png" in m and "PNG" in m for m in messages)


def test_nul_bytes_are_binary(tmp_path):
    blob = tmp_path / "blob.bin"
    blob.write_bytes(b"abc\x00\x01\x02" * 100)
    result = run_cli("process", "--clean-only", str(blob))
    assert result.returncode == 2
    assert "blob.bin" in result.stderr and "binary" in result.stderr
    assert result.stdout == ""


def test_empty_file(tmp_path, good):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run_cli("process", "--clean-only", str(empty), str(good))
    assert result.returncode == 1
    assert len(jsonl(result.stdout)) == 1
    assert any("empty.txt" in m and "empty" in m for m in _one_line_messages(result.stderr))


def test_only_bad_inputs_exit_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n\n", encoding="utf-8")
    result = run_cli("process", "--clean-only", str(empty), str(tmp_path / "missing.txt"))
    assert result.returncode == 2
    messages = _one_line_messages(result.stderr)
    assert any("missing.txt" in m and "no such file" in m for m in messages)
    assert any("empty.txt" in m for m in messages)


def test_latin1_file_is_decoded(tmp_path):
    text = GOOD.replace("Cairo", "Cairo café déjà vu São Paulo")
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("cp1252"))
    result = run_cli("process", "--clean-only", str(path))
    assert result.returncode == 0, result.stderr
    article = jsonl(result.stdout)[0]
    assert "café déjà vu São Paulo" in article["body"]


def test_stray_bad_bytes_in_utf8_are_replaced_and_reported(tmp_path):
    # The sample decides the encoding (UTF-8); a bad byte far into the file is replaced and counted.
    filler = ("Filler paragraph with plenty of ordinary words to push the bad byte past the sample. " * 4 + "\n\n") * 4000
    path = tmp_path / "mostly_utf8.txt"
    path.write_bytes(GOOD.encode("utf-8") + b"\n\n\n" + filler.encode("utf-8") + b"\xff\xfe bad bytes here.\n")
    result = run_cli("process", "--clean-only", str(path))
    assert result.returncode == 0, result.stderr
    assert "mostly_utf8.txt" in result.stderr and "undecodable" in result.stderr


def test_jsonl_with_a_broken_line_keeps_the_others(tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [
        json.dumps({"title": "First story", "text": "The president of France visited Berlin on Monday for talks with the chancellor about energy.", "date": "2024-05-06"}),
        '{"title": "Broken", "text": "unterminated',
        json.dumps({"headline": "Second story", "content": "Protesters gathered in Nairobi on Tuesday to demand lower fuel prices, police said.", "published": "May 7, 2024"}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run_cli("process", str(path))
    assert result.returncode == 1
    articles = jsonl(result.stdout)
    assert [a["title"] for a in articles] == ["First story", "Second story"]
    assert [a["published"] for a in articles] == ["2024-05-06", "2024-05-07"]
    messages = _one_line_messages(result.stderr)
    assert any("feed.jsonl:2" in m and "JSON" in m for m in messages)
    assert any("feed.jsonl:4" in m for m in messages)


def test_html_without_article(tmp_path, good):
    page = tmp_path / "nav.html"
    page.write_text("<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    result = run_cli("process", "--clean-only", str(page), str(good))
    assert result.returncode == 1
    assert len(jsonl(result.stdout)) == 1
    assert any("nav.html" in m and "no article" in m for m in _one_line_messages(result.stderr))


def test_malformed_html_does_not_crash(tmp_path):
    page = tmp_path / "broken.html"
    body = "<p>" + "The prime minister of Spain met the king of Morocco in Rabat on Wednesday to discuss migration. " * 8
    page.write_text("<html><body><div><article><h1>Summit in Rabat</h1>" + body + "<p>Unclosed <b>tags <i>everywhere", encoding="utf-8")
    result = run_cli("process", "--clean-only", str(page))
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert "Rabat" in jsonl(result.stdout)[0]["body"]


def test_truncated_gzip_is_reported(tmp_path, good):
    data = gzip.compress(GOOD.encode("utf-8") * 200)
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    result = run_cli("process", "--clean-only", str(path), str(good))
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "cut.txt.gz" in result.stderr


def test_gzip_and_stdin(tmp_path):
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(GOOD.encode("utf-8")))
    from_gz = run_cli("process", "--clean-only", str(path))
    from_stdin = run_cli("process", "--clean-only", "-", stdin=GOOD.encode("utf-8"))
    assert from_gz.returncode == from_stdin.returncode == 0
    assert jsonl(from_gz.stdout)[0]["body"] == jsonl(from_stdin.stdout)[0]["body"]
    assert jsonl(from_stdin.stdout)[0]["source"]["file"] == "-"


def test_csv_without_text_column_says_what_to_do(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run_cli("process", "--clean-only", str(path))
    assert result.returncode == 2
    assert "feed.csv" in result.stderr and "--field text=" in result.stderr


def test_unknown_options_are_refused():
    result = run_cli("process", "--clean-only", "x", "--input-format", "pdf")
    assert result.returncode == 2
    assert "pdf" in result.stderr


def _write_dump(path, megabytes: int) -> int:
    paragraph = "Talks between the two delegations continued on day {i} in paragraph {j}, officials said.\n\n"
    written = i = 0
    with open(path, "w", encoding="utf-8") as handle:
        while written < megabytes * 1024 * 1024:
            chunk = f"Delegations Meet Again, Round {i}\n\n" + "".join(paragraph.format(i=i, j=j) for j in range(200)) + "\n\n"
            handle.write(chunk)
            written += len(chunk)
            i += 1
    return i


def _peak_mb(path) -> tuple[int, int]:
    import subprocess
    import sys

    # VmHWM is the peak of this process image; ru_maxrss would carry over the parent's peak across fork+exec
    code = (
        "import sys\n"
        "from dateline.pipeline import run\n"
        "n = sum(1 for item in run([sys.argv[1]]) if not isinstance(item, Exception))\n"
        "hwm = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM:'))\n"
        "print(n, hwm // 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    count, peak = map(int, out.stdout.split())
    return count, peak


def test_huge_dump_streams_in_bounded_memory(tmp_path):
    """A dump four times larger costs no more memory: it is read chunk by chunk."""
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    n_small, n_large = _write_dump(small, 10), _write_dump(large, 40)
    count_small, peak_small = _peak_mb(small)
    count_large, peak_large = _peak_mb(large)
    assert (count_small, count_large) == (n_small, n_large)
    assert peak_large - peak_small < 30, f"peak RSS {peak_small} MB for 10 MB, {peak_large} MB for 40 MB"
    assert peak_large < 40 + 200, "the whole file must not be held in memory"
