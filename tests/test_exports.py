"""``newsevents export``: every format against its codebook's column list and types, loaded
back into DuckDB and pandas, and Parquet / JSON Lines round trips of every store table.

One store is built per module by running the real pipeline (``newsevents run``) on two feeds
of the team's own test articles (``tests/data/exports/``): a syndicated copy in the same feed
gives a merged event two mentions, a partner outlet's copy gives one two sources.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsevents import codebook
from newsevents.cli import app
from newsevents.export import codebooks, gdelt, writers
from newsevents.lexicon import data_file, read_entries
from newsevents.store import TABLES, EventFilter, Store

FEEDS = Path(__file__).parent / "data" / "exports"
DUCK_TYPES = {"INTEGER": "BIGINT", "FLOAT": "DOUBLE", "STRING": "VARCHAR"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("exports") / "news.duckdb"
    feeds = [str(FEEDS / "newswire.rss"), str(FEEDS / "partner.rss")]
    result = CliRunner().invoke(app, ["run", *feeds, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def export(store: Path, *args: str) -> tuple[str, str]:
    result = CliRunner().invoke(app, ["export", "--db", str(store), *args])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def names(fmt: str) -> list[str]:
    return [c.name for c in codebooks.columns(fmt)]


def read_delimited(path: Path, fmt: str, *, header: bool, delim: str) -> duckdb.DuckDBPyRelation:
    """The file read back by DuckDB with the codebook's column types, so that a value of the
    wrong type fails the read."""
    columns = {c.name: DUCK_TYPES[c.type] for c in codebooks.columns(fmt)}
    return duckdb.read_csv(
        str(path), header=header, delimiter=delim, columns=columns, quotechar='"' if header else ""
    )


def rows_of(relation: duckdb.DuckDBPyRelation) -> list[dict]:
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def merged(store: Path) -> list[dict]:
    with Store(store, read_only=True) as s:
        return [m for m in s.merged_events() if not m["negated"]]


# -- the codebooks as data --------------------------------------------------------------------


# The codebooks' column lists, written out here independently of data/exports/.
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code")
_ACTOR += ("Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_EVENTS = [
    *("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"),
    *(f"Actor1{f}" for f in _ACTOR),
    *(f"Actor2{f}" for f in _ACTOR),
    *("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass"),
    *("GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"),
    *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in _GEO),
    *("DATEADDED", "SOURCEURL"),
]
GDELT_MENTIONS = [
    *("GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName"),
    *("MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset"),
    *("ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone"),
    *("MentionDocTranslationInfo", "Extras"),
]
ACLED_COLUMNS = [
    *("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type"),
    *("sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2"),
    *("inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1"),
    *("admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source"),
    *("source_scale", "notes", "fatalities", "tags", "timestamp"),
]


def test_codebook_column_lists_are_the_published_ones_in_order() -> None:
    assert len(GDELT_EVENTS) == 61 and len(GDELT_MENTIONS) == 16 and len(ACLED_COLUMNS) == 31
    assert names("gdelt_events") == GDELT_EVENTS
    assert names("gdelt_mentions") == GDELT_MENTIONS
    assert names("acled") == ACLED_COLUMNS
    types = {c.name: c.type for c in codebooks.columns("gdelt_events")}
    assert {n for n, t in types.items() if t == "FLOAT"} == {
        "FractionDate",
        "GoldsteinScale",
        "AvgTone",
        *(f"{who}Geo_{f}" for who in ("Actor1", "Actor2", "Action") for f in ("Lat", "Long")),
    }


def test_codebook_column_lists_have_the_published_column_counts() -> None:
    # Independent of the data files: GDELT 2.0 events 61, mentions 16, ACLED 31.
    assert len(names("gdelt_events")) == 61
    assert len(names("gdelt_mentions")) == 16
    assert len(names("acled")) == 31
    events = names("gdelt_events")
    assert events[:5] == ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    assert events[25:35] == [
        "IsRootEvent",
        "EventCode",
        "EventBaseCode",
        "EventRootCode",
        "QuadClass",
        "GoldsteinScale",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "AvgTone",
    ]
    assert events[-2:] == ["DATEADDED", "SOURCEURL"]
    assert names("gdelt_mentions")[-4:] == [
        "MentionDocLen",
        "MentionDocTone",
        "MentionDocTranslationInfo",
        "Extras",
    ]
    acled = names("acled")
    assert acled[:7] == [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
    ]
    assert acled[-4:] == ["notes", "fatalities", "tags", "timestamp"]


def test_goldstein_table_covers_every_cameo_code_newsevents_emits_within_the_scale() -> None:
    emitted = {e["id"] for e in read_entries(data_file("events/plover_cameo.csv"))}
    table = codebooks.goldstein()
    assert emitted == set(table)
    assert all(-10.0 <= v <= 10.0 for v in table.values() if v is not None)
    # Every emitted code gets a value, its own or its base code's, except those the table
    # says have none.
    missing = {c for c in emitted if codebooks.goldstein_of(c) is None}
    assert missing == {"039", "102", "176", "196"}


def test_goldstein_four_digit_code_takes_its_base_codes_value() -> None:
    assert codebooks.goldstein()["1823"] is None
    assert codebooks.goldstein_of("1823") == codebooks.goldstein()["182"] == -9.5
    assert codebooks.goldstein_of("173") == -5.0
    assert codebooks.goldstein_of(None) is None


def test_plover_acled_mapping_names_only_plover_types_modes_and_acled_disorder_types() -> None:
    disorder = {"Political violence", "Demonstrations", "Strategic developments"}
    for (type_, mode), found in codebooks.acled_types().items():
        assert type_ in codebook.PLOVER_TYPES
        assert mode in ("", "*") or mode in codebook.modes(), mode
        assert found.disorder_type in disorder
    assert codebooks.acled_type("PROTEST", "strike").event_type == "Protests"
    assert codebooks.acled_type("PROTEST", "riot").sub_event_type == "Violent demonstration"
    assert codebooks.acled_type("CONSULT", "meet") is None


# -- GDELT ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def gdelt_files(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gdelt")
    _, summary = export(store, "--format", "gdelt", "--out", f"{folder}/")
    assert "GDELT events" in summary
    return folder


def test_gdelt_events_are_61_typed_columns_one_row_per_merged_event(
    store: Path, gdelt_files: Path
) -> None:
    lines = (gdelt_files / "gdelt_events.tsv").read_text(encoding="utf-8").splitlines()
    assert all(len(line.split("\t")) == 61 for line in lines)
    rows = rows_of(
        read_delimited(gdelt_files / "gdelt_events.tsv", "gdelt_events", header=False, delim="\t")
    )
    expected = {gdelt.global_event_id(m["id"]): m for m in merged(store)}
    assert len(rows) == len(expected) == len(lines)
    for row in rows:
        event = expected[row["GLOBALEVENTID"]]
        day = event["date"] or event["first_seen"]
        assert row["SQLDATE"] == int(day.replace("-", ""))
        assert row["MonthYear"] == row["SQLDATE"] // 100 and row["Year"] == row["SQLDATE"] // 10000
        assert row["EventCode"] == event["cameo"]
        assert row["EventBaseCode"] == event["cameo"][:3]
        assert row["EventRootCode"] == event["cameo"][:2]
        assert row["QuadClass"] == event["quad_class"]
        assert row["GoldsteinScale"] == codebooks.goldstein_of(event["cameo"])
        assert row["NumMentions"] == event["num_mentions"]
        assert row["NumArticles"] == event["num_articles"]
        assert row["NumSources"] == event["num_sources"]
        assert row["AvgTone"] is None  # no tone is scored: empty, never invented
        assert row["SOURCEURL"].startswith(("https://wire.example.org/", "https://partner."))
    # CAMEO codes are strings: the leading zero of a consultation survives the round trip.
    consult = [r for r in rows if r["EventRootCode"] == "04"]
    assert consult and all(r["EventCode"].startswith("04") for r in consult)


def test_gdelt_codes_actors_as_country_or_known_group_plus_sector(gdelt_files: Path) -> None:
    rows = rows_of(
        read_delimited(gdelt_files / "gdelt_events.tsv", "gdelt_events", header=False, delim="\t")
    )
    police = next(r for r in rows if r["EventCode"] == "173")
    assert (police["Actor1Code"], police["Actor1CountryCode"], police["Actor1Type1Code"]) == (
        "KENCOP",
        "KEN",
        "COP",
    )
    assert police["ActionGeo_FullName"] == "Nairobi, Kenya"
    assert police["ActionGeo_CountryCode"] == "KE"
    assert police["ActionGeo_Type"] == 4
    assert police["ActionGeo_FeatureID"] == "184745"
    assert police["IsRootEvent"] == 1  # the arrests are in the lead paragraph
    sanction = next(r for r in rows if r["EventCode"] == "163")
    # The European Union's code is a group code, not a country's.
    assert (sanction["Actor1KnownGroupCode"], sanction["Actor1CountryCode"]) == ("EEC", None)


def test_gdelt_syndicated_copy_is_one_event_with_a_mention_per_document(
    store: Path, gdelt_files: Path
) -> None:
    events = rows_of(
        read_delimited(gdelt_files / "gdelt_events.tsv", "gdelt_events", header=False, delim="\t")
    )
    mentions = rows_of(
        read_delimited(
            gdelt_files / "gdelt_mentions.tsv", "gdelt_mentions", header=False, delim="\t"
        )
    )
    arrests = next(r for r in events if r["EventCode"] == "173")
    assert arrests["NumArticles"] == 2 and arrests["NumMentions"] == 2
    of_arrests = [m for m in mentions if m["GLOBALEVENTID"] == arrests["GLOBALEVENTID"]]
    assert sorted(m["MentionIdentifier"] for m in of_arrests) == [
        "https://wire.example.org/2025/02/nairobi-tax-protest",
        "https://wire.example.org/2025/02/nairobi-tax-protest-update",
    ]
    # The shelling is reported by two outlets: two sources, each named on its mention.
    shelling = next(
        r
        for r in events
        if r["EventRootCode"] == "18" and r["ActionGeo_FullName"] == "El Fasher, Sudan"
    )
    assert (shelling["NumSources"], shelling["NumArticles"]) == (2, 2)
    of_shelling = [m for m in mentions if m["GLOBALEVENTID"] == shelling["GLOBALEVENTID"]]
    assert {m["MentionSourceName"] for m in of_shelling} == {"Team Wire", "Partner Desk"}
    # Every event's counts are those of its rows in the mentions table.
    for event in events:
        rows = [m for m in mentions if m["GLOBALEVENTID"] == event["GLOBALEVENTID"]]
        assert len(rows) == event["NumMentions"]
        assert len({m["MentionIdentifier"] for m in rows}) == event["NumArticles"]
        assert len({m["MentionSourceName"] for m in rows}) == event["NumSources"]


def test_gdelt_mentions_are_16_columns_whose_offsets_point_at_the_evidence(
    store: Path, gdelt_files: Path
) -> None:
    path = gdelt_files / "gdelt_mentions.tsv"
    assert all(len(line.split("\t")) == 16 for line in path.read_text().splitlines())
    mentions = rows_of(read_delimited(path, "gdelt_mentions", header=False, delim="\t"))
    with Store(store, read_only=True) as s:
        documents = s.documents(text=True)
        events = s.events()
    texts = {d["url"]: d["text"] for d in documents}
    urls = {d["doc_id"]: d["url"] for d in documents}
    triggers = {
        (gdelt.global_event_id(e["merged_id"]), urls[e["document_id"]], e["span"][0]): e
        for e in events
        if not e["negated"]
    }
    assert len(mentions) == len(triggers)
    for m in mentions:
        key = (m["GLOBALEVENTID"], m["MentionIdentifier"], m["ActionCharOffset"])
        event = triggers[key]
        text = texts[m["MentionIdentifier"]]
        assert m["MentionDocLen"] == len(text)
        assert m["Confidence"] == round(event["confidence"] * 100)
        assert m["MentionType"] == 1 and m["MentionSourceName"] in ("Team Wire", "Partner Desk")
        assert m["MentionDocTone"] is None and m["SentenceID"] is None
        # The offsets are those of the evidence: the trigger inside its sentence, the actors.
        sentence_start, sentence_end = event["sentence_span"]
        assert sentence_start <= m["ActionCharOffset"] < sentence_end
        assert m["Actor1CharOffset"] == (event["source_span"] or [None])[0]
        assert m["Actor2CharOffset"] == (event["target_span"] or [None])[0]
        assert text[sentence_start:sentence_end] == event["sentence"]


def test_gdelt_tables_load_into_pandas_with_the_codebook_names(gdelt_files: Path) -> None:
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(
        gdelt_files / "gdelt_events.tsv",
        sep="\t",
        header=None,
        names=names("gdelt_events"),
        dtype={c.name: str for c in codebooks.columns("gdelt_events") if c.type == "STRING"},
    )
    assert list(frame.columns) == names("gdelt_events")
    assert frame["SQLDATE"].dtype.kind == "i"
    assert frame["GoldsteinScale"].dtype.kind == "f"
    assert set(frame["EventRootCode"]) >= {"04", "17"}


# -- PLOVER and POLECAT ------------------------------------------------------------------------

PLOVER_FIELDS = {
    "id",
    "date",
    "date_precision",
    "actor",
    "recipient",
    "event",
    "mode",
    "context",
    "event_loc",
    "event_text",
    "quad_code",
    "size",
    "text_info",
    "cite_info",
    "newsevents",
}


def test_plover_records_carry_the_manual_fields_and_the_words_of_the_text(store: Path) -> None:
    out, summary = export(store, "--format", "plover")
    records = [json.loads(line) for line in out.splitlines()]
    assert summary.startswith(f"exported {len(records)} PLOVER records")
    with Store(store, read_only=True) as s:
        texts = {d["doc_id"]: d["text"] for d in s.documents(text=True)}
        assert len(records) == len([e for e in s.events() if not e["negated"]])
    for record in records:
        assert set(record) == PLOVER_FIELDS
        assert record["event"] in codebook.PLOVER_TYPES
        assert set(record["size"]) == {"dead", "injured", "arrested"}
        info = record["text_info"]
        text = texts[info["document_id"]]
        start, end = info["sentence_span"]
        assert text[start:end] == record["event_text"]
        if record["actor"]:
            start, end = info["actor_span"]
            assert record["actor"]["entity_text"] == text[start:end]
            assert set(record["actor"]) >= {"code", "sector", "entity_text"}
    arrest = next(r for r in records if r["mode"] == "arrest")
    assert arrest["size"]["arrested"] == 37
    assert (arrest["actor"]["code"], arrest["actor"]["sector"]) == ("KEN", "COP")
    assert arrest["cite_info"]["url"].startswith("https://wire.example.org/2025/02/")
    shelling = next(r for r in records if r["size"]["dead"] == 19)
    assert shelling["event"] == "ASSAULT"
    assert shelling["event_loc"]["name"] == "El Fasher"


def test_polecat_tsv_has_the_release_header_and_loads_into_duckdb(
    store: Path, tmp_path: Path
) -> None:
    path = tmp_path / "polecat.tsv"
    export(store, "--format", "polecat", "--out", str(path))
    header = path.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header == names("polecat")
    assert header[:4] == ["Event ID", "Event Date", "Event Type", "Event Mode"]
    rows = rows_of(read_delimited(path, "polecat", header=True, delim="\t"))
    arrest = next(r for r in rows if r["Event Mode"] == "arrest")
    assert (arrest["Actor Country"], arrest["Primary Actor Sector"]) == ("KEN", "COP")
    assert (arrest["City"], arrest["Country"], arrest["GeoNames ID"]) == (
        "Nairobi",
        "Kenya",
        184745,
    )
    assert "William Ruto" in arrest["Story People"]
    assert arrest["Contexts"] is None and arrest["Actor COW"] is None


# -- ACLED ------------------------------------------------------------------------------------


def test_acled_geo_precision_is_2_for_a_site_mapped_at_its_town(tmp_path: Path) -> None:
    text = (
        "LUSAKA (Reuters) — Thousands of Zambian opposition supporters marched along Cairo Road "
        "on Monday to demand fresh elections.\n\nParty officials said the march was peaceful."
    )
    source = tmp_path / "lusaka.jsonl"
    source.write_text(
        json.dumps({"id": "l1", "text": text, "published": "2025-06-03"}) + "\n", encoding="utf-8"
    )
    db = tmp_path / "site.duckdb"
    result = CliRunner().invoke(app, ["run", str(source), "--db", str(db)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "acled.csv"
    export(db, "--format", "acled", "--out", str(path))
    rows = rows_of(read_delimited(path, "acled", header=True, delim=","))
    located = [r for r in rows if r["location"] == "Cairo Road"]
    assert located, rows
    assert {r["geo_precision"] for r in located} == {2}


def test_acled_csv_has_31_columns_and_codes_violence_and_protest(
    store: Path, tmp_path: Path
) -> None:
    path = tmp_path / "acled.csv"
    _, summary = export(store, "--format", "acled", "--out", str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == names("acled") and len(table[0]) == 31
    rows = rows_of(read_delimited(path, "acled", header=True, delim=","))
    shelling = next(r for r in rows if r["fatalities"] == 19)
    assert (shelling["disorder_type"], shelling["event_type"]) == (
        "Political violence",
        "Violence against civilians",
    )
    assert (shelling["country"], shelling["iso"], shelling["location"]) == (
        "Sudan",
        729,
        "El Fasher",
    )
    assert (shelling["geo_precision"], shelling["time_precision"]) == (1, 1)
    assert shelling["civilian_targeting"] == "Civilian targeting"
    assert shelling["event_date"] == "2025-05-04"  # "on Sunday", before publication
    assert shelling["notes"].startswith("PORT SUDAN, Sudan — Artillery shelling killed 19")
    assert shelling["event_id_cnty"].startswith("SDN")
    protests = [r for r in rows if r["event_type"] == "Protests"]
    assert protests and all(r["inter1"] == 6 for r in protests)
    assert any(r["sub_event_type"] == "Agreement" for r in rows)  # AGREE sign
    # The events ACLED does not record (talks, accusations...) are left out and counted.
    mapped = [m for m in merged(store) if codebooks.acled_type(m["type"], m["mode"])]
    assert len(rows) == len(mapped)
    assert f"left out {len(merged(store)) - len(mapped)} merged events" in summary


# -- undated events ---------------------------------------------------------------------------

# Written for this test: a document with no publication date, whose weekday no date resolves,
# and one that has its date.
UNDATED = (
    "Gunmen killed 12 villagers in the Malian town of Mopti on Tuesday, local officials said.\n\n"
    "The president of Mali met the prime minister of Niger to discuss border security.\n"
)
DATED = (
    "published: 2026-02-10\n\n"
    "Police arrested 30 protesters in Nairobi on Monday after demonstrators blocked a road.\n"
)


@pytest.fixture(scope="module")
def undated_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("undated")
    (folder / "undated.txt").write_text(UNDATED, encoding="utf-8")
    (folder / "dated.txt").write_text(DATED, encoding="utf-8")
    db = folder / "news.duckdb"
    result = CliRunner().invoke(
        app, ["run", str(folder / "undated.txt"), str(folder / "dated.txt"), "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    return db


def _undated_merged(store: Path) -> list[dict]:
    undated = [m for m in merged(store) if m["date"] is None and m["first_seen"] is None]
    assert undated, "the undated document should give undated events"
    return undated


def test_acled_leaves_out_and_counts_undated_events(undated_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "acled.csv"
    _, summary = export(undated_store, "--format", "acled", "--out", str(path))
    rows = rows_of(read_delimited(path, "acled", header=True, delim=","))
    assert rows and all(r["event_date"] and r["year"] == 2026 for r in rows)
    assert {r["location"] for r in rows} <= {"Nairobi", None}
    undated = [
        m for m in _undated_merged(undated_store) if codebooks.acled_type(m["type"], m["mode"])
    ]
    assert [m["type"] for m in undated] == ["ASSAULT"]  # the killing in Mopti
    assert "and 1 undated merged event (no date in the text, no publication date" in summary
    assert f"recode --db {undated_store} --published" in summary


def test_gdelt_leaves_out_and_counts_undated_events_and_their_mentions(
    undated_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "gdelt"
    _, summary = export(undated_store, "--format", "gdelt", "--out", f"{out}/")
    events = rows_of(
        read_delimited(out / "gdelt_events.tsv", "gdelt_events", header=False, delim="\t")
    )
    mentions = rows_of(
        read_delimited(out / "gdelt_mentions.tsv", "gdelt_mentions", header=False, delim="\t")
    )
    undated = _undated_merged(undated_store)
    assert len(events) == len(merged(undated_store)) - len(undated) > 0
    assert all(str(e["SQLDATE"]).startswith("202602") for e in events)
    left_out = {gdelt.global_event_id(m["id"]) for m in undated}
    assert left_out.isdisjoint(e["GLOBALEVENTID"] for e in events)
    assert left_out.isdisjoint(m["GLOBALEVENTID"] for m in mentions)
    assert f"left out {len(undated)} undated merged events" in summary


def test_plover_and_polecat_keep_undated_mentions_with_an_empty_date(undated_store: Path) -> None:
    # One record per mention, the date a field of its own: an empty date is honest there.
    out, _ = export(undated_store, "--format", "plover")
    records = [json.loads(line) for line in out.splitlines()]
    mopti = next(r for r in records if r["event"] == "ASSAULT")
    assert (mopti["date"], mopti["cite_info"]["published"]) == (None, None)
    assert mopti["event_loc"]["name"] == "Mopti"
    assert any(r["date"] == "2026-02-09" for r in records)  # "on Monday", before 10 February
    table, _ = export(undated_store, "--format", "polecat")
    rows = list(csv.DictReader(io.StringIO(table), delimiter="\t"))
    assert len(rows) == len(records)
    assert next(r for r in rows if r["Event Type"] == "ASSAULT")["Event Date"] == ""


def test_acled_csv_loads_into_pandas(store: Path, tmp_path: Path) -> None:
    pandas = pytest.importorskip("pandas")
    path = tmp_path / "acled.csv"
    export(store, "--format", "acled", "--out", str(path))
    frame = pandas.read_csv(path)
    assert list(frame.columns) == names("acled")
    assert {"event_date", "event_type", "actor1", "latitude", "longitude", "notes"} <= set(frame)
    assert frame["latitude"].dtype.kind == "f" and frame["fatalities"].dtype.kind == "i"


# -- the claims sheet beside ACLED and PLOVER --------------------------------------------------

KREMLIN = Path(__file__).parent.parent.parent / "shared" / "examples" / "kremlin-summit.txt"
# The sheet's columns, written out here independently of export/claims.py.
CLAIM_SHEET = [
    *("id", "document_id", "quantity", "value", "unit", "currency", "qualifier", "subject"),
    *("direction", "change", "change_text", "previous", "speaker", "speaker_country"),
    *("speaker_sector", "speaker_text", "cue", "date", "date_precision", "location"),
    *("location_country", "event_id", "quantity_start", "quantity_end", "sentence"),
]


@pytest.fixture(scope="module")
def claims_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not KREMLIN.exists():
        pytest.skip("needs ../shared/examples")
    db = tmp_path_factory.mktemp("claims") / "news.duckdb"
    claims = Path(__file__).parent / "data" / "claims"
    args = ["run", str(KREMLIN), str(claims), "--published", "2026-01-28", "--db", str(db)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return db


def _putin(claims: list[dict]) -> dict:
    (found,) = [c for c in claims if c["subject"] == "bilateral economic cooperation"]
    return found


def test_acled_export_writes_the_claims_sheet_beside_it(claims_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    _, summary = export(claims_store, "--format", "acled", "--out", str(path))
    sheet = tmp_path / "events.claims.csv"
    with sheet.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
    assert reader.fieldnames == CLAIM_SHEET
    putin = _putin(rows)
    assert (putin["quantity"], putin["value"], putin["unit"], putin["qualifier"]) == (
        "over 4%",
        "4.0",
        "percent",
        "more_than",
    )
    assert (putin["speaker"], putin["speaker_country"]) == ("Vladimir Putin", "RUS")
    assert (putin["direction"], putin["change_text"], putin["cue"]) == ("up", "grown by", "note")
    text = KREMLIN.read_text(encoding="utf-8")
    assert text[int(putin["quantity_start"]) : int(putin["quantity_end"])] == "over 4%"
    with Store(claims_store, read_only=True) as s:
        assert len(rows) == len(s.claims()) > 1
    assert summary.rstrip().endswith(f"; {len(rows)} claims to {sheet}")
    # The one sheet layout: `newsevents claims --format csv` prints the same file.
    printed = CliRunner().invoke(app, ["claims", "--db", str(claims_store), "--format", "csv"])
    assert printed.stdout == sheet.read_text(encoding="utf-8")
    # Written atomically: nothing but the two files is left in the folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events.claims.csv", "events.csv"]


def test_plover_export_writes_the_claims_in_their_json_shape_beside_it(
    claims_store: Path, tmp_path: Path
) -> None:
    from newsevents.export import claims as claim_sheet

    out = tmp_path / "plover/"
    _, summary = export(claims_store, "--format", "plover", "--out", f"{out}/")
    assert sorted(p.name for p in out.iterdir()) == ["plover.claims.jsonl", "plover.jsonl"]
    records = [json.loads(line) for line in (out / "plover.claims.jsonl").read_text().splitlines()]
    with Store(claims_store, read_only=True) as s:
        assert records == json.loads(json.dumps(s.claims()))
    putin = _putin(records)
    assert putin["quantity"]["text"] == "over 4%" and putin["speaker"]["name"] == "Vladimir Putin"
    assert f"{len(records)} claims to {out / 'plover.claims.jsonl'}" in summary
    assert set(claim_sheet.flat(putin)) == set(CLAIM_SHEET)


def test_claims_sheet_takes_the_document_and_date_filters_and_none_on_stdout(
    claims_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(claims_store, read_only=True) as s:
        every = s.claims()
    putin = _putin(every)
    mine = [c for c in every if c["document_id"] == putin["document_id"]]
    path = tmp_path / "kremlin.csv"
    export(
        claims_store, "--format", "acled", "--out", str(path), "--document", mine[0]["document_id"]
    )
    sheet = (tmp_path / "kremlin.claims.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(sheet)))
    assert [r["id"] for r in rows] == [c["id"] for c in mine]
    # A date filter keeps the claims of those days; the undated 4% claim is outside any.
    feb = tmp_path / "february.jsonl"
    export(claims_store, "--format", "plover", "--out", str(feb), "--since", "2026-02-01")
    lines = (tmp_path / "february.claims.jsonl").read_text(encoding="utf-8").splitlines()
    dated = [json.loads(line) for line in lines]
    assert dated and all(c["date"] >= "2026-02-01" for c in dated)
    assert putin["id"] not in {c["id"] for c in dated}
    assert len(dated) == len([c for c in every if c["date"] and c["date"] >= "2026-02-01"])
    # To standard output there is no file to put a sheet beside.
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    beside_store = sorted(claims_store.parent.iterdir())
    out, summary = export(claims_store, "--format", "acled")
    assert out.startswith('"event_id_cnty"') and "claims" not in summary
    assert list(here.iterdir()) == [] and sorted(claims_store.parent.iterdir()) == beside_store


# -- every table ------------------------------------------------------------------------------


def _table_types(con: duckdb.DuckDBPyConnection, source: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]


def _same_rows(con: duckdb.DuckDBPyConnection, table: str, source: str) -> None:
    for a, b in ((table, source), (source, table)):
        extra = con.execute(f"SELECT count(*) FROM (FROM {a} EXCEPT ALL FROM {b})").fetchone()
        assert extra == (0,), f"{a} has rows that {b} lacks"


def test_parquet_of_every_table_reads_back_equal_to_the_store(store: Path, tmp_path: Path) -> None:
    export(store, "--format", "parquet", "--out", f"{tmp_path}/pq/")
    con = duckdb.connect(str(store), read_only=True)
    for table in (*TABLES, "merged_events"):
        path = tmp_path / "pq" / f"{table}.parquet"
        source = f"read_parquet('{path}')"
        assert _table_types(con, source) == _table_types(con, table)
        _same_rows(con, table, source)
        assert (
            pq.read_table(path).num_rows
            == con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        )
    con.close()


def test_jsonl_of_every_table_reads_back_equal_to_the_store(store: Path, tmp_path: Path) -> None:
    export(store, "--format", "jsonl", "--out", f"{tmp_path}/json/")
    con = duckdb.connect(str(store), read_only=True)
    for table in (*TABLES, "merged_events"):
        path = tmp_path / "json" / f"{table}.jsonl"
        columns = "{" + ", ".join(f"'{n}': '{t}'" for n, t in _table_types(con, table)) + "}"
        source = f"read_json('{path}', columns={columns}, format='newline_delimited')"
        _same_rows(con, table, source)
        lines = path.read_text(encoding="utf-8").splitlines()
        assert all(isinstance(json.loads(line), dict) for line in lines)
    con.close()


def test_csv_of_one_table_to_stdout_loads_into_duckdb(store: Path) -> None:
    out, summary = export(store, "--format", "csv", "--table", "events")
    assert summary.startswith("exported ") and "rows of events" in summary
    rows = list(csv.DictReader(io.StringIO(out)))
    with Store(store, read_only=True) as s:
        assert {r["id"] for r in rows} == {e["id"] for e in s.events()}
    relation = duckdb.read_csv(io.StringIO(out))
    assert "sentence" in relation.columns and len(relation.fetchall()) == len(rows)


def test_filtered_table_export_keeps_the_selected_events_and_their_documents(
    store: Path, tmp_path: Path
) -> None:
    export(store, "--format", "parquet", "--type", "PROTEST", "--out", f"{tmp_path}/p/")
    events = pq.read_table(tmp_path / "p" / "events.parquet").to_pylist()
    documents = pq.read_table(tmp_path / "p" / "documents.parquet").to_pylist()
    assert events and {e["type"] for e in events} == {"PROTEST"}
    assert {d["doc_id"] for d in documents} == {e["doc_id"] for e in events}
    runs = pq.read_table(tmp_path / "p" / "runs.parquet")
    assert runs.num_rows == 1  # runs and failures are written whole


# -- filters, the store's queries, errors -----------------------------------------------------


def test_export_takes_the_filters_of_events(store: Path) -> None:
    out, _ = export(store, "--format", "plover", "--country", "SDN")
    records = [json.loads(line) for line in out.splitlines()]
    assert records
    assert all(
        "SDN" in ((r["actor"] or {}).get("code"), (r["recipient"] or {}).get("code"))
        for r in records
    )
    bad = CliRunner().invoke(
        app, ["export", "--db", str(store), "--format", "gdelt", "--type", "FIGHT"]
    )
    assert bad.exit_code == 2 and "NE050" in bad.stderr


def test_store_mention_rows_of_merged_brings_every_mention_of_the_selected_events(
    store: Path,
) -> None:
    with Store(store, read_only=True) as s:
        first = next(d for d in s.documents(text=True) if d["url"].endswith("nairobi-tax-protest"))
        only = s.mention_rows(filters=EventFilter(document=first["doc_id"], mode="arrest"))
        every = s.mention_rows(
            filters=EventFilter(document=first["doc_id"], mode="arrest"), of_merged=True
        )
    assert [r["doc_id"] for r in only] == [first["doc_id"]]
    assert len(every) == 2 and {r["merged_id"] for r in every} == {only[0]["merged_id"]}
    assert {r["url"] for r in every} == {first["url"], first["url"] + "-update"}
    row = only[0]
    assert (
        row["source_text"]
        == "Kenyan police"
        == first["text"][row["source_start"] : row["source_end"]]
    )
    assert row["doc_length"] == len(first["text"])
    # The lead paragraph is the first line of the body: the arrests sentence is in it.
    assert row["sentence_start"] < row["lead_end"] == first["text"].index("\n")


def test_export_to_a_missing_folder_is_NE051_and_writes_nothing(
    store: Path, tmp_path: Path
) -> None:
    target = tmp_path / "no" / "such" / "acled.csv"
    result = CliRunner().invoke(
        app, ["export", "--db", str(store), "--format", "acled", "--out", str(target)]
    )
    assert result.exit_code == 2 and "NE051" in result.stderr
    assert not (tmp_path / "no").exists()


def test_export_needs_a_store_a_folder_or_a_table(store: Path, tmp_path: Path) -> None:
    missing = CliRunner().invoke(
        app, ["export", "--db", str(tmp_path / "x.duckdb"), "--format", "plover"]
    )
    assert missing.exit_code == 2 and "no store at" in missing.stderr
    single = CliRunner().invoke(
        app,
        ["export", "--db", str(store), "--format", "parquet", "--out", str(tmp_path / "a.parquet")],
    )
    assert single.exit_code == 2 and "--table" in single.stderr
    table = CliRunner().invoke(
        app,
        [
            "export",
            "--db",
            str(store),
            "--format",
            "parquet",
            "--table",
            "events",
            "--out",
            str(tmp_path / "a.parquet"),
        ],
    )
    assert table.exit_code == 0 and pq.read_table(tmp_path / "a.parquet").num_rows > 0


def test_atomic_write_leaves_the_old_file_when_the_export_fails(tmp_path: Path) -> None:
    target = tmp_path / "events.tsv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), writers.atomic(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("cut short")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["events.tsv"]


def test_readme_export_commands_run_as_written(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exports\n", 1)[1].split("```bash\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    commands = [line.split("#", 1)[0].strip() for line in section.splitlines()]
    assert len(commands) == 6
    for command in commands:
        words = command.split()
        redirect = words.index(">") if ">" in words else None
        args = words[1:redirect]
        if "--db" in args:  # the README's store is the module's store here
            args[args.index("--db") + 1] = str(store)
        else:
            args += ["--db", str(store)]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, (command, result.output)
        if redirect is not None:
            Path(words[redirect + 1]).write_text(result.stdout)
    assert (tmp_path / "gdelt" / "gdelt_mentions.tsv").stat().st_size > 0
    assert (tmp_path / "tables" / "merged_events.parquet").exists()
    assert (
        json.loads((tmp_path / "assaults.jsonl").read_text().splitlines()[0])["event"] == "ASSAULT"
    )


def test_every_exportable_table_is_named_in_the_table_help_and_the_readme() -> None:
    from newsevents.export import tables

    help_text = " ".join(CliRunner().invoke(app, ["export", "--help"]).stdout.split())
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exports\n", 1)[1].split("\n## ", 1)[0]
    (row,) = [line for line in section.splitlines() if line.startswith("| `parquet`")]
    listed = re.findall(r"`(\w+)`", row.split("every row of every table", 1)[1].split(")")[0])
    assert listed == list(tables.NAMES)
    assert f"exported {len(tables.NAMES)} tables as parquet" in " ".join(section.split())
    found = re.search(r"only this table \(([^)]*)\)", help_text)
    assert found, help_text
    assert [n.strip() for n in found.group(1).split(",")] == list(tables.NAMES)


def test_a_codebook_file_with_an_unknown_column_type_is_a_coded_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsevents.errors import DictionaryError

    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "broken.csv").write_text("name,type,note\nSQLDATE,DATE,\n")
    monkeypatch.setattr(codebooks, "data_file", lambda relative: tmp_path / relative)
    with pytest.raises(DictionaryError) as raised:
        codebooks.columns("broken")
    assert raised.value.code == "NE013"
    assert "broken.csv:2" in str(raised.value) and "INTEGER" in str(raised.value)


def test_gdelt_an_igo_is_a_known_group_never_a_country() -> None:
    from newsevents.export.gdelt import _actor

    eu = {"id": "Q458", "name": "European Union", "country": None, "sector": "IGO", "igo": "EEC"}
    row = _actor(eu, "Actor1")
    assert row["Actor1Code"] == "EECIGO"
    assert row["Actor1CountryCode"] is None and row["Actor1KnownGroupCode"] == "EEC"
    russia = {"id": "RUS", "name": "Russia", "country": "RUS", "sector": "GOV", "igo": None}
    assert _actor(russia, "Actor2")["Actor2CountryCode"] == "RUS"
