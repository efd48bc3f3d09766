"""URLs and feed URLs as inputs, fetched politely from a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents import ingest
from newsevents.cli import app
from newsevents.errors import (
    FetchTimeout,
    HttpError,
    ResponseTooLarge,
    RobotsDisallowed,
)
from newsevents.ingest.fetch import Fetcher
from newsevents.models import Document, Failure
from newsevents.settings import WebSettings
from web_server import WEB_DATA, Route, Server, serve, team_routes

# Fast politeness for tests; the defaults (1 s per host, 20 s, 10 MB) are checked below.
FAST = WebSettings(host_interval=0.0, timeout=0.5, total_timeout=2.0, max_bytes=100_000)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with serve() as running:
        team_routes(running)
        running.routes.update(
            {
                "/broken": Route(status=500, body=b"internal error", content_type="text/plain"),
                "/slow": Route(delay=1.5, body=b"too late", content_type="text/plain"),
                "/big-declared": Route(body=b"x" * 150_000, content_type="text/plain"),
                "/big-chunked": Route(body=b"y" * 150_000, chunked=True, content_type="text/plain"),
                "/moved": Route(status=301, location="/news/harbour.html"),
            }
        )
        yield running


def _read(*urls: str, settings: WebSettings = FAST) -> list[Document | Failure]:
    return list(ingest.read(list(urls), web_settings=settings))


def test_web_feed_url_yields_its_entries_and_fetches_the_page_of_a_summary_only_entry(
    server: Server,
) -> None:
    lusaka, harbour = _read(f"{server.url}/feed.xml")
    assert isinstance(lusaka, Document) and isinstance(harbour, Document)
    # The entry with full content is read from the feed; its page is never asked for.
    assert lusaka.text.startswith("Zambian police detained twenty protesters in Lusaka")
    assert not server.hits("/news/lusaka-protest.html")
    # The entry with only a summary gets the article from its page (trafilatura), under the
    # entry's title, date and feed, and is named by its own link (resolved against the feed).
    assert harbour.source == f"{server.url}/news/harbour.html"
    assert "Kenya Ports Authority agreed to raise their wages" in harbour.text
    assert "Home" not in harbour.text and "Copyright" not in harbour.text
    assert harbour.title == "Port workers end strike in Mombasa"
    assert harbour.published.isoformat() == "2026-03-02"
    assert harbour.publisher == "Team Test Wire"
    assert harbour.meta["entry_id"] == "team-wire-0002"


def test_web_page_url_yields_one_document_and_every_request_says_who_asks(server: Server) -> None:
    (page,) = _read(f"{server.url}/news/ministers.html")
    assert isinstance(page, Document)
    # trafilatura keeps the headline as the first line, as the HTML file reader does.
    assert page.text.splitlines()[:2] == [
        "Ghana and Togo sign border deal",
        "The foreign ministers of Ghana and Togo signed an agreement in Accra on Thursday to "
        "reopen three border posts closed since the pandemic.",
    ]
    assert page.url == f"{server.url}/news/ministers.html"
    assert page.publisher == "Gulf of Guinea Daily"
    agents = {r.headers["user-agent"] for r in server.requests}
    assert agents == {WebSettings().user_agent}


def test_web_follows_a_redirect_to_the_page(server: Server) -> None:
    (page,) = _read(f"{server.url}/moved")
    assert isinstance(page, Document)
    assert page.url == f"{server.url}/news/harbour.html"


def test_web_path_disallowed_by_robots_txt_is_skipped_as_NE064_without_being_fetched(
    server: Server,
) -> None:
    (failure,) = _read(f"{server.url}/private/ministers.html")
    assert isinstance(failure, Failure)
    assert failure.code == RobotsDisallowed.code == "NE064"
    assert "robots.txt does not allow newsevents" in failure.reason
    assert not server.hits("/private/ministers.html")


def test_web_http_500_is_NE063_and_the_other_urls_are_still_read(server: Server) -> None:
    failure, page = _read(f"{server.url}/broken", f"{server.url}/news/ministers.html")
    assert isinstance(failure, Failure) and isinstance(page, Document)
    assert failure.code == HttpError.code == "NE063"
    assert failure.reason == "the server answered HTTP 500 Internal Server Error"
    assert failure.source == f"{server.url}/broken"


def test_web_slow_server_times_out_as_NE062(server: Server) -> None:
    started = time.monotonic()
    (failure,) = _read(f"{server.url}/slow")
    assert isinstance(failure, Failure)
    assert failure.code == FetchTimeout.code == "NE062"
    assert time.monotonic() - started < 1.4  # the limit (0.5 s), not the server's 1.5 s


@pytest.mark.parametrize("path", ["/big-declared", "/big-chunked"])
def test_web_body_over_the_size_limit_is_NE065_whether_or_not_its_length_is_announced(
    server: Server, path: str
) -> None:
    (failure,) = _read(f"{server.url}{path}")
    assert isinstance(failure, Failure)
    assert failure.code == ResponseTooLarge.code == "NE065"
    assert "100,000 bytes" in failure.reason


def test_web_unreachable_host_is_NE061_and_a_non_http_url_NE060() -> None:
    refused, ftp = _read("http://127.0.0.1:9/feed.xml", "ftp://example.org/feed.xml")
    assert isinstance(refused, Failure) and refused.code == "NE061"
    assert "Connection refused" in refused.reason
    assert isinstance(ftp, Failure) and ftp.code == "NE060"


def test_web_second_fetch_sends_if_none_match_and_gets_304(server: Server) -> None:
    with Fetcher(FAST) as fetcher:
        first = fetcher.get(f"{server.url}/feed.xml")
        assert first.status == 200 and first.etag
        second = fetcher.get(f"{server.url}/feed.xml", etag=first.etag)
    assert second.not_modified and second.body == b""
    last = server.hits("/feed.xml")[-1]
    assert last.headers["if-none-match"] == first.etag
    assert last.status == 304


def test_web_requests_to_one_host_are_spaced_by_the_rate_limit(server: Server) -> None:
    # The fetcher's own clock, advanced only by its sleeps: request times on it are exact,
    # whatever else loads the machine (a wall clock seen by the server is not).
    now = [0.0]
    sent: list[float] = []

    def sleep(seconds: float) -> None:
        now[0] += seconds

    def clock() -> float:
        return now[0]

    before = len(server.requests)
    with Fetcher(WebSettings(host_interval=0.3), clock=clock, sleep=sleep) as fetcher:
        for _ in range(3):
            fetcher.get(f"{server.url}/news/ministers.html")
            sent.append(now[0])
    assert len(server.requests) - before == 4  # robots.txt once, then the page three times
    # robots.txt at 0, the page at 0.3, 0.6 and 0.9 on the fetcher's clock.
    assert sent == pytest.approx([0.3, 0.6, 0.9]), sent


def test_web_robots_txt_that_fails_with_5xx_forbids_the_site_and_a_missing_one_allows_it() -> None:
    with serve() as failing, serve() as missing:
        failing.routes["/robots.txt"] = Route(status=503, body=b"down", content_type="text/plain")
        for site in (failing, missing):
            site.routes["/page.html"] = Route(body=(WEB_DATA / "ministers.html").read_bytes())
        (forbidden,) = _read(f"{failing.url}/page.html")
        (allowed,) = _read(f"{missing.url}/page.html")
    assert isinstance(forbidden, Failure) and forbidden.code == "NE064"
    assert "HTTP 503" in forbidden.reason and not failing.hits("/page.html")
    assert isinstance(allowed, Document)


def test_web_defaults_are_polite() -> None:
    defaults = WebSettings()
    assert defaults.host_interval == 1.0
    assert defaults.timeout == 20.0 and defaults.total_timeout == 60.0
    assert defaults.max_bytes == 10_000_000
    assert defaults.user_agent.startswith("newsevents/")


# -- the command line ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def feed_store(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("web") / "web.duckdb"
    result = CliRunner().invoke(app, ["run", f"{server.url}/feed.xml", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_cli_run_codes_a_feed_url_into_the_store(feed_store: Path, server: Server) -> None:
    with duckdb.connect(str(feed_store), read_only=True) as con:
        documents = con.execute(
            "SELECT source, title, published::VARCHAR, publisher FROM documents ORDER BY source"
        ).fetchall()
        events = con.execute("SELECT count(*) FROM events").fetchone()
    assert documents == [
        (
            f"{server.url}/news/harbour.html",
            "Port workers end strike in Mombasa",
            "2026-03-02",
            "Team Test Wire",
        ),
        (
            f"{server.url}/news/lusaka-protest.html",
            "Police detain protesters in Lusaka",
            "2026-03-03",
            "Team Test Wire",
        ),
    ]
    assert events and events[0] > 0


def test_cli_run_exits_1_when_a_url_cannot_be_fetched_and_stores_the_rest(
    feed_store: Path, server: Server
) -> None:
    result = CliRunner().invoke(
        app, ["run", f"{server.url}/broken", f"{server.url}/feed.xml", "--db", str(feed_store)]
    )
    assert result.exit_code == 1, result.output
    assert "[NE063] the server answered HTTP 500" in result.output
    rows = {
        line.split("│")[1].strip(): line.split("│")[2].strip()
        for line in result.output.splitlines()
        if line.count("│") >= 3
    }
    assert rows["documents already stored"] == "2"
    assert rows["skipped NE063"] == "1"


def test_web_crawl_delay_stretches_the_rate_limit_and_robots_txt_is_read_again_after_a_day() -> (
    None
):
    now = [1_000.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    with serve() as site:
        site.routes["/robots.txt"] = Route(
            body=b"User-agent: *\nCrawl-delay: 5\n", content_type="text/plain"
        )
        site.routes["/page.html"] = Route(body=(WEB_DATA / "ministers.html").read_bytes())
        settings = WebSettings(host_interval=1.0)
        with Fetcher(settings, clock=lambda: now[0], sleep=sleep) as fetcher:
            fetcher.get(f"{site.url}/page.html")
            fetcher.get(f"{site.url}/page.html")
            now[0] += 2 * 24 * 3600
            fetcher.get(f"{site.url}/page.html")
        robots_reads = len(site.hits("/robots.txt"))
    # Five seconds (the Crawl-delay, longer than the 1 s default) before each page request
    # that follows another request to the host.
    assert slept == [5.0, 5.0, 5.0]
    assert robots_reads == 2
