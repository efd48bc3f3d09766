"""``newsevents watch``: only what is new is coded, pass after pass, across restarts and kills,
against a real HTTP server on 127.0.0.1 and a real store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.ingest.fetch import Fetcher
from newsevents.settings import Settings, WebSettings
from newsevents.store import Store
from newsevents.watch.duration import parse_duration
from newsevents.watch.passes import PassReport, run_pass
from newsevents.watch.sources import read_sources
from web_server import WEB_DATA, Route, Server, add_new_item, serve, team_routes

FAST = Settings(web=WebSettings(host_interval=0.0, timeout=2.0))


@pytest.fixture
def server() -> Iterator[Server]:
    with serve() as running:
        team_routes(running)
        yield running


def _pass(db: Path, sources: list[str], number: int = 1) -> PassReport:
    """One pass as a fresh process would run it: a new Store and a new Fetcher."""
    with Store(db) as store, Fetcher(FAST.web) as fetcher:
        return run_pass(store, sources, fetcher, FAST, number=number)


def _documents(db: Path) -> list[tuple[str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT doc_id, source FROM documents ORDER BY source").fetchall()


def test_watch_parses_durations_as_every_takes_them() -> None:
    assert [parse_duration(d) for d in ("30s", "15m", "1h", "1h30m", "90", "0.5s")] == [
        30,
        900,
        3600,
        5400,
        90,
        0.5,
    ]
    for bad in ("", "15x", "m", "0s", "-5m", "15 minutes"):
        with pytest.raises(ValueError, match="duration"):
            parse_duration(bad)


def test_watch_reads_feeds_txt_with_comments_and_relative_folders(tmp_path: Path) -> None:
    feeds = tmp_path / "FEEDS.txt"
    feeds.write_text(
        "# wires\nhttps://example.org/feed.xml  # the main one\n\n"
        "https://example.org/page#section\narchive\nhttps://example.org/feed.xml\n",
        encoding="utf-8",
    )
    assert read_sources(feeds) == [
        "https://example.org/feed.xml",
        "https://example.org/page#section",
        str(tmp_path / "archive"),
    ]
    assert read_sources(tmp_path) == [str(tmp_path)]


def test_watch_second_pass_codes_exactly_the_new_item_and_a_restart_codes_nothing(
    server: Server, tmp_path: Path
) -> None:
    db = tmp_path / "watch.duckdb"
    feed = f"{server.url}/feed.xml"
    first = _pass(db, [feed])
    assert (first.new_items, first.report.documents_stored) == (2, 2)
    assert first.report.events > 0
    add_new_item(server)
    second = _pass(db, [feed], number=2)
    assert (second.new_items, second.report.documents_stored) == (1, 1)
    assert [source for _, source in _documents(db)] == [
        f"{server.url}/news/harbour.html",
        f"{server.url}/news/lusaka-protest.html",
        f"{server.url}/news/ministers.html",
    ]
    # The page of an entry seen before is not fetched again.
    assert len(server.hits("/news/harbour.html")) == 1
    assert len(server.hits("/news/ministers.html")) == 1
    # A restart (new Store, new Fetcher) sends the stored ETag and gets a 304.
    third = _pass(db, [feed], number=3)
    assert (third.not_modified, third.new_items, third.report.documents_read) == (1, 0, 0)
    last = server.hits("/feed.xml")[-1]
    assert last.status == 304 and last.headers["if-none-match"].startswith('"')
    assert "pass 3" in third.line() and "1 not modified" in third.line()


def test_watch_without_etags_still_codes_nothing_twice_by_the_items_it_has_seen(
    server: Server, tmp_path: Path
) -> None:
    server.routes["/feed.xml"].etag = False
    db = tmp_path / "watch.duckdb"
    _pass(db, [f"{server.url}/feed.xml"])
    again = _pass(db, [f"{server.url}/feed.xml"], number=2)
    assert server.hits("/feed.xml")[-1].status == 200
    assert (again.new_items, again.report.documents_read) == (0, 0)
    assert len(server.hits("/news/harbour.html")) == 1


def test_watch_retries_an_entry_whose_page_failed_and_keeps_no_etag_until_it_is_coded(
    server: Server, tmp_path: Path
) -> None:
    db = tmp_path / "watch.duckdb"
    feed = f"{server.url}/feed.xml"
    server.routes["/news/harbour.html"] = Route(status=503, body=b"busy", content_type="text/plain")
    first = _pass(db, [feed])
    assert first.report.documents_stored == 1 and first.report.skipped == {"NE063": 1}
    with Store(db) as store:
        assert store.watch_state(feed).etag is None  # else the next pass would get a 304
    server.routes["/news/harbour.html"] = Route(body=(WEB_DATA / "harbour.html").read_bytes())
    second = _pass(db, [feed], number=2)
    assert (second.new_items, second.report.documents_stored) == (1, 1)
    with Store(db) as store:
        state = store.watch_state(feed)
    assert state.etag and state.items == {"team-wire-0001", "team-wire-0002"}


def test_watch_crash_after_storing_before_noting_state_codes_nothing_twice_on_restart(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "watch.duckdb"
    feed = f"{server.url}/feed.xml"

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("killed between the batch and the state")

    with monkeypatch.context() as patch:
        patch.setattr(Store, "record_watch", crash)
        with pytest.raises(RuntimeError, match="killed"):
            _pass(db, [feed])
    stored = _documents(db)
    assert len(stored) == 2
    resumed = _pass(db, [feed], number=2)
    assert (resumed.report.documents_stored, resumed.report.documents_already_stored) == (0, 2)
    assert _documents(db) == stored
    assert _pass(db, [feed], number=3).new_items == 0


def test_watch_folder_codes_new_files_and_does_not_read_unchanged_ones_again(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    db = tmp_path / "watch.duckdb"
    (folder / "lusaka.txt").write_text(
        "published: 2026-03-03\n\nZambian police detained twenty protesters in Lusaka on "
        "Tuesday.\n",
        encoding="utf-8",
    )
    first = _pass(db, [str(folder)])
    assert (first.new_items, first.report.documents_stored) == (1, 1)
    (folder / "accra.txt").write_text(
        "published: 2026-03-05\n\nThe foreign ministers of Ghana and Togo signed an agreement "
        "in Accra on Thursday.\n",
        encoding="utf-8",
    )
    second = _pass(db, [str(folder)], number=2)
    assert (second.new_items, second.report.documents_read, second.report.documents_stored) == (
        1,
        1,
        1,
    )
    assert len(_documents(db)) == 2


def test_cli_watch_once_logs_one_line_per_pass_and_exits_1_when_a_feed_is_down(
    server: Server, tmp_path: Path
) -> None:
    feeds = tmp_path / "FEEDS.txt"
    feeds.write_text(f"{server.url}/feed.xml\n{server.url}/gone.xml\n", encoding="utf-8")
    db = tmp_path / "watch.duckdb"
    result = CliRunner().invoke(app, ["watch", str(feeds), "--db", str(db), "--once"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    passes = [line for line in lines if line.startswith("pass ")]
    assert len(passes) == 1
    assert "2 sources (0 not modified, 1 unreachable), 2 new items: 2 stored" in passes[0]
    assert f"skipped {server.url}/gone.xml: [NE063] the server answered HTTP 404 Not Found" in lines
    bad = CliRunner().invoke(app, ["watch", str(feeds), "--db", str(db), "--every", "soon"])
    assert bad.exit_code == 2 and "not a duration" in bad.output


# -- a real process: Ctrl-C and kill -9 ------------------------------------------------------


def _start_watch(feeds: Path, db: Path) -> subprocess.Popen[str]:
    code = "from newsevents.cli import app; app()"
    return subprocess.Popen(
        [sys.executable, "-c", code, "watch", str(feeds), "--db", str(db), "--every", "1h"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def _wait_for(server: Server, path: str, process: subprocess.Popen[str], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not server.hits(path):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            out, err = process.communicate()
            pytest.fail(f"{path} never requested; watch said:\n{out}\n{err}")
        time.sleep(0.05)


def test_watch_ctrl_c_mid_pass_stops_between_documents_with_exit_0_and_state_stored(
    server: Server, tmp_path: Path
) -> None:
    # The harbour page answers slowly, so Ctrl-C comes while it is being fetched.
    server.routes["/news/harbour.html"].delay = 1.5
    feeds = tmp_path / "FEEDS.txt"
    feeds.write_text(f"{server.url}/feed.xml\n", encoding="utf-8")
    db = tmp_path / "watch.duckdb"
    process = _start_watch(feeds, db)
    _wait_for(server, "/news/harbour.html", process, timeout=120)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "stopping after the current document" in err
    assert "2 new items: 2 stored" in err and "stopped" in err
    with Store(db) as store:
        assert store.watch_state(f"{server.url}/feed.xml").items == {
            "team-wire-0001",
            "team-wire-0002",
        }
    assert len(_documents(db)) == 2


def test_watch_killed_mid_pass_then_restarted_leaves_no_duplicates(
    server: Server, tmp_path: Path
) -> None:
    feeds = tmp_path / "FEEDS.txt"
    feeds.write_text(f"{server.url}/feed.xml\n", encoding="utf-8")
    db = tmp_path / "watch.duckdb"
    _pass(db, [f"{server.url}/feed.xml"])
    before = _documents(db)
    add_new_item(server)
    server.routes["/news/ministers.html"].delay = 30  # the new entry's page hangs
    process = _start_watch(feeds, db)
    _wait_for(server, "/news/ministers.html", process, timeout=120)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert _documents(db) == before
    server.routes["/news/ministers.html"].delay = 0
    resumed = _pass(db, [f"{server.url}/feed.xml"], number=2)
    assert (resumed.new_items, resumed.report.documents_stored) == (1, 1)
    after = _documents(db)
    assert len(after) == len({doc_id for doc_id, _ in after}) == 3
    with duckdb.connect(str(db), read_only=True) as con:
        duplicated = con.execute(
            "SELECT count(*) FROM (SELECT doc_id, span_start, type FROM events "
            "GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()
    assert duplicated == (0,)


def test_watch_knows_entries_without_id_or_link_by_their_text_not_their_position(
    server: Server, tmp_path: Path
) -> None:
    def feed(*texts: str) -> Route:
        items = "".join(
            f"<item><title>t</title><pubDate>Tue, 03 Mar 2026 10:00:00 +0000</pubDate>"
            f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded></item>"
            for text in texts
        )
        return Route(
            body=(
                '<?xml version="1.0"?><rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                f"<title>Bare wire</title>{items}</channel></rss>"
            ).encode(),
            content_type="application/rss+xml",
        )

    lusaka = "Zambian police detained twenty protesters in Lusaka on Tuesday."
    accra = "The foreign ministers of Ghana and Togo signed an agreement in Accra on Thursday."
    server.routes["/bare.xml"] = feed(lusaka)
    db = tmp_path / "watch.duckdb"
    assert _pass(db, [f"{server.url}/bare.xml"]).report.documents_stored == 1
    # The new entry comes first: by position it would pass for the one seen.
    server.routes["/bare.xml"] = feed(accra, lusaka)
    second = _pass(db, [f"{server.url}/bare.xml"], number=2)
    assert (second.new_items, second.report.documents_stored) == (1, 1)
