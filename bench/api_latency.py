"""REST API query latency (p50/p95) on a store of 100,000+ events.

Run:  .venv/bin/python bench/ingest_throughput.py --corpus allsides --limit 2000 --keep out/bench.db
      .venv/bin/python bench/api_latency.py out/bench.db [--events 100000] [--repeat 20]

The store from the ingest benchmark holds the events of real articles; to reach
the size asked for, this script copies it to out/bench_big.db and replicates
every article with its mentions, times, places, events and quotes under new ids
(`<id>~k`) and with dates moved back by k*28 days, until the events table holds
at least --events rows. Actors stay shared, so the copies behave like more news
about the same actors over a longer period. It then starts `dateline serve` on
the copy and times each query over HTTP (a fresh connection per request, as a
browser's first request would be). Prints one line per query and a JSON summary last.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

TABLES_BY_ARTICLE = ("mentions", "times", "places", "quotes")


def grow(source: Path, target: Path, events: int) -> dict[str, int]:
    shutil.copyfile(source, target)
    conn = sqlite3.connect(target, isolation_level=None)
    base = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    if base == 0:
        sys.exit(f"{source} has no events to replicate")
    copies = -(-events // base) - 1
    max_seq = conn.execute("SELECT MAX(seq) FROM articles").fetchone()[0]
    columns = {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')]
               for t in ("articles", "events", *TABLES_BY_ARTICLE)}

    def select(table: str, k: int) -> str:
        out = []
        for c in columns[table]:
            q = f'"{c}"'
            if c == "id" and table in ("articles", "events"):
                out.append(f"{q} || '~{k}'")
            elif c == "article_id":
                out.append(f"{q} || '~{k}'")
            elif c == "seq":
                out.append(f"{q} + {k * max_seq}")
            elif c in ("published", "date") :
                out.append(f"CASE WHEN length({q}) >= 10 THEN date({q}, '-{28 * k} days') ELSE {q} END")
            else:
                out.append(q)
        return ", ".join(out)

    for k in range(1, copies + 1):
        conn.execute("BEGIN")
        for table in ("articles", "events", *TABLES_BY_ARTICLE):
            cols = ", ".join(f'"{c}"' for c in columns[table])
            conn.execute(f"INSERT INTO {table} ({cols}) SELECT {select(table, k)} FROM {table} WHERE seq <= {max_seq}"
                         if table == "articles" else
                         f"INSERT INTO {table} ({cols}) SELECT {select(table, k)} FROM {table}"
                         f" WHERE article_id NOT LIKE '%~%'")
        conn.execute("COMMIT")
    conn.execute("ANALYZE")
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("articles", "events", "quotes", "actors")}
    conn.close()
    return counts


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _top(conn: sqlite3.Connection, sql: str) -> str:
    row = conn.execute(sql).fetchone()
    return row[0] if row else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    big = args.store.with_name(args.store.stem + "_big.db")
    for suffix in ("", "-wal", "-shm"):
        Path(str(big) + suffix).unlink(missing_ok=True)
    counts = grow(args.store, big, args.events)
    print(f"store: {counts}")
    conn = sqlite3.connect(big)
    actor = _top(conn, "SELECT source_actor FROM events WHERE source_actor IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC")
    country = _top(conn, "SELECT source_country FROM events WHERE source_country IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC")
    other = _top(conn, f"SELECT target_country FROM events WHERE source_country = '{country}' AND target_country IS NOT NULL"
                       f" AND target_country != '{country}' GROUP BY 1 ORDER BY COUNT(*) DESC")
    article = _top(conn, "SELECT id FROM articles ORDER BY seq DESC")
    conn.close()
    queries = {
        "events (first page)": "/api/events",
        "events by source country": f"/api/events?source={country}",
        "events by actor": "/api/events?" + urllib.parse.urlencode({"actor": actor}),
        "events by PLOVER type": "/api/events?type=CONSULT",
        "events in a date range": "/api/events?since=2016-01-01&until=2016-12-31",
        "events by text search": "/api/events?q=ceasefire",
        "events, deep page": "/api/events?offset=50000&limit=100",
        "events, distinct (first page)": "/api/events?distinct=true",
        "events by source country, distinct": f"/api/events?source={country}&distinct=true",
        "articles (text search)": "/api/articles?q=election",
        "one article": f"/api/articles/{article}",
        "actors by name": "/api/actors?name=min",
        "quotes by speaker": "/api/quotes?speaker=Trump",
        "overview aggregates": "/api/overview",
        "overview aggregates, distinct": "/api/overview?distinct=true",
        "events page (HTML)": "/events",
        "events page (HTML), distinct": "/events?distinct=true",
        "dyad series": f"/api/dyads?a={country}&b={other}",
        "network": "/api/network",
        "map": "/api/map",
    }
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "dateline", "serve", "--db", str(big), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/api/openapi.json", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        for name, path in queries.items():
            times, status, size = [], None, 0
            for _ in range(args.repeat):
                start = time.perf_counter()
                try:
                    with urllib.request.urlopen(base + path, timeout=60) as response:
                        body = response.read()
                        status = response.status
                except urllib.error.HTTPError as exc:
                    body, status = exc.read(), exc.code
                times.append((time.perf_counter() - start) * 1000)
                size = len(body)
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            results[name] = {"path": path, "status": status, "p50_ms": round(statistics.median(times), 1),
                             "p95_ms": round(p95, 1), "bytes": size}
            print(f"{name:28} {status} p50 {results[name]['p50_ms']:8.1f} ms  p95 {results[name]['p95_ms']:8.1f} ms"
                  f"  {size:>8} bytes  {path}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(json.dumps({"store": counts, "queries": results}))


if __name__ == "__main__":
    main()
