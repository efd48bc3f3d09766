"""The command line as analysts use it (issue 14, part 3): merged events at 80 columns,
stats, --jobs, truthful exit codes, one JSON array, --version and plain help."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents.cli import app

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
ARTICLES = Path(__file__).parent / "articles"


def invoke(*args: str, code: int = 0, **env: str):
    result = CliRunner().invoke(app, list(args), env=env or None)
    assert result.exit_code == code, result.output
    return result


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("analyst")
    for article in [*EXAMPLES.glob("*.txt"), *ARTICLES.glob("*.txt")]:
        shutil.copy(article, folder / article.name)
    # The store inside the folder it reads, as a user may keep it.
    db = folder / "events.duckdb"
    invoke("run", str(folder), "--db", str(db), "--jobs", "1")
    return db


def _table(db: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query).fetchall()


def test_events_lists_merged_events_readable_at_80_columns(store: Path) -> None:
    result = invoke("events", "--db", str(store), COLUMNS="80")
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    (merged,) = _table(store, "SELECT count(*) FROM merged_events")[0]
    assert f"{merged} merged events" in lines[0]
    header = lines[1].split()
    assert header == ["id", "date", "type", "source", "→", "target", "place", "m/a/s"]
    # The Belarus sanction: its id whole, the day, the type, both codes and the counts.
    (event_id,) = _table(
        store,
        "SELECT id FROM merged_events WHERE type = 'SANCTION' AND target_country = 'BLR'",
    )[0]
    (row,) = [line for line in lines if line.startswith(event_id)]
    assert re.search(r"2025-09-1\d\s+SANCTION\s+EEC IGO → BLR GOV\s+.*\s1/1/\d$", row), row


def test_events_dates_show_their_precision(store: Path) -> None:
    rows = _table(
        store,
        "SELECT id, strftime(date, '%Y-%m'), date_precision FROM merged_events "
        "WHERE date_precision = 'month'",
    )
    assert rows, "the test articles have an event dated to a month"
    listed = invoke("events", "--db", str(store), COLUMNS="80").stdout
    event_id, month, _ = rows[0]
    (line,) = [x for x in listed.splitlines() if x.startswith(event_id)]
    assert line.split()[1] == month


def test_events_mentions_lists_every_mention_and_wide_adds_the_sentence(store: Path) -> None:
    (mentions,) = _table(store, "SELECT count(*) FROM events")[0]
    listed = invoke("events", "--db", str(store), "--mentions", COLUMNS="80").stdout
    assert f"{mentions} event mentions" in listed
    (sentence,) = _table(
        store, "SELECT sentence FROM events WHERE type = 'SANCTION' AND target_country = 'BLR'"
    )[0]
    # Wide enough for the sentence to stay on one line; --wide is at least 160 columns.
    wide = invoke("events", "--db", str(store), "--wide", "--type", "SANCTION", COLUMNS="400")
    assert sentence in wide.stdout
    assert "European Union → " in wide.stdout
    narrow = invoke("events", "--db", str(store), "--wide", COLUMNS="80").stdout
    assert max(len(line) for line in narrow.splitlines()) >= 150


def test_events_jsonl_and_csv_of_merged_events_carry_their_counts(store: Path) -> None:
    rows = [
        json.loads(line)
        for line in invoke("events", "--db", str(store), "--format", "jsonl").stdout.splitlines()
    ]
    (merged,) = _table(store, "SELECT count(*) FROM merged_events")[0]
    assert len(rows) == merged
    assert (
        sum(r["num_mentions"] for r in rows) == _table(store, "SELECT count(*) FROM events")[0][0]
    )
    assert {"num_mentions", "num_articles", "num_sources", "date_precision"} <= set(rows[0])
    csv_out = invoke("events", "--db", str(store), "--format", "csv", "--country", "KEN").stdout
    header, *lines = csv_out.splitlines()
    assert header.split(",")[-7:-3] == [
        "num_mentions",
        "num_articles",
        "num_stories",
        "num_sources",
    ]
    assert lines and all("KEN" in line for line in lines)


def test_events_filters_are_validated_and_list_the_types(store: Path) -> None:
    bad = invoke("events", "--db", str(store), "--type", "PROTST", code=2)
    assert "NE050" in bad.output and "PROTEST" in bad.output and "ASSAULT" in bad.output
    assert "NE050" in invoke("events", "--db", str(store), "--quad", "7", code=2).output
    assert "NE050" in invoke("events", "--db", str(store), "--mode", "no-such", code=2).output
    protests = invoke("events", "--db", str(store), "--quad", "3", "--format", "jsonl")
    assert {json.loads(x)["quad_class"] for x in protests.stdout.splitlines()} == {3}


def test_stats_counts_by_type_month_and_dyad_with_bars(store: Path) -> None:
    result = invoke("stats", "--db", str(store), "--top", "3", COLUMNS="80")
    text = result.stdout
    for title in ("by type", "by month", "top 3 dyads"):
        assert title in text
    assert "█" in text
    counts = json.loads(invoke("stats", "--db", str(store), "--json").stdout)
    by_type = dict(_table(store, "SELECT type, count(DISTINCT merged_id) FROM events GROUP BY 1"))
    assert {r["type"]: r["merged"] for r in counts["by_type"]} == by_type
    assert counts["mentions"] == _table(store, "SELECT count(*) FROM events")[0][0]
    months = sum(m["mentions"] for m in counts["by_month"]) + counts["no_month"]["mentions"]
    assert months == counts["mentions"]
    (kenya,) = [line for line in text.splitlines() if line.strip().startswith("KEN OPP → KEN GOV")]
    top = counts["top_dyads"][0]
    assert (top["source"], top["target"]) == ("KEN OPP", "KEN GOV")
    assert kenya.split()[5:7] == [str(top["merged"]), str(top["mentions"])]
    only = json.loads(invoke("stats", "--db", str(store), "--json", "--type", "protest").stdout)
    assert [r["type"] for r in only["by_type"]] == ["PROTEST"]
    assert "NE050" in invoke("stats", "--db", str(store), "--type", "PROTST", code=2).output


def test_run_does_not_count_its_own_store_and_wal_as_failures(store: Path) -> None:
    (store.parent / (store.name + ".wal")).write_bytes(b"\x00\x01 not a document")
    again = invoke("run", str(store.parent), "--db", str(store), "--jobs", "1")
    assert "NE003" not in again.output
    rows = dict(
        (line.split("│")[1].strip(), line.split("│")[2].strip())
        for line in again.stdout.splitlines()
        if line.count("│") >= 3
    )
    assert rows["skipped"] == "0"
    assert rows["documents already stored"] == str(
        len([*EXAMPLES.glob("*.txt"), *ARTICLES.glob("*.txt")])
    )


def test_run_with_two_jobs_codes_what_one_job_codes(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for article in EXAMPLES.glob("*.txt"):
        shutil.copy(article, inputs / article.name)
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    invoke("run", str(inputs), "--db", str(one), "--jobs", "1")
    invoke("run", str(inputs), "--db", str(two), "--jobs", "2")
    query = "SELECT id, type, source_country, target_country, merged_id FROM events ORDER BY id"
    assert _table(two, query) == _table(one, query)
    assert len(_table(one, query)) >= 10


def test_jobs_default_is_the_cpu_count(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import os

    run_module = importlib.import_module("newsevents.cli.run")

    monkeypatch.setattr(os, "process_cpu_count", lambda: 6, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert run_module.default_jobs() == 6


def test_a_missing_input_path_is_an_error_with_a_non_zero_exit(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    run = invoke("run", str(missing), "--db", str(tmp_path / "s.duckdb"), code=1)
    assert "NE008" in run.output
    extract = invoke("extract", str(missing), "--json", code=1)
    assert "NE008" in extract.output


def test_progress_total_counts_the_documents_of_every_input(tmp_path: Path) -> None:
    from rich.progress import TimeRemainingColumn

    from newsevents.cli.run import progress_bar
    from newsevents.ingest.count import estimate
    from newsevents.pipeline import store_files

    shutil.copy(EXAMPLES / "nairobi-protest.txt", tmp_path / "a.txt")
    records = [{"id": str(i), "text": f"Police arrested {i} people."} for i in range(3)]
    (tmp_path / "b.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8"
    )
    items = "".join(
        f"<item><title>t{i}</title><description>d</description></item>\n" for i in range(2)
    )
    (tmp_path / "c.rss").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel>\n{items}</channel></rss>\n',
        encoding="utf-8",
    )
    db = tmp_path / "s.duckdb"
    db.write_bytes(b"DUCK")
    assert estimate([tmp_path], skip=store_files(db)) == 1 + 3 + 2
    assert estimate([tmp_path / "missing"]) == 0
    assert any(isinstance(c, TimeRemainingColumn) for c in progress_bar("coding").columns)


def test_extract_json_of_several_documents_is_one_json_array(tmp_path: Path) -> None:
    result = invoke("extract", str(EXAMPLES), "--json")
    payload = json.loads(result.stdout)
    assert isinstance(payload, list) and len(payload) == 2
    assert {p["document"]["title"][:20] for p in payload} == {
        "EU sanctions Belarus",
        "Police detain dozens",
    }


def test_version_prints_the_installed_version() -> None:
    from importlib.metadata import version

    assert invoke("--version").stdout.strip() == f"newsevents {version('newsevents')}"


def test_help_shows_the_ray_extra_literally_and_plain_option_types() -> None:
    text = invoke("run", "--help", COLUMNS="200").stdout
    assert "'newsevents[ray]'" in text
    options = [line for line in text.splitlines() if line.lstrip().startswith("-")]
    assert any("--db FILE" in line for line in options)
    assert not any(re.search(r"<(str|int|float|path|bool|list\[)", line) for line in options)


PLAIN_HELP_COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


@pytest.mark.parametrize("command", PLAIN_HELP_COMMANDS)
def test_every_commands_options_show_plain_types(command: str) -> None:
    text = invoke(command, "--help", COLUMNS="200").stdout
    options = [line for line in text.splitlines() if line.lstrip().startswith("-")]
    typed = [line for line in options if re.search(r"<(str|int|float|path|bool|list\[)", line)]
    assert typed == [], typed


def test_every_command_is_in_the_readme_command_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Commands", 1)[1].split("\n\n", 2)[1]
    listed = set(re.findall(r"^\| `newsevents (\w+)", table, flags=re.M))
    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert commands - listed == set()


def test_eval_of_a_missing_or_broken_gold_file_is_one_coded_line(tmp_path: Path) -> None:
    missing = invoke("eval", str(tmp_path / "gold.jsonl"), code=2)
    assert "NE008" in missing.output and "Traceback" not in missing.output
    assert missing.exception is None or isinstance(missing.exception, SystemExit)
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"text": "Police arrested 4 people."}\nnot json\n', encoding="utf-8")
    bad = invoke("eval", str(broken), code=2)
    assert "NE047" in bad.output and "line 2" in bad.output
