"""A SQLite store for dateline's output: articles, actors, events and quotes, queryable.

``open_store(path)`` opens (or creates) a database file in WAL mode with foreign
keys on and applies any schema migrations not yet recorded in ``migrations``.
``Store.ingest(inputs)`` runs the enriching pipeline and commits every
``batch_size`` articles; every row is keyed by a content-derived id and written
with ``INSERT OR IGNORE``, so adding the same articles again changes nothing and
re-running an interrupted ingest finishes the job with the same result as an
uninterrupted run.

Full-text search: ``articles_fts(title, body)`` is an FTS5 *external-content*
table over ``articles``. Its rowid is ``articles.seq``, an explicit integer
column (not the implicit rowid, which ``VACUUM`` may renumber); triggers keep
the index in step when articles are inserted or deleted. ``seq`` is the
article's arrival number (1, 2, ...) and is the same for the same inputs added
in the same order.

Actors are canonical across articles: each article's actor is merged with the
stored one the way ``dateline.actors.ActorIndex`` merges them (people whose
keys agree but whose countries conflict get the id ``<id>-<COUNTRY>``); empty
fields are filled, never overwritten, and aliases accumulate. Mentions and
event/quote actor columns hold the canonical ids.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .actors import Actor, ActorIndex
from .errors import DatelineError, InputError, UsageError
from .records import Article

# ---------------------------------------------------------------------------
# schema

HAPPENING = ("COALESCE(source_actor, source_country, '') || '|' || COALESCE(target_actor, target_country, '') || '|'"
             " || COALESCE(substr(cameo_code, 1, 3), '') || '|' || COALESCE(date, '') || '|'"
             " || COALESCE(modality, 'asserted')")
"""What makes two event records one happening (``events.happening``): the same source and target (canonical
actor, else country), the same CAMEO base code (three digits), the same date and the same modality. Articles
reporting one event, or one article mentioning it twice, give records with one key; ``distinct=True``
queries keep one record per key with ``mentions`` and ``articles`` counts. Triggers keep the column on every
insert and update; it is stored rather than generated, so listings do not recompute it for each row they
sort or skip."""

MIGRATIONS: list[tuple[int, str]] = [
    (
        1,
        """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    title TEXT,
    published TEXT,
    dateline_place TEXT,
    dateline_country TEXT,
    language TEXT,
    url TEXT,
    source_file TEXT,
    body TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);

CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    title TEXT,
    affiliation TEXT
);
CREATE INDEX actors_name ON actors(name);

CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    alias TEXT NOT NULL,
    PRIMARY KEY (actor_id, alias)
);
CREATE INDEX actor_aliases_alias ON actor_aliases(alias);

