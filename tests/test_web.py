"""The web explorer in a real browser: ``newsevents serve`` on 127.0.0.1 over a store built
from the team's articles, driven in Debian's headless Chromium with Playwright.

Chromium comes from Debian's packages (``.ci/run`` installs it), never from a browser
download. Without it these tests fail; ``NEWSEVENTS_NO_BROWSER=1`` skips them explicitly.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.web import static_dir
from served import build_store, serve

CHROMIUM = Path(os.environ.get("NEWSEVENTS_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

needs_browser = pytest.mark.skipif(
    os.environ.get("NEWSEVENTS_NO_BROWSER") == "1", reason="NEWSEVENTS_NO_BROWSER=1"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "events.duckdb")


@pytest.fixture(scope="module")
def url(db: Path) -> Iterator[str]:
    with serve(db) as base:
        yield base


@pytest.fixture(scope="module")
def guarded_url(db: Path) -> Iterator[str]:
    with serve(db, "--token", "s3cret") as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), f"no Chromium at {CHROMIUM}: apt-get install -y chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    # The page must work offline: any request that leaves 127.0.0.1 fails the test.
    outside: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith(("http://127.0.0.1:", "data:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert outside == [], f"the page fetched from outside 127.0.0.1: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


def test_built_page_loads_nothing_from_a_cdn() -> None:
    static = static_dir()
    html = (static / "index.html").read_text(encoding="utf-8")
    sources = re.findall(r"""<(?:script|link|img)\b[^>]*?(?:src|href)=["']([^"']+)""", html)
    assert sources and all(s.startswith(("/assets/", "data:")) for s in sources), sources
    for asset in [*(static / "assets").iterdir(), *(static / "docs").glob("*.js")]:
        text = asset.read_text(encoding="utf-8")
        assert not re.search(r"""(?:import\s*\(?|from)\s*["']https?://""", text), asset
        assert not re.search(r"""url\(\s*["']?https?://""", text), asset
        assert not re.search(r"""fetch\(\s*["']https?://""", text), asset


@needs_browser
def test_explorer_filters_by_actor_opens_an_event_and_highlights_its_evidence(
    page, url: str
) -> None:
    page.goto(url + "/")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#events tbody tr").count() > 10
    # The charts drew: bars on the timeline canvas, nodes in the network, dots on the map.
    assert page.locator("#map path.land").count() == 1
    assert page.locator("#map circle.point").count() > 0

    page.fill("#f-actor", "Vladimir Putin")
    page.click("#apply")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#events tbody tr')].length > 0 && "
        "[...document.querySelectorAll('#events tbody tr')].every(r => "
        "r.textContent.includes('Vladimir Putin'))"
    )
    rows = page.locator("#events tbody tr")
    assert 1 <= rows.count() <= 10

    rows.filter(has_text="CONSULT").first.click()
    page.wait_for_selector("#event mark.evidence")
    evidence = page.locator("#event mark.evidence").first.inner_text().strip()
    assert evidence
    heading = page.locator("#event h2").inner_text()
    assert "CONSULT" in heading and "Vladimir Putin (RUS GOV)" in heading

    page.locator("#event a.open-document").first.click()
    page.wait_for_selector("#document .ann.event.current")
    current = page.locator("#document .ann.event.current").first
    assert current.inner_text().strip() == evidence
    # Hovering an annotation shows its coding.
    current.hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    assert "CONSULT" in tooltip.inner_text() and "Vladimir Putin" in tooltip.inner_text()
    assert page.locator("#document .ann.actor").count() > 3
    assert page.locator("#document .ann.place").count() > 0
    assert page.locator("#document .ann.quote").count() > 0

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "explorer-document.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert shot.stat().st_size > 10_000

    # Clicking the highlighted trigger leads back to the merged event.
    current.click()
    page.wait_for_selector("#event")
    assert "CONSULT" in page.locator("#event h2").inner_text()


@needs_browser
def test_explorer_marks_an_implied_source_as_implied(page, tmp_path: Path) -> None:
    import datetime as dt

    import duckdb

    import newsevents

    # A store of one agentless arrest: its source is implied (an actor id, no span).
    article = tmp_path / "arrest.txt"
    article.write_text(
        "The Chilean opposition leader Ana Duarte was arrested in Valparaiso on Tuesday.\n",
        encoding="utf-8",
    )
    db = tmp_path / "implied.duckdb"
    newsevents.run([article], db, published=dt.date(2026, 4, 2))
    with duckdb.connect(str(db), read_only=True) as con:
        (merged_id,) = con.execute(
            "SELECT merged_id FROM events WHERE source_id IS NOT NULL AND source_start IS NULL"
        ).fetchone()
    with serve(db) as base:
        page.goto(f"{base}/#/event/{merged_id}")
        page.wait_for_selector("#event .implied")
        assert "source implied" in page.locator("#event .implied").first.inner_text()


@needs_browser
def test_explorer_shows_a_bad_filter_as_the_servers_problem(page, url: str) -> None:
    page.goto(url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("#f-since", "2026-02-01")
    page.fill("#f-until", "2026-01-01")
    page.click("#apply")
    page.wait_for_selector("#status.error")
    assert "until" in page.locator("#status").inner_text()


@needs_browser
def test_explorer_asks_a_guarded_server_with_its_token(page, guarded_url: str) -> None:
    page.goto(guarded_url + "/?token=s3cret")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#events tbody tr").count() > 10
    assert "token" not in page.url  # dropped from the address bar once kept


@needs_browser
def test_api_docs_render_offline_from_the_package(page, url: str) -> None:
    page.goto(url + "/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert {"/events", "/events/{event_id}", "/documents/{doc_id}", "/stats"} <= {
        p.replace("\u200b", "").strip() for p in paths
    }
