"""The HTTP API over a real store built from the team's articles: every resource, its
filters and pages, its limits and problems, and what a hostile parameter gets."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from typer.testing import CliRunner

from newsevents.api import create_app
from newsevents.api.command import check_bind
from newsevents.api.limits import Limits, timed_view
from newsevents.cli import app as cli_app
from newsevents.errors import ServeRefused
from newsevents.store import Store
from served import build_store, serve

KREMLIN_TEXT = "Russian President Vladimir Putin and Syria’s interim president"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api") / "events.duckdb")


@pytest.fixture(scope="module")
def url(db: Path) -> Iterator[str]:
    """A real ``newsevents serve`` process on 127.0.0.1 over the store."""
    with serve(db) as base:
        yield base


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as client:
        yield client


def summit(client: TestClient) -> dict:
    """The merged CONSULT event of Putin and al-Sharaa at the Kremlin."""
    params = {"type": "CONSULT", "source": "Vladimir Putin", "place": "Kremlin"}
    (event,) = client.get("/events", params=params).json()["items"]
    return event


def test_api_events_type_consult_answers_the_kremlin_summit(client: TestClient) -> None:
    event = summit(client)
    assert event["source"] == {
        "id": "Q7747",
        "name": "Vladimir Putin",
        "country": "RUS",
        "sector": "GOV",
        "igo": None,
    }
    assert (event["target"]["name"], event["target"]["country"]) == ("Ahmed al-Sharaa", "SYR")
    assert event["date"] == "2026-01-28"
    assert event["location"]["name"] == "Kremlin"
    assert event["num_mentions"] == 1


def test_api_event_detail_gives_every_mention_with_spans_into_its_document(
    client: TestClient,
) -> None:
    most = client.get("/events", params={"sort": "-mentions", "limit": 1}).json()["items"][0]
    merged = client.get(f"/events/{most['id']}").json()
    assert len(merged["mentions"]) == merged["num_mentions"] >= 2
    for mention in merged["mentions"]:
        document = client.get(f"/documents/{mention['document_id']}").json()
        start, end = mention["sentence_span"]
        assert document["text"][start:end] == mention["sentence"]
        trigger = document["text"][slice(*mention["span"])]
        assert trigger and trigger in mention["sentence"]
    # Any mention's id leads to the same merged event.
    other = merged["mentions"][1]["event_id"]
    assert client.get(f"/events/{other}").json()["id"] == merged["id"]


def test_api_document_gives_its_text_and_every_annotation_as_spans(client: TestClient) -> None:
    event = client.get("/events", params={"text": KREMLIN_TEXT, "mentions": True}).json()
    doc_id = event["items"][0]["document_id"]
    document = client.get(f"/documents/{doc_id}").json()
    text = document["text"]
    assert KREMLIN_TEXT in text
    putin = next(a for a in document["actors"] if a["id"] == "Q7747")
    assert {text[s:e] for s, e in putin["mentions"]} >= {"Vladimir Putin", "Putin"}
    for ev in document["events"]:
        assert text[slice(*ev["sentence_span"])] == ev["sentence"]
    for quote in document["quotes"]:
        assert quote["text"] in text[quote["span"][0] - 1 : quote["span"][1] + 1]
    assert "Kremlin" in {text[slice(*p["span"])] for p in document["places"]}


def test_api_mentions_are_in_the_one_event_shape_of_the_store(db: Path, client: TestClient):
    page = client.get("/events", params={"mentions": True, "type": "CONSULT"}).json()
    with Store(db, read_only=True) as store:
        stored = store.events(type="CONSULT")
    assert {e["id"] for e in page["items"]} == {e["id"] for e in stored}
    assert page["items"][0].keys() == stored[0].keys()


def test_api_cursor_pages_cover_every_event_once_in_sort_order(db: Path, client: TestClient):
    seen: list[dict] = []
    cursor = None
    while True:
        params = {"mentions": True, "sort": "-date", "limit": 7}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/events", params=params).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    with Store(db, read_only=True) as store:
        total = store.counts()["events"]
    assert len(seen) == len({e["id"] for e in seen}) == total
    dates = [e["date"] for e in seen if e["date"]]
    assert dates == sorted(dates, reverse=True)


def test_api_merged_events_sort_by_mentions(client: TestClient) -> None:
    items = client.get("/events", params={"sort": "-mentions", "limit": 20}).json()["items"]
    counts = [e["num_mentions"] for e in items]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"since": "2026-13-01"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"since": "2026-02-01", "until": "2026-01-01"}, "until"),
        ({"type": "PROTST"}, "type"),
        ({"quad": "5"}, "quad"),
        ({"quad": "one"}, "quad"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"limit": "100000"}, "limit"),
        ({"sort": "id; DROP TABLE events"}, "sort"),
        ({"sort": "mentions", "mentions": "true"}, "sort"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"format": "xml"}, "format"),
    ],
)
def test_api_bad_parameter_is_a_422_problem_naming_it(
    client: TestClient, params: dict, parameter: str
) -> None:
    response = client.get("/events", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422 and problem["code"] == "NE050"
    assert problem["parameter"] == parameter
    assert problem["type"] == "urn:newsevents:problem:NE050"


HOSTILE = [
    "x' OR '1'='1",
    "'; DROP TABLE events; --",
    '") OR 1=1 --',
    "RUS' UNION SELECT text FROM documents --",
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "$type",
]
EVENT_PARAMETERS = [
    "actor",
    "source",
    "target",
    "country",
    "sector",
    "type",
    "quad",
    "mode",
    "since",
    "until",
    "place",
    "bbox",
    "document",
    "text",
    "min_confidence",
    "sort",
    "limit",
    "cursor",
    "format",
    "mentions",
]


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize(
    ("path", "parameter"),
    [("/events", p) for p in EVENT_PARAMETERS]
    + [("/stats", p) for p in ("actor", "text", "dyads", "top")]
    + [("/actors", p) for p in ("q", "country", "sector", "limit")]
    + [("/places", p) for p in ("q", "country", "limit")],
)
def test_api_hostile_value_in_any_parameter_answers_4xx_or_nothing(
    client: TestClient, path: str, parameter: str, value: str
) -> None:
    response = client.get(path, params={parameter: value})
    assert response.status_code < 500, response.text
    if response.status_code == 200:
        body = response.json()
        rows = body.get("items", body.get("dyads"))
        assert rows == [], f"{parameter}={value!r} selected rows"
    else:
        assert 400 <= response.status_code < 500
        assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("path", ["/events/{}", "/documents/{}", "/actors/{}", "/assets/{}"])
def test_api_hostile_id_or_path_is_a_404_and_the_store_is_unchanged(
    db: Path, client: TestClient, path: str, value: str
) -> None:
    with Store(db, read_only=True) as store:
        before = store.counts()
    response = client.get(path.format(value))
    assert response.status_code == 404
    assert "root:" not in response.text
    with Store(db, read_only=True) as store:
        assert store.counts() == before


def test_api_actor_gives_its_events_in_each_role_and_its_partners(client: TestClient) -> None:
    actor = client.get("/actors/Q7747").json()
    assert (actor["name"], actor["country"], actor["sector"]) == ("Vladimir Putin", "RUS", "GOV")
    assert actor["as_source"] and all(e["source"]["id"] == "Q7747" for e in actor["as_source"])
    assert all(e["target"]["id"] == "Q7747" for e in actor["as_target"])
    mentions = client.get("/events", params={"source": "Q7747", "mentions": True}).json()
    assert len(mentions["items"]) == actor["events_as_source"] >= len(actor["as_source"])
    partners = {p["id"]: p for p in actor["partners"]}
    assert partners["ahmed-al-sharaa"]["events_as_source"] >= 2
    found = client.get("/actors", params={"q": "putin"}).json()["items"]
    assert [a["id"] for a in found] == ["Q7747"]
    assert client.get("/actors/no-such-actor").status_code == 404


def test_api_places_are_summed_over_documents(client: TestClient) -> None:
    places = client.get("/places", params={"q": "kremlin"}).json()["items"]
    assert [p["name"] for p in places] == ["Kremlin"]
    assert places[0]["country"] == "RUS" and places[0]["mentions"] >= 1


def test_api_stats_count_merged_events_by_type_week_and_dyad(client: TestClient) -> None:
    stats = client.get("/stats").json()
    assert sum(t["events"] for t in stats["by_type"]) == stats["events"]
    assert stats["mentions"] >= stats["events"]
    assert {w["quad_class"] for w in stats["by_week"]} <= {1, 2, 3, 4}
    assert all(w["week"] for w in stats["by_week"])
    rus = client.get("/stats", params={"country": "RUS", "dyads": "country"}).json()
    assert {"source": "RUS", "target": "SYR"} in [
        {"source": d["source"]["id"], "target": d["target"]["id"]} for d in rus["dyads"]
    ]
    consult = client.get("/stats", params={"type": "CONSULT"}).json()
    assert [t["type"] for t in consult["by_type"]] == ["CONSULT"]


def test_api_events_as_csv_and_geojson(client: TestClient) -> None:
    csv_text = client.get("/events", params={"type": "CONSULT", "format": "csv"}).text
    header, *rows = csv_text.strip().splitlines()
    assert header.startswith("date,type,mode,cameo,source,")
    assert rows and all(",CONSULT," in row for row in rows)
    geo = client.get("/events", params={"format": "geojson", "limit": 500}).json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    for feature in geo["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert feature["properties"]["location"]["lat"] == lat
        assert -180 <= lon <= 180


def test_api_answer_over_the_size_limit_is_a_413_problem(db: Path) -> None:
    with TestClient(create_app(db, limits=Limits(response_bytes=2000))) as small:
        response = small.get("/events", params={"limit": 100})
        assert response.status_code == 413
        assert response.json()["code"] == "NE074"
        assert small.get("/events", params={"limit": 1}).status_code == 200


def test_api_query_past_the_time_limit_is_interrupted(db: Path) -> None:
    slow = "SELECT count(*) FROM range(10000000000) t(i) WHERE i % 7 = 3"
    with (
        Store(db, read_only=True) as store,
        timed_view(store, Limits(query_seconds=0.2)) as view,
        pytest.raises(duckdb.InterruptException),
    ):
        view.connection.execute(slow)


def test_api_request_past_the_time_limit_is_a_503_problem_and_the_server_goes_on(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A query DuckDB needs minutes for, run where /stats runs its own: the request's timer
    # must interrupt it and the client get a problem, not a hung or dropped connection.
    def slow_stats(self: Store, **_: object) -> dict:
        sql = "SELECT count(*) FROM range(10000000000) t(i) WHERE i % 7 = 3"
        return {"n": self.connection.execute(sql).fetchone()[0]}

    with TestClient(create_app(db, limits=Limits(query_seconds=0.3))) as slow:
        monkeypatch.setattr(Store, "stats", slow_stats)
        response = slow.get("/stats")
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["retry-after"] == "1"
        assert response.json()["code"] == "NE073"
        assert "0.3 s" in response.json()["detail"]
        # The interrupted cursor was the request's own: the next request is answered.
        monkeypatch.undo()
        assert slow.get("/stats").status_code == 200
        assert slow.get("/events", params={"limit": 1}).status_code == 200


def _stats_holding_the_slot(seconds: float, running: list[int]):
    """A ``Store.stats`` that takes ``seconds`` and records how many run at once."""
    lock = threading.Lock()
    now = [0]

    def stats(self: Store, **_: object) -> dict:
        with lock:
            now[0] += 1
            running.append(now[0])
        time.sleep(seconds)
        with lock:
            now[0] -= 1
        return {"ok": True}

    return stats


@pytest.mark.parametrize("slots", [1, 2])
def test_api_requests_read_the_store_at_most_concurrent_queries_at_once(
    db: Path, monkeypatch: pytest.MonkeyPatch, slots: int
) -> None:
    running: list[int] = []
    limits = Limits(concurrent_queries=slots, queue_seconds=30)
    with TestClient(create_app(db, limits=limits)) as app:
        monkeypatch.setattr(Store, "stats", _stats_holding_the_slot(0.3, running))
        start = time.monotonic()
        with ThreadPoolExecutor(max_workers=6) as pool:
            statuses = list(pool.map(lambda _: app.get("/stats").status_code, range(6)))
        took = time.monotonic() - start
    # Every request is answered (the rest waited for a slot), never more than `slots` at once.
    assert statuses == [200] * 6
    assert max(running) == slots
    assert took >= 0.3 * 6 / slots - 0.05


def test_api_request_that_finds_no_free_slot_in_time_is_a_503_problem(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    limits = Limits(concurrent_queries=1, queue_seconds=0.2)
    with TestClient(create_app(db, limits=limits)) as app:
        monkeypatch.setattr(Store, "stats", _stats_holding_the_slot(1.0, []))
        with ThreadPoolExecutor(max_workers=2) as pool:
            first = pool.submit(app.get, "/stats")
            time.sleep(0.1)
            second = pool.submit(app.get, "/stats")
            responses = [first.result(), second.result()]
        assert responses[0].status_code == 200
        busy = responses[1]
        assert busy.status_code == 503 and busy.headers["retry-after"] == "1"
        assert busy.headers["content-type"] == "application/problem+json"
        assert busy.json()["code"] == "NE076"
        # The slot is given back: once the first is done, the next request gets it.
        monkeypatch.undo()
        assert app.get("/stats").status_code == 200


def test_api_with_a_token_refuses_requests_without_it(db: Path) -> None:
    with TestClient(create_app(db, token="s3cret")) as guarded:
        refused = guarded.get("/events")
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == "Bearer"
        assert refused.json()["code"] == "NE072"
        wrong = guarded.get("/events", headers={"Authorization": "Bearer guess"})
        assert wrong.status_code == 401
        ok = guarded.get("/events", headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        # The page, the schema and its docs hold no data.
        assert guarded.get("/").status_code == 200
        assert guarded.get("/openapi.json").status_code == 200
        assert guarded.get("/docs").status_code == 200
        assert guarded.get("/stats").status_code == 401


def test_serve_refuses_to_bind_beyond_loopback_without_a_token(db: Path) -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(db), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "NE075" in result.output
    with pytest.raises(ServeRefused):
        check_bind("192.168.1.4", None)
    check_bind("127.0.0.1", None)
    check_bind("::1", None)
    check_bind("0.0.0.0", "s3cret")


def test_serve_passes_its_limits_to_the_app(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    served: dict = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app, **kw))
    options = ["--query-seconds", "2.5", "--concurrent-queries", "3", "--port", "8123"]
    result = CliRunner().invoke(cli_app, ["serve", "--db", str(db), *options])
    assert result.exit_code == 0, result.output
    assert served["app"].state.limits == Limits(query_seconds=2.5, concurrent_queries=3)
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)


def test_serve_answers_openapi_the_summit_and_the_page(url: str) -> None:
    paths = httpx.get(url + "/openapi.json").json()["paths"]
    assert {"/events", "/events/{event_id}", "/documents/{doc_id}", "/actors", "/stats"} <= set(
        paths
    )
    consult = httpx.get(url + "/events", params={"type": "CONSULT"}).json()
    names = {(e["source"] or {}).get("name") for e in consult["items"]}
    assert "Vladimir Putin" in names
    page = httpx.get(url + "/")
    assert page.status_code == 200 and "<title>newsevents" in page.text
    assert httpx.get(url + "/docs").status_code == 200
    bad = httpx.get(url + "/events", params={"since": "2026-02-30"})
    assert bad.status_code == 422 and bad.json()["parameter"] == "since"


def test_serve_answers_concurrent_requests_each_on_its_own_cursor(url: str) -> None:
    # DuckDB connections are not thread-safe: every request reads through its own cursor.
    paths = ["/events?type=CONSULT", "/stats", "/actors", "/events?mentions=true&limit=200"]
    expected = {p: httpx.get(url + p).json() for p in paths}

    def fetch(i: int) -> bool:
        path = paths[i % len(paths)]
        return httpx.get(url + path, timeout=30).json() == expected[path]

    with ThreadPoolExecutor(max_workers=16) as pool:
        assert all(pool.map(fetch, range(96)))


def test_api_schemathesis_finds_no_server_error(url: str) -> None:
    # Requests generated from the OpenAPI schema, against the served store: any status but a
    # 5xx is an answer (problems are 4xx); a 5xx fails. Driven through Hypothesis directly:
    # schemathesis' pytest plugin does not run under this pytest.
    schema = schemathesis.openapi.from_url(url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    calls = 0

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case) -> None:
            nonlocal calls
            case.call_and_validate(checks=[not_a_server_error])
            calls += 1

        no_server_error()
    assert calls >= 5 * len(operations)
