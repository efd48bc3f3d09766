"""Event filters: checked values, parameterised SQL, the same answer in the store and the CLI."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.errors import FilterError
from newsevents.models import ActorRef
from newsevents.store import EventFilter, Store
from newsevents.store.filters import parse_bbox, parse_date
from test_store import make_extraction


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("filters") / "events.duckdb"
    with Store(path) as store:
        store.write([make_extraction("doc-1"), make_extraction("doc-2", published=None)])
    return path


def ids(db: Path, **fields) -> set[str]:
    with Store(db, read_only=True) as store:
        return {e["id"] for e in store.events(filters=EventFilter(**fields))}


def test_each_filter_selects_by_its_own_field(db: Path) -> None:
    everything = ids(db)
    assert everything == {"doc-1:ev1", "doc-1:ev2", "doc-2:ev1", "doc-2:ev2"}
    assert ids(db, type="accuse") == {"doc-1:ev2", "doc-2:ev2"}
    assert ids(db, source="SYR") == {"doc-1:ev2", "doc-2:ev2"}
    assert ids(db, target="SYR") == {"doc-1:ev1", "doc-2:ev1"}
    assert ids(db, actor="syr") == everything
    assert ids(db, source="Syrian rebels", target="TUR") == {"doc-1:ev2", "doc-2:ev2"}
    assert ids(db, country="TUR") == everything
    assert ids(db, sector="mil") == {"doc-1:ev1", "doc-2:ev1"}
    assert ids(db, quad=4) == {"doc-1:ev1", "doc-2:ev1"}
    assert ids(db, mode="aerial") == {"doc-1:ev1", "doc-2:ev1"}
    assert ids(db, place="Kobani") == {"doc-1:ev1", "doc-2:ev1"}
    assert ids(db, place="170000") == {"doc-1:ev1", "doc-2:ev1"}
    assert ids(db, bbox=(38.0, 36.0, 39.0, 37.0)) == {"doc-1:ev1", "doc-2:ev1"}
    assert ids(db, bbox=(0.0, 0.0, 1.0, 1.0)) == set()
    assert ids(db, document="doc-2") == {"doc-2:ev1", "doc-2:ev2"}
    assert ids(db, text="MARKET") == {"doc-1:ev2", "doc-2:ev2"}
    assert ids(db, min_confidence=0.9) == set()
    assert ids(db, since=dt.date(2024, 3, 5), until=dt.date(2024, 3, 5)) == everything


def test_a_filter_value_is_data_never_sql(db: Path) -> None:
    injection = "x' OR '1'='1"
    assert ids(db, actor=injection) == set()
    assert ids(db, text="%") == set()  # no LIKE wildcard either
    assert ids(db, text="') OR 1=1 --") == set()
    with Store(db, read_only=True) as store:
        assert store.counts()["events"] == 4


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"type": "PROTST"}, "type"),
        ({"quad": 5}, "quad"),
        ({"mode": "no-such-mode"}, "mode"),
        ({"country": "RUSSIA"}, "country"),
        ({"since": dt.date(2024, 2, 1), "until": dt.date(2024, 1, 1)}, "until"),
        ({"bbox": (10.0, 50.0, 20.0, 40.0)}, "bbox"),
        ({"min_confidence": 1.5}, "min_confidence"),
        ({"actor": "  "}, "actor"),
        ({"text": "x" * 201}, "text"),
    ],
)
def test_a_value_that_cannot_be_right_is_a_coded_error_naming_its_filter(
    fields: dict, field: str
) -> None:
    with pytest.raises(FilterError) as caught:
        EventFilter(**fields)
    assert caught.value.code == "NE050"
    assert caught.value.field == field


def test_an_unknown_type_lists_the_types() -> None:
    with pytest.raises(FilterError, match="ASSAULT") as caught:
        EventFilter(type="PROTST")
    assert "CONSULT" in str(caught.value)


def test_text_values_parse_or_fail_with_the_filter_named() -> None:
    assert parse_bbox("-10,35,40.5,70") == (-10.0, 35.0, 40.5, 70.0)
    assert parse_date("2026-01-28", "since") == dt.date(2026, 1, 28)
    for bad in ("1,2,3", "a,b,c,d", "0,80,1,70"):
        with pytest.raises(FilterError):
            parse_bbox(bad)
    with pytest.raises(FilterError, match="since"):
        parse_date("28/01/2026", "since")


def test_merged_events_are_those_with_a_matching_mention(db: Path) -> None:
    with Store(db, read_only=True) as store:
        merged = store.merged_events(filters=EventFilter(type="ASSAULT"))
        every = store.merged_events()
    assert {m["type"] for m in merged} == {"ASSAULT"}
    assert sum(m["num_mentions"] for m in every) == 4
    assert all(m["quad_class"] in (3, 4) and m["confidence"] == 0.8 for m in every)


def test_cli_events_filters_and_rejects_a_bad_value_with_exit_2(db: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(
        app, ["events", "--db", str(db), "--mentions", "--source", "SYR", "--format", "jsonl"]
    )
    assert ok.exit_code == 0, ok.output
    assert len(ok.output.strip().splitlines()) == 2
    bad = runner.invoke(app, ["events", "--db", str(db), "--type", "PROTST"])
    assert bad.exit_code == 2
    assert "NE050" in bad.output and "PROTEST" in bad.output
    box = runner.invoke(app, ["events", "--db", str(db), "--bbox", "1,2,3"])
    assert box.exit_code == 2 and "bbox" in box.output


def test_an_igo_code_selects_the_igo_as_actor_but_is_no_country(tmp_path: Path) -> None:
    eu = ActorRef("Q458", "European Union", None, "IGO", "EEC")
    extraction = make_extraction("doc-eu")
    events = tuple(dataclasses.replace(e, source=eu) for e in extraction.events)
    path = tmp_path / "eu.duckdb"
    with Store(path) as store:
        store.write([dataclasses.replace(extraction, events=events)])
    assert len(ids(path, source="EEC")) == 2
    assert len(ids(path, actor="eec")) == 2
    assert ids(path, country="EEC") == set()
    with Store(path, read_only=True) as store:
        (event, _) = store.events()
    assert event["source"] == {
        "id": "Q458",
        "name": "European Union",
        "country": None,
        "sector": "IGO",
        "igo": "EEC",
    }
