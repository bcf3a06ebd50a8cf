"""The public APIs: the Python one (small, documented, as the README says) and the REST one of `dateline serve`."""

from __future__ import annotations

import dateline
from conftest import shared_path


def test_exported_members():
    assert sorted(dateline.__all__) == sorted(
        ["Article", "Dateline", "DatelineError", "Removed", "SourceRef", "Span", "__version__", "open", "process"]
    )
    for name in dateline.__all__:
        assert hasattr(dateline, name)


def test_process_seed_text(seed_gold):
    text = shared_path("seed", "news_dump.txt").read_text(encoding="utf-8")
    articles = dateline.process(text)
    assert [a.title for a in articles] == [g["title"] for g in seed_gold["articles"]]
    assert [a.published for a in articles] == [g["published"] for g in seed_gold["articles"]]
    assert articles[1].dateline == dateline.Dateline("Damascus", "SYR")
    for article in articles:
        for span in article.paragraphs:
            paragraph = article.body[span.start : span.end]
            assert paragraph and paragraph == paragraph.strip()


def test_process_feed_text_with_published():
    text = "Officials from Chile and Peru met in Lima on Monday to discuss fishing rights and a new border crossing."
    (article,) = dateline.process(text, published="2024-05-06", title="Fishing talks", input_format="feed")
    assert article.published == "2024-05-06" and article.published_basis == "metadata"
    assert article.title == "Fishing talks"
    assert article.body == text


def test_process_rejects_empty_text():
    import pytest

    with pytest.raises(dateline.DatelineError):
        dateline.process("   ")


# ---------------------------------------------------------------------------
# The REST API of `dateline serve`, over HTTP against real server processes.

import json  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.error  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from conftest import REPO, run_cli  # noqa: E402
from dateline import store as store_module  # noqa: E402

