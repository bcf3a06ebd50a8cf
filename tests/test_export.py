"""Exports: GDELT, POLECAT, PLOVER JSON Lines, CSV and Parquet read back with pandas/pyarrow; the CLI; dateline.open."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import dateline
from conftest import run_cli
from dateline import store
from dateline.errors import DatelineError, UsageError
from dateline.export import (
    FORMATS,
    GDELT_COLUMNS,
    POLECAT_COLUMNS,
    event_day,
    export,
    fraction_date,
    global_event_id,
)
from dateline.records import Article, Dateline, SourceRef, Span

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "news_dump.txt"
MASK = (1 << 63) - 1


# ---------------------------------------------------------------------------
# fixtures: the seed ingested once, and a hand-made store of edge cases


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    """A store holding the seed articles (ingested once for the module)."""
    if not SEED.exists():
        pytest.skip(f"shared seed data not found: {SEED}")
    path = tmp_path_factory.mktemp("export") / "seed.db"
    with store.open_store(path) as st:
        st.ingest([str(SEED)])
    return path


@pytest.fixture()
def seed(seed_db):
    with store.open_store(seed_db) as st:
        yield st


BODY = "Iran accused the United States.\n\nTalks were held in March.\n\nA meeting is planned."
EVENT_COLUMNS = ("id", "article_id", "source_actor", "source_name", "source_country", "target_actor", "target_name",
                 "target_country", "cameo_code", "cameo_root", "goldstein", "quad", "plover_type", "plover_mode",
                 "date", "date_precision", "date_basis", "place_name", "place_country", "lat", "lon", "modality",
                 "sentence_start", "sentence_end", "sentence_text", "trigger_start", "trigger_end", "pattern",
                 "confidence")
TRICKY_SENTENCE = 'He said "no,\tnever"\nand left; then said: "fine".'


def _event(**values):
    row = dict.fromkeys(EVENT_COLUMNS)
    row.update(article_id="aaaa000000000001", cameo_code="040", cameo_root="04", goldstein=1.0, quad=1,
               plover_type="CONSULT", modality="asserted", sentence_start=0, sentence_end=31,
               sentence_text="Iran accused the United States.", trigger_start=5, trigger_end=12,
               pattern="test:v1", confidence=0.8)
    row.update(values)
    return row


SYNTHETIC_EVENTS = [
    # a full date, a known actor with a sector, quotes, a tab and a line break in the text
    _event(id="00000000000000e1", source_actor="p-khamenei", source_name="Ali\tKhamenei", source_country="IRN",
           target_name="the United States", target_country="USA", cameo_code="112", cameo_root="11",
           goldstein=-2.0, quad=3, plover_type="ACCUSE", date="2024-05-06", date_precision="day",
           date_basis="clause:Monday", place_name="Tehran", place_country="IRN", lat=35.69, lon=51.42,
           sentence_text=TRICKY_SENTENCE, sentence_end=len(TRICKY_SENTENCE), trigger_start=3, trigger_end=7),
    # month precision; a name that starts with a double quote; the UN (an IGO)
    _event(id="00000000000000e2", source_actor="o-un", source_name="United Nations", source_country="IGO",
           target_name='"Quoted" group', target_country="SYR", date="2024-03", date_precision="month",
           date_basis="clause:March", place_name="Syria", place_country="SYR"),
    # no date at all: the article's publication date stands in
    _event(id="00000000000000e3", source_country="IRQ", target_country="IRN", date=None, date_precision=None),
    # no target; year precision; no place
    _event(id="ffffffffffffffe4", source_country="LBN", cameo_code="190", cameo_root="19", goldstein=-10.0,
           quad=4, plover_type="ASSAULT", plover_mode="", date="2023", date_precision="year"),
    # a modal event: left out unless include_modal
    _event(id="00000000000000e5", source_country="IRN", target_country="ISR", date="2024-05-07",
           date_precision="day", modality="hypothetical"),
]


@pytest.fixture()
def synthetic(tmp_path):
    """A store with one article and hand-made events covering the edge cases."""
    article = Article(id="aaaa000000000001", source=SourceRef("synthetic.txt", 1, 5), title="Synthetic\ttitle",
                      published="2024-05-07", dateline=Dateline("Tehran", "IRN"), captions=(), credits=(),
                      author=None, url="https://example.org/story?id=1", language="en", body=BODY,
                      paragraphs=(Span(0, 31), Span(33, 58), Span(60, len(BODY))))
    with store.open_store(tmp_path / "synthetic.db") as st:
        assert st.add_articles([article]) == 1
        st.conn.execute("BEGIN")
        st.conn.executemany("INSERT INTO actors(id, name, kind, country, sector, title) VALUES (?,?,?,?,?,?)", [
            ("p-khamenei", "Ali Khamenei", "person", "IRN", "GOV", "Supreme Leader"),
            ("o-un", "United Nations", "organization", "IGO", "IGO", None)])
        st.conn.execute("INSERT INTO places(article_id, n, start, \"end\", name, country, admin1, lat, lon, feature,"
                        " resolution, geonameid, rule) VALUES ('aaaa000000000001', 0, 0, 6, 'Tehran', 'IRN', 'IR.26',"
                        " 35.69439, 51.42151, 'city', 'city', 112931, 'test')")
        placeholders = ",".join("?" * len(EVENT_COLUMNS))
        st.conn.executemany(f"INSERT INTO events({','.join(EVENT_COLUMNS)}) VALUES ({placeholders})",
                            [tuple(e[c] for c in EVENT_COLUMNS) for e in SYNTHETIC_EVENTS])
        st.conn.execute("UPDATE events SET plover_context = 'military;legal' WHERE id = '00000000000000e2'")
        st.conn.execute("COMMIT")
        yield st


def _gdelt(path_or_text, **kw) -> pd.DataFrame:
    source = io.StringIO(path_or_text) if isinstance(path_or_text, str) and "\t" in path_or_text else path_or_text
    frame = pd.read_csv(source, sep="\t", header=None, **kw)
    frame.columns = list(GDELT_COLUMNS)
    return frame


# ---------------------------------------------------------------------------
# conventions


def test_gdelt_has_61_columns_and_ids_are_stable():
    assert len(GDELT_COLUMNS) == len(set(GDELT_COLUMNS)) == 61
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert len(POLECAT_COLUMNS) == len(set(POLECAT_COLUMNS)) == 40
    assert global_event_id("00000000000000e1") == 0xE1
    assert global_event_id("ffffffffffffffff") == MASK
    assert global_event_id("not-hex") == global_event_id("not-hex") < 2**63


def test_event_day_conventions():
    assert event_day("2025-03-28", "2025-04-14").isoformat() == "2025-03-28"
    assert event_day("2025-03", None).isoformat() == "2025-03-01"
    assert event_day("2025", None).isoformat() == "2025-01-01"
    assert event_day("2025-W12", None).isoformat() == "2025-03-17"
    assert event_day(None, "2025-04-14").isoformat() == "2025-04-14"
    assert event_day(None, None) is None
    assert fraction_date(event_day("2025-03-28", None)) == round(2025 + (3 * 30 + 28) / 365, 4)


# ---------------------------------------------------------------------------
# the hand-made store: edge cases and exact values


def test_gdelt_synthetic_values(synthetic, tmp_path):
    out = tmp_path / "events.tsv"
    n = export(synthetic, "gdelt", out, include_modal=True)
    assert n == synthetic.count_events(include_modal=True) == len(SYNTHETIC_EVENTS)
    typed = _gdelt(out)
    assert typed.shape == (n, 61)
    assert typed["QuadClass"].dtype.kind == "i" and typed["GoldsteinScale"].dtype.kind == "f"
    assert typed["GLOBALEVENTID"].dtype.kind == "i"
    frame = _gdelt(out, dtype=str, keep_default_na=False).set_index("GLOBALEVENTID")
    e1 = frame.loc[str(0xE1)]
    assert (e1.SQLDATE, e1.MonthYear, e1.Year) == ("20240506", "202405", "2024")
    assert float(e1.FractionDate) == pytest.approx(2024 + (5 * 30 + 6) / 365, abs=1e-4)
    assert (e1.Actor1Code, e1.Actor1Name, e1.Actor1CountryCode, e1.Actor1Type1Code) == (
        "IRNGOV", "ALI KHAMENEI", "IRN", "GOV")
    assert (e1.Actor2Code, e1.Actor2Name, e1.Actor2CountryCode, e1.Actor2Type1Code) == (
        "USA", "UNITED STATES", "USA", "")
    assert (e1.IsRootEvent, e1.EventCode, e1.EventBaseCode, e1.EventRootCode) == ("1", "112", "112", "11")
    assert (e1.QuadClass, float(e1.GoldsteinScale)) == ("3", -2.0)
    assert (e1.NumMentions, e1.NumSources, e1.NumArticles, e1.AvgTone) == ("1", "1", "1", "")
    assert e1.Actor1Geo_Type == e1.Actor2Geo_Type == ""
    assert (e1.ActionGeo_Type, e1.ActionGeo_FullName, e1.ActionGeo_CountryCode, e1.ActionGeo_ADM1Code) == (
        "4", "Tehran, Iran", "IR", "IR26")
    assert (float(e1.ActionGeo_Lat), float(e1.ActionGeo_Long), e1.ActionGeo_FeatureID) == (35.69, 51.42, "112931")
    assert (e1.DATEADDED, e1.SOURCEURL) == ("20240507000000", "https://example.org/story?id=1")
    e2 = frame.loc[str(0xE2)]
    assert e2.SQLDATE == "20240301"  # month precision: the first day
    assert (e2.Actor1Code, e2.Actor1CountryCode, e2.Actor1Type1Code) == ("IGO", "", "IGO")
    assert e2.Actor2Name == "SYRIA"  # no stored actor: the country's name, not the words
    assert (e2.ActionGeo_Type, e2.ActionGeo_CountryCode, e2.ActionGeo_FullName) == ("1", "SY", "Syria")
    assert (e2.ActionGeo_ADM1Code, e2.ActionGeo_FeatureID) == ("SY", "SY")  # a country: its FIPS code, as GDELT
    e3 = frame.loc[str(0xE3)]
    assert e3.SQLDATE == "20240507"  # no date: the article's publication date
    e4 = frame.loc[str(global_event_id("ffffffffffffffe4"))]
    assert e4.SQLDATE == "20230101"
    assert e4.Actor2Code == e4.Actor2Name == e4.ActionGeo_Type == ""
    assert (e4.EventRootCode, e4.QuadClass) == ("19", "4")
    # modal events stay out unless asked for
    assert export(synthetic, "gdelt", tmp_path / "asserted.tsv") == 4 == synthetic.count_events()


def test_tabs_newlines_and_quotes_do_not_break_rows(synthetic, tmp_path):
    for fmt in ("gdelt", "polecat"):
        out = tmp_path / f"events.{fmt}"
        n = export(synthetic, fmt, out, include_modal=True)
        lines = out.read_text(encoding="utf-8").splitlines()
        assert len(lines) == n + (fmt == "polecat")
        assert all(line.count("\t") == lines[0].count("\t") for line in lines)
    polecat = pd.read_csv(tmp_path / "events.polecat", sep="\t", dtype=str, keep_default_na=False)
    row = polecat.set_index("Event ID").loc["00000000000000e1"]
    assert row["Actor Name Raw"] == "Ali Khamenei"  # the tab became a space
    row2 = polecat.set_index("Event ID").loc["00000000000000e2"]
    assert row2["Recipient Name Raw"] == '"Quoted" group'
    # csv and JSON keep the text exactly
    export(synthetic, "csv", tmp_path / "events.csv", include_modal=True)
    flat = pd.read_csv(tmp_path / "events.csv", dtype=str, keep_default_na=False).set_index("id")
    assert flat.loc["00000000000000e1", "sentence_text"] == TRICKY_SENTENCE
    assert flat.loc["00000000000000e1", "article_title"] == "Synthetic\ttitle"
    export(synthetic, "plover-jsonl", tmp_path / "events.jsonl", include_modal=True)
    records = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["id"]: r for r in records}["00000000000000e1"]["text"] == TRICKY_SENTENCE


def test_polecat_synthetic_values(synthetic, tmp_path):
    out = tmp_path / "events.tsv"
    n = export(synthetic, "polecat", out, include_modal=True)
    frame = pd.read_csv(out, sep="\t", dtype=str, keep_default_na=False)
    assert list(frame.columns) == list(POLECAT_COLUMNS) and len(frame) == n == 5
    row = frame.set_index("Event ID").loc["00000000000000e1"]
    assert (row["Event Date"], row["Event Type"], row["Quad Code"]) == ("2024-05-06", "ACCUSE", "3")
    assert (row["Actor Name"], row["Actor Country"], row["Primary Actor Sector"], row["Actor Title"]) == (
        "Ali Khamenei", "IRN", "GOV", "Supreme Leader")
    assert (row["Recipient Name"], row["Recipient Country"], row["Recipient Name Raw"]) == (
        "United States", "USA", "the United States")
    assert (row["Placename"], row["City"], row["Country"], row["GeoNames ID"], row["Feature Type"]) == (
        "Tehran", "Tehran", "IRN", "112931", "city")
    assert (row["Source"], row["Publication Date"], row["Language"]) == (
        "https://example.org/story?id=1", "2024-05-07", "en")
    assert row["Story Locations"] == "Tehran"
    for empty in ("Event Intensity", "Contexts", "Actor COW", "Wikipedia Actor ID", "District"):
        assert row[empty] == ""
    assert frame.set_index("Event ID").loc["00000000000000e2", "Event Date"] == "2024-03-01"
    assert frame.set_index("Event ID").loc["00000000000000e2", "Contexts"] == "military;legal"


def test_plover_synthetic_values(synthetic, tmp_path):
    out = tmp_path / "events.jsonl"
    assert export(synthetic, "plover-jsonl", out, include_modal=True) == 5
    frame = pd.read_json(out, lines=True, dtype=False)
    assert len(frame) == 5
    record = frame.set_index("id").loc["00000000000000e1"]
    assert (record["event"], record["actor"], record["recipient"]) == ("ACCUSE", "IRNGOV", "USA")
    assert record["event_loc"] == {"name": "Tehran", "country": "IRN", "lat": 35.69, "lon": 51.42,
                                   "geonameid": 112931}
    assert record["event_text"] == TRICKY_SENTENCE[3:7]
    assert (record["story_id"], record["publication_date"]) == ("aaaa000000000001", "2024-05-07")
    assert (record["cameo_code"], record["quad_class"], record["goldstein"]) == ("112", 3, -2.0)
    assert record["context"] == []
    assert frame.set_index("id").loc["00000000000000e2", "context"] == ["military", "legal"]
    e4 = frame.set_index("id").loc["ffffffffffffffe4"]
    assert pd.isna(e4["recipient"]) and pd.isna(e4["event_loc"]) and e4["date"] == "2023-01-01"


def test_csv_and_parquet_have_every_events_column(synthetic, tmp_path):
    expected = [*EVENT_COLUMNS, "happening", "plover_context", "article_title", "article_url", "article_published"]
    export(synthetic, "csv", tmp_path / "e.csv", include_modal=True)
    frame = pd.read_csv(tmp_path / "e.csv")
    assert list(frame.columns) == expected and len(frame) == 5
    assert export(synthetic, "parquet", tmp_path / "e.parquet", include_modal=True) == 5
    table = pq.read_table(tmp_path / "e.parquet")
    assert table.column_names == expected and table.num_rows == 5
    types = dict(zip(table.column_names, table.schema.types))
    assert types["goldstein"] == types["lat"] == types["lon"] == types["confidence"] == pa.float64()
    assert types["quad"] == types["sentence_start"] == types["trigger_end"] == pa.int64()
    assert types["id"] == types["cameo_code"] == types["date"] == pa.string()
    by_id = {r["id"]: r for r in table.to_pylist()}
    assert by_id["00000000000000e1"]["goldstein"] == -2.0 and by_id["00000000000000e1"]["quad"] == 3
    assert by_id["ffffffffffffffe4"]["target_country"] is None
    # an empty selection still writes a readable file with the schema
    assert export(synthetic, "parquet", tmp_path / "none.parquet", source="ZZZ") == 0
    assert pq.read_table(tmp_path / "none.parquet").column_names == expected


def test_parquet_writes_in_batches(synthetic, tmp_path, monkeypatch):
    from dateline import export as module

    monkeypatch.setattr(module, "PARQUET_BATCH", 2)
    assert export(synthetic, "parquet", tmp_path / "b.parquet", include_modal=True) == 5
    table = pq.read_table(tmp_path / "b.parquet")
    assert table.num_rows == 5 and len(table.column("id").chunks) >= 3


def test_export_to_a_stream(synthetic):
    buffer = io.StringIO()
    assert export(synthetic, "gdelt", buffer) == 4
    assert _gdelt(buffer.getvalue()).shape == (4, 61)
    with pytest.raises(UsageError, match="parquet"):
        export(synthetic, "parquet", io.StringIO())


def test_export_errors_leave_no_file(synthetic, tmp_path):
    with pytest.raises(UsageError, match="unknown export format"):
        export(synthetic, "xml", tmp_path / "x")
    with pytest.raises(UsageError, match="unknown export filter"):
        export(synthetic, "csv", tmp_path / "x", limit=3)
    with pytest.raises(DatelineError, match="cannot write the output"):
        export(synthetic, "csv", tmp_path / "missing" / "x.csv")
    with pytest.raises(DatelineError, match="cannot write the output"):
        export(synthetic, "gdelt", tmp_path)
    with pytest.raises(UsageError, match="bad search text"):
        export(synthetic, "csv", tmp_path / "bad.csv", text='"unbalanced')
    assert sorted(p.name for p in tmp_path.iterdir()) == ["synthetic.db", "synthetic.db-shm", "synthetic.db-wal"]


# ---------------------------------------------------------------------------
# the seed: row counts follow the filters, values follow the store


FILTER_CASES = [{}, {"include_modal": True}, {"source": "IRN"}, {"target": "syr"}, {"type": "CONSULT"},
                {"cameo": "04"}, {"since": "2025-01-01", "until": "2025-12-31"}, {"text": "Khamenei"},
                {"country": "LBN", "include_modal": True}, {"actor": "Nawaf Salam"}]


def _read(fmt: str, path: Path) -> int:
    if fmt == "gdelt":
        frame = pd.read_csv(path, sep="\t", header=None) if path.stat().st_size else pd.DataFrame(columns=range(61))
        assert frame.shape[1] == 61
        return len(frame)
    if fmt == "polecat":
        frame = pd.read_csv(path, sep="\t")
        assert list(frame.columns) == list(POLECAT_COLUMNS)
        return len(frame)
    if fmt == "plover-jsonl":
        return len(pd.read_json(path, lines=True)) if path.stat().st_size else 0
    if fmt == "csv":
        return len(pd.read_csv(path))
    return pq.read_table(path).num_rows


@pytest.mark.parametrize("filters", FILTER_CASES, ids=lambda f: ",".join(f"{k}={v}" for k, v in f.items()) or "all")
def test_seed_row_counts_match_count_events(seed, tmp_path, filters):
    expected = seed.count_events(**filters)
    for fmt in FORMATS:
        out = tmp_path / f"events.{fmt}"
        assert export(seed, fmt, out, **filters) == expected, fmt
        assert _read(fmt, out) == expected, fmt


def test_seed_values_match_the_store(seed, tmp_path):
    stored = {e["id"]: e for e in seed.events(include_modal=True, limit=10_000)}
    assert stored
    export(seed, "gdelt", tmp_path / "g.tsv", include_modal=True)
    gdelt = _gdelt(tmp_path / "g.tsv", dtype=str, keep_default_na=False)
    ids = {global_event_id(i): i for i in stored}
    assert len(ids) == len(stored) and len(gdelt) == len(stored)
    for row in gdelt.itertuples(index=False):
        event = stored[ids[int(row.GLOBALEVENTID)]]
        assert row.EventCode == event["cameo_code"]
        assert row.EventRootCode == event["cameo_root"]
        assert int(row.QuadClass) == event["quad"]
        assert float(row.GoldsteinScale) == event["goldstein"]
        if event["date_precision"] == "day":
            assert row.SQLDATE == event["date"].replace("-", "")
        else:
            assert row.SQLDATE.startswith(event["date"].replace("-", ""))
        if event["source_country"] and event["source_country"] != "IGO":
            assert row.Actor1Code.startswith(event["source_country"])
        if event["place_country"]:
            assert row.ActionGeo_Type in {"1", "2", "3", "4", "5"}
    export(seed, "plover-jsonl", tmp_path / "p.jsonl", include_modal=True)
    plover = pd.read_json(tmp_path / "p.jsonl", lines=True, dtype=False)
    for record in plover.to_dict("records"):
        event = stored[record["id"]]
        assert _none(record["event"]) == event["plover_type"]  # None for CAMEO codes PLOVER leaves out
        assert record["text"] == event["sentence_text"]
        assert record["modality"] == event["modality"]
    polecat = pd.read_csv(_path(seed, "polecat", tmp_path), sep="\t", dtype=str, keep_default_na=False)
    assert set(polecat["Event ID"]) == set(stored)
    assert polecat["Story People"].str.contains("Nawaf Salam").any()


def _none(value):
    return None if not isinstance(value, (dict, list)) and pd.isna(value) else value


def _path(st, fmt, tmp_path):
    out = tmp_path / f"all.{fmt}"
    export(st, fmt, out, include_modal=True)
    return out


# ---------------------------------------------------------------------------
# the CLI


def test_cli_exports_each_format(seed_db, tmp_path):
    for fmt in FORMATS:
        out = tmp_path / f"events.{fmt}"
        result = run_cli("export", "--db", str(seed_db), "--format", fmt, "-o", str(out), "--source", "IRN")
        assert result.returncode == 0, result.stderr
        with store.open_store(seed_db) as st:
            expected = st.count_events(source="IRN")
        assert f"{expected} events written to {out} ({fmt})" in result.stderr
        assert _read(fmt, out) == expected


def test_cli_writes_text_formats_to_stdout(seed_db):
    result = run_cli("export", "--db", str(seed_db), "--format", "gdelt", "-o", "-", "--include-modal")
    assert result.returncode == 0, result.stderr
    with store.open_store(seed_db) as st:
        expected = st.count_events(include_modal=True)
    assert _gdelt(result.stdout).shape == (expected, 61)
    assert f"{expected} events written to stdout (gdelt)" in result.stderr
    result = run_cli("export", "--db", str(seed_db), "--format", "plover-jsonl", "-o", "-", "--type", "CONSULT")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(r["event"] == "CONSULT" for r in records)


@pytest.mark.parametrize("args, message", [
    (["--format", "xml", "-o", "{tmp}/x"], "unknown --format 'xml'"),
    (["-o", "{tmp}/x"], "no --format given"),
    (["--format", "csv"], "no output file given"),
    (["--format", "parquet", "-o", "-"], "parquet is a binary format"),
    (["--format", "csv", "-o", "{tmp}/no/such/dir/x.csv"], "cannot write the output"),
    (["--format", "csv", "-o", "{tmp}/x.csv", "--text", '"unbalanced'], "bad search text"),
])
def test_cli_errors_are_one_line(seed_db, tmp_path, args, message):
    result = run_cli("export", "--db", str(seed_db), *[a.format(tmp=tmp_path) for a in args])
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_missing_store(tmp_path):
    result = run_cli("export", "--db", str(tmp_path / "none.db"), "--format", "csv", "-o", str(tmp_path / "x.csv"))
    assert result.returncode == 2 and "no such store" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_help_has_an_example():
    result = run_cli("export", "--help")
    assert result.returncode == 0 and "Example: dateline export --db news.db --format gdelt -o events.tsv" in result.stdout


# ---------------------------------------------------------------------------
# the Python API


def test_open_returns_a_store_with_frames(seed_db):
    assert "open" in dateline.__all__
    with dateline.open(seed_db) as st:
        assert isinstance(st, store.Store)
        frame = st.events_frame()
        assert isinstance(frame, pd.DataFrame)
        assert len(frame) == st.count_events() and list(frame.columns) == [*EVENT_COLUMNS, "happening", "plover_context"]
        assert list(frame["id"]) == [e["id"] for e in st.events(limit=10_000)]
        irn = st.events_frame(source="IRN", include_modal=True)
        assert len(irn) == st.count_events(source="IRN", include_modal=True) and set(irn["source_country"]) == {"IRN"}
        assert len(st.events_frame(limit=3)) == 3
        assert st.events_frame(source="ZZZ").empty
        assert list(st.events_frame(source="ZZZ").columns) == [*EVENT_COLUMNS, "happening", "plover_context"]
        actors = st.actors_frame()
        assert len(actors) == st.count_actors() and {"id", "name", "aliases", "mentions"} <= set(actors.columns)
        quotes = st.quotes_frame(speaker="Khamenei")
        assert len(quotes) == st.count_quotes(speaker="Khamenei") > 0


@pytest.mark.parametrize("alpha3,admin1,kind,geonameid,expected", [
    ("IRQ", "IQ.07", 4, 98182, ("IZ", "IZ07", 98182)),   # FIPS differs from ISO: Iraq is IZ, Baghdad's ADM1 IZ07
    ("DEU", "DE.16", 4, 2950159, ("GM", "GM16", 2950159)),
    ("USA", "US.CA", 3, 5368361, ("US", "USCA", 5368361)),
    ("IRQ", "", 1, None, ("IZ", "IZ", "IZ")),             # a country: its FIPS code for ADM1 and feature id
])
def test_gdelt_geo_codes_are_fips(alpha3, admin1, kind, geonameid, expected):
    from dateline.export import _alpha2, gdelt_geo_codes

    place = {"alpha2": _alpha2(alpha3), "admin1": admin1.replace(".", ""), "type": kind, "geonameid": geonameid}
    assert gdelt_geo_codes(place) == expected
