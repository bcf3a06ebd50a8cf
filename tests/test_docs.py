"""Docs that are true: every CLI command is documented, and the README's commands are the real ones."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, run_cli

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands():
    first_block = README.split("```sh", 1)[1].split("```", 1)[0]
    assert "make run" in first_block and "make test" in first_block
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_is_documented_and_has_an_example():
    for command in (["process"], ["actors"], ["ingest"], ["events"], ["quotes"], ["article"], ["export"], ["serve"], ["eval", "extract"], ["eval", "timex"], ["eval", "geo"], ["eval", "ner"],
                    ["eval", "plover"], ["eval", "cameo"], ["eval", "events"], ["eval", "quotes"]):
        result = run_cli(*command, "--help")
        assert result.returncode == 0
        assert "Example:" in result.stdout
        assert f"dateline {' '.join(command)}" in README


def test_every_option_of_process_is_in_the_readme():
    help_text = run_cli("process", "--help").stdout
    for option in set(re.findall(r"--[a-z][a-z-]+", help_text)) - {"--help"}:
        assert option in README, option


def test_readme_record_fields_match_the_record():
    import dateline

    (article,) = dateline.process("A Title\n\nSome text of an article that is long enough to be a body paragraph here.")
    for field in article.to_dict():
        assert f"`{field}`" in README, field


def test_docs_figures_exist():
    quality = (REPO / "docs" / "quality.md").read_text(encoding="utf-8")
    assert "dateline eval extract" in quality
    assert Path(REPO / "docs" / "benchmarks.md").exists()


def test_readme_python_example_runs(tmp_path, monkeypatch):
    """The README's Python API block runs as written, in a folder holding news_dump.txt and news.db."""
    import dateline

    block = README.split("## Python API", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    sample = (REPO / "samples" / "news_sample.txt").read_text(encoding="utf-8")
    (tmp_path / "news_dump.txt").write_text(sample, encoding="utf-8")
    with dateline.open(tmp_path / "news.db") as store:
        store.add_articles(dateline.process(sample))
    monkeypatch.chdir(tmp_path)
    namespace = {"text": sample.split("\n\n\n")[0]}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - the README's own example
    assert namespace["articles"] and namespace["articles"][0].events
