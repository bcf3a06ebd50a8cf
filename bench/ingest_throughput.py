"""Ingest throughput: `dateline ingest` of real articles into a fresh SQLite store.

Run:  .venv/bin/python bench/ingest_throughput.py [--limit 2000] [--corpus bbc|allsides] [--keep out/bench.db]
                                                  [--workers N]   (a local Dask cluster of N processes)
Prints articles/s, events/s, words/s and peak memory of the ingest process, then a JSON summary last.
The store is kept with --keep (bench/api_latency.py grows it to 100,000+ events).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _inputs(corpus: str, limit: int) -> list[str]:
    if corpus == "bbc":
        files = sorted((SHARED / "corpus" / "bbc_news_2225" / "bbc").rglob("*.txt"))[:limit]
        if len(files) < limit:
            sys.exit(f"only {len(files)} BBC articles found")
        return [str(f) for f in files]
    if corpus == "allsides":
        import gzip

        source = SHARED / "corpus" / "allsides_article_bias" / "allsides_international.jsonl.gz"
        out = Path(tempfile.mkdtemp()) / f"allsides_{limit}.jsonl"
        with gzip.open(source, "rt", encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
            for n, line in enumerate(src):
                if n >= limit:
                    break
                dst.write(line)
        return [str(out)]
    sys.exit(f"unknown corpus {corpus!r}")


def _peak_kb(pid: int) -> int:
    """Peak resident memory of a process and all its descendants (Dask workers), summed, in kB."""
    total = 0
    pids, queue = [], [pid]
    while queue:
        one = queue.pop()
        pids.append(one)
        for task in Path(f"/proc/{one}/task").glob("*"):  # nothing when the process has gone
            try:
                queue += [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                pass
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--corpus", default="bbc", choices=("bbc", "allsides"))
    parser.add_argument("--keep", type=Path, help="Write the store here (default: a temporary file).")
    parser.add_argument("--workers", type=int, help="Annotate on a local Dask cluster of this many processes.")
    args = parser.parse_args()
    inputs = _inputs(args.corpus, args.limit)
    db = args.keep or Path(tempfile.mkdtemp()) / "bench.db"
    if db.exists():
        sys.exit(f"{db} exists: remove it first (a re-ingest would measure nothing)")
    db.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    extra = ["--workers", str(args.workers)] if args.workers else []
    proc = subprocess.Popen([sys.executable, "-m", "dateline", "ingest", *inputs, "--db", str(db), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _peak_kb(proc.pid))
        time.sleep(0.5)
    seconds = time.perf_counter() - start
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        sys.exit(f"ingest failed ({proc.returncode}): {stderr[-2000:]}")
    with sqlite3.connect(db) as conn:
        articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        quotes = conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
        words = sum(len((body or "").split()) for (body,) in conn.execute("SELECT body FROM articles"))
    result = {
        "corpus": args.corpus, "workers": args.workers or 1, "articles": articles, "events": events, "quotes": quotes, "words": words,
        "seconds": round(seconds, 1), "articles_per_s": round(articles / seconds, 2),
        "events_per_s": round(events / seconds, 2), "words_per_s": round(words / seconds),
        "peak_rss_mb": round(peak / 1024), "db_mb": round(db.stat().st_size / 1e6, 1),
    }
    print(f"{articles} articles, {events} events, {quotes} quotes in {seconds:.0f} s: "
          f"{result['articles_per_s']} articles/s, {result['events_per_s']} events/s, "
          f"{result['words_per_s']} words/s, peak RSS {result['peak_rss_mb']} MB, store {result['db_mb']} MB")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
