"""The README's commands work as written, in a fresh copy of what a user clones: every
fenced shell block of "Install and run" and "Commands" is run (install lines left out)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SECTIONS = ("## Install and run", "## Commands")
# Setting up the environment is what the test runs in already.
INSTALL = re.compile(r"^(make\b|python3 -m venv\b|pip install\b|\S*pip install\b)")


def readme_commands() -> list[list[str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for heading in SECTIONS:
        section = readme.split(heading, 1)[1].split("\n## ", 1)[0]
        for block in re.findall(r"```bash\n(.*?)```", section, flags=re.S):
            for line in block.splitlines():
                words = shlex.split(line, comments=True)
                if words and not INSTALL.match(line.strip()):
                    commands.append(words)
    return commands


def _cli() -> list[str]:
    beside = Path(sys.executable).parent / "newsevents"
    if beside.exists():
        return [str(beside)]
    return [sys.executable, "-c", "from newsevents.cli import app; app()"]


def test_readme_examples_use_only_what_a_clone_has() -> None:
    commands = readme_commands()
    assert len(commands) >= 8
    for words in commands:
        assert Path(words[0]).name == "newsevents", words
        assert not any("../shared" in w for w in words), words


def test_readme_commands_run_as_written_in_a_fresh_copy(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    clone.mkdir()
    shutil.copytree(ROOT / "examples", clone / "examples")
    for words in readme_commands():
        result = subprocess.run(
            [*_cli(), *words[1:]],
            cwd=clone,
            capture_output=True,
            text=True,
            timeout=300,
        )
        shown = " ".join(words)
        assert result.returncode == 0, f"{shown}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr, shown
        if words[1] == "extract" and "--json" in words:
            assert json.loads(result.stdout)["events"], shown
        listing = "--format" not in words or "table" in words
        if words[1] == "events" and listing:
            # Every listing example finds something in the bundled examples.
            assert not re.search(r"^\s*0 (merged events|event mentions)", result.stdout, re.M), (
                shown + "\n" + result.stdout
            )
        if words[1] == "events" and "csv" in words:
            assert len(result.stdout.splitlines()) >= 2, shown
        if words[1] == "stats":
            assert "by type" in result.stdout, shown


@pytest.mark.parametrize("words", readme_commands(), ids=" ".join)
def test_readme_command_names_an_existing_command(words: list[str]) -> None:
    from newsevents.cli import app

    names = {c.name for c in app.registered_commands}
    assert words[1] in names | {"--version"}, words


# -- "URLs, feeds and watch" -------------------------------------------------------------------

FEEDS_SECTION = "## URLs, feeds and watch"


def feeds_block() -> list[list[str]]:
    """The commands of the section's (first) shell block."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(FEEDS_SECTION + "\n", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```bash\n(.*?)```", section, flags=re.S)[0]
    return [w for w in (shlex.split(line, comments=True) for line in block.splitlines()) if w]


def _fresh_copy(tmp_path: Path) -> Path:
    clone = tmp_path / "clone"
    clone.mkdir()
    for folder in ("examples", "samples"):
        shutil.copytree(ROOT / folder, clone / folder)
    return clone


def test_readme_feeds_block_runs_as_written_in_a_fresh_copy(tmp_path: Path) -> None:
    commands = feeds_block()
    assert {w[1] for w in commands} >= {"run", "watch"}
    assert any("samples/articles.csv" in w for w in commands)
    clone = _fresh_copy(tmp_path)
    outputs = {}
    for words in commands:
        assert Path(words[0]).name == "newsevents", words
        assert not any("../shared" in w or "://" in w for w in words), words
        result = subprocess.run(
            [*_cli(), *words[1:]], cwd=clone, capture_output=True, text=True, timeout=300
        )
        shown = " ".join(words)
        assert result.returncode == 0, f"{shown}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr, shown
        assert not re.search(r"\bNE\d{3}\b", result.stdout + result.stderr), shown
        outputs[shown] = result
    # Every input stored its documents: 3 feed items, 2 CSV rows, 2 Parquet rows, 2 examples.
    from newsevents.store import Store

    with Store(clone / "news.duckdb", read_only=True) as store:
        documents = store.documents()
        claims = store.claims()
    assert len(documents) == 3 + 2 + 2 + len(list((ROOT / "examples").glob("*.txt")))
    assert {d["doc_id"] for d in documents} >= {"sample-lima", "sample-hanoi", "sample-kivu"}
    assert any(c["quantity"]["text"] == "18 percent" for c in claims)
    # The watch of feeds.txt: the feed's items are stored already; its second pass finds none.
    watched = next(r for shown, r in outputs.items() if "feeds.txt" in shown)
    passes = [line for line in watched.stderr.splitlines() if line.startswith("pass ")]
    assert len(passes) == 2 and "0 new items" in passes[1], watched.stderr
    assert "3 already stored" in passes[0], watched.stderr


def test_readme_sample_feed_is_read_from_a_url_too(tmp_path: Path) -> None:
    # The README shows URLs as an illustration; here the sample feed is fetched from a local
    # server, never the internet.
    from web_server import Route, serve

    clone = _fresh_copy(tmp_path)
    with serve() as server:
        feed = (clone / "samples" / "feed.rss").read_bytes()
        server.routes["/feed.rss"] = Route(body=feed, content_type="application/rss+xml")
        result = subprocess.run(
            [*_cli(), "run", f"{server.url}/feed.rss", "--db", "web.duckdb"],
            cwd=clone,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    from newsevents.store import Store

    with Store(clone / "web.duckdb", read_only=True) as store:
        sources = sorted(d["source"] for d in store.documents())
    assert len(sources) == 3
    assert all(s.startswith("https://sample-wire.example.org/2026/03/") for s in sources)
    # Full content in every item: no page was fetched, only robots.txt and the feed.
    assert sorted({r.path for r in server.requests}) == ["/feed.rss", "/robots.txt"]
