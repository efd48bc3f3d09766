"""The DuckDB store, on real files in tmp_path: write, close, reopen, read back."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.clean import clean
from newsevents.dedup import SIGNATURE_SCHEME, content_hash
from newsevents.errors import StoreBusy, StoreError
from newsevents.models import (
    Actor,
    ActorRef,
    Document,
    Event,
    Extraction,
    Failure,
    Place,
    Quote,
    Removed,
    event_json,
    place_json,
)
from newsevents.store import SCHEMA_VERSION, Store

TEXT = (
    "Reuters - Turkish troops shelled positions near Kobani on Tuesday, killing three "
    "fighters, officials in Ankara said.\n"
    '"We will answer every attack," said Defence Minister Ali Demir.\n'
    "Syrian rebels accused Turkey of hitting a market."
)

TURKEY_MIL = ActorRef("TUR_MIL", "Turkish armed forces", "TUR", "MIL")
SYRIA_REB = ActorRef("SYR_REB", "Syrian rebels", "SYR", "REB")
TURKEY = ActorRef("TUR", "Turkey", "TUR", "GOV")
MINISTER = ActorRef("tr-defence-minister", "Ali Demir", "TUR", "GOV")


def span(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


def sentence_of(text: str, phrase: str) -> tuple[str, tuple[int, int]]:
    start, _ = span(text, phrase)
    begin = text.rfind("\n", 0, start) + 1
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    return text[begin:end], (begin, end)


KOBANI = Place(
    id="geonames:170000",
    name="Kobani",
    country="SYR",
    lat=36.89,
    lon=38.35,
    geonameid=170000,
    kind="city",
    span=span(TEXT, "Kobani"),
    text="Kobani",
)


def make_event(
    doc_id: str,
    text: str,
    trigger: str,
    *,
    event_id: str,
    type: str = "ASSAULT",
    source: ActorRef | None = TURKEY_MIL,
    target: ActorRef | None = SYRIA_REB,
    date: str | None = "2024-03-05",
    location: Place | None = None,
) -> Event:
    sentence, sentence_span = sentence_of(text, trigger)
    return Event(
        id=event_id,
        doc_id=doc_id,
        type=type,
        mode="aerial" if type == "ASSAULT" else None,
        cameo="195" if type == "ASSAULT" else "112",
        quad_class=4 if type == "ASSAULT" else 3,
        source=source,
        target=target,
        location=location,
        date=date,
        date_precision="day" if date else None,
        negated=False,
        modality="asserted",
        fatalities=3 if type == "ASSAULT" else None,
        injured=None,
        arrested=None,
        sentence=sentence,
        sentence_span=sentence_span,
        span=span(text, trigger),
        source_span=span(text, "Turkish troops") if source == TURKEY_MIL else None,
        target_span=None,
        confidence=0.8,
        pattern="assault.shell" if type == "ASSAULT" else None,
    )


def make_extraction(
    doc_id: str = "doc-1",
    *,
    events: tuple[Event, ...] | None = None,
    published: dt.date | None = dt.date(2024, 3, 6),
) -> Extraction:
    if events is None:
        events = (
            make_event(doc_id, TEXT, "shelled", event_id=f"{doc_id}:ev1", location=KOBANI),
            make_event(
                doc_id,
                TEXT,
                "accused",
                event_id=f"{doc_id}:ev2",
                type="ACCUSE",
                source=SYRIA_REB,
                target=TURKEY,
            ),
        )
    document = Document(
        doc_id=doc_id,
        text=TEXT,
        source=f"articles/{doc_id}.txt",
        title="Turkish shelling near Kobani",
        published=published,
        published_from="metadata",
        url=f"https://example.org/{doc_id}",
        publisher="Example Wire",
        meta={"lang": "en"},
    )
    return Extraction(
        document=document,
        attributions=("Reuters",),
        flags=("conflicting_attribution",),
        removed=(Removed(0, 9, "attribution"),),
        actors=(
            Actor(
                id="TUR_MIL",
                name="Turkish armed forces",
                country="TUR",
                sector="MIL",
                kind="group",
                mentions=(span(TEXT, "Turkish troops"),),
                entry="agents.csv:12",
            ),
        ),
        events=events,
        quotes=(
            Quote(
                text="We will answer every attack,",
                speaker=MINISTER,
                span=span(TEXT, "We will answer every attack,"),
                speaker_span=span(TEXT, "Ali Demir"),
                cue="said",
            ),
        ),
        places=(KOBANI,),
    )


FAILURE = Failure(
    source="articles/empty.txt", stage="ingest", code="NE002", reason="document is empty"
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "events.duckdb"


def all_counts(path: Path) -> dict[str, int]:
    with Store(path, read_only=True) as store:
        return store.counts()


def test_store_reads_back_event_with_exact_fields_after_reopen(path: Path) -> None:
    with Store(path) as store:
        assert store.write([make_extraction()]) == 1
    with Store(path, read_only=True) as store:
        events = store.events(type="assault")
    trigger = span(TEXT, "shelled")
    assert events == [
        {
            "id": "doc-1:ev1",
            "type": "ASSAULT",
            "mode": "aerial",
            "cameo": "195",
            "quad_class": 4,
            "source": {
                "id": "TUR_MIL",
                "name": "Turkish armed forces",
                "country": "TUR",
                "sector": "MIL",
                "igo": None,
            },
            "target": {
                "id": "SYR_REB",
                "name": "Syrian rebels",
                "country": "SYR",
                "sector": "REB",
                "igo": None,
            },
            "location": place_json(make_extraction().events[0].location),
            "date": "2024-03-05",
            "date_precision": "day",
            "date_source": None,
            "negated": False,
            "modality": "asserted",
            "fatalities": 3,
            "injured": None,
            "arrested": None,
            "sentence": TEXT[: TEXT.index("\n")],
            "span": list(trigger),
            "confidence": 0.8,
            "document_id": "doc-1",
            "pattern": "assault.shell",
            "restates": None,
            "merged_id": "doc-1:ev1",
            "sentence_span": [0, TEXT.index("\n")],
            "source_span": list(span(TEXT, "Turkish troops")),
            "target_span": None,
        }
    ]
    assert TEXT[slice(*events[0]["span"])] == "shelled"
    assert events[0]["location"]["name"] == "Kobani"


def test_store_events_have_the_one_event_shape_that_extract_prints(path: Path) -> None:
    extraction = make_extraction()
    with Store(path) as store:
        store.write([extraction])
        (stored,) = store.events(type="assault")
    (event,) = [e for e in extraction.events if e.type == "ASSAULT"]
    assert stored == {**event_json(event), "document_id": "doc-1", "merged_id": event.id}


def test_store_reads_back_document_quotes_places_and_actors(path: Path) -> None:
    with Store(path) as store:
        run_id = store.start_run(["newsevents", "run", "articles/"])
        store.write([make_extraction()], run_id=run_id)
    with Store(path, read_only=True) as store:
        [document] = store.documents(text=True)
        quotes = store.quotes(speaker="ali demir")
        places = store.places(country="syr")
        actors = store.actors(document="doc-1")
    assert {k: v for k, v in document.items() if k != "stored_at"} == {
        "doc_id": "doc-1",
        "source": "articles/doc-1.txt",
        "format": "text",
        "title": "Turkish shelling near Kobani",
        "url": "https://example.org/doc-1",
        "publisher": "Example Wire",
        "published": "2024-03-06",
        "published_from": "metadata",
        "attributions": ["Reuters"],
        "flags": ["conflicting_attribution"],
        "removed": [{"start": 0, "end": 9, "reason": "attribution"}],
        "meta": {"lang": "en"},
        "text": TEXT,
        "run_id": run_id,
        "content_hash": content_hash(TEXT[9:]),
        "story_id": "doc-1",
        "duplicate_of": None,
    }
    assert quotes == [
        {
            "text": "We will answer every attack,",
            "speaker": {
                "id": "tr-defence-minister",
                "name": "Ali Demir",
                "country": "TUR",
                "sector": "GOV",
                "igo": None,
            },
            "span": list(span(TEXT, "We will answer every attack,")),
            "speaker_span": list(span(TEXT, "Ali Demir")),
            "cue": "said",
            "document_id": "doc-1",
        }
    ]
    assert places == [
        {
            "id": "geonames:170000",
            "name": "Kobani",
            "country": "SYR",
            "lat": 36.89,
            "lon": 38.35,
            "geonameid": 170000,
            "kind": "city",
            "text": "Kobani",
            "located_by": None,
            "span": list(span(TEXT, "Kobani")),
            "document_id": "doc-1",
        }
    ]
    assert actors == [
        {
            "id": "TUR_MIL",
            "name": "Turkish armed forces",
            "country": "TUR",
            "sector": "MIL",
            "igo": None,
            "kind": "group",
            "entry": "agents.csv:12",
            "mentions": [list(span(TEXT, "Turkish troops"))],
            "document_id": "doc-1",
        }
    ]


def test_store_second_write_of_same_batch_adds_nothing(path: Path) -> None:
    batch = [make_extraction("doc-1"), make_extraction("doc-2")]
    with Store(path) as store:
        assert store.write(batch, [FAILURE]) == 2
        first = store.counts()
        assert store.write(batch, [FAILURE]) == 0
        assert store.counts() == first
    assert all_counts(path) == {
        "documents": 2,
        "actors": 2,
        "events": 4,
        "quotes": 2,
        "places": 2,
        "claims": 0,
        "failures": 1,
        "runs": 0,
    }


def test_store_keeps_stored_copy_when_a_document_is_written_again_with_other_events(
    path: Path,
) -> None:
    reextracted = make_extraction(
        events=(make_event("doc-1", TEXT, "accused", event_id="doc-1:other", type="ACCUSE"),)
    )
    with Store(path) as store:
        store.write([make_extraction()])
        assert store.write([reextracted]) == 0
        assert [e["id"] for e in store.events()] == ["doc-1:ev1", "doc-1:ev2"]


def test_store_keeps_first_copy_of_a_document_repeated_within_a_batch(path: Path) -> None:
    only_accuse = make_extraction(
        events=(make_event("doc-1", TEXT, "accused", event_id="doc-1:other", type="ACCUSE"),)
    )
    with Store(path) as store:
        assert store.write([only_accuse, make_extraction()]) == 1
        assert [e["id"] for e in store.events()] == ["doc-1:other"]


def test_store_refuses_a_batch_with_an_event_date_that_is_not_iso(path: Path) -> None:
    bad = make_event("doc-1", TEXT, "shelled", event_id="doc-1:ev1", date="March 2024")
    with Store(path) as store:
        with pytest.raises(StoreError, match="has date 'March 2024', not an ISO date"):
            store.write([make_extraction("doc-2"), make_extraction("doc-1", events=(bad,))])
        assert store.counts()["documents"] == 0


def test_store_known_returns_only_stored_document_ids(path: Path) -> None:
    with Store(path) as store:
        store.write([make_extraction("doc-1")])
        assert store.known(["doc-1", "doc-9"]) == {"doc-1"}
        assert store.known([]) == set()


def test_store_keeps_failures_with_their_reasons(path: Path) -> None:
    binary = Failure(
        source="feeds/mixed.jsonl",
        stage="ingest",
        code="NE004",
        reason="line 3 is not UTF-8",
        doc_id="doc-7",
    )
    with Store(path) as store:
        run_id = store.start_run(["newsevents", "run"])
        store.write([], [FAILURE, binary], run_id=run_id)
    with Store(path, read_only=True) as store:
        failures = store.failures()
        decode = store.failures(code="NE004")
    assert [{k: v for k, v in f.items() if k != "failed_at"} for f in failures] == [
        {
            "source": "articles/empty.txt",
            "stage": "ingest",
            "code": "NE002",
            "reason": "document is empty",
            "doc_id": None,
            "run_id": run_id,
        },
        {
            "source": "feeds/mixed.jsonl",
            "stage": "ingest",
            "code": "NE004",
            "reason": "line 3 is not UTF-8",
            "doc_id": "doc-7",
            "run_id": run_id,
        },
    ]
    assert [f["doc_id"] for f in decode] == ["doc-7"]


def test_store_filters_events_by_actor_country_type_dates_and_document(path: Path) -> None:
    early = make_event("doc-2", TEXT, "shelled", event_id="doc-2:ev1", date="2023-12-31")
    undated = make_event(
        "doc-2",
        TEXT,
        "accused",
        event_id="doc-2:ev2",
        type="ACCUSE",
        source=SYRIA_REB,
        target=None,
        date=None,
    )
    with Store(path) as store:
        store.write([make_extraction("doc-1"), make_extraction("doc-2", events=(early, undated))])

        def ids(**filters: object) -> list[str]:
            return [e["id"] for e in store.events(**filters)]

        assert ids() == ["doc-2:ev1", "doc-1:ev1", "doc-1:ev2", "doc-2:ev2"]
        assert ids(actor="syr") == ["doc-2:ev1", "doc-1:ev1", "doc-1:ev2", "doc-2:ev2"]
        assert ids(actor="TUR", type="ACCUSE") == ["doc-1:ev2"]
        assert ids(actor="GRC") == []
        assert ids(since=dt.date(2024, 1, 1)) == ["doc-1:ev1", "doc-1:ev2"]
        assert ids(until=dt.date(2024, 1, 1)) == ["doc-2:ev1"]
        assert ids(document="doc-2") == ["doc-2:ev1", "doc-2:ev2"]
        assert ids(limit=1) == ["doc-2:ev1"]


def test_store_actor_filter_matches_actor_id_and_name_ignoring_case(path: Path) -> None:
    with Store(path) as store:
        store.write([make_extraction()])
        assert [e["id"] for e in store.events(actor="tur_mil")] == ["doc-1:ev1"]
        assert [e["id"] for e in store.events(actor="SYRIAN REBELS")] == ["doc-1:ev1", "doc-1:ev2"]
        assert store.events(actor="Syrian") == []


def test_store_records_run_arguments_and_counts(path: Path) -> None:
    with Store(path) as store:
        run_id = store.start_run(["newsevents", "run", "in/"])
        store.finish_run(run_id, {"documents": 2, "failed": 1})
        with pytest.raises(StoreError, match="has no run 'nope'"):
            store.finish_run("nope", {})
    with Store(path, read_only=True) as store:
        [run] = store.runs()
    assert run["id"] == run_id
    assert run["argv"] == ["newsevents", "run", "in/"]
    assert run["counts"] == {"documents": 2, "failed": 1}
    assert run["finished"] >= run["started"]


def test_store_failed_batch_leaves_no_rows_and_store_stays_usable(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_insert = Store._insert
    calls: list[str] = []

    def insert_then_fail(self: Store, name: str, table: object) -> int:
        calls.append(name)
        if len(calls) == 2:
            raise duckdb.IOException("disk full (simulated)")
        return real_insert(self, name, table)

    with Store(path) as store:
        monkeypatch.setattr(Store, "_insert", insert_then_fail)
        with pytest.raises(StoreError, match="nothing from this batch was stored"):
            store.write([make_extraction()], [FAILURE])
        assert calls == ["actors", "events"]
        assert store.counts()["actors"] == 0
        monkeypatch.setattr(Store, "_insert", real_insert)
        assert store.write([make_extraction()]) == 1
    assert all_counts(path)["events"] == 2


def test_store_rolls_back_a_batch_on_any_exception(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(self: Store, name: str, table: object) -> int:
        raise KeyboardInterrupt

    with Store(path) as store:
        store.write([make_extraction("doc-1")])
        monkeypatch.setattr(Store, "_insert", interrupted)
        with pytest.raises(KeyboardInterrupt):
            store.write([make_extraction("doc-2")])
    assert all_counts(path)["documents"] == 1


HOLDER = textwrap.dedent(
    """
    import sys, time
    import duckdb
    con = duckdb.connect(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
    """
)

KILLED_MID_BATCH = textwrap.dedent(
    """
    import sys, time
    from newsevents.store import Store
    from tests.test_store import make_extraction

    real_insert = Store._insert

    def insert_then_wait(self, name, table):
        added = real_insert(self, name, table)
        if name == "events":
            print("inserted", flush=True)
            time.sleep(60)
        return added

    Store._insert = insert_then_wait
    Store(sys.argv[1]).write([make_extraction("doc-2")])
    """
)


@contextlib.contextmanager
def python_child(script: str, path: Path, expect: str) -> Iterator[subprocess.Popen[str]]:
    """Run ``script`` in a child process; yield once it prints ``expect``; kill it on exit."""
    root = Path(__file__).resolve().parent.parent
    # The child imports make_extraction from this module, so the repo root goes on the path.
    pythonpath = os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])
    with subprocess.Popen(
        [sys.executable, "-c", script, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": pythonpath},
    ) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == expect
            yield process
        finally:
            process.kill()


def test_store_opened_by_another_process_raises_store_busy_naming_file_and_pid(
    path: Path,
) -> None:
    with python_child(HOLDER, path, "ready") as holder:
        with pytest.raises(StoreBusy) as caught:
            Store(path)
        with pytest.raises(StoreBusy):
            Store(path, read_only=True)
    assert caught.value.code == "NE021"
    assert str(caught.value) == (
        f"[NE021] store {path} is busy: another process (PID {holder.pid}) has it open, and "
        "DuckDB allows one writing process per file; retry when it finishes"
    )
    with Store(path) as store:
        assert store.counts()["documents"] == 0


def test_store_killed_mid_batch_leaves_no_rows_and_rerun_completes(path: Path) -> None:
    with Store(path) as store:
        store.write([make_extraction("doc-1")])
    with python_child(KILLED_MID_BATCH, path, "inserted") as writer:
        # SIGKILL: no exception handler, no rollback, no close runs in the writer.
        writer.send_signal(signal.SIGKILL)
    assert all_counts(path) == {
        "documents": 1,
        "actors": 1,
        "events": 2,
        "quotes": 1,
        "places": 1,
        "claims": 0,
        "failures": 0,
        "runs": 0,
    }
    with Store(path) as store:
        assert store.write([make_extraction("doc-1"), make_extraction("doc-2")]) == 1
        assert store.counts()["events"] == 4


def test_store_rejects_a_file_that_is_not_a_duckdb_database(path: Path) -> None:
    path.write_text("doc_id,title\n1,Not a database\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"is not a DuckDB database") as caught:
        Store(path)
    assert not isinstance(caught.value, StoreBusy)
    assert str(path) in str(caught.value)


def test_store_rejects_a_duckdb_database_of_another_application(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(StoreError, match=r"not a newsevents store \(it has tables invoices"):
        Store(path)


def test_store_rejects_a_store_with_another_schema_version(path: Path) -> None:
    with Store(path):
        pass
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(
        StoreError, match=f"has schema version 99; this newsevents reads version {SCHEMA_VERSION}"
    ):
        Store(path)


def test_store_of_schema_version_4_is_upgraded_in_place_when_opened_for_writing(
    path: Path,
) -> None:
    from newsevents.pipeline import extract

    with Store(path):
        pass
    # A version-4 store: its claims table had no date span (nor any version-5 change).
    with duckdb.connect(str(path)) as con:
        _back_to_version_5(con)
        con.execute("ALTER TABLE claims DROP COLUMN date_start")
        con.execute("ALTER TABLE claims DROP COLUMN date_end")
        con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="open it once for writing to upgrade it"):
        Store(path, read_only=True)
    text = "Inflation in Peru fell to 3 percent in March 2025, the central bank said."
    doc = Document(doc_id="m", text=text, source="m.txt", published=dt.date(2025, 4, 2))
    with Store(path) as store:
        store.write(list(extract([doc])))
    with duckdb.connect(str(path), read_only=True) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (
            SCHEMA_VERSION,
        )
        (start, end) = con.execute("SELECT date_start, date_end FROM claims").fetchone()
        indexes = con.execute(
            "SELECT count(*) FROM duckdb_indexes() WHERE index_name = 'claims_doc_id'"
        ).fetchone()
    assert text[start:end] == "March 2025"
    assert indexes == (1,)  # dropped for the upgrade, made again


_INDEXES = {
    "events_doc_id": "events (doc_id)",
    "events_type": "events (type)",
    "events_date": "events (date)",
    "events_source_country": "events (source_country)",
    "events_target_country": "events (target_country)",
}


def _back_to_version_6(con: duckdb.DuckDBPyConnection) -> None:
    """Make a current store the layout of version 6: no town a site is mapped at. The
    indexes are dropped (DuckDB alters no table with one)."""
    for index in [*_INDEXES, "claims_doc_id"]:
        con.execute(f"DROP INDEX IF EXISTS {index}")
    con.execute("ALTER TABLE places DROP COLUMN located_by")
    con.execute("ALTER TABLE events DROP COLUMN location_located_by")
    con.execute("ALTER TABLE claims DROP COLUMN location_located_by")
    con.execute("UPDATE meta SET value = '6' WHERE key = 'schema_version'")


def _back_to_version_5(con: duckdb.DuckDBPyConnection) -> None:
    """Make a current store the layout of version 5: no written text of places, no
    restatements."""
    _back_to_version_6(con)
    con.execute("ALTER TABLE places DROP COLUMN text")
    con.execute("ALTER TABLE events DROP COLUMN location_text")
    con.execute("ALTER TABLE claims DROP COLUMN location_text")
    con.execute("ALTER TABLE events DROP COLUMN restates")
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")


def test_store_of_schema_version_5_gets_the_written_text_of_its_places_from_the_documents(
    path: Path,
) -> None:
    from newsevents.pipeline import extract

    text = "KAMPALA — Police arrested 12 protesters in Britain and in Gulu on Tuesday."
    doc = Document(doc_id="m", text=text, source="m.txt", published=dt.date(2025, 4, 2))
    with Store(path) as store:
        store.write(list(extract([doc])))
    with duckdb.connect(str(path)) as con:
        _back_to_version_5(con)
        for index, on in _INDEXES.items():
            con.execute(f"CREATE INDEX {index} ON {on}")
        con.execute("CREATE INDEX claims_doc_id ON claims (doc_id)")
    with Store(path) as store:  # opened for writing: upgraded
        places = store.places(document="m")
        (event,) = [e for e in store.events() if e["location"]]
    assert {p["text"]: p["name"] for p in places}["Britain"] == "United Kingdom"
    assert all(text[p["span"][0] : p["span"][1]] == p["text"] for p in places)
    location = event["location"]
    assert location["text"] == text[location["span"][0] : location["span"][1]]


def test_store_of_schema_version_6_keeps_its_places_and_maps_new_sites_at_their_town(
    path: Path,
) -> None:
    from newsevents.pipeline import extract

    with Store(path):
        pass
    with duckdb.connect(str(path)) as con:
        _back_to_version_6(con)
    text = (
        "BAGHDAD (Reuters) — Iraqi police fired tear gas at protesters on Thursday.\n\n"
        "Hundreds of protesters gathered in Tahrir Square later on Thursday."
    )
    doc = Document(doc_id="t", text=text, source="t.txt", published=dt.date(2025, 4, 2))
    with Store(path) as store:  # opened for writing: upgraded
        store.write(list(extract([doc])))
        places = {p["text"]: p for p in store.places(document="t")}
    baghdad, square = places["BAGHDAD"], places["Tahrir Square"]
    assert square["located_by"] == baghdad["id"] and baghdad["located_by"] is None
    assert (square["lat"], square["lon"]) == (baghdad["lat"], baghdad["lon"])


def test_store_read_only_refuses_writes_and_missing_files(path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(path, read_only=True)
    with Store(path):
        pass
    with Store(path, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.write([make_extraction()])


def test_store_reopening_applies_schema_without_losing_rows(path: Path) -> None:
    with Store(path) as store:
        store.write([make_extraction()])
    with Store(path) as store:
        assert store.known(["doc-1"]) == {"doc-1"}
        assert store.counts()["events"] == 2


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every batch table, without the write timestamps."""
    con = store.connection
    return {
        "documents": con.execute(
            "SELECT * EXCLUDE (stored_at) FROM documents ORDER BY doc_id"
        ).fetchall(),
        "failures": con.execute(
            "SELECT * EXCLUDE (failed_at) FROM failures ORDER BY id"
        ).fetchall(),
        **{
            table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in ("actors", "events", "quotes", "places")
        },
    }


# Few distinct ids, so batches repeat documents and event ids collide across documents.
extractions = st.builds(
    lambda doc_id, triggers, published: make_extraction(
        doc_id,
        events=tuple(
            make_event(doc_id, TEXT, trigger, event_id=event_id) for event_id, trigger in triggers
        ),
        published=published,
    ),
    st.sampled_from(["a", "b", "c"]),
    st.lists(st.tuples(st.sampled_from(["e1", "e2", "e3"]), st.sampled_from(["shelled", "said"]))),
    st.none() | st.dates(),
)
failures = st.builds(
    Failure,
    source=st.sampled_from(["x.txt", "y.warc"]),
    stage=st.sampled_from(["ingest", "nlp"]),
    code=st.sampled_from(["NE002", "NE004"]),
    reason=st.text(max_size=20),
    doc_id=st.none() | st.sampled_from(["a", "z"]),
)


@settings(max_examples=30, deadline=None)
@given(st.lists(extractions, max_size=4), st.lists(failures, max_size=3))
def test_store_writing_any_batch_twice_leaves_the_store_unchanged(
    batch: list[Extraction], failed: list[Failure]
) -> None:
    with Store(":memory:") as store:
        added = store.write(batch, failed, run_id="r1")
        before = snapshot(store)
        assert added == len({x.document.doc_id for x in batch}) == len(before["documents"])
        assert store.write(batch, failed, run_id="r1") == 0
        assert snapshot(store) == before


# -- one story, many outlets ---------------------------------------------------------------

STORIES = Path(__file__).parent / "data" / "stories" / "stories.jsonl"
KENYA = ActorRef("KEN_GOV", "Kenya", "KEN", "GOV")
ETHIOPIA = ActorRef("ETH_GOV", "Ethiopia", "ETH", "GOV")
CHILE_CIV = ActorRef("CHL_CVL", "Chilean protesters", "CHL", "CVL")
CHILE = ActorRef("CHL_GOV", "Chile", "CHL", "GOV")

# family → (trigger, type, source, target, date, precision, (place id, name as written) or None)
STORY_EVENTS: dict[str, tuple] = {
    "ken-eth-moyale": (
        "met",
        "CONSULT",
        KENYA,
        ETHIOPIA,
        "2026-03-09",
        "day",
        ("geonames:184745", "NAIROBI"),
    ),
    "ken-eth-power": (
        "signed",
        "CONSULT",
        KENYA,
        ETHIOPIA,
        "2026-04-22",
        "day",
        ("geonames:344979", "ADDIS ABABA"),
    ),
    "chile-pension-march": (
        "marched",
        "PROTEST",
        CHILE_CIV,
        CHILE,
        "2026-05-13",
        "day",
        ("geonames:3871336", "Santiago"),
    ),
    "chile-teachers-strike": (
        "marched",
        "PROTEST",
        CHILE_CIV,
        CHILE,
        "2026-05-26",
        "day",
        ("geonames:3871336", "Santiago"),
    ),
    "chile-pension-senate": ("marched", "PROTEST", CHILE_CIV, CHILE, None, None, None),
}
# Copies that report the event less precisely than their wire story.
STORY_EVENT_CHANGES: dict[str, dict[str, object]] = {
    "ken-eth-moyale-africabriefs": {"date": "2026-03-01", "precision": "month"},
    "ken-eth-moyale-dailybrief": {"place": None},
}


def story_extraction(row: dict) -> Extraction:
    document = Document(
        doc_id=row["id"],
        text=row["text"],
        source=f"stories/{row['id']}.txt",
        title=row["title"],
        published=dt.date.fromisoformat(row["published"]),
        published_from="metadata",
        publisher=row["publisher"],
    )
    cleaned = clean(document)
    events: tuple[Event, ...] = ()
    if row["family"] in STORY_EVENTS:
        trigger, type, source, target, date, precision, place = STORY_EVENTS[row["family"]]
        changes = STORY_EVENT_CHANGES.get(row["id"], {})
        date, precision = changes.get("date", date), changes.get("precision", precision)
        place = changes.get("place", place)
        location = None
        if place is not None:
            location = Place(
                place[0],
                place[1].title(),
                source.country,
                None,
                None,
                None,
                "city",
                span(row["text"], place[1]),
            )
        event = make_event(
            row["id"],
            row["text"],
            trigger,
            event_id=f"{row['id']}:ev1",
            type=type,
            source=source,
            target=target,
            date=date,
            location=location,
        )
        events = (dataclasses.replace(event, date_precision=precision),)
    return Extraction(
        document=document,
        attributions=cleaned.attributions,
        flags=cleaned.flags,
        removed=cleaned.removed,
        actors=(),
        events=events,
        quotes=(),
        places=(),
    )


@pytest.fixture(scope="module")
def story_extractions() -> list[Extraction]:
    rows = [json.loads(line) for line in STORIES.read_text(encoding="utf-8").splitlines()]
    return [story_extraction(row) for row in rows]


def linked(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with duckdb.connect(str(path), read_only=True) as con:
        documents = con.execute(
            "SELECT doc_id, story_id, duplicate_of, content_hash FROM documents ORDER BY doc_id"
        ).fetchall()
        events = con.execute("SELECT id, merged_id FROM events ORDER BY id").fetchall()
    return documents, events


def test_store_adding_documents_in_two_runs_gives_the_stories_and_merged_events_of_one_run(
    tmp_path: Path, story_extractions: list[Extraction]
) -> None:
    with Store(tmp_path / "one.duckdb") as store:
        store.write(story_extractions)
    # Larger ids first, so the second run brings each story's least id and renames it.
    ordered = sorted(story_extractions, key=lambda x: x.document.doc_id, reverse=True)
    with Store(tmp_path / "two.duckdb") as store:
        store.write(ordered[::2])
    with Store(tmp_path / "two.duckdb") as store:
        store.write(ordered[1::2][:10])
        store.write(ordered[1::2][10:])
    one_run = linked(tmp_path / "one.duckdb")
    assert linked(tmp_path / "two.duckdb") == one_run
    stories = {doc_id: story for doc_id, story, _, _ in one_run[0]}
    assert {stories[d] for d in stories if d.startswith("ken-eth-moyale")} == {
        "ken-eth-moyale-africabriefs"
    }
    assert stories["ken-eth-power-ap"] == "ken-eth-power-ap"
    merged = dict(one_run[1])
    assert {merged[e] for e in merged if e.startswith("ken-eth-moyale")} == {
        "ken-eth-moyale-africabriefs:ev1"
    }
    assert merged["ken-eth-power-ap:ev1"] == "ken-eth-power-ap:ev1"
    assert merged["chile-teachers-strike-andestimes:ev1"] == "chile-teachers-strike-andestimes:ev1"
    assert merged["chile-pension-senate-reuters:ev1"] == "chile-pension-senate-reuters:ev1"
    assert {merged[e] for e in merged if e.startswith("chile-pension-march")} == {
        "chile-pension-march-andestimes:ev1"
    }


def test_store_merged_event_counts_mentions_articles_stories_and_publishers_with_evidence(
    path: Path, story_extractions: list[Extraction]
) -> None:
    with Store(path) as store:
        store.write(story_extractions)
    with Store(path, read_only=True) as store:
        merged = store.merged_event("ken-eth-moyale-horizon:ev1")
        assert store.merged_event("ken-eth-moyale-africabriefs:ev1") == merged
        assert store.merged_event("no-such-event") is None
    assert merged is not None
    mentions = merged.pop("mentions")
    location = merged.pop("location")
    assert {k: location[k] for k in ("id", "name", "country")} == {
        "id": "geonames:184745",
        "name": "Nairobi",
        "country": "KEN",
    }
    assert merged.pop("confidence") > 0
    assert merged == {
        "id": "ken-eth-moyale-africabriefs:ev1",
        "type": "CONSULT",
        "mode": merged["mode"],
        "cameo": merged["cameo"],
        "quad_class": 3,
        "source": {
            "id": "KEN_GOV",
            "name": "Kenya",
            "country": "KEN",
            "sector": "GOV",
            "igo": None,
        },
        "target": {
            "id": "ETH_GOV",
            "name": "Ethiopia",
            "country": "ETH",
            "sector": "GOV",
            "igo": None,
        },
        "negated": False,
        "date": "2026-03-09",
        "date_precision": "day",
        "num_mentions": 5,
        "num_articles": 5,
        "num_stories": 1,
        "num_sources": 5,
        "first_seen": "2026-03-10",
        "last_seen": "2026-03-11",
    }
    assert [(m["document_id"], m["publisher"], m["published"]) for m in mentions] == [
        ("ken-eth-moyale-africabriefs", "Africa Briefs", "2026-03-10"),
        ("ken-eth-moyale-ap", "Associated Press", "2026-03-10"),
        ("ken-eth-moyale-coastherald", "Coast Herald", "2026-03-10"),
        ("ken-eth-moyale-dailybrief", "The Daily Brief", "2026-03-10"),
        ("ken-eth-moyale-horizon", "Horizon Africa", "2026-03-11"),
    ]
    ap = next(x for x in story_extractions if x.document.doc_id == "ken-eth-moyale-ap")
    assert mentions[1] == {
        "event_id": "ken-eth-moyale-ap:ev1",
        "document_id": "ken-eth-moyale-ap",
        "publisher": "Associated Press",
        "title": "Kenya and Ethiopia agree to reopen Moyale border crossing to trucks",
        "url": None,
        "published": "2026-03-10",
        "story_id": "ken-eth-moyale-africabriefs",
        "duplicate_of": None,
        "sentence": ap.events[0].sentence,
        "sentence_span": list(ap.events[0].sentence_span),
        "span": list(span(ap.document.text, "met")),
        "date": "2026-03-09",
        "date_precision": "day",
        "modality": "asserted",
        "implied": [],  # both sides are named in the text
    }
    assert ap.document.text[slice(*mentions[1]["span"])] == "met"
    assert mentions[0]["date_precision"] == "month"


def test_store_links_an_exact_copy_to_the_least_doc_id_with_the_same_cleaned_text(
    path: Path,
) -> None:
    with Store(path) as store:
        store.write([make_extraction("copy-b")])
        store.write([make_extraction("copy-c"), make_extraction("copy-a")])
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT doc_id, duplicate_of, story_id FROM documents ORDER BY doc_id"
        ).fetchall()
        merged = con.execute("SELECT id, merged_id FROM events ORDER BY id").fetchall()
    assert rows == [
        ("copy-a", None, "copy-a"),
        ("copy-b", "copy-a", "copy-a"),
        ("copy-c", "copy-a", "copy-a"),
    ]
    assert dict(merged) == {
        "copy-a:ev1": "copy-a:ev1",
        "copy-a:ev2": "copy-a:ev2",
        "copy-b:ev1": "copy-a:ev1",
        "copy-b:ev2": "copy-a:ev2",
        "copy-c:ev1": "copy-a:ev1",
        "copy-c:ev2": "copy-a:ev2",
    }


def test_store_recomputes_signatures_stored_under_another_scheme(path: Path) -> None:
    with Store(path) as store:
        store.write([make_extraction("copy-b")])
    with duckdb.connect(str(path)) as con:
        con.execute("UPDATE meta SET value = 'old-scheme' WHERE key = 'signature_scheme'")
        con.execute("UPDATE documents SET signature = $stale", {"stale": [7] * 128})
    with Store(path) as store:
        store.write([make_extraction("copy-a")])
    with duckdb.connect(str(path), read_only=True) as con:
        stories = con.execute("SELECT doc_id, story_id FROM documents ORDER BY doc_id").fetchall()
        scheme = con.execute("SELECT value FROM meta WHERE key = 'signature_scheme'").fetchone()
    assert stories == [("copy-a", "copy-a"), ("copy-b", "copy-a")]
    assert scheme == (SIGNATURE_SCHEME,)


def _with_text(doc_id: str, text: str) -> Extraction:
    extraction = make_extraction(doc_id, events=())
    return dataclasses.replace(
        extraction, document=dataclasses.replace(extraction.document, text=text)
    )


def test_store_reopened_with_another_threshold_rebuilds_its_stories(path: Path) -> None:
    shared = " ".join(f"shared{i} word{i % 7}" for i in range(60))
    first = _with_text("b-first", shared + " " + " ".join(f"alpha{i}" for i in range(40)))
    second = _with_text("a-second", shared + " " + " ".join(f"beta{i}" for i in range(40)))
    with Store(path) as store:  # similarity about 0.5: one story at the default 0.3
        store.write([first])
        store.write([second])
        rows = store.connection.execute(
            "SELECT doc_id, story_id FROM documents ORDER BY doc_id"
        ).fetchall()
        bands = store.connection.execute(
            "SELECT doc_id, count(*) FROM story_bands GROUP BY doc_id ORDER BY doc_id"
        ).fetchall()
    assert rows == [("a-second", "a-second"), ("b-first", "a-second")]
    assert bands == [("a-second", 42), ("b-first", 42)]
    with Store(path, duplicate_threshold=0.9) as store:
        store.write([_with_text("c-other", "an unrelated text about something else entirely")])
        rows = store.connection.execute(
            "SELECT doc_id, story_id FROM documents ORDER BY doc_id"
        ).fetchall()
    assert rows == [("a-second", "a-second"), ("b-first", "b-first"), ("c-other", "c-other")]


def test_store_keeps_documents_without_words_apart_as_stories_of_their_own(path: Path) -> None:
    # Every text without words has the same (empty) MinHash signature: sharing nothing, they
    # are no copies of each other, whatever their bands say.
    docs = [
        Extraction(Document(doc_id=i, text=t, source=f"{i}.txt"), (), (), (), (), (), (), ())
        for i, t in [("a", "..."), ("b", " - "), ("c", "Talks resumed."), ("d", "Talks resumed.")]
    ]
    with Store(path) as store:
        store.write(docs)
        stories = dict(
            store.connection.execute("SELECT doc_id, story_id FROM documents").fetchall()
        )
    assert stories == {"a": "a", "b": "b", "c": "c", "d": "c"}


def test_store_reopened_without_a_threshold_keeps_the_one_it_was_built_with(path: Path) -> None:
    # Changing the threshold is asked for (Store(duplicate_threshold=...), run
    # --duplicate-threshold); opening a store never rebuilds it at the default.
    shared = " ".join(f"shared{i} word{i % 7}" for i in range(60))
    first = _with_text("b-first", shared + " " + " ".join(f"alpha{i}" for i in range(40)))
    second = _with_text("a-second", shared + " " + " ".join(f"beta{i}" for i in range(40)))
    with Store(path, duplicate_threshold=0.9) as store:
        store.write([first, second])
    with Store(path) as store:
        assert store.duplicate_threshold == 0.9
        store.write([_with_text("c-other", "an unrelated text about something else entirely")])
        rows = store.connection.execute(
            "SELECT doc_id, story_id FROM documents ORDER BY doc_id"
        ).fetchall()
    assert rows == [("a-second", "a-second"), ("b-first", "b-first"), ("c-other", "c-other")]
    with Store(tmp := path.with_name("new.duckdb")) as store:
        assert store.duplicate_threshold == 0.3
    assert tmp.exists()
