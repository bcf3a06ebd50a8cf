"""Browser tests of the web view: a real `dateline serve` process, driven by headless Chromium.

Two stores are served: the seed sample (plus one hostile article with ``<script>`` and
``<img onerror>`` in its text) and 500 real articles of ../shared/corpus (built once per
session, ~3 minutes; set ``DATELINE_TEST_CORPUS_DB`` to an existing store to reuse one).
Every page must load without a console error, show what the store holds, take filters from
the UI into the URL, open articles with highlights exactly at the records' offsets, run no
script from article text, load nothing from other hosts, and have a JSON twin.

With ``DATELINE_SCREENSHOTS=1`` the tests also save a screenshot of each view of the corpus
store in docs/img/.

The browser tests need /usr/bin/chromium and /usr/bin/chromedriver (``make test`` installs
them); without them they are skipped, unless ``CI`` is set, where they must run (and fail).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, shared_path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = REPO / "docs" / "img"
CORPUS_ARTICLES = 500

needs_browser = pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                                   reason=f"{CHROMIUM} not installed (make test installs it; CI always runs this)")

HOSTILE = '''Iran and Iraq agree to cooperate <script>window.__pwned=1</script>

Published 6 November 2023

TEHRAN - Iranian President Ebrahim Raisi met Iraqi Prime Minister Mohammed Shia al-Sudani in Tehran on Monday. \
<script>window.__pwned=1</script> Iran praised Iraq for its support.

"We will stand with Iraq <img src=x onerror="window.__pwned=2">," Raisi said. Iran accused Israel of attacking \
Gaza <b onmouseover="window.__pwned=3">city</b>.
'''


# ---------------------------------------------------------------------------
# stores and servers


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import dateline
    from dateline.store import open_store

    seed = shared_path("seed", "news_dump.txt")
    path = tmp_path_factory.mktemp("web") / "seed.db"
    with open_store(path) as store:
        stats = store.ingest([str(seed)])
        assert stats.articles_new >= 2
        assert store.add_articles(dateline.process(HOSTILE)) == 1
    return path


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """500 dated international-politics articles of the AllSides corpus, plus the seed."""
    from dateline.store import open_store

    reuse = os.environ.get("DATELINE_TEST_CORPUS_DB")
    if reuse and Path(reuse).exists():
        return Path(reuse)
    source = shared_path("corpus", "allsides_article_bias", "allsides_international.jsonl.gz")
    folder = tmp_path_factory.mktemp("web")
    feed = folder / "allsides500.jsonl"
    picked = 0
    with gzip.open(source, "rt", encoding="utf-8") as lines, feed.open("w", encoding="utf-8") as out:
        for line in lines:
            row = json.loads(line)
            if re.fullmatch(r"20\d\d-\d\d-\d\d", row.get("date") or ""):
                out.write(line)
                picked += 1
                if picked == CORPUS_ARTICLES:
                    break
    path = folder / "corpus.db"
    with open_store(path) as store:
        stats = store.ingest([str(shared_path("seed", "news_dump.txt")), str(feed)])
        assert store.counts()["articles"] >= CORPUS_ARTICLES
        assert stats.articles_new >= CORPUS_ARTICLES
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Site:
    """A running `dateline serve` process over one store."""

    def __init__(self, name: str, db: Path):
        self.name, self.db = name, db
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "dateline", "serve", "--db", str(db), "--port",
                                      str(self.port)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.base + "/api/overview", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    out = self.proc.stdout.read().decode() if self.proc.stdout else ""
                    raise RuntimeError(f"dateline serve did not start: {out}")
                time.sleep(0.2)

    def store(self) -> Any:
        from dateline.store import open_store

        return open_store(self.db)

    def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def seed_site(seed_db: Path) -> Iterator[Site]:
    site = Site("seed", seed_db)
    yield site
    site.stop()


@pytest.fixture(scope="session")
def corpus_site(corpus_db: Path) -> Iterator[Site]:
    site = Site("corpus", corpus_db)
    yield site
    site.stop()


@pytest.fixture(params=["seed", "corpus"])
def site(request: pytest.FixtureRequest) -> Site:
    return request.getfixturevalue(f"{request.param}_site")


@pytest.fixture(scope="session")
def driver() -> Iterator[Any]:
    os.environ.setdefault("SE_OFFLINE", "true")  # selenium-manager must never download anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1360,1000", "--force-device-scale-factor=1", "--lang=en-US"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


# ---------------------------------------------------------------------------
# helpers


def _open(driver: Any, url: str, ready: str | None = None) -> None:
    """Load ``url`` (clearing the console log first); wait for ``ready`` (a CSS selector) when given."""
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get_log("browser")
    driver.get(url)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    if ready:
        WebDriverWait(driver, 30).until(ec.presence_of_element_located(("css selector", ready)))


def _console_errors(driver: Any) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def _text(driver: Any, selector: str) -> str:
    return driver.find_element("css selector", selector).text


def _shot(driver: Any, name: str) -> None:
    if os.environ.get("DATELINE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


def _routes(site: Site) -> dict[str, tuple[str, str | None]]:
    """Every page of the site (name -> (path, selector to wait for)), with real ids from the store."""
    with site.store() as store:
        actor = store.conn.execute("SELECT source_actor FROM events WHERE source_actor IS NOT NULL"
                                   " GROUP BY source_actor ORDER BY COUNT(*) DESC, source_actor LIMIT 1").fetchone()[0]
        dyad = store.conn.execute(
            "SELECT source_country, target_country FROM events WHERE source_country IS NOT NULL AND target_country"
            " IS NOT NULL AND source_country <> target_country GROUP BY 1, 2 ORDER BY COUNT(*) DESC LIMIT 1").fetchone()
        article, event = store.conn.execute(
            "SELECT article_id, MIN(id) FROM events GROUP BY article_id ORDER BY COUNT(*) DESC, article_id LIMIT 1"
        ).fetchone()
    return {
        "overview": ("/", "#n-events"),
        "events": ("/events", "table.events"),
        "dyads": ("/dyads", "table.dyads"),
        "dyad": (f"/dyads?a={dyad[0]}&b={dyad[1]}", "svg.chart.dyad"),
        "network": ("/network", "svg#network[data-ready] .node"),
        "map": ("/map", "svg#map[data-ready] circle.cluster"),
        "actors": ("/actors", "table.actors"),
        "actor": (f"/actors/{actor}", "#actor-name"),
        "article": (f"/articles/{article}#{event}", "#article-body .hl.selected"),
    }


# ---------------------------------------------------------------------------
# tests


@needs_browser
def test_every_page_loads_without_errors(site: Site, driver: Any) -> None:
    for name, (path, ready) in _routes(site).items():
        _open(driver, site.base + path, ready)
        assert _console_errors(driver) == [], f"{name}: console errors on {path}"
        nav = [a.text for a in driver.find_elements("css selector", "header.top nav a")]
        assert nav == ["Overview", "Events", "Dyads", "Network", "Map", "Actors"], name
        assert driver.find_element("css selector", "h1").text.strip(), name
        if site.name == "corpus":
            _shot(driver, name)


@needs_browser
def test_overview_numbers_match_the_store(site: Site, driver: Any) -> None:
    _open(driver, site.base + "/", "#n-events")
    with site.store() as store:
        events = store.count_events()
        first, last = store.conn.execute(
            "SELECT MIN(date), MAX(date) FROM events WHERE COALESCE(modality, 'asserted') = 'asserted'").fetchone()
        top = store.conn.execute(
            "SELECT actor, COUNT(*) FROM (SELECT source_actor AS actor FROM events WHERE COALESCE(modality,"
            " 'asserted') = 'asserted' UNION ALL SELECT target_actor FROM events WHERE COALESCE(modality,"
            " 'asserted') = 'asserted') WHERE actor IS NOT NULL GROUP BY actor ORDER BY 2 DESC, actor LIMIT 1").fetchone()
        top_name = store.actor(top[0])["name"]
    assert _text(driver, "#n-events") == f"{events:,}"
    assert _text(driver, "#date-range") == f"{first} → {last}"
    first_row = driver.find_element("css selector", "#top-actors tbody tr")
    assert first_row.find_element("css selector", "td a").text == top_name
    assert f"{top[1]:,}" in first_row.text
    bars = driver.find_elements("css selector", "svg.chart a.bar")
    assert bars, "the events-per-period chart has no bars"
    assert len(driver.find_elements("css selector", ".legend li")) >= 4


@needs_browser
def test_filter_in_the_ui_goes_into_the_url_and_the_results(site: Site, driver: Any) -> None:
    with site.store() as store:
        country = store.conn.execute(
            "SELECT source_country FROM events WHERE source_country IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC"
            " LIMIT 1").fetchone()[0]
        expected = store.count_events(country=country)
        total = store.count_events()
    assert expected < total or site.name == "seed"
    for path, total_selector in (("/events", ".pager strong[data-total]"), ("/", "#n-events")):
        _open(driver, site.base + path, "form#filters")
        box = driver.find_element("css selector", "form#filters input[name=country]")
        box.clear()
        box.send_keys(country)
        driver.find_element("css selector", "form#filters button[type=submit]").click()
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(driver, 20).until(lambda d: f"country={country}" in d.current_url)
        assert _text(driver, total_selector) == f"{expected:,}"
        assert _console_errors(driver) == []
    # the filtered URL is shareable: loading it again shows the same thing, and every event shown involves the country
    _open(driver, site.base + f"/events?country={country}", "table.events")
    for row in driver.find_elements("css selector", "table.events tbody tr.event")[:20]:
        assert country in row.text
    # a PLOVER type from the select narrows the overview too
    with site.store() as store:
        kind = store.conn.execute("SELECT plover_type FROM events WHERE plover_type IS NOT NULL AND"
                                  " COALESCE(modality, 'asserted') = 'asserted' GROUP BY 1 ORDER BY COUNT(*) DESC"
                                  " LIMIT 1").fetchone()[0]
        expected = store.count_events(type=kind)
    _open(driver, site.base + "/", "form#filters")
    from selenium.webdriver.support.ui import Select, WebDriverWait

    Select(driver.find_element("css selector", "form#filters select[name=type]")).select_by_value(kind)
    driver.find_element("css selector", "form#filters button[type=submit]").click()
    WebDriverWait(driver, 20).until(lambda d: f"type={kind}" in d.current_url)
    assert _text(driver, "#n-events") == f"{expected:,}"


@needs_browser
def test_event_opens_its_article_with_highlights_at_the_offsets(site: Site, driver: Any) -> None:
    _open(driver, site.base + "/events", "table.events a.open")
    link = driver.find_element("css selector", "table.events a.open")
    event_id = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 20).until(lambda d: "/articles/" in d.current_url)
    WebDriverWait(driver, 20).until(lambda d: d.find_elements("css selector", "#article-body .hl.selected"))
    assert _console_errors(driver) == []
    article_id = driver.current_url.split("/articles/", 1)[1].split("#", 1)[0]
    with site.store() as store:
        article = store.article(article_id)
    body = article["body"]
    # the page shows the clean text exactly
    assert driver.execute_script("return document.getElementById('article-body').textContent") == body
    pieces = driver.execute_script(
        "var out = {}; document.querySelectorAll('#article-body [data-r]').forEach(function (n) {"
        " n.getAttribute('data-r').split(' ').forEach(function (k) { out[k] = (out[k] || '') + n.textContent; }); });"
        " return out;")
    for i, e in enumerate(article["events"]):
        assert pieces.get(f"e{i}") == body[e["trigger_start"]:e["trigger_end"]], e
    for i, q in enumerate(article["quotes"]):
        assert pieces.get(f"q{i}") == body[q["start"]:q["end"]] == q["text"], q
    body_mentions = [m for m in article["mentions"]]
    for i, m in enumerate(body_mentions):
        if m["field"] == "body":
            assert pieces.get(f"m{i}") == body[m["start"]:m["end"]] == m["text"], m
    for i, p in enumerate(article["places"]):
        if p["start"] is not None:
            assert pieces.get(f"p{i}") == body[p["start"]:p["end"]], p
    # the event we came from is selected, and the inspector shows its coded record and rule
    index = next(i for i, e in enumerate(article["events"]) if e["id"] == event_id)
    event = article["events"][index]
    selected = "".join(n.text for n in driver.find_elements("css selector", f'#article-body [data-r~="e{index}"].selected'))
    assert selected == body[event["trigger_start"]:event["trigger_end"]]
    inspector = _text(driver, "#inspector")
    assert event["cameo_code"] in inspector and (event["pattern"] or "") in inspector
    # hovering a highlighted actor shows its record
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    ActionChains(driver).send_keys(Keys.ESCAPE).perform()  # unpin the selected event
    assert not driver.find_elements("css selector", "#article-body .selected")
    actor_piece = driver.find_elements("css selector", "#article-body .hl.k-actor")
    if actor_piece:
        ActionChains(driver).move_to_element(actor_piece[0]).perform()
        WebDriverWait(driver, 5).until(lambda d: "actor mention" in _text(d, "#inspector").lower())
    # clutter removed by the cleaner is linked and listed
    if article["record"]["removed"]:
        driver.find_element("css selector", 'a[href="#removed"]')
        assert len(driver.find_elements("css selector", "#removed table.removed tbody tr")) == len(
            article["record"]["removed"])


@needs_browser
def test_article_text_never_runs_as_code(seed_site: Site, driver: Any) -> None:
    with seed_site.store() as store:
        row = store.conn.execute("SELECT id FROM articles WHERE body LIKE '%<script>%'").fetchone()
        assert row is not None
        article = store.article(row[0])
    assert article["events"], "the hostile article should have events, to show on the event pages"
    pages = [f"/articles/{article['id']}", "/events?q=pwned", "/events", "/actors",
             f"/actors/{article['events'][0]['source_actor']}", "/", "/dyads?a=IRN&b=IRQ"]
    for path in pages:
        _open(driver, seed_site.base + path)
        time.sleep(0.3)
        assert driver.execute_script("return window.__pwned") is None, path
        assert not driver.find_elements("css selector", "main script:not([type='application/json']), main img"), path
        errors = _console_errors(driver)
        assert errors == [], (path, errors)
    _open(driver, seed_site.base + f"/articles/{article['id']}", "#article-body")
    text = driver.find_element("css selector", "main").text
    assert "<script>window.__pwned=1</script>" in text
    assert '<img src=x onerror="window.__pwned=2">' in text
    # hovering and clicking the hostile words runs nothing either
    from selenium.webdriver.common.action_chains import ActionChains

    for piece in driver.find_elements("css selector", "#article-body .hl")[:10]:
        ActionChains(driver).move_to_element(piece).click().perform()
    assert driver.execute_script("return window.__pwned") is None
    _open(driver, seed_site.base + "/events?q=pwned", "table.events")
    assert "<script>window.__pwned=1</script>" in _text(driver, "table.events")


@needs_browser
def test_nothing_loads_from_other_hosts(site: Site, driver: Any) -> None:
    for name, (path, ready) in _routes(site).items():
        _open(driver, site.base + path, ready)
        urls = driver.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
        assert all(u.startswith(site.base) for u in urls), (name, urls)
        status, headers, _ = site.get(path)
        assert status == 200
        assert "default-src 'none'" in headers.get("content-security-policy", headers.get("Content-Security-Policy", ""))


@needs_browser
def test_every_page_has_a_json_twin(site: Site, driver: Any) -> None:
    for name, (path, ready) in _routes(site).items():
        _open(driver, site.base + path, ready)
        twin = driver.find_element("css selector", "a#twin").get_attribute("href")
        assert twin.startswith(site.base + "/api/"), (name, twin)
        status, headers, body = site.get(twin[len(site.base):])
        assert status == 200, (name, twin, body[:300])
        assert headers.get("content-type", headers.get("Content-Type", "")).startswith("application/json")
        json.loads(body)
    with site.store() as store:
        total = store.count_events()
    assert json.loads(site.get("/api/overview")[2])["summary"]["events"] == total


@needs_browser
def test_map_and_network_follow_the_filters(corpus_site: Site, driver: Any) -> None:
    site = corpus_site
    _open(driver, site.base + "/map", "svg#map[data-ready] circle.cluster")
    located = sum(int(c.get_attribute("data-events")) for c in driver.find_elements("css selector", "circle.cluster"))
    assert len(driver.find_elements("css selector", "svg#map path.land")) > 150
    with site.store() as store:
        placed = store.conn.execute("SELECT COUNT(*) FROM events WHERE lat IS NOT NULL AND COALESCE(modality,"
                                    " 'asserted') = 'asserted'").fetchone()[0]
        country = store.conn.execute("SELECT place_country FROM events WHERE lat IS NOT NULL GROUP BY 1"
                                     " ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]
    assert located == placed
    driver.find_element("id", "zoom-in").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: "z=2" in d.current_url)
    _open(driver, site.base + f"/map?country={country}", "svg#map[data-ready] circle.cluster")
    filtered = sum(int(c.get_attribute("data-events")) for c in driver.find_elements("css selector", "circle.cluster"))
    assert 0 < filtered < located
    _open(driver, site.base + "/network?color=sector&nodes=20", "svg#network[data-ready] .node")
    nodes = driver.find_elements("css selector", "svg#network .node")
    assert 1 < len(nodes) <= 20
    first = nodes[0].get_attribute("data-id")
    nodes[0].find_element("css selector", "circle").click()
    WebDriverWait(driver, 10).until(lambda d: "/actors/" in d.current_url)
    assert driver.find_element("css selector", "#actor-name").text
    assert first in driver.find_element("css selector", "dl.facts").text


@needs_browser
def test_one_per_happening_counts_each_event_once(corpus_site: Site, driver: Any) -> None:
    site = corpus_site
    with site.store() as store:
        reports, happenings = store.count_events(), store.count_events(distinct=True)
        folded = store.events(distinct=True, limit=1000)
    assert happenings < reports, "the corpus store should hold several reports of some event"
    _open(driver, site.base + "/events", "form#filters")
    driver.find_element("css selector", "form#filters input[name=distinct]").click()
    driver.find_element("css selector", "form#filters button[type=submit]").click()
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 20).until(lambda d: "distinct=true" in d.current_url)
    assert _text(driver, ".pager strong[data-total]") == f"{happenings:,}"
    assert driver.find_element("css selector", "form#filters input[name=distinct]").is_selected()
    # the page shows the store's first happenings, each with its number of reports where there are several
    rows = driver.find_elements("css selector", "table.events tbody tr.event")
    assert [r.get_attribute("data-event") for r in rows] == [e["id"] for e in folded[: len(rows)]]
    for row, event in zip(rows, folded):
        badge = row.find_elements("css selector", ".reports")
        assert (badge[0].text if badge else None) == (f"×{event['mentions']}" if event["mentions"] > 1 else None)
    # the filter travels to the overview, whose counts then count happenings
    _open(driver, site.base + "/?distinct=true", "#n-events")
    assert _text(driver, "#n-events") == f"{happenings:,}"
    assert json.loads(site.get("/api/overview?distinct=true")[2])["summary"]["events"] == happenings
    assert _console_errors(driver) == []


def test_pages_stay_bounded_with_100k_events(corpus_db: Path, tmp_path: Path) -> None:
    """Copies the corpus store and multiplies its events to 100,000; every page and twin answers, with a bounded
    page (how fast is measured by bench/api_latency.py, not here)."""
    import shutil
    import sqlite3

    from fastapi.testclient import TestClient

    from dateline.serve.app import create_app

    db = tmp_path / "big.db"
    src = sqlite3.connect(corpus_db)
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    n = dst.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert n > 0
    copies = -(-100_000 // n)
    columns = [r[1] for r in dst.execute("PRAGMA table_info(events)")]
    rest = ", ".join(c for c in columns if c not in ("id", "date"))
    with dst:
        for k in range(1, copies):
            dst.execute(f"INSERT INTO events(id, date, {rest}) SELECT id || '-x{k}',"
                        f" CASE WHEN length(date) = 10 THEN date(date, '+{k % 300} days') ELSE date END, {rest}"
                        " FROM events WHERE id NOT LIKE '%-x%'")
    total = dst.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    dst.close()
    assert total >= 100_000
    client = TestClient(create_app(db))
    for path in ("/", "/api/overview", "/events", "/events?page=500", "/dyads", "/dyads?a=USA&b=IRN", "/network",
                 "/api/network", "/map", "/api/map?grid=1", "/actors", "/?country=USA", "/api/overview?q=president",
                 "/events?country=USA&type=CONSULT", "/events?distinct=true", "/?distinct=true",
                 "/api/overview?distinct=true&country=USA"):
        resp = client.get(path)
        assert resp.status_code == 200, (path, resp.text[:300])
        assert len(resp.content) < 1_000_000, (path, len(resp.content))
    shutil.rmtree(tmp_path, ignore_errors=True)