TOKEN = "t0k"
MAX_BODY = 20_000
POSTED_TEXT = (
    "Chile accuses Peru of border violation\n\n"
    "SANTIAGO, May 6 (Reuters) - Chile accused Peru on Monday of violating its maritime border, and the foreign "
    "minister of Chile said the government would summon the ambassador of Peru. Officials from Chile and Peru met "
    "in Lima to discuss fishing rights."
)
ERROR_KEYS = {"status", "title", "detail", "where"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(db: Path, log: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dateline", "serve", "--db", str(db), "--port", str(port), *extra],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=log.open("w"))
    return proc, f"http://127.0.0.1:{port}"


def _wait_until_up(proc: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited with {proc.returncode}: {log.read_text()}")
        try:
            with urllib.request.urlopen(base + "/api/openapi.json", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"server did not answer within 60 s: {log.read_text()}")


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def api_store(tmp_path_factory):
    """A store built once from the seed dump and the sample: (path, open Store for comparisons)."""
    seed = shared_path("seed", "news_dump.txt")
    path = tmp_path_factory.mktemp("api") / "news.db"
    st = store_module.open_store(path)
    stats = st.ingest([str(REPO / "samples" / "news_sample.txt"), str(seed)])
    assert stats.articles_new >= 2 and not stats.errors
    yield path, st
    st.close()


@pytest.fixture(scope="module")
def servers(api_store, tmp_path_factory):
    """Two real server processes over the store: one taking POSTs with a token and a small body limit, one read-only."""
    path, _ = api_store
    logs = tmp_path_factory.mktemp("logs")
    main, main_url = _start_server(path, logs / "main.log", "--token", TOKEN, "--max-body", str(MAX_BODY))
    readonly, readonly_url = _start_server(path, logs / "readonly.log")
    try:
        _wait_until_up(main, main_url, logs / "main.log")
        _wait_until_up(readonly, readonly_url, logs / "readonly.log")
        yield {"main": main_url, "readonly": readonly_url}
    finally:
        _stop(main)
        _stop(readonly)


@pytest.fixture(scope="module")
def api(servers):
    return servers["main"]


@pytest.fixture(scope="module")
def st(api_store):
    return api_store[1]


def _request(req: urllib.request.Request) -> tuple[int, dict, dict]:
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            return response.status, json.loads(response.read()), dict(response.headers)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read()), dict(exc.headers)


def get(base: str, path: str, **params) -> tuple[int, dict]:
    query = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
    status, body, _ = _request(urllib.request.Request(base + path + ("?" + query if query else "")))
    return status, body


def post(base: str, data, token: str | None = None, **headers) -> tuple[int, dict, dict]:
    if isinstance(data, dict):
        data = json.dumps(data).encode("utf-8")
    headers.setdefault("Content-Type", "application/json")
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return _request(urllib.request.Request(base + "/api/articles", data=data, headers=headers, method="POST"))


def assert_error(status: int, body: dict, expected: int, where: str | None = None) -> None:
    assert status == expected, body
    assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS, body
    assert body["error"]["status"] == expected and body["error"]["title"] and body["error"]["detail"]
    if where is not None:
        assert body["error"]["where"] == where, body


EVENT_FILTERS = [
    {},
    {"source": "irn"},
    {"target": "SYR"},
    {"source": "LBN", "target": "SYR"},
    {"country": "IRQ"},
    {"type": "consult"},
    {"cameo": "0"},
    {"since": "2025-03", "until": "2025-12-31"},
    {"q": "Iraq"},
    {"actor": "Iraq"},
    {"include_modal": True},
    {"distinct": True},
    {"distinct": True, "include_modal": True, "country": "IRQ"},
]


@pytest.mark.parametrize("filters", EVENT_FILTERS, ids=lambda f: ",".join(f) or "all")
def test_events_match_the_store(api, st, filters):
    status, body = get(api, "/api/events", limit=1000, **{k: str(v).lower() if v is True else v for k, v in filters.items()})
    assert status == 200 and set(body) == {"events", "total", "limit", "offset"}
    kwargs = {("text" if k == "q" else k): v for k, v in filters.items()}
    assert body["total"] == st.count_events(**kwargs)
    assert [e["id"] for e in body["events"]] == [e["id"] for e in st.events(**kwargs, limit=1000)]
    assert (body["limit"], body["offset"]) == (1000, 0)
    if filters.get("distinct"):
        assert all(e["mentions"] >= e["articles"] >= 1 for e in body["events"])
        assert len({e["happening"] for e in body["events"]}) == len(body["events"])


def test_event_filters_narrow(api):
    _, everything = get(api, "/api/events", include_modal="true", limit=1000)
    _, asserted = get(api, "/api/events", limit=1000)
    assert asserted["total"] < everything["total"]
    assert all(e["modality"] in (None, "asserted") for e in asserted["events"])
    for params, check in [
        ({"source": "irn"}, lambda e: e["source_country"] == "IRN"),
        ({"target": "syr"}, lambda e: e["target_country"] == "SYR"),
        ({"country": "IRQ"}, lambda e: "IRQ" in (e["source_country"], e["target_country"], e["place_country"])),
        ({"type": "CONSULT"}, lambda e: e["plover_type"] == "CONSULT"),
        ({"cameo": "11"}, lambda e: e["cameo_code"].startswith("11")),
        ({"since": "2025-03-01"}, lambda e: e["date"] >= "2025-03-01"),
        ({"until": "2024"}, lambda e: e["date"] <= "2024"),
    ]:
        _, body = get(api, "/api/events", limit=1000, **params)
        assert 0 < body["total"] < asserted["total"], params
        assert all(check(e) for e in body["events"]), params


def test_events_page_with_limit_and_offset(api):
    _, whole = get(api, "/api/events", include_modal="true", limit=1000)
    ids = [e["id"] for e in whole["events"]]
    assert len(ids) == whole["total"] >= 6
    pages = [get(api, "/api/events", include_modal="true", limit=4, offset=o)[1] for o in range(0, len(ids), 4)]
    assert all(p["total"] == whole["total"] and p["limit"] == 4 for p in pages)
    assert [e["id"] for p in pages for e in p["events"]] == ids
    _, past = get(api, "/api/events", offset=10_000)
    assert past["events"] == [] and past["total"] == get(api, "/api/events")[1]["total"]
    _, default = get(api, "/api/events")
    assert default["limit"] == 100 and default["offset"] == 0


def test_one_event_and_404(api):
    _, body = get(api, "/api/events", limit=1)
    event = body["events"][0]
    status, one = get(api, f"/api/events/{event['id']}")
    assert status == 200 and one == event
    assert_error(*get(api, "/api/events/no-such-event"), 404)


def test_articles_match_the_store(api, st):
    for filters in [{}, {"q": "Damascus"}, {"since": "2025-03-05"}, {"until": "2025"}, {"country": "syr"},
                    {"actor": "Iraq"}]:
        status, body = get(api, "/api/articles", **filters)
        assert status == 200, body
        kwargs = {("text" if k == "q" else k): v for k, v in filters.items()}
        assert body["total"] == st.count_articles(**kwargs), filters
        assert [a["id"] for a in body["articles"]] == [a["id"] for a in st.articles(**kwargs)], filters
        if filters:
            assert body["total"] < st.count_articles(), filters
    _, page = get(api, "/api/articles", limit=2, offset=1)
    assert [a["id"] for a in page["articles"]] == [a["id"] for a in st.articles(limit=2, offset=1)]
    assert all("body" not in a for a in page["articles"])


def test_one_article_by_id_prefix_or_number(api, st):
    first = st.articles(limit=1)[0]
    status, body = get(api, f"/api/articles/{first['id']}")
    assert status == 200
    assert body == json.loads(json.dumps(st.article(first["id"])))
    assert set(body) >= {"body", "record", "mentions", "times", "places", "events", "quotes"}
    assert get(api, f"/api/articles/{first['id'][:8]}")[1]["id"] == first["id"]
    assert get(api, f"/api/articles/{first['seq']}")[1]["id"] == first["id"]
    assert_error(*get(api, "/api/articles/ffffffffffffffff"), 404)


def test_actors_match_the_store(api, st):
    for filters in [{}, {"name": "iran"}, {"country": "IRQ"}, {"kind": "state"}]:
        status, body = get(api, "/api/actors", limit=1000, **filters)
        assert status == 200
        assert body["total"] == st.count_actors(**filters) > 0, filters
        assert [a["id"] for a in body["actors"]] == [a["id"] for a in st.actors(**filters, limit=1000)]
    _, states = get(api, "/api/actors", kind="state", limit=1000)
    assert all(a["kind"] == "state" for a in states["actors"])
    top = states["actors"][0]
    status, one = get(api, f"/api/actors/{top['id']}")
    assert status == 200 and one == top and one["aliases"] == st.actor(top["id"])["aliases"]
    assert_error(*get(api, "/api/actors/p-nobody"), 404)


def test_quotes_match_the_store(api, st):
    article = st.articles(limit=1)[0]["id"]
    for filters in [{}, {"speaker": "Khamenei"}, {"kind": "direct"}, {"article": article}, {"q": "Iraq"}]:
        status, body = get(api, "/api/quotes", limit=1000, **filters)
        assert status == 200
        kwargs = {("text" if k == "q" else k): v for k, v in filters.items()}
        assert body["total"] == st.count_quotes(**kwargs) > 0, filters
        assert [(q["article_id"], q["id"]) for q in body["quotes"]] == [
            (q["article_id"], q["id"]) for q in st.quotes(**kwargs, limit=1000)]
    _, direct = get(api, "/api/quotes", kind="direct", limit=1000)
    assert all(q["kind"] == "direct" for q in direct["quotes"])
    _, mine = get(api, "/api/quotes", article=article, limit=1000)
    assert all(q["article_id"] == article and isinstance(q["record"], dict) for q in mine["quotes"])


@pytest.mark.parametrize("path,param,value", [
    ("/api/events", "country", "IR"),
    ("/api/events", "source", "IR1"),
    ("/api/events", "target", "IRAN"),
    ("/api/events", "since", "2025-13"),
    ("/api/events", "until", "20250301"),
    ("/api/events", "since", "2025-02-30"),
    ("/api/events", "cameo", "04a"),
    ("/api/events", "type", "consult; DROP"),
    ("/api/events", "include_modal", "perhaps"),
    ("/api/events", "limit", "0"),
    ("/api/events", "limit", "1001"),
    ("/api/events", "offset", "-1"),
    ("/api/events", "limit", "ten"),
    ("/api/articles", "since", "last week"),
    ("/api/articles", "country", "Syria"),
    ("/api/actors", "country", "12x"),
    ("/api/quotes", "kind", "shouted"),
    ("/api/quotes", "limit", "5000"),
])
def test_invalid_parameters_get_422(api, path, param, value):
    assert_error(*get(api, path, **{param: value}), 422, where=f"query.{param}")


@pytest.mark.parametrize("path", ["/api/events", "/api/articles", "/api/quotes"])
def test_bad_full_text_query_gets_400(api, path):
    assert_error(*get(api, path, q='"unbalanced'), 400, where="query.q")
    assert_error(*get(api, path, q="AND OR"), 400, where="query.q")


def test_unknown_paths_and_methods(api):
    assert_error(*get(api, "/api/nothing-here"), 404)
    assert_error(*get(api, "/api/events/1/2"), 404)
    status, body, _ = _request(urllib.request.Request(api + "/api/events", method="DELETE"))
    assert_error(status, body, 405)


def test_sql_injection_looking_parameters_match_nothing(api, st):
    before = st.counts()
    nasty = "x' OR 1=1 --"
    for path, params, key in [
        ("/api/events", {"actor": nasty}, "events"),
        ("/api/events", {"article": nasty}, "events"),
        ("/api/articles", {"actor": nasty}, "articles"),
        ("/api/actors", {"name": nasty}, "actors"),
        ("/api/actors", {"name": "%"}, "actors"),
        ("/api/quotes", {"speaker": nasty}, "quotes"),
        ("/api/quotes", {"article": "'; DROP TABLE quotes; --"}, "quotes"),
    ]:
        status, body = get(api, path, **params)
        assert status == 200 and body["total"] == 0 and body[key] == [], (path, params)
    assert_error(*get(api, "/api/events/" + urllib.parse.quote(nasty)), 404)
    assert_error(*get(api, "/api/actors/" + urllib.parse.quote(nasty)), 404)
    assert st.counts() == before


def test_openapi_lists_every_route(api):
    status, spec = get(api, "/api/openapi.json")
    assert status == 200 and spec["openapi"].startswith("3.")
    routes = {(method, path) for path, ops in spec["paths"].items() for method in ops}
    assert routes >= {("get", "/api/events"), ("get", "/api/events/{event_id}"), ("get", "/api/articles"),
                      ("post", "/api/articles"), ("get", "/api/articles/{ref}"), ("get", "/api/actors"),
                      ("get", "/api/actors/{actor_id}"), ("get", "/api/quotes")}
    for path, ops in spec["paths"].items():
        if path.startswith("/api/"):
            for method, op in ops.items():
                assert op.get("summary") and op.get("description"), (method, path)
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert params >= {"actor", "source", "target", "country", "type", "cameo", "since", "until", "q",
                      "include_modal", "limit", "offset"}
    body_schema = spec["paths"]["/api/articles"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"text", "published", "title"} <= set(body_schema["properties"])


def test_docs_page_loads_nothing_from_other_hosts(api):
    import re

    with urllib.request.urlopen(api + "/api/docs", timeout=30) as response:
        assert response.status == 200 and response.headers["Content-Type"].startswith("text/html")
        page = response.read().decode("utf-8")
    assert "SwaggerUIBundle" in page
    assert not re.search(r"(https?:)?//[a-z0-9]", page, re.I), re.findall(r"\S*//\S+", page)
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        with urllib.request.urlopen(api + url, timeout=30) as response:
            assert response.status == 200, url
    spec_url = re.search(r"url: '([^']+)'", page).group(1)
    status, spec = get(api, spec_url)
    assert status == 200 and spec["openapi"].startswith("3.0.")  # the bundled Swagger UI 4 reads OpenAPI 3.0
    assert "/api/events" in spec["paths"]


def test_post_refused_by_a_read_only_server(servers):
    for token in (None, TOKEN):
        status, body, _ = post(servers["readonly"], {"text": POSTED_TEXT}, token=token)
        assert_error(status, body, 403)
        assert "read-only server" in body["error"]["detail"] and "DATELINE_TOKEN" in body["error"]["detail"]


def test_post_needs_the_right_token(api, st):
    before = st.count_articles()
    for token in (None, "wrong", TOKEN + "x", ""):
        status, body, headers = post(api, {"text": POSTED_TEXT}, token=token)
        assert_error(status, body, 401)
        assert headers.get("www-authenticate", headers.get("WWW-Authenticate")) == "Bearer"
    status, body, _ = post(api, {"text": POSTED_TEXT}, Authorization=f"Basic {TOKEN}")
    assert_error(status, body, 401)
    assert st.count_articles() == before


@pytest.mark.parametrize("data,expected,where", [
    (b'{"text": ', 400, "body"),
    (b"not json at all", 400, "body"),
    (b"", 400, "body"),
    (b'["a list"]', 422, "body"),
    (b'{"title": "no text"}', 422, "body.text"),
    (b'{"text": ""}', 422, "body.text"),
    (b'{"text": "   \\n  "}', 422, "body.text"),
    (b'{"text": 42}', 422, "body.text"),
    (b'{"text": "Some text.", "published": "May 6"}', 422, "body.published"),
    (b'{"text": "Some text.", "format": "pdf"}', 422, "body.format"),
    (b'{"text": "Some text.", "extra": 1}', 422, "body.extra"),
])
def test_post_bad_bodies(api, st, data, expected, where):
    before = st.count_articles()
    status, body, _ = post(api, data, token=TOKEN)
    assert_error(status, body, expected, where=where)
    assert st.count_articles() == before


def test_post_over_the_size_limit_gets_413(api, st):
    before = st.count_articles()
    big = json.dumps({"text": "word " * (MAX_BODY // 4)}).encode("utf-8")
    assert len(big) > MAX_BODY
    assert_error(*post(api, big, token=TOKEN)[:2], 413)  # refused on its Content-Length
    chunks = iter([big[i:i + 4096] for i in range(0, len(big), 4096)])  # no Content-Length: counted while read
    status, body, _ = post(api, chunks, token=TOKEN)
    assert_error(status, body, 413)
    assert st.count_articles() == before


def test_post_ingests_text_that_is_then_served(api, st):
    before = st.count_articles()
    status, body, _ = post(api, {"text": POSTED_TEXT, "published": "2024-05-06"}, token=TOKEN)
    assert status == 201, body
    assert body["new"] == 1 and len(body["articles"]) == 1
    made = body["articles"][0]
    assert made["title"] == "Chile accuses Peru of border violation" and made["events"] >= 1
    assert st.count_articles() == before + 1
    status, article = get(api, f"/api/articles/{made['id']}")
    assert status == 200 and article["published"] == "2024-05-06" and "maritime border" in article["body"]
    assert len(article["events"]) == made["events"] and len(article["quotes"]) == made["quotes"]
    _, found = get(api, "/api/events", q="Chile", include_modal="true")
    assert found["total"] == made["events"] and {e["article_id"] for e in found["events"]} == {made["id"]}
    _, listed = get(api, "/api/articles", q="maritime")
    assert made["id"] in [a["id"] for a in listed["articles"]]
    # the same text again is already stored
    status, again, _ = post(api, {"text": POSTED_TEXT, "published": "2024-05-06"}, token=TOKEN)
    assert status == 201 and again["new"] == 0 and again["articles"][0]["id"] == made["id"]
    assert st.count_articles() == before + 1


def test_docs_cover_every_route_and_their_example_runs(api, capsys):
    doc = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    _, spec = get(api, "/api/openapi.json")
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if "api" not in op.get("tags", []):
                continue  # the browser view's JSON twins are documented with the web view
            assert f"{method.upper()} {path}" in doc, (method, path)
            for param in (p for p in op.get("parameters", []) if p["in"] == "query"):
                assert f"`{param['name']}`" in doc, (path, param["name"])
    assert "dateline serve --db news.db --port 8000" in doc
    snippet = doc.split("```python", 1)[1].split("```", 1)[0]
    exec(snippet.replace("http://127.0.0.1:8000", api).replace("s3cret", TOKEN), {})
    out = capsys.readouterr().out
    assert "events" in out and "new:" in out and "error" not in out


@pytest.mark.parametrize("content,message", [(None, "no such store"), (b"", "not a dateline store"),
                                             (b"just some text\n", "not a dateline store")])
def test_serve_refuses_what_is_not_a_store(tmp_path, content, message):
    db = tmp_path / "news.db"
    if content is not None:
        db.write_bytes(content)
    result = run_cli("serve", "--db", str(db), "--port", str(_free_port()))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr
    assert (db.read_bytes() if db.exists() else None) == content  # never created nor turned into a store


def test_serve_help_has_an_example():
    result = run_cli("serve", "--help")
    assert result.returncode == 0
    assert "Example: dateline serve --db news.db --port 8000" in " ".join(result.stdout.split())
    assert "DATELINE_TOKEN" in result.stdout
