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
    except DatelineError as exc:
        raise _fail(exc)
    stats = RunStats()
    with _output(output) as out, _progress() as progress:
        task = progress.add_task("reading", total=None, rate="")
        console = Console(file=out, force_terminal=out.isatty() if hasattr(out, "isatty") else False)
        first = True
        if fmt == "json":
            out.write("[")
        for item in run(inputs, input_format=input_format, fields=fields, stats=stats, enrich=not clean_only):
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


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs or - (as for `dateline process`).")],
    db: Annotated[Path, typer.Option("--db", help="The SQLite store to create or add to.")] = Path("news.db"),
    batch_size: Annotated[int, typer.Option("--batch-size", help="Articles committed per transaction.")] = 32,
) -> None:
    """Run the pipeline and store articles, actors, mentions, times, places, events and quotes in SQLite.

    Keys derive from content: ingesting the same input again changes nothing, and a killed ingest
    finishes when run again. Example: dateline ingest ../shared/seed/news_dump.txt --db news.db
    """
    from .store import open_store

    try:
        with open_store(db) as store, _progress() as progress:
            task = progress.add_task("ingesting", total=None, rate="")

            def on_batch(stats: Any) -> None:
                elapsed = progress.tasks[0].elapsed or 0.0
                rate = f"{stats.articles_seen / elapsed:.1f} articles/s" if elapsed > 0 else ""
                progress.update(task, description=f"{stats.articles_seen} articles", rate=rate)

            stats = store.ingest(inputs, batch_size=batch_size, on_batch=on_batch)
            counts = store.counts()
    except DatelineError as exc:
        raise _fail(exc)
    for error in stats.errors:
        _say(error.render())
    _say(f"{stats.articles_new} new of {stats.articles_seen} articles stored in {db}; "
         + ", ".join(f"{k} {v}" for k, v in counts.items()))
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
    limit: Annotated[int, typer.Option("--limit", help="Rows to show.")] = 50,
    fmt: Annotated[str, typer.Option("--format", help="table, jsonl or csv.")] = "table",
) -> None:
    """Query the stored events with filters.

    Example: dateline events --db news.db --source IRN --type ACCUSE
    """
    rows = _query_store(db, fmt, ("table", "jsonl", "csv"), lambda store: store.events(
        actor=actor, source=source, target=target, country=country, type=type, cameo=cameo,
        since=since, until=until, text=text, include_modal=include_modal, limit=limit))
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
        table = Table("date", "source", "event", "target", "modality", "sentence")
        for row in rows:
            table.add_row(str(row.get("date") or ""), str(row.get("source_name") or row.get("source_country") or ""),
                          f"{row.get('cameo_code')} {row.get('plover_type') or ''}",
                          str(row.get("target_name") or row.get("target_country") or ""), str(row.get("modality")),
                          str(row.get("sentence_text") or "")[:80])
        Console().print(table)


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


def _report(score: Any) -> None:
    """Run a scorer and print its figures as one JSON object on the last line; errors become one stderr line."""
    try:
        result = score()
    except DatelineError as exc:
        raise _fail(exc)
    print(json.dumps(result))


@app.command()
def actors(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, globs or - (as for `dateline process`).")],
    fmt: Annotated[str, typer.Option("--format", help="table or jsonl.")] = "table",
    input_format: Annotated[str, typer.Option("--input-format", help=f"One of {', '.join(FORMATS)}.")] = "auto",
) -> None:
    """List the canonical actors of a whole corpus, merged across articles, with their aliases and codes.

    Example: dateline actors ../shared/seed/news_dump.txt
    """
    from .actors import ActorIndex
    from .pipeline import RunStats, run

    if fmt not in ("table", "jsonl"):
        raise _fail(DatelineError(f"unknown --format {fmt!r}", hint="use table or jsonl"))
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
    if fmt == "jsonl":
        for actor in found:
            record = actor.to_dict()
            record.pop("mentions")
            record["mention_count"] = counts.get(actor.id, 0)
            print(json.dumps(record, ensure_ascii=False))
    else:
        table = Table("id", "name", "kind", "country", "sector", "title", "mentions", "aliases")
        for actor in found:
            table.add_row(actor.id, actor.name, actor.kind, actor.country or "", actor.sector or "", actor.title or "",
                          str(counts.get(actor.id, 0)), "; ".join(actor.aliases[:8]))
        Console().print(table)
    raise typer.Exit(stats.exit_code)


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
    directory: Annotated[Path, typer.Argument(help="A folder in PolNeAR's BRAT layout (.txt and .ann files).")],
) -> None:
    """Score quotations: content F1 (exact and overlap), speaker accuracy and cue F1.

    Example: dateline eval quotes ../shared/eval/quotes/polnear/dev
    """
    from .evaluate.quotes import evaluate_quotes

    _report(lambda: evaluate_quotes(directory))


@eval_app.command("plover")
def eval_plover(
    file: Annotated[Path, typer.Argument(help="A PLV TSV file (sentence, marked source/target, gold_root) or the PLOVER gold-record JSON.")],
) -> None:
    """Score PLOVER event types (accuracy, macro F1) and, where actors carry countries, (source, type, target) P/R/F1.

    Example: dateline eval plover ../shared/eval/events/zsp_plv/PLV_train.tsv
    """
    from .evaluate.plover import evaluate_plover

    _report(lambda: evaluate_plover(file))


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
) -> None:
    """Score coded events against gold events: recall over must and all events, precision over asserted events.

    Example: dateline eval events ../shared/seed/gold.json
    """
    from .evaluate.seed import evaluate_seed

    _report(lambda: evaluate_seed(gold))


@app.command()
def version() -> None:
    """Print dateline's version."""
    print(__version__)


def main() -> None:
    """Entry point of the ``dateline`` console script."""
    app()
