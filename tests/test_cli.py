"""The command line as a user drives it: run → events → show, and extract's JSON contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.duckdb"
    inputs = tmp_path_factory.mktemp("inputs")
    for article in EXAMPLES.glob("*.txt"):
        (inputs / article.name).write_text(article.read_text(encoding="utf-8"), encoding="utf-8")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(inputs), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_cli_run_summary_counts_stored_and_skipped_documents(store: Path) -> None:
    again = CliRunner().invoke(app, ["run", str(EXAMPLES), "--db", str(store)])
    assert again.exit_code == 0, again.output
    # The examples are already stored: a re-run adds nothing and says so.
    assert "documents already stored" in again.output
    rows = {
        line.split("│")[1].strip(): line.split("│")[2].strip()
        for line in again.output.splitlines()
        if line.count("│") >= 3
    }
    assert rows["documents stored"] == "0"
    assert rows["documents already stored"] == str(len(list(EXAMPLES.glob("*.txt"))))


def test_cli_events_jsonl_filters_by_actor_and_type(store: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["events", "--db", str(store), "--mentions", "--type", "sanction", "--format", "jsonl"],
    )
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.output.splitlines()]
    assert events and {e["type"] for e in events} == {"SANCTION"}
    assert all(e["document_id"] for e in events)
    kenya = CliRunner().invoke(
        app, ["events", "--db", str(store), "--mentions", "--actor", "KEN", "--format", "csv"]
    )
    assert kenya.exit_code == 0
    header, *rows = kenya.output.splitlines()
    assert header.startswith("date,type,mode,cameo,source,source_code")
    assert rows and all("KEN" in row for row in rows)


def test_cli_show_prints_the_merged_event_with_its_evidence_sentence(store: Path) -> None:
    listed = CliRunner().invoke(
        app, ["events", "--db", str(store), "--mentions", "--format", "jsonl"]
    )
    event = json.loads(listed.output.splitlines()[0])
    shown = CliRunner().invoke(app, ["show", event["id"], "--db", str(store), "--json"])
    assert shown.exit_code == 0, shown.output
    record = json.loads(shown.output)
    assert record["type"] == event["type"]
    assert record["num_mentions"] >= 1
    assert event["sentence"] in {m["sentence"] for m in record["mentions"]}
    missing = CliRunner().invoke(app, ["show", "no-such-event", "--db", str(store)])
    assert missing.exit_code == 1


def test_cli_extract_json_follows_the_output_contract(tmp_path: Path) -> None:
    article = EXAMPLES / "baltic-sanctions.txt"
    result = CliRunner().invoke(app, ["extract", str(article), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload) == {"document", "actors", "events", "quotes", "places", "claims"}
    assert payload["document"]["published"] == "2025-09-12"
    text = article.read_text(encoding="utf-8")
    for quote in payload["quotes"]:
        assert text[quote["span"][0] : quote["span"][1]] == quote["text"]
    sanction = [e for e in payload["events"] if e["type"] == "SANCTION"]
    assert sanction and sanction[0]["target"]["country"] == "BLR"


def test_cli_events_on_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "newsevents run" in result.output


def test_cli_extract_jsonl_keeps_one_record_per_line_with_unicode_line_separators(
    tmp_path: Path,
) -> None:
    # U+2028 is legal inside a JSON string, but str.splitlines() breaks on it.
    article = tmp_path / "separator.txt"
    article.write_text(
        "Kenyan police arrested 40 protesters in Nairobi \u2028on Monday.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["extract", str(article), "--jsonl"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    (event,) = json.loads(line)["events"]
    assert event["sentence"] == "Kenyan police arrested 40 protesters in Nairobi \u2028on Monday."


def test_cli_run_duplicate_threshold_is_recorded_in_the_store_and_kept(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "t.duckdb"
    first = CliRunner().invoke(
        app, ["run", str(EXAMPLES), "--db", str(db), "--duplicate-threshold", "0.8"]
    )
    again = CliRunner().invoke(app, ["run", str(EXAMPLES), "--db", str(db)])
    assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
    with duckdb.connect(str(db), read_only=True) as con:
        (scheme,) = con.execute("SELECT value FROM meta WHERE key = 'band_scheme'").fetchone()
    assert scheme.endswith("-threshold0.8")
