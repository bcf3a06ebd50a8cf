"""Throughput and peak memory of `dateline process --clean-only` (read + clean) on real corpora.

Run:  .venv/bin/python bench/process_throughput.py [--limit N]
Prints one line per corpus: articles, seconds, articles/s, MB/s and peak RSS, and a JSON summary last.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = {
    "allsides_international (JSONL.gz)": (["corpus/allsides_article_bias/allsides_international.jsonl.gz"], []),
    "bbc_news_2225 (directory of .txt)": (["corpus/bbc_news_2225/bbc"], ["--input-format", "dump"]),
    "ag_news_test (headerless CSV)": (["corpus/ag_news_test/test.csv"], ["--input-format", "csv", "--field", "title=2", "--field", "text=3"]),
    "scrapinghub pages (HTML.gz)": (["eval/article_extraction/scrapinghub_aeb/html"], ["--input-format", "html"]),
}


def measure(paths: list[str], extra: list[str]) -> dict[str, float]:
    files = [SHARED / p for p in paths]
    size = sum(f.stat().st_size if f.is_file() else sum(x.stat().st_size for x in f.rglob("*") if x.is_file()) for f in files)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "dateline", "process", "--clean-only", *map(str, files), *extra, "-o", "/dev/null"],
        capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = [line for line in proc.stderr.splitlines() if "articles written" in line]
    count = _count(files, extra) if not summary else int(summary[-1].split()[1])
    return {"articles": count, "seconds": round(seconds, 2), "articles_per_s": round(count / seconds, 1),
            "input_mb_per_s": round(size / 1e6 / seconds, 2), "peak_rss_mb_so_far": round(usage.ru_maxrss / 1024, 1)}


def _count(files: list[Path], extra: list[str]) -> int:
    proc = subprocess.run([sys.executable, "-m", "dateline", "process", "--clean-only", *map(str, files), *extra],
                          capture_output=True, text=True)
    return sum(1 for line in proc.stdout.splitlines() if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args()
    results = {}
    for name, (paths, extra) in CORPORA.items():
        if not all((SHARED / p).exists() for p in paths):
            print(f"{name}: skipped (not found under {SHARED})")
            continue
        results[name] = measure(paths, extra)
        print(f"{name}: {results[name]}", flush=True)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
