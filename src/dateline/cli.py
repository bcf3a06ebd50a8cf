"""The ``dateline`` command: a thin shell over the library.

Library errors (``DatelineError``) become one line on stderr here, at one seam;
bad input never ends in a traceback.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.panel import Panel
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import DatelineError
from .read.base import FORMATS
from .records import Article

CODER_HELP = ("Event coder: dateline.rule_coder.v1 (the verb patterns alone) or dateline.hybrid_coder.v2 (the "
              "patterns, then a classifier re-reading each event's type); default: dateline.enrich.DEFAULT_CODER.")

app = typer.Typer(
    help="dateline: raw news text turned into traceable political event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score a stage against a gold standard; prints one JSON object on the last line.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

err_console = Console(stderr=True)


def _say(message: str) -> None:
    """One unwrapped line on stderr."""
    print(f"dateline: {message}", file=sys.stderr, flush=True)


def _fail(exc: DatelineError, code: int = 2) -> typer.Exit:
    _say(exc.render())
    return typer.Exit(code)


def _progress(total: int | None = None) -> Progress:
    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
    if total:
        columns += [BarColumn(), MofNCompleteColumn()]
    columns += [TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
    return Progress(*columns, console=err_console, transient=True, disable=not err_console.is_terminal)


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    try:
        handle = open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise _fail(DatelineError(f"cannot write the output: {exc.strerror}", where=str(path)))
    with handle:
        yield handle


def _render_pretty(console: Console, article: Article) -> None:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    table.add_row("id", article.id)
    table.add_row("source", f"{article.source.file}, lines {article.source.line_start}-{article.source.line_end}")
    table.add_row("published", f"{article.published or '-'}" + (f" (from {article.published_basis})" if article.published_basis else ""))
    table.add_row("dateline", ", ".join(x for x in (article.dateline.place, article.dateline.country) if x) or "-")
    if article.author:
        table.add_row("author", article.author)
    for caption in article.captions:
        table.add_row("caption", caption)
    if article.credits:
        table.add_row("credits", "; ".join(article.credits))
    table.add_row("language", article.language or "-")
    table.add_row("paragraphs", str(len(article.paragraphs)))
    first = article.body[: article.paragraphs[0].end] if article.paragraphs else ""
    table.add_row("body", first[:300] + ("…" if len(first) > 300 else ""))
    if article.actors:
        table.add_row("actors", "; ".join(_actor_line(a) for a in article.actors[:25]) + (" …" if len(article.actors) > 25 else ""))
    if article.times:
        table.add_row("times", "; ".join(f"{t.text} → {t.value}" for t in article.times[:20]))
    if article.places:
        table.add_row("places", "; ".join(f"{p.name} ({p.country or '?'})" for p in article.places[:20]))
    if article.events:
        table.add_row("events", "; ".join(
            f"{e.source.name or e.source.country or '?'} → {e.cameo.name} → {e.target.name or e.target.country or '?'}"
            + ("" if e.modality == "asserted" else f" ({e.modality})") for e in article.events[:15]))
    if article.quotes:
        table.add_row("quotes", "; ".join(f"{q.speaker.name or '?'}: “{q.text[:60]}”" for q in article.quotes[:8]))
    if article.removed:
        reasons: dict[str, int] = {}
        for item in article.removed:
            reasons[item.reason] = reasons.get(item.reason, 0) + 1
        table.add_row("removed", ", ".join(f"{k} ×{v}" for k, v in sorted(reasons.items())))
    console.print(Panel(table, title=article.title or "(untitled)", title_align="left"))


def _actor_line(actor: Any) -> str:
    codes = " ".join(x for x in (actor.country, actor.sector) if x)
    return f"{actor.name} [{codes}]" if codes else actor.name


@app.command()
def process(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories (read recursively), globs, or - for stdin; .gz is read as is.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl (one record per line), json (an array) or pretty (for reading).")] = "jsonl",
    input_format: Annotated[str, typer.Option("--input-format", help=f"One of {', '.join(FORMATS)}; auto looks at the content.")] = "auto",
    field: Annotated[list[str] | None, typer.Option("--field", help="Map a feed column: NAME=COLUMN, e.g. text=content_original (repeatable).")] = None,
    clean_only: Annotated[bool, typer.Option("--clean-only", help="Only read and clean: no annotation, actors, times, places, events or quotes (much faster).")] = False,
    coder: Annotated[str | None, typer.Option("--coder", help=CODER_HELP)] = None,
) -> None:
    """Read news text and write one article record per article: clean text, metadata, actors, times, places, events, quotes.

    Example: dateline process ../shared/seed/news_dump.txt --format pretty

    Exit status: 0 when every input was processed, 1 when some inputs or records
    were skipped (each named on stderr), 2 when nothing could be processed.
    """
    from .pipeline import RunStats, run
    from .read.feed import parse_field_overrides

    if fmt not in ("jsonl", "json", "pretty"):
        raise _fail(DatelineError(f"unknown --format {fmt!r}", hint="use jsonl, json or pretty"))
    try:
        fields = parse_field_overrides(field or [])
        if input_format not in FORMATS:
            raise DatelineError(f"unknown --input-format {input_format!r}", hint=f"use one of {', '.join(FORMATS)}")
        _check_coder(coder)
    except DatelineError as exc:
        raise _fail(exc)
    stats = RunStats()
    with _output(output) as out, _progress() as progress:
        task = progress.add_task("reading", total=None, rate="")
        console = Console(file=out, force_terminal=out.isatty() if hasattr(out, "isatty") else False)
        first = True
        if fmt == "json":
            out.write("[")
        for item in run(inputs, input_format=input_format, fields=fields, stats=stats, enrich=not clean_only,
                        coder=coder):
            if isinstance(item, DatelineError):
                _say(item.render())
                continue
            if fmt == "pretty":
                _render_pretty(console, item)
            else:
                line = json.dumps(item.to_dict(), ensure_ascii=False)
                if fmt == "json":
                    out.write(("\n" if first else ",\n") + line)
                else:
                    out.write(line + "\n")
            first = False
            elapsed = progress.tasks[0].elapsed or 0.0
            rate = f"{stats.articles / elapsed:.1f} articles/s" if elapsed > 0 else ""
            progress.update(task, advance=1, description=f"{stats.articles} articles", rate=rate)
        if fmt == "json":
            out.write("\n]\n")
    for warning in stats.warnings:
        _say(f"warning: {warning}")
    if stats.exit_code:
        _say(
            f"{stats.articles} articles written; {stats.inputs_failed} inputs and "
            f"{stats.records_skipped} records skipped"
        )
    raise typer.Exit(stats.exit_code)


def _check_coder(coder: str | None) -> None:
    """Refuse an unknown --coder before any input is read."""
    from .enrich import check_coder

    if coder is not None:
        check_coder(coder)


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs or - (as for `dateline process`).")],
    db: Annotated[Path, typer.Option("--db", help="The SQLite store to create or add to.")] = Path("news.db"),
    batch_size: Annotated[int, typer.Option("--batch-size", help="Articles committed per transaction.")] = 32,
    refresh: Annotated[bool, typer.Option("--refresh", help="Re-process articles that another pipeline version stored, replacing their results.")] = False,
    workers: Annotated[int | None, typer.Option("--workers", help="Annotate on a local Dask cluster of this many worker processes (one per core).")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Annotate on the workers of this running Dask scheduler, e.g. tcp://10.0.0.5:8786.")] = None,
    coder: Annotated[str | None, typer.Option("--coder", help=CODER_HELP)] = None,
) -> None:
    """Run the pipeline and store articles, actors, mentions, times, places, events and quotes in SQLite.

    Keys derive from content: ingesting the same input again changes nothing, and a killed ingest
    finishes when run again. Each article records the pipeline version that produced it; after
    upgrading dateline, --refresh redoes the articles an older version stored. --workers N (a local
    Dask cluster) or --scheduler ADDRESS (a running one) spread the annotation over processes or
    machines; the store comes out the same as from one process.
    Example: dateline ingest ../shared/seed/news_dump.txt --db news.db
    """
    from .store import open_store

    try:
        with open_store(db) as store, _progress() as progress:
            task = progress.add_task("ingesting", total=None, rate="")

            def on_batch(stats: Any) -> None:
                elapsed = progress.tasks[0].elapsed or 0.0
                rate = f"{stats.articles_seen / elapsed:.1f} articles/s" if elapsed > 0 else ""
                progress.update(task, description=f"{stats.articles_seen} articles", rate=rate)

            _check_coder(coder)
            if workers is not None or scheduler:
                from .scale import cluster

                with cluster(workers=workers, scheduler=scheduler) as client:
                    stats = store.ingest(inputs, batch_size=batch_size, on_batch=on_batch, refresh=refresh,
                                         coder=coder, client=client)
            else:
                stats = store.ingest(inputs, batch_size=batch_size, on_batch=on_batch, refresh=refresh, coder=coder)
            counts = store.counts()
            stale = store.stale()
    except DatelineError as exc:
        raise _fail(exc)
    for error in stats.errors:
        _say(error.render())
    _say(f"{stats.articles_new} new of {stats.articles_seen} articles stored in {db}; "
         + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if stale:
        _say(f"{stale} stored articles come from another pipeline version; --refresh re-processes them")
    raise typer.Exit(stats.run.exit_code if stats.run is not None else 0)


def _query_store(db: Path, fmt: str, formats: tuple[str, ...], query: Any) -> list[dict[str, Any]]:
    """Check the output format and the store, then run one query on it; errors become one stderr line."""
    from .store import open_store

    if fmt not in formats:
        raise _fail(DatelineError(f"unknown --format {fmt!r}", hint=f"use {', '.join(formats)}"))
    if not db.exists():
        raise _fail(DatelineError("no such store", where=str(db), hint="create it with `dateline ingest ... --db`"))
    try:
        with open_store(db) as store:
            return list(query(store))
    except DatelineError as exc:
        raise _fail(exc)


@app.command()
def events(
    db: Annotated[Path, typer.Option("--db", help="The SQLite store to query.")] = Path("news.db"),
    actor: Annotated[str | None, typer.Option("--actor", help="Actor id, name or alias (source or target).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Source country, ISO 3166 alpha-3.")] = None,
    target: Annotated[str | None, typer.Option("--target", help="Target country, ISO 3166 alpha-3.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Either side's country.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. CONSULT.")] = None,
    cameo: Annotated[str | None, typer.Option("--cameo", help="CAMEO code or prefix, e.g. 04 or 042.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Events dated on or after this ISO date.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Events dated on or before this ISO date.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Full-text query over the articles (FTS5 syntax).")] = None,
    include_modal: Annotated[bool, typer.Option("--include-modal", help="Also list negated, hypothetical, future and historical events.")] = False,
    distinct: Annotated[bool, typer.Option("--distinct", help="One row per happening (the same source, target, CAMEO base code, date and modality reported more than once), with how many records and articles report it.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show.")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
) -> None:
    """Query the stored events with filters.

    Example: dateline events --db news.db --source IRN --type ACCUSE
    Example: dateline events --db news.db --distinct --country SYR
    """
    rows = _query_store(db, fmt, ("table", "jsonl", "csv"), lambda store: store.events(
        actor=actor, source=source, target=target, country=country, type=type, cameo=cameo,
        since=since, until=until, text=text, include_modal=include_modal, distinct=distinct, limit=limit))
    if fmt == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        columns = list(rows[0]) if rows else []
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row[c] for c in columns])
    else:
        table = Table("date", "source", "event", "target", "modality", *(("reports",) if distinct else ()), "sentence")
        for row in rows:
            reports = (f"{row['mentions']} in {row['articles']}",) if distinct else ()
            table.add_row(str(row.get("date") or ""), str(row.get("source_name") or row.get("source_country") or ""),
                          f"{row.get('cameo_code')} {row.get('plover_type') or ''}",
                          str(row.get("target_name") or row.get("target_country") or ""), str(row.get("modality")),
                          *reports, str(row.get("sentence_text") or "")[:80])
        Console().print(table)


@app.command("export")
def export_events(
    db: Annotated[Path, typer.Option("--db", help="The SQLite store to export from.")] = Path("news.db"),
    fmt: Annotated[str | None, typer.Option("--format", help="gdelt, polecat, plover-jsonl, csv or parquet.")] = None,
    output: Annotated[str | None, typer.Option("-o", "--output", help="The file to write; - for stdout (not for parquet).")] = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Actor id, name or alias (source or target).")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Source country, ISO 3166 alpha-3.")] = None,
    target: Annotated[str | None, typer.Option("--target", help="Target country, ISO 3166 alpha-3.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Either side's country.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type, e.g. CONSULT.")] = None,
    cameo: Annotated[str | None, typer.Option("--cameo", help="CAMEO code or prefix, e.g. 04 or 042.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Events dated on or after this ISO date.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Events dated on or before this ISO date.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="Full-text query over the articles (FTS5 syntax).")] = None,
    include_modal: Annotated[bool, typer.Option("--include-modal", help="Also export negated, hypothetical, future and historical events.")] = False,
    distinct: Annotated[bool, typer.Option("--distinct", help="One record per happening, with its counts (GDELT NumMentions/NumArticles; csv/parquet/plover-jsonl mentions and articles).")] = False,
) -> None:
    """Export the stored events, with the filters of `dateline events`, as GDELT, POLECAT, PLOVER JSON Lines, CSV or Parquet.

    Every matching event is written (no limit); docs/exports.md describes each format's columns.
    Example: dateline export --db news.db --format gdelt -o events.tsv
    """
    import os

    from .errors import UsageError
    from .export import FORMATS, export
    from .store import open_store

    if fmt not in FORMATS:
        given = f"unknown --format {fmt!r}" if fmt else "no --format given"
        raise _fail(UsageError(given, hint=f"use one of {', '.join(FORMATS)}"))
    if not output:
        raise _fail(UsageError("no output file given", hint="give -o FILE, or -o - for stdout"))
    if output == "-" and fmt == "parquet":
        raise _fail(UsageError("parquet is a binary format and cannot be written to stdout",
                               hint="give a file name, e.g. -o events.parquet"))
    if not db.exists():
        raise _fail(DatelineError("no such store", where=str(db), hint="create it with `dateline ingest ... --db`"))
    filters = dict(actor=actor, source=source, target=target, country=country, type=type, cameo=cameo,
                   since=since, until=until, text=text, include_modal=include_modal, distinct=distinct)
    try:
        with open_store(db) as store:
            n = export(store, fmt, sys.stdout if output == "-" else output, **filters)
    except DatelineError as exc:
        raise _fail(exc)
    except BrokenPipeError:  # stdout closed early (| head): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1)
    if output == "-":
        sys.stdout.flush()
    _say(f"{n} events written to {'stdout' if output == '-' else output} ({fmt})")


@app.command()
def quotes(
    db: Annotated[Path, typer.Option("--db", help="The SQLite store to query.")] = Path("news.db"),
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker actor id, or part of a name or alias.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="direct or indirect.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show.")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
) -> None:
    """Query the stored quotations, by speaker or kind.

    Example: dateline quotes --db news.db --speaker Khamenei
    """
    rows = _query_store(db, fmt, ("table", "jsonl"), lambda store: store.quotes(speaker=speaker, kind=kind, limit=limit))
    if fmt == "jsonl":
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return
    table = Table("speaker", "kind", "cue", "text")
    for row in rows:
        table.add_row(str(row.get("speaker_name") or ""), str(row.get("kind")), str(row.get("cue") or ""),
                      str(row.get("text") or "")[:160])
    Console().print(table)


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="The SQLite store to serve (made by `dateline ingest`).")] = Path("news.db"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on; 127.0.0.1 keeps it to this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option("--token", envvar="DATELINE_TOKEN", show_envvar=True,
                                              help="Accept POST /api/articles with `Authorization: Bearer TOKEN`; without it the server is read-only.")] = None,
    max_body: Annotated[int, typer.Option("--max-body", help="Largest request body accepted, in bytes.")] = 2 * 1024 * 1024,
) -> None:
    """Serve a store over HTTP: the REST API under /api (docs at /api/docs) and the browser pages.

    Example: dateline serve --db news.db --port 8000
    """
    import ipaddress

    if not db.exists():
        raise _fail(DatelineError("no such store", where=str(db), hint="create it with `dateline ingest ... --db`"))
    if db.is_file():
        with db.open("rb") as head:
            magic = head.read(16)
        wal = db.with_name(db.name + "-wal")
        if (magic and magic != b"SQLite format 3\x00") or (not magic and not wal.exists()):
            raise _fail(DatelineError("not a dateline store (an empty or non-SQLite file)", where=str(db),
                                      hint="give the store `dateline ingest ... --db` made"))
    if max_body < 1:
        raise _fail(DatelineError(f"--max-body must be at least 1 byte, not {max_body}"))
    if not 0 <= port <= 65535:
        raise _fail(DatelineError(f"--port must be between 0 and 65535, not {port}"))
    import uvicorn

    from .serve.app import create_app

    try:
        web_app = create_app(db, token=token or None, max_body=max_body)
    except DatelineError as exc:
        raise _fail(exc)
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        _say(f"warning: listening on {host}: anyone who can reach this machine can read the store"
             + ("; the token travels unencrypted over plain HTTP" if token else " (read-only: no --token)"))
    shown = f"[{host}]" if ":" in host else host
    _say(f"serving {db} at http://{shown}:{port}/ (API docs: http://{shown}:{port}/api/docs; "
         f"{'POST /api/articles needs the token' if token else 'read-only'}); Ctrl-C stops")
    uvicorn.run(web_app, host=host, port=port, log_level="warning")


def _report(score: Any) -> None:
    """Run a scorer and print its figures as one JSON object on the last line; errors become one stderr line."""
    try:
        result = score()
    except DatelineError as exc:
        raise _fail(exc)
    print(json.dumps(result))


@app.command()
def actors(
    inputs: Annotated[list[str] | None, typer.Argument(help="Files, directories, globs or - to annotate; leave out to list the actors of --db.")] = None,
    db: Annotated[Path | None, typer.Option("--db", help="List the actors stored here (default news.db when no inputs are given).")] = None,
    name: Annotated[str | None, typer.Option("--name", help="With --db: actor id, or part of a name or alias.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="With --db: ISO 3166 alpha-3 country of the actor.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="With --db: rows to show.")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
    input_format: Annotated[str, typer.Option("--input-format", help=f"One of {', '.join(FORMATS)}.")] = "auto",
) -> None:
    """List canonical actors with their aliases and codes: of a store, or of inputs annotated now.

    Example: dateline actors --db news.db --name Raisi
    Example: dateline actors ../shared/seed/news_dump.txt
    """
    if fmt not in ("table", "jsonl"):
        raise _fail(DatelineError(f"unknown --format {fmt!r}", hint="use table or jsonl"))
    if not inputs:
        rows = _query_store(db or Path("news.db"), fmt, ("table", "jsonl"),
                            lambda store: store.actors(name=name, country=country, limit=limit))
        _print_actors(fmt, [(row, row["mentions"]) for row in rows])
        return
    if db is not None or name or country:
        raise _fail(DatelineError("--db, --name and --country query a store; give either them or inputs",
                                  hint="dateline actors --db news.db --name NAME, or dateline actors FILE"))
    from .actors import ActorIndex
    from .pipeline import RunStats, run

    index = ActorIndex()
    counts: dict[str, int] = {}
    stats = RunStats()
    with _progress() as progress:
        task = progress.add_task("annotating", total=None, rate="")
        for item in run(inputs, input_format=input_format, stats=stats, enrich=True):
            if isinstance(item, DatelineError):
                _say(item.render())
                continue
            for actor in item.actors:
                canonical = index.add(actor)
                counts[canonical.id] = counts.get(canonical.id, 0) + len(actor.mentions)
            progress.update(task, advance=1, description=f"{stats.articles} articles")
    found = sorted(index.actors(), key=lambda a: -counts.get(a.id, 0))
    records = []
    for actor in found:
        record = actor.to_dict()
        record.pop("mentions")
        records.append((record, counts.get(actor.id, 0)))
    _print_actors(fmt, records)
    raise typer.Exit(stats.exit_code)


def _print_actors(fmt: str, records: list[tuple[dict[str, Any], int]]) -> None:
    if fmt == "jsonl":
        for record, mentions in records:
            record = {k: v for k, v in record.items() if k != "mentions"}
            print(json.dumps({**record, "mention_count": mentions}, ensure_ascii=False))
        return
    table = Table("id", "name", "kind", "country", "sector", "title", "mentions", "aliases")
    for record, mentions in records:
        table.add_row(record["id"], record["name"], record["kind"], record.get("country") or "",
                      record.get("sector") or "", record.get("title") or "", str(mentions),
                      "; ".join((record.get("aliases") or [])[:8]))
    Console().print(table)


_HIGHLIGHT_STYLES = {"actor": "bold cyan", "place": "green", "time": "yellow", "quote": "italic magenta",
                     "trigger": "bold reverse red"}


@app.command()
def article(
    ref: Annotated[str, typer.Argument(help="Article id, a unique prefix of it (6+ characters), or its number in the store.")],
    db: Annotated[Path, typer.Option("--db", help="The SQLite store to read.")] = Path("news.db"),
    fmt: Annotated[str, typer.Option("--format", help="pretty (highlighted text) or json (the stored record and findings).")] = "pretty",
) -> None:
    """Show one stored article with its actors, places, times, event triggers and quotes highlighted.

    Colours: actors cyan, places green, times yellow, quotes magenta, event triggers reversed red;
    the events and quotes follow the text with their codes, dates and the rule that produced them.
    Example: dateline article 1 --db news.db
    """
    from rich.text import Text

    rows = _query_store(db, fmt, ("pretty", "json"), lambda store: [store.article(ref)])
    found = rows[0]
    if found is None:
        raise _fail(DatelineError(f"no article {ref!r} in the store", where=str(db),
                                  hint="list them with the REST API or `dateline events --format jsonl`"))
    if fmt == "json":
        print(json.dumps(found, ensure_ascii=False, indent=1))
        return
    body = found["body"]
    text = Text(body)
    spans: list[tuple[int, int, str]] = []
    spans += [(q["start"], q["end"], "quote") for q in found["quotes"] if q.get("start") is not None]
    spans += [(t["start"], t["end"], "time") for t in found["times"] if t.get("start") is not None]
    spans += [(p["start"], p["end"], "place") for p in found["places"] if p.get("start") is not None]
    spans += [(m["start"], m["end"], "actor") for m in found["mentions"] if m["field"] == "body"]
    spans += [(e["trigger_start"], e["trigger_end"], "trigger") for e in found["events"]
              if e.get("trigger_start") is not None]
    for start, end, kind in spans:  # later styles win where spans overlap: triggers over actors over quotes
        if 0 <= start < end <= len(body):
            text.stylize(_HIGHLIGHT_STYLES[kind], start, end)
    console = Console()
    head = f"[bold]{found['title'] or '(no title)'}[/bold]\n{found['published'] or '-'}"
    if found.get("dateline_place") or found.get("dateline_country"):
        head += " · " + ", ".join(x for x in (found.get("dateline_place"), found.get("dateline_country")) if x)
    console.print(Panel(head, subtitle=f"#{found['seq']} {found['id']}"))
    console.print(text)
    legend = Text("  ".join(f"{kind}" for kind in _HIGHLIGHT_STYLES))
    for kind, style in _HIGHLIGHT_STYLES.items():
        start = legend.plain.index(kind)
        legend.stylize(style, start, start + len(kind))
    console.print(legend)
    if found["events"]:
        table = Table("date", "source", "event", "target", "modality", "trigger", "pattern", title="events")
        for e in found["events"]:
            trigger = body[e["trigger_start"]:e["trigger_end"]] if e.get("trigger_start") is not None else ""
            table.add_row(str(e.get("date") or ""), str(e.get("source_name") or e.get("source_country") or ""),
                          f"{e.get('cameo_code')} {e.get('plover_type') or ''}",
                          str(e.get("target_name") or e.get("target_country") or ""), str(e.get("modality")),
                          trigger, str(e.get("pattern") or ""))
        console.print(table)
    if found["quotes"]:
        table = Table("speaker", "kind", "cue", "text", title="quotes")
        for q in found["quotes"]:
            table.add_row(str(q.get("speaker_name") or ""), str(q.get("kind")), str(q.get("cue") or ""),
                          str(q.get("text") or "")[:160])
        console.print(table)


@eval_app.command("extract")
def eval_extract(
    directory: Annotated[Path, typer.Argument(help="A folder laid out like the Scrapinghub benchmark: ground-truth.json and html/<id>.html.gz.")],
    text_dumps: Annotated[Path | None, typer.Option("--text-dumps", help="Score on these whole-page texts ({id: {articleBody}}) instead of the HTML.")] = None,
) -> None:
    """Score main-text extraction with 4-gram shingle precision/recall/F1.

    Example: dateline eval extract ../shared/eval/article_extraction/scrapinghub_aeb
    """
    from .evaluate.extract import evaluate_folder

    try:
        with _progress() as progress:
            task = progress.add_task("extracting", total=None, rate="")
            result = evaluate_folder(directory, text_dumps, on_page=lambda: progress.advance(task))
    except DatelineError as exc:
        raise _fail(exc)
    print(json.dumps(result))


@eval_app.command("geo")
def eval_geo(
    file: Annotated[Path, typer.Argument(help="GeoWebNews' GWN.xml or an LGL-style XML file such as TR-News.xml.")],
) -> None:
    """Score toponym spans and their resolution: span P/R/F1, accuracy within 161 km, mean and median error.

    Example: dateline eval geo ../shared/eval/geoparsing/tr_news/TR-News.xml
    """
    from .evaluate.geo import evaluate_geo

    _report(lambda: evaluate_geo(file, verbose=False))


@eval_app.command("timex")
def eval_timex(
    directory: Annotated[Path, typer.Argument(help="A folder of TimeML .tml files (searched recursively).")],
) -> None:
    """Score time expressions with TempEval-3 conventions: extent F1, value F1, type accuracy.

    Example: dateline eval timex ../shared/eval/temporal/tbaq_cleaned/TimeBank
    """
    from .evaluate.timex import evaluate_timex

    _report(lambda: evaluate_timex(directory))


@eval_app.command("ner")
def eval_ner(
    path: Annotated[Path, typer.Argument(help="A CoNLL-2003 file (token POS chunk NER per line).")],
    raw: Annotated[bool, typer.Option("--raw", help="Score the spaCy model alone, without dateline's entity rules.")] = False,
) -> None:
    """Score named entities with conlleval semantics (entity-level exact match, micro P/R/F1).

    Example: dateline eval ner ../shared/eval/ner/conll2003/eng.testa
    """
    from .evaluate.ner import evaluate_ner

    _report(lambda: evaluate_ner(path, rules=not raw))


@eval_app.command("quotes")
def eval_quotes(
    path: Annotated[Path, typer.Argument(help="A folder in PolNeAR's BRAT layout (.txt and .ann files), or a gold file in the seed's format (gold.json, its text read from beside it).")],
) -> None:
    """Score quotations: content F1 (exact and overlap), speaker accuracy and cue F1 on PolNeAR; recall, speaker
    accuracy and direct-quote precision on a seed-format gold file.

    Example: dateline eval quotes ../shared/eval/quotes/polnear/dev
    Example: dateline eval quotes ../shared/seed/gold.json
    """
    if path.is_file() and path.suffix.lower() == ".json":
        from .evaluate.seed import evaluate_seed_quotes

        _report(lambda: evaluate_seed_quotes(path))
        return
    from .evaluate.quotes import evaluate_quotes

    _report(lambda: evaluate_quotes(path))


@eval_app.command("plover")
def eval_plover(
    file: Annotated[Path, typer.Argument(help="A PLV TSV file (sentence, marked source/target, gold_root) or the PLOVER gold-record JSON.")],
    coder: Annotated[str | None, typer.Option("--coder", help="Event coder to score: dateline.hybrid_coder.v2 (the default here: the coder for one-event sentences) or dateline.rule_coder.v1 (the verb patterns alone, the default for articles).")] = None,
    cv: Annotated[bool, typer.Option("--cv", help="Cross-validate the type classifier on FILE instead (5 folds, each scored by a model fitted on the others; needs scikit-learn).")] = False,
) -> None:
    """Score PLOVER event types (accuracy, macro F1) and, where actors carry countries, (source, type, target) P/R/F1.

    The coder scored is the hybrid coder, the one for sentence-level data, unless --coder names another.
    Scoring the hybrid coder on the file its classifier was trained on is in-sample: the result then says
    "in_sample": true and a warning points to --cv.
    Example: dateline eval plover ../shared/eval/events/plover_gsr/PLOVER_GSR_CAMEO.json
    Example: dateline eval plover ../shared/eval/events/plover_gsr/PLOVER_GSR_CAMEO.json --coder dateline.rule_coder.v1
    Example: dateline eval plover ../shared/eval/events/zsp_plv/PLV_train.tsv --cv
    """
    from .evaluate.plover import evaluate_plover

    _check_coder(coder)
    if cv:
        def run() -> dict[str, Any]:
            from .train_types import cross_validate, prepare

            return cross_validate(prepare(file))

        _report(run)
        return

    def score() -> dict[str, Any]:
        result = evaluate_plover(file, coder=coder)
        if result.get("in_sample"):
            _say(f"{file} is the type classifier's training file: these figures are in-sample; use --cv")
        return result

    _report(score)


@eval_app.command("cameo")
def eval_cameo(
    file: Annotated[Path, typer.Argument(help="PETRARCH validation records (XML with <Sentence>, <EventCoding>, <Text>).")],
) -> None:
    """Score (source, target, CAMEO code) triples, exact and at root level, on records with real-world actors.

    Example: dateline eval cameo ../shared/eval/events/petrarch_validation/PETR.UnitTest.records.xml
    """
    from .evaluate.cameo import evaluate_cameo

    _report(lambda: evaluate_cameo(file))


@eval_app.command("events")
def eval_events(
    gold: Annotated[Path, typer.Argument(help="A gold file in the seed's format (gold.json); its text is read from beside it.")],
    coder: Annotated[str | None, typer.Option("--coder", help=CODER_HELP)] = None,
) -> None:
    """Score coded events against gold events: recall over must and all events, precision over asserted events.

    Example: dateline eval events ../shared/seed/gold.json
    """
    from .evaluate.seed import evaluate_seed

    _check_coder(coder)
    _report(lambda: evaluate_seed(gold, coder=coder))


@eval_app.command("seed")
def eval_seed(
    gold: Annotated[Path, typer.Argument(help="A gold file in the seed's format (gold.json); its text is read from beside it.")],
    coder: Annotated[str | None, typer.Option("--coder", help=CODER_HELP)] = None,
) -> None:
    """Score every part a seed-format gold file gives: clean articles, people, metonyms, organizations, places,
    dates, events and quotes.

    Example: dateline eval seed ../shared/seed/gold.json
    Example: dateline eval seed samples/gold.json
    """
    from .evaluate.seed import evaluate_gold

    _check_coder(coder)
    _report(lambda: evaluate_gold(gold, coder=coder))


@app.command()
def version() -> None:
    """Print dateline's version."""
    print(__version__)


def main() -> None:
    """Entry point of the ``dateline`` console script."""
    app()