CREATE TABLE mentions (
    article_id TEXT NOT NULL REFERENCES articles(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    field TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT,
    kind TEXT,
    rule TEXT,
    PRIMARY KEY (article_id, field, start, "end")
);
CREATE INDEX mentions_actor ON mentions(actor_id);

CREATE TABLE times (
    article_id TEXT NOT NULL REFERENCES articles(id),
    n INTEGER NOT NULL,
    start INTEGER,
    "end" INTEGER,
    text TEXT,
    type TEXT,
    value TEXT,
    rule TEXT,
    PRIMARY KEY (article_id, n)
);

CREATE TABLE places (
    article_id TEXT NOT NULL REFERENCES articles(id),
    n INTEGER NOT NULL,
    start INTEGER,
    "end" INTEGER,
    name TEXT,
    country TEXT,
    admin1 TEXT,
    lat REAL,
    lon REAL,
    feature TEXT,
    resolution TEXT,
    geonameid INTEGER,
    rule TEXT,
    PRIMARY KEY (article_id, n)
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    source_actor TEXT,
    source_name TEXT,
    source_country TEXT,
    target_actor TEXT,
    target_name TEXT,
    target_country TEXT,
    cameo_code TEXT,
    cameo_root TEXT,
    goldstein REAL,
    quad INTEGER,
    plover_type TEXT,
    plover_mode TEXT,
    date TEXT,
    date_precision TEXT,
    date_basis TEXT,
    place_name TEXT,
    place_country TEXT,
    lat REAL,
    lon REAL,
    modality TEXT,
    sentence_start INTEGER,
    sentence_end INTEGER,
    sentence_text TEXT,
    trigger_start INTEGER,
    trigger_end INTEGER,
    pattern TEXT,
    confidence REAL
);
CREATE INDEX events_article ON events(article_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_source ON events(source_country);
CREATE INDEX events_target ON events(target_country);
CREATE INDEX events_plover ON events(plover_type);

CREATE TABLE quotes (
    id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles(id),
    kind TEXT,
    text TEXT,
    start INTEGER,
    "end" INTEGER,
    cue TEXT,
    speaker_actor TEXT,
    speaker_name TEXT,
    speaker_country TEXT,
    record TEXT NOT NULL,
    PRIMARY KEY (article_id, id)
);
CREATE INDEX quotes_speaker ON quotes(speaker_actor);

CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', content_rowid='seq');
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, body) VALUES (new.seq, new.title, new.body);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', old.seq, old.title, old.body);
END;
""",
    ),
    (
        2,
        """
ALTER TABLE articles ADD COLUMN pipeline_version TEXT;
CREATE INDEX events_source_actor ON events(source_actor);
CREATE INDEX events_target_actor ON events(target_actor);
CREATE INDEX events_cameo_root ON events(cameo_root);
CREATE INDEX events_place_country ON events(place_country);
CREATE INDEX mentions_article ON mentions(article_id);
CREATE INDEX quotes_article ON quotes(article_id);
""",
    ),
    (
        3,
        """
CREATE INDEX events_aggregate ON events(modality, date, quad, goldstein, source_actor, target_actor,
                                        source_country, target_country);
""",
    ),
    (
        4,
        f"""
ALTER TABLE events ADD COLUMN happening TEXT;
UPDATE events SET happening = {HAPPENING};
CREATE INDEX events_happening ON events(happening);
CREATE TRIGGER events_happening_insert AFTER INSERT ON events BEGIN
    UPDATE events SET happening = {HAPPENING} WHERE rowid = new.rowid;
END;
CREATE TRIGGER events_happening_update AFTER UPDATE OF source_actor, source_country, target_actor, target_country,
    cameo_code, date, modality ON events BEGIN
    UPDATE events SET happening = {HAPPENING} WHERE rowid = new.rowid;
END;
""",
    ),
    (
        5,
        """
CREATE TABLE speaker_names (name TEXT PRIMARY KEY) WITHOUT ROWID;
INSERT OR IGNORE INTO speaker_names(name) SELECT speaker_name FROM quotes WHERE speaker_name IS NOT NULL;
CREATE INDEX quotes_speaker_name ON quotes(speaker_name);
""",
    ),
    (
        6,
        """
ALTER TABLE events ADD COLUMN plover_context TEXT;
""",
    ),
]
"""Numbered schema scripts, applied in order, each inside one transaction, each recorded in ``migrations``."""

TABLES = ("articles", "actors", "actor_aliases", "mentions", "times", "places", "events", "quotes")

_MATCHING_ARTICLES = "SELECT a.id FROM articles_fts f JOIN articles a ON a.seq = f.rowid WHERE articles_fts MATCH ?"
"""Ids of the articles whose title or body match an FTS5 query (one parameter)."""

_HINT_NOT_DB = "give the path of a dateline store (a SQLite file) or of a new file to create"


def _statements(script: str) -> list[str]:
    """Split a script into complete SQL statements (trigger bodies kept whole)."""
    statements: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


# ---------------------------------------------------------------------------
# opening


def open_store(path: str | Path) -> Store:
    """Open (creating if needed) the store at ``path`` and bring its schema up to date.

    Raises ``InputError`` when the file is not a SQLite database (or cannot be opened).
    """
    where = str(path)
    if Path(path).is_dir():
        raise InputError("is a directory, not a store file", where=where, hint=_HINT_NOT_DB)
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=30.0)
    except sqlite3.Error as exc:
        raise InputError(f"cannot open the store: {exc}", where=where, hint=_HINT_NOT_DB) from exc
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise InputError(f"cannot switch the store to WAL mode (got {mode!r})", where=where,
                             hint="put the store on a local file system")
        _migrate(conn, where)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise InputError(f"not a SQLite database ({exc})", where=where, hint=_HINT_NOT_DB) from exc
    except DatelineError:
        conn.close()
        raise
    return Store(conn, where)


def _schema_version(conn: sqlite3.Connection) -> int:
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").fetchone():
        return 0
    return conn.execute("SELECT COALESCE(MAX(version), 0) FROM migrations").fetchone()[0]


def _migrate(conn: sqlite3.Connection, where: str) -> None:
    if _schema_version(conn) == MIGRATIONS[-1][0]:
        return  # up to date: no write lock taken, so readers never wait on a writer here
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = {row[0] for row in conn.execute("SELECT version FROM migrations")}
        known = {version for version, _ in MIGRATIONS}
        newer = sorted(applied - known)
        if newer:
            raise InputError(f"store has schema version {newer[-1]}, newer than this dateline knows ({max(known)})",
                             where=where, hint="upgrade dateline to open this store")
        for version, script in MIGRATIONS:
            if version in applied:
                continue
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute("INSERT INTO migrations(version, applied_at) VALUES (?, datetime('now'))", (version,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


# ---------------------------------------------------------------------------
# the store


@dataclass
class IngestStats:
    """What an ingest did: articles read from the inputs, new ones stored, batches committed, errors skipped."""

    articles_seen: int = 0
    articles_new: int = 0
    batches: int = 0
    errors: list[DatelineError] = field(default_factory=list)
    run: Any = None
    """The pipeline's ``RunStats`` (inputs read and failed, records skipped, warnings)."""


class Store:
    """A dateline store: call ``add_articles``/``ingest`` to fill it and the query helpers to read it."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn = conn
        self.path = path

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article], refresh: bool = False) -> int:
        """Store a batch of articles in one transaction; returns how many were new or replaced.

        Articles already stored (same content id) are left as they are, unless
        ``refresh`` is given and they were stored by another pipeline version: then
        their rows are replaced by the new results.
        """
        from .pipeline import pipeline_version

        conn = self.conn
        new = 0
        version = pipeline_version()
        conn.execute("BEGIN IMMEDIATE")
        try:
            for article in articles:
                if refresh:
                    self._drop_if_stale(article.id, version)
                new += self._add_article(article, version)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return new

    def _drop_if_stale(self, article_id: str, version: str) -> None:
        """Delete an article stored by another pipeline version, with everything found in it (not its actors)."""
        conn = self.conn
        row = conn.execute("SELECT pipeline_version FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None or row[0] == version:
            return
        for table in ("mentions", "times", "places", "events", "quotes"):
            conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def stale(self) -> int:
        """How many stored articles another pipeline version produced (``ingest --refresh`` redoes them)."""
        from .pipeline import pipeline_version

        return self.conn.execute("SELECT COUNT(*) FROM articles WHERE pipeline_version IS NOT ?",
                                 (pipeline_version(),)).fetchone()[0]

    def _add_article(self, article: Article, version: str) -> int:
        conn = self.conn
        if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
            return 0
        record = article.to_dict()
        seq = conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM articles").fetchone()[0]
        conn.execute(
            "INSERT OR IGNORE INTO articles(id, seq, title, published, dateline_place, dateline_country, language,"
            " url, source_file, body, record, pipeline_version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (article.id, seq, article.title, article.published, article.dateline.place, article.dateline.country,
             article.language, article.url, article.source.file, article.body,
             json.dumps(record, ensure_ascii=False, sort_keys=True), version),
        )
        canonical: dict[str, str] = {}
        for actor in article.actors:
            actor = actor if isinstance(actor, Actor) else _actor_from_dict(actor)
            cid = self._merge_actor(actor)
            canonical[actor.id] = cid
            for m in actor.mentions:
                conn.execute(
                    'INSERT OR IGNORE INTO mentions(article_id, actor_id, field, start, "end", text, kind, rule)'
                    " VALUES (?,?,?,?,?,?,?,?)",
                    (article.id, cid, m.field, m.start, m.end, m.text, m.kind, m.rule),
                )
        for n, t in enumerate(record["times"]):
            conn.execute(
                'INSERT OR IGNORE INTO times(article_id, n, start, "end", text, type, value, rule) VALUES (?,?,?,?,?,?,?,?)',
                (article.id, n, t.get("start"), t.get("end"), t.get("text"), t.get("type"), _text(t.get("value")),
                 t.get("rule")),
            )
        for n, p in enumerate(record["places"]):
            conn.execute(
                'INSERT OR IGNORE INTO places(article_id, n, start, "end", name, country, admin1, lat, lon, feature,'
                " resolution, geonameid, rule) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (article.id, n, p.get("start"), p.get("end"), p.get("name"), p.get("country"), p.get("admin1"),
                 p.get("lat"), p.get("lon"), p.get("feature"), p.get("resolution"), p.get("geonameid"), p.get("rule")),
            )
        for e in record["events"]:
            src, tgt = e.get("source") or {}, e.get("target") or {}
            cameo, plover = e.get("cameo") or {}, e.get("plover") or {}
            date, place = e.get("date") or {}, e.get("place") or {}
            sent, trig = e.get("sentence") or {}, e.get("trigger") or {}
            conn.execute(
                "INSERT OR IGNORE INTO events(id, article_id, source_actor, source_name, source_country, target_actor,"
                " target_name, target_country, cameo_code, cameo_root, goldstein, quad, plover_type, plover_mode,"
                " date, date_precision, date_basis, place_name, place_country, lat, lon, modality, sentence_start,"
                " sentence_end, sentence_text, trigger_start, trigger_end, pattern, confidence, plover_context)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (e["id"], article.id, canonical.get(src.get("actor"), src.get("actor")), src.get("name"),
                 src.get("country"), canonical.get(tgt.get("actor"), tgt.get("actor")), tgt.get("name"),
                 tgt.get("country"), cameo.get("code"), cameo.get("root"), cameo.get("goldstein"), cameo.get("quad"),
                 plover.get("type"), plover.get("mode"), date.get("value"), date.get("precision"), date.get("basis"),
                 place.get("name"), place.get("country"), place.get("lat"), place.get("lon"), e.get("modality"),
                 sent.get("start"), sent.get("end"), sent.get("text"), trig.get("start"), trig.get("end"),
                 e.get("pattern"), e.get("confidence"), plover.get("context")),
            )
        for q in record["quotes"]:
            speaker = q.get("speaker") or {}
            conn.execute(
                'INSERT OR IGNORE INTO quotes(id, article_id, kind, text, start, "end", cue, speaker_actor,'
                " speaker_name, speaker_country, record) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (q["id"], article.id, q.get("kind"), q.get("text"), q.get("start"), q.get("end"), q.get("cue"),
                 canonical.get(speaker.get("actor"), speaker.get("actor")), speaker.get("name"),
                 speaker.get("country"), json.dumps(q, ensure_ascii=False, sort_keys=True)),
            )
            if speaker.get("name"):
                conn.execute("INSERT OR IGNORE INTO speaker_names(name) VALUES (?)", (speaker["name"],))
        return 1

    def _merge_actor(self, actor: Actor) -> str:
        """Merge one article's actor into the stored actors (as ``ActorIndex.add`` does); returns the canonical id."""
        conn = self.conn
        index = ActorIndex()
        candidates = [actor.id] + ([f"{actor.id}-{actor.country}"] if actor.country else [])
        for cid in candidates:
            row = conn.execute("SELECT * FROM actors WHERE id = ?", (cid,)).fetchone()
            if row is not None:
                stored = Actor(id=row["id"], name=row["name"], kind=row["kind"], country=row["country"],
                               sector=row["sector"], title=row["title"], affiliation=row["affiliation"])
                stored.aliases = [r[0] for r in conn.execute(
                    "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", (cid,))]
                index.by_id[cid] = stored
        merged = index.add(actor)
        conn.execute(
            "INSERT INTO actors(id, name, kind, country, sector, title, affiliation) VALUES (?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET country = COALESCE(actors.country, excluded.country),"
            " sector = COALESCE(actors.sector, excluded.sector), title = COALESCE(actors.title, excluded.title),"
            " affiliation = COALESCE(actors.affiliation, excluded.affiliation)",
            (merged.id, merged.name, merged.kind, merged.country, merged.sector, merged.title, merged.affiliation),
        )
        for alias in merged.aliases:
            conn.execute("INSERT OR IGNORE INTO actor_aliases(actor_id, alias) VALUES (?, ?)", (merged.id, alias))
        return merged.id

    def ingest(self, inputs: list[str], batch_size: int = 32,
               on_batch: Callable[[IngestStats], None] | None = None, refresh: bool = False,
               coder: str | None = None, client: Any = None) -> IngestStats:
        """Run the enriching pipeline over ``inputs`` and store the articles, committing every ``batch_size``.

        A killed ingest loses at most the batch in flight; running it again over the
        same inputs skips what is stored and finishes the job. Inputs that had to be
        skipped are listed in ``stats.errors``. With ``refresh``, articles stored by
        another pipeline version are processed again and replaced. With a Dask ``client``
        (``dateline.scale.cluster``) the annotation runs on its workers; the store comes out the same.
        """
        from . import pipeline

        if batch_size < 1:
            raise UsageError(f"batch size must be at least 1, not {batch_size}")
        stats = IngestStats(run=pipeline.RunStats())
        pending: list[Article] = []

        def flush() -> None:
            stats.articles_new += self.add_articles(pending, refresh=refresh)
            stats.batches += 1
            pending.clear()
            if on_batch is not None:
                on_batch(stats)

        if client is not None:
            from .scale import run_distributed

            items = run_distributed(inputs, client, stats=stats.run, coder=coder)
        else:
            items = pipeline.run(inputs, enrich=True, stats=stats.run, coder=coder)
        for item in items:
            if isinstance(item, DatelineError):
                stats.errors.append(item)
                continue
            stats.articles_seen += 1
            pending.append(item)
            if len(pending) >= batch_size:
                flush()
        if pending:
            flush()
        return stats

    # -- reading -------------------------------------------------------------
    #
    # Every listing comes in two calls with the same filters: ``events(...)`` gives
    # one page of rows, ``count_events(...)`` how many rows match in all. Values
    # always travel as SQL parameters, never inside the SQL text.

    def query(self, sql: str, params: Iterable[Any], text: str | None = None) -> list[dict[str, Any]]:
        """Rows of a read query as dicts; values always travel as ``params``. ``text``: the full-text query
        the SQL uses, named in the error when FTS5 rejects it."""
        try:
            return [dict(row) for row in self.conn.execute(sql, tuple(params))]
        except sqlite3.OperationalError as exc:
            if text is not None:
                raise UsageError(f"bad search text {text!r}: {exc}",
                                 hint='use words, "quoted phrases", AND/OR/NOT (FTS5 query syntax)') from exc
            raise

    def _count(self, sql: str, params: list[Any], text: str | None = None) -> int:
        return int(self.query(f"SELECT COUNT(*) AS n FROM ({sql})", params, text=text)[0]["n"])

    @staticmethod
    def _actor_ids(column: str) -> str:
        return (f"{column} IN (SELECT id FROM actors WHERE id = ? OR name = ? COLLATE NOCASE"
                " UNION SELECT actor_id FROM actor_aliases WHERE alias = ? COLLATE NOCASE)")

    def events_sql(self, actor: str | None = None, source: str | None = None, target: str | None = None,
                   country: str | None = None, type: str | None = None, cameo: str | None = None,
                   since: str | None = None, until: str | None = None, text: str | None = None,
                   include_modal: bool = False, article: str | None = None,
                   dyad: tuple[str, str] | None = None, distinct: bool = False) -> tuple[str, list[Any]]:
        """The SQL (and its parameters) selecting the events ``events`` lists with these filters, unordered,
        as rows of alias ``e``: aggregate views wrap it (``dateline.serve.aggregate``), so their counts equal
        the listing's. ``distinct``: one row per happening (see ``HAPPENING``), its first report (earliest
        stored article, then smallest id), with ``mentions`` (matching records) and ``articles`` (articles)."""
        where: list[str] = []
        params: list[Any] = []
        if actor:
            where.append(f"({self._actor_ids('e.source_actor')} OR {self._actor_ids('e.target_actor')})")
            params += [actor] * 6
        if dyad:
            a, b = dyad
            side = "(e.source_actor = ? OR e.source_country = ?)"
            other = "(e.target_actor = ? OR e.target_country = ?)"
            where.append(f"(({side} AND {other}) OR ({side} AND {other}))")
            params += [a, a.upper(), b, b.upper(), b, b.upper(), a, a.upper()]
        if source:
            where.append("e.source_country = ?")
            params.append(source.upper())
        if target:
            where.append("e.target_country = ?")
            params.append(target.upper())
        if country:
            where.append("(e.source_country = ? OR e.target_country = ? OR e.place_country = ?)")
            params += [country.upper()] * 3
        if type:
            where.append("e.plover_type = ?")
            params.append(type.upper())
        if cameo:
            where.append("substr(e.cameo_code, 1, ?) = ?")
            params += [len(cameo), cameo]
        if since:
            where.append("e.date >= ?")
            params.append(since)
        if until:
            where.append("e.date <= ?")
            params.append(until)
        if text:
            where.append(f"e.article_id IN ({_MATCHING_ARTICLES})")
            params.append(text)
        if article:
            where.append("e.article_id = ?")
            params.append(article)
        if not include_modal:
            where.append("COALESCE(e.modality, 'asserted') = 'asserted'")
        sql = "SELECT e.* FROM events e"
        if where:
            sql += " WHERE " + " AND ".join(where)
        if distinct:
            # SQLite takes a bare column of a group from the row that holds the group's MIN()
            first = ("SELECT d.id AS first, MIN(printf('%012d|%s', a.seq, d.id)) AS rank, COUNT(*) AS mentions,"
                     " COUNT(DISTINCT d.article_id) AS articles"
                     f" FROM ({sql}) d JOIN articles a ON a.id = d.article_id GROUP BY d.happening")
            return (f"SELECT e.*, g.mentions, g.articles FROM ({sql}) e JOIN ({first}) g ON g.first = e.id",
                    [*params, *params])
        return sql, params

    def events(self, actor: str | None = None, source: str | None = None, target: str | None = None,
               country: str | None = None, type: str | None = None, cameo: str | None = None,
               since: str | None = None, until: str | None = None, text: str | None = None,
               include_modal: bool = False, article: str | None = None, dyad: tuple[str, str] | None = None,
               distinct: bool = False, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Events matching every filter given, ordered by date then id.

        ``actor``: an actor id, or a name/alias (exact, case-insensitive) as source or target;
        ``source``/``target``: ISO3 country of that side; ``country``: either side or the event's
        place; ``type``: PLOVER type; ``cameo``: CAMEO code prefix; ``since``/``until``: ISO
        dates, inclusive (compared as text, so ``until="2025-03"`` keeps ``2025-03`` but not
        ``2025-03-12``); ``text``: FTS5 query on the article's title and body; ``article``: one
        article's id; ``dyad``: two actor ids or ISO3 countries, events between them either way.
        Modal events (modality other than ``asserted``) are left out unless ``include_modal``.
        ``distinct``: one record per happening (several reports of one event: see ``HAPPENING``), the
        first report, with ``mentions`` and ``articles`` counting the matching records and their articles.
        """
        sql, params = self.events_sql(actor, source, target, country, type, cameo, since, until, text,
                                      include_modal, article, dyad, distinct)
        sql += " ORDER BY e.date, e.id LIMIT ? OFFSET ?"
        return self.query(sql, [*params, int(limit), int(offset)], text=text)

    def count_events(self, actor: str | None = None, source: str | None = None, target: str | None = None,
                     country: str | None = None, type: str | None = None, cameo: str | None = None,
                     since: str | None = None, until: str | None = None, text: str | None = None,
                     include_modal: bool = False, article: str | None = None,
                     dyad: tuple[str, str] | None = None, distinct: bool = False) -> int:
        """How many events ``events`` would list with these filters and no limit (with ``distinct``: how
        many happenings)."""
        sql, params = self.events_sql(actor, source, target, country, type, cameo, since, until, text,
                                      include_modal, article, dyad)
        if distinct:
            return int(self.query(f"SELECT COUNT(DISTINCT e.happening) AS n FROM ({sql}) e", params,
                                  text=text)[0]["n"])
        return self._count(sql, params, text=text)

    def _actors_sql(self, name: str | None = None, country: str | None = None,
                    kind: str | None = None) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if name:
            where.append("(a.id = ? OR a.name LIKE ? ESCAPE '\\' OR a.id IN"
                         " (SELECT actor_id FROM actor_aliases WHERE alias LIKE ? ESCAPE '\\'))")
            pattern = "%" + _like(name) + "%"
            params += [name, pattern, pattern]
        if country:
            where.append("a.country = ?")
            params.append(country.upper())
        if kind:
            where.append("a.kind = ?")
            params.append(kind)
        sql = "SELECT a.* FROM actors a"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql, params

    def actors(self, name: str | None = None, country: str | None = None, kind: str | None = None,
               limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Actors whose id is ``name`` or whose name or an alias contains it, most mentioned first.

        Each row carries ``aliases`` and counts of ``mentions``, ``events`` (as source or
        target) and ``quotes`` (as speaker).
        """
        sql, params = self._actors_sql(name, country, kind)
        return self._actor_rows(sql, params, limit, offset)

    def _actor_rows(self, sql: str, params: list[Any], limit: int, offset: int) -> list[dict[str, Any]]:
        """The actors selected by ``sql``, with aliases and counts, most mentioned first."""
        sql = ("SELECT x.*, (SELECT COUNT(*) FROM mentions m WHERE m.actor_id = x.id) AS mentions,"
               " (SELECT COUNT(*) FROM events e WHERE e.source_actor = x.id) +"
               " (SELECT COUNT(*) FROM events e WHERE e.target_actor = x.id) AS events,"
               " (SELECT COUNT(*) FROM quotes q WHERE q.speaker_actor = x.id) AS quotes"
               f" FROM ({sql}) x ORDER BY mentions DESC, x.name, x.id LIMIT ? OFFSET ?")
        rows = self.query(sql, [*params, int(limit), int(offset)])
        for row in rows:
            row["aliases"] = [r[0] for r in self.conn.execute(
                "SELECT alias FROM actor_aliases WHERE actor_id = ? ORDER BY alias", (row["id"],))]
        return rows

    def count_actors(self, name: str | None = None, country: str | None = None, kind: str | None = None) -> int:
        """How many actors ``actors`` would list with these filters and no limit."""
        sql, params = self._actors_sql(name, country, kind)
        return self._count(sql, params)

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One event by id (whatever its modality), or None."""
        rows = self.query("SELECT * FROM events WHERE id = ?", [event_id])
        return rows[0] if rows else None

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        """One actor by id with its aliases and counts, or None."""
        rows = self._actor_rows("SELECT a.* FROM actors a WHERE a.id = ?", [actor_id], 1, 0)
        return rows[0] if rows else None

    def _quotes_sql(self, speaker: str | None = None, article: str | None = None,
                    kind: str | None = None, text: str | None = None) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if speaker:
            pattern = "%" + _like(speaker) + "%"
            # the name is looked up in the small tables of distinct names, then quotes by index
            where.append("(q.speaker_actor = ? OR q.speaker_name IN"
                         " (SELECT name FROM speaker_names WHERE name LIKE ? ESCAPE '\\') OR q.speaker_actor IN"
                         " (SELECT id FROM actors WHERE name LIKE ? ESCAPE '\\'"
                         " UNION SELECT actor_id FROM actor_aliases WHERE alias LIKE ? ESCAPE '\\'))")
            params += [speaker, pattern, pattern, pattern]
        if article:
            where.append("q.article_id = ?")
            params.append(article)
        if kind:
            where.append("q.kind = ?")
            params.append(kind)
        if text:
            where.append(f"q.article_id IN ({_MATCHING_ARTICLES})")
            params.append(text)
        sql = "SELECT q.*, a.seq AS article_seq FROM quotes q JOIN articles a ON a.id = q.article_id"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql, params

    def quotes(self, speaker: str | None = None, article: str | None = None, kind: str | None = None,
               text: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Quotes, optionally by speaker (actor id, or a name/alias containing ``speaker``), article, kind or text."""
        sql, params = self._quotes_sql(speaker, article, kind, text)
        sql += " ORDER BY article_seq, q.start, q.id LIMIT ? OFFSET ?"
        rows = self.query(sql, [*params, int(limit), int(offset)], text=text)
        for row in rows:
            row.pop("article_seq", None)
            row["record"] = json.loads(row["record"])
        return rows

    def count_quotes(self, speaker: str | None = None, article: str | None = None, kind: str | None = None,
                     text: str | None = None) -> int:
        """How many quotes ``quotes`` would list with these filters and no limit."""
        sql, params = self._quotes_sql(speaker, article, kind, text)
        return self._count(sql, params, text=text)

    _ARTICLE_COLUMNS = ("a.id, a.seq, a.title, a.published, a.dateline_place, a.dateline_country, a.language,"
                        " a.url, a.source_file, a.pipeline_version")

    def _articles_sql(self, text: str | None = None, since: str | None = None, until: str | None = None,
                      country: str | None = None, actor: str | None = None) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if text:
            where.append("a.seq IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(text)
        if since:
            where.append("a.published >= ?")
            params.append(since)
        if until:
            where.append("a.published <= ?")
            params.append(until)
        if country:
            where.append("(a.dateline_country = ? OR a.id IN (SELECT article_id FROM events"
                         " WHERE source_country = ? OR target_country = ? OR place_country = ?))")
            params += [country.upper()] * 4
        if actor:
            where.append(f"a.id IN (SELECT article_id FROM mentions m WHERE {self._actor_ids('m.actor_id')})")
            params += [actor] * 3
        sql = f"SELECT {self._ARTICLE_COLUMNS} FROM articles a"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql, params

    def articles(self, text: str | None = None, since: str | None = None, until: str | None = None,
                 country: str | None = None, actor: str | None = None,
                 limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Article summaries (no body), in arrival order, with counts of their ``events`` and ``quotes``.

        ``text``: FTS5 query on title and body; ``since``/``until``: publication date;
        ``country``: the dateline's country or a country in one of the article's events;
        ``actor``: an actor id, name or alias mentioned in the article.
        """
        sql, params = self._articles_sql(text, since, until, country, actor)
        sql = ("SELECT x.*, (SELECT COUNT(*) FROM events e WHERE e.article_id = x.id) AS events,"
               " (SELECT COUNT(*) FROM quotes q WHERE q.article_id = x.id) AS quotes"
               f" FROM ({sql}) x ORDER BY x.seq LIMIT ? OFFSET ?")
        return self.query(sql, [*params, int(limit), int(offset)], text=text)

    def count_articles(self, text: str | None = None, since: str | None = None, until: str | None = None,
                       country: str | None = None, actor: str | None = None) -> int:
        """How many articles ``articles`` would list with these filters and no limit."""
        sql, params = self._articles_sql(text, since, until, country, actor)
        return self._count(sql, params, text=text)

    def article(self, ref: str | int) -> dict[str, Any] | None:
        """One article in full: its record plus the stored mentions, times, places, events and quotes.

        ``ref`` is the article id, a unique prefix of it (at least 6 characters), or its
        arrival number (``seq``). Mentions and events name canonical actor ids. None when
        nothing matches.
        """
        conn = self.conn
        ref = str(ref)
        row = None
        if ref.isdigit():
            row = conn.execute("SELECT * FROM articles WHERE seq = ?", (int(ref),)).fetchone()
        if row is None:
            row = conn.execute("SELECT * FROM articles WHERE id = ?", (ref,)).fetchone()
        if row is None and len(ref) >= 6:
            found = conn.execute("SELECT * FROM articles WHERE id LIKE ? ESCAPE '\\' LIMIT 2",
                                 (_like(ref) + "%",)).fetchall()
            if len(found) > 1:
                raise UsageError(f"article id prefix {ref!r} is ambiguous", hint="give more of the id")
            row = found[0] if found else None
        if row is None:
            return None
        out = dict(row)
        out["record"] = json.loads(out["record"])
        aid = out["id"]
        out["mentions"] = self.query('SELECT m.*, a.name AS actor_name, a.country AS actor_country, a.kind AS actor_kind'
                                      ' FROM mentions m JOIN actors a ON a.id = m.actor_id WHERE m.article_id = ?'
                                      ' ORDER BY m.field, m.start', [aid])
        out["times"] = self.query("SELECT * FROM times WHERE article_id = ? ORDER BY n", [aid])
        out["places"] = self.query("SELECT * FROM places WHERE article_id = ? ORDER BY n", [aid])
        out["events"] = self.events(article=aid, include_modal=True, limit=100000)
        out["quotes"] = self.quotes(article=aid, limit=100000)
        return out

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {table: self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in TABLES}

    def dump(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table (and the full-text index's content), sorted: for comparing two stores."""
        out: dict[str, list[tuple[Any, ...]]] = {}
        for table in TABLES:
            out[table] = sorted((tuple(row) for row in self.conn.execute(f"SELECT * FROM {table}")), key=repr)
        out["articles_fts"] = sorted(
            (tuple(row) for row in self.conn.execute("SELECT rowid, title, body FROM articles_fts")), key=repr)
        return out

    # -- data frames ---------------------------------------------------------
    #
    # ``events_frame``, ``actors_frame`` and ``quotes_frame`` take the filters of
    # ``events``, ``actors`` and ``quotes`` and return a pandas DataFrame of every
    # matching row (``limit=None``, the default) with the same columns those
    # methods give, in the same order; an empty result keeps the columns.

    def events_frame(self, limit: int | None = None, offset: int = 0, **filters: Any) -> Any:
        """Events matching ``filters`` (those of ``events``) as a pandas DataFrame, one row per event.

        Example: ``store.events_frame(source="IRN", type="ACCUSE")``.
        """
        rows = self.events(**filters, limit=-1 if limit is None else limit, offset=offset)
        counts = ["mentions", "articles"] if filters.get("distinct") else []
        return _frame(rows, [*self._columns("events"), *counts])

    def actors_frame(self, name: str | None = None, country: str | None = None, kind: str | None = None,
                     limit: int | None = None, offset: int = 0) -> Any:
        """Actors (as ``actors`` lists them, with ``aliases`` and counts) as a pandas DataFrame."""
        rows = self.actors(name=name, country=country, kind=kind, limit=-1 if limit is None else limit, offset=offset)
        return _frame(rows, [*self._columns("actors"), "mentions", "events", "quotes", "aliases"])

    def quotes_frame(self, speaker: str | None = None, article: str | None = None, kind: str | None = None,
                     text: str | None = None, limit: int | None = None, offset: int = 0) -> Any:
        """Quotes (as ``quotes`` lists them; ``record`` holds the parsed record) as a pandas DataFrame."""
        rows = self.quotes(speaker=speaker, article=article, kind=kind, text=text,
                           limit=-1 if limit is None else limit, offset=offset)
        return _frame(rows, self._columns("quotes"))

    def _columns(self, table: str) -> list[str]:
        return [row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")]


def _frame(rows: list[dict[str, Any]], columns: list[str]) -> Any:
    """A DataFrame of ``rows``; ``columns`` name the columns when there are no rows."""
    import pandas as pd

    if rows:
        return pd.DataFrame.from_records(rows, columns=list(rows[0]))
    return pd.DataFrame(columns=columns)


def _text(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float)):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _actor_from_dict(data: dict[str, Any]) -> Actor:
    from .actors import Mention

    return Actor(id=data["id"], name=data["name"], kind=data["kind"], country=data.get("country"),
                 sector=data.get("sector"), title=data.get("title"), affiliation=data.get("affiliation"),
                 aliases=list(data.get("aliases") or []),
                 mentions=[Mention(**m) for m in data.get("mentions") or []])
