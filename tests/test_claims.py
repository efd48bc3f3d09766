"""Numeric claims: who said what number about what, with its evidence spans.

Run on the real pipeline (the spaCy model and every stage), on the canonical Kremlin example,
on the team's test articles in tests/data/claims/ and on short texts written for one
behaviour each; the store tests use a real DuckDB file built by ``newsevents run``.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsevents import scale
from newsevents.cli import app
from newsevents.errors import DictionaryError
from newsevents.evaluate import evaluate
from newsevents.pipeline import process
from newsevents.records import to_json
from newsevents.settings import Settings
from newsevents.store import Store

ROOT = Path(__file__).parent.parent
ARTICLES = Path(__file__).parent / "data" / "claims"
KREMLIN = ROOT.parent / "shared" / "examples" / "kremlin-summit.txt"
BASELINE = json.loads((ROOT / "eval" / "baseline.json").read_text(encoding="utf-8"))
TOLERANCE = 0.02


def claims_of(text: str, published: str = "2026-03-04", **kwargs: Any) -> list[dict[str, Any]]:
    return to_json(process(text, published=published, **kwargs))["claims"]


def only(claims: list[dict[str, Any]], written: str) -> dict[str, Any]:
    found = [c for c in claims if c["quantity"]["text"] == written]
    assert len(found) == 1, [c["quantity"]["text"] for c in claims]
    return found[0]


def at(text: str, span: list[int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


# -- the canonical example ------------------------------------------------------------------


@pytest.mark.skipif(not KREMLIN.exists(), reason="needs ../shared/examples")
def test_claims_kremlin_example_yields_the_4_percent_claim_by_putin_with_its_spans() -> None:
    text = KREMLIN.read_text(encoding="utf-8")
    result = to_json(process(text, published="2026-01-28"))
    claim = only(result["claims"], "over 4%")
    quantity = claim["quantity"]
    assert (quantity["value"], quantity["unit"], quantity["currency"], quantity["qualifier"]) == (
        4.0,
        "percent",
        None,
        "more_than",
    )
    assert at(text, quantity["span"]) == "over 4%"
    assert claim["subject"] == "bilateral economic cooperation"
    assert at(text, claim["subject_span"]) == "bilateral economic cooperation"
    assert (claim["direction"], claim["change"], claim["change_text"]) == (
        "up",
        "change",
        "grown by",
    )
    assert at(text, claim["change_span"]) == "grown by"
    assert claim["speaker"] is not None and claim["speaker"]["name"] == "Vladimir Putin"
    assert claim["speaker"]["country"] == "RUS"
    assert claim["cue"] == "note"
    assert at(text, claim["span"]).startswith(at(text, claim["speaker_span"]))
    assert at(text, claim["span"]).endswith("grown by over 4%")
    assert claim["sentence"].startswith("He noted that bilateral economic cooperation")
    # Its sentence names no date: none, and no date span.
    assert (claim["date"], claim["date_span"]) == (None, None)
    # "two major military installations" counts in passing: not a claim.
    assert [c["quantity"]["text"] for c in result["claims"]] == ["over 4%"]


# -- what a figure is -----------------------------------------------------------------------


def test_claims_reads_money_with_scale_and_currency_and_the_aid_it_measures() -> None:
    claim = only(
        claims_of("The European Union pledged aid worth $20 million to flood victims."),
        "$20 million",
    )
    assert (claim["quantity"]["value"], claim["quantity"]["unit"]) == (20_000_000.0, "money")
    assert claim["quantity"]["currency"] == "USD"
    assert claim["subject"] == "aid"


def test_claims_reads_per_cent_after_the_number_and_a_trillion_yuan() -> None:
    claims = claims_of("Exports rose by 3.2 per cent to 1.4 trillion yuan in the first quarter.")
    percent = only(claims, "3.2 per cent")
    assert (percent["quantity"]["value"], percent["quantity"]["unit"]) == (3.2, "percent")
    assert (percent["direction"], percent["change"], percent["subject"]) == (
        "up",
        "change",
        "Exports",
    )
    yuan = only(claims, "1.4 trillion yuan")
    assert yuan["quantity"]["value"] == 1.4e12 and yuan["quantity"]["currency"] == "CNY"
    assert (yuan["direction"], yuan["change"]) == ("up", "level")


def test_claims_from_x_to_y_is_one_claim_with_the_old_level_kept() -> None:
    claims = claims_of("Inflation fell to 12 percent in March from 15.3 percent a year earlier.")
    assert [c["quantity"]["text"] for c in claims] == ["12 percent"]
    claim = claims[0]
    assert (claim["direction"], claim["change"], claim["previous"]) == ("down", "from-to", 15.3)
    assert claim["subject"] == "Inflation"


def test_claims_from_x_to_y_parsed_as_one_range_is_still_one_claim() -> None:
    # The parser reads "9% to 12%" as one range under "from", not "to 12%" beside it.
    claims = claims_of("Unemployment rose from 9% to 12% in 2024, the statistics office said.")
    assert [c["quantity"]["text"] for c in claims] == ["12%"]
    assert (claims[0]["direction"], claims[0]["change"], claims[0]["previous"]) == (
        "up",
        "from-to",
        9.0,
    )
    assert claims[0]["subject"] == "Unemployment"
    money = claims_of("The deficit narrowed from $4.1 billion to $3.2 billion, the ministry said.")
    assert [c["quantity"]["text"] for c in money] == ["$3.2 billion"]
    # Values are read to the digits written, not 4.1 * 1e9 = 4099999999.9999995.
    assert (money[0]["quantity"]["value"], money[0]["previous"]) == (3.2e9, 4.1e9)
    assert (money[0]["direction"], money[0]["subject"]) == ("down", "deficit")


def test_claims_a_level_passed_and_a_level_of_a_noun_take_the_verb() -> None:
    above = only(
        claims_of(
            '"The debt ratio could climb back above 90 percent," said economist Hany Genena.'
        ),
        "above 90 percent",
    )
    assert above["quantity"]["qualifier"] == "more_than"
    assert (above["subject"], above["direction"], above["change"]) == ("debt ratio", "up", "level")
    low = only(claims_of("Turnout dropped to a record low of 49.7 percent."), "49.7 percent")
    assert (low["subject"], low["direction"], low["change"]) == ("Turnout", "down", "level")


def test_claims_a_unit_of_measure_is_not_the_subject() -> None:
    claims = claims_of(
        "Coca cultivation covered 253,000 hectares, the UN said. "
        "The army seized 960 tonnes of cocaine."
    )
    hectares = only(claims, "253,000")
    assert (hectares["quantity"]["unit"], hectares["subject"]) == ("hectare", "Coca cultivation")
    assert "cocaine" in only(claims, "960 tonnes")["subject"]


def test_claims_a_live_blog_time_stamp_is_no_subject() -> None:
    text = (
        "Live: Storm hits central Vietnam\n"
        "11:05 GMT — Power was cut to about 1.1 million households, the utility EVN said."
    )
    claim = only(claims_of(text), "about 1.1 million")
    assert claim["subject"] == "Power" and claim["speaker_text"] == "the utility EVN"


def test_claims_currencies_beyond_the_dollar_and_names_several_countries_use() -> None:
    cedis = only(
        claims_of("Spending will rise to 2.4 billion cedis, the ministry said."),
        "2.4 billion cedis",
    )
    assert (cedis["quantity"]["unit"], cedis["quantity"]["currency"]) == ("money", "GHS")
    pesos = claims_of("The city spent 900 million pesos, or 12 billion Mexican pesos overall.")
    assert [(c["quantity"]["unit"], c["quantity"]["currency"]) for c in pesos] == [
        ("money", None),
        ("money", "MXN"),
    ]


def test_claims_qualifiers_and_a_range_give_one_claim_per_figure() -> None:
    claims = claims_of(
        "The rebels have between 6,000 and 8,000 fighters and nearly 300 trucks, UN experts said."
    )
    assert [c["quantity"]["text"] for c in claims] == ["6,000", "8,000", "nearly 300"]
    assert {c["quantity"]["unit"] for c in claims[:2]} == {"fighter"}
    assert claims[2]["quantity"]["qualifier"] == "approximate"
    assert all(c["speaker_text"] == "UN experts" for c in claims)


def test_claims_number_words_are_read_and_small_ones_in_passing_are_not_claims() -> None:
    claims = claims_of("Forty thousand people marched. Two ministers watched from a balcony.")
    assert [(c["quantity"]["text"], c["quantity"]["value"]) for c in claims] == [
        ("Forty thousand", 40_000.0)
    ]


def test_claims_years_and_numbers_in_names_are_not_figures() -> None:
    text = (ARTICLES / "clash_report.txt").read_text(encoding="utf-8")
    written = [c["quantity"]["text"] for c in to_json(process(text))["claims"]]
    assert "2334" not in written and "2016" not in written


# -- who says it, about when and where, and which event ---------------------------------------


def test_claims_figure_in_a_quote_takes_the_quote_speaker() -> None:
    text = (ARTICLES / "budget_wire.txt").read_text(encoding="utf-8")
    result = to_json(process(text))
    claim = only(result["claims"], "40 billion")
    assert claim["cue"] == "quote"
    quote = next(q for q in result["quotes"] if "40 billion" in q["text"])
    assert claim["speaker"] == quote["speaker"] and claim["speaker"]["name"] == "Irena Vos"
    assert (claim["subject"], claim["direction"], claim["change_text"]) == (
        "public spending",
        "down",
        "cut public spending by",
    )


def test_claims_reporting_verb_and_according_to_name_the_speaker() -> None:
    text = (ARTICLES / "budget_wire.txt").read_text(encoding="utf-8")
    claims = to_json(process(text))["claims"]
    exports = only(claims, "6.5 percent")
    assert exports["speaker_text"] == "the national statistics bureau" and exports["cue"] == "say"
    assert exports["date"] == "2026-02-01" and exports["date_precision"] == "month"
    deficit = only(claims, "3 percent")
    assert deficit["speaker"]["name"] == "Irena Vos" and deficit["cue"] == "tell"
    assert deficit["subject"] == "budget deficit"
    teachers = only(claims, "nearly 2,000")
    assert teachers["cue"] == "accord" and teachers["speaker_text"] == "the education ministry"
    assert [c["quantity"]["text"] for c in claims if c["quantity"]["text"].lower() == "two"] == []


def test_claims_casualty_count_links_to_its_event_and_a_claim_gets_its_sentence_place() -> None:
    text = (ARTICLES / "clash_report.txt").read_text(encoding="utf-8")
    result = to_json(process(text))
    dead = only(result["claims"], "at least 16")
    event = next(e for e in result["events"] if e["id"] == dead["event_id"])
    assert (event["type"], event["fatalities"]) == ("ASSAULT", 16)
    assert dead["quantity"]["qualifier"] == "at_least" and dead["subject"] == "soldiers"
    fled = only(result["claims"], "more than 300")
    assert fled["event_id"] is None
    assert fled["location"] is not None and fled["location"]["name"] == "Mopti"
    assert fled["location"]["country"] == "MLI"


def test_claims_date_has_the_span_of_the_words_that_give_it() -> None:
    text = "Inflation fell to 12 percent in March 2025, the central bank said on Tuesday."
    (claim,) = claims_of(text)
    assert (claim["date"], claim["date_precision"]) == ("2025-03-01", "month")
    assert at(text, claim["date_span"]) == "March 2025"


def test_claims_every_span_indexes_the_original_text() -> None:
    for path in sorted(ARTICLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for claim in to_json(process(text))["claims"]:
            assert at(text, claim["quantity"]["span"]) == claim["quantity"]["text"]
            assert at(text, claim["subject_span"]) == claim["subject"]
            assert at(text, claim["change_span"]) == claim["change_text"]
            assert at(text, claim["speaker_span"]) == claim["speaker_text"]
            assert (claim["date_span"] is None) == (claim["date"] is None)
            start, end = claim["span"]
            assert claim["sentence_span"][0] <= start < end <= claim["sentence_span"][1]


# -- word tables are data, layered with user files -------------------------------------------


def test_claims_user_unit_file_makes_a_local_currency_money(tmp_path: Path) -> None:
    units = tmp_path / "crowns.csv"
    units.write_text(
        "# kind: claim_units\nid,words,kind,code,factor\n"
        "lowland-crown,crowns|crown,currency,LWC,\n",
        encoding="utf-8",
    )
    text = (ARTICLES / "budget_wire.txt").read_text(encoding="utf-8")
    shipped = only(to_json(process(text))["claims"], "40 billion")
    assert (shipped["quantity"]["unit"], shipped["quantity"]["currency"]) == ("crown", None)
    layered = to_json(process(text, settings=Settings(dictionaries=(units,))))["claims"]
    claim = only(layered, "40 billion crowns")
    assert (claim["quantity"]["unit"], claim["quantity"]["currency"]) == ("money", "LWC")


def test_claims_unit_file_with_an_unknown_kind_of_unit_is_a_coded_error(tmp_path: Path) -> None:
    units = tmp_path / "bad.csv"
    units.write_text(
        "# kind: claim_units\nid,words,kind,code,factor\nx,zorks,weight,,\n", encoding="utf-8"
    )
    with pytest.raises(DictionaryError) as info:
        process("Output rose 3 percent.", settings=Settings(dictionaries=(units,)))
    assert info.value.code == "NE013" and "bad.csv:3" in str(info.value)


# -- the store, the command, the Parquet tables ------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("claims") / "claims.duckdb"
    result = CliRunner().invoke(app, ["run", str(ARTICLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_claims_store_keeps_claims_in_their_own_table_and_filters_them(store: Path) -> None:
    with Store(store, read_only=True) as opened:
        every = opened.claims()
        assert opened.counts()["claims"] == len(every) == 8
        vos = opened.claims(actor="Irena Vos")
        assert {c["quantity"]["text"] for c in vos} == {"3 percent", "40 billion"}
        inflation = opened.claims(subject="INFLATION")
        assert [c["quantity"]["text"] for c in inflation] == ["8.1 percent"]
        assert inflation[0]["previous"] == 11.4 and inflation[0]["document_id"]
        dead = opened.claims(subject="soldiers")[0]
        event = opened.events(document=dead["document_id"])[0]
        assert dead["event_id"] == event["id"]
        # The date's span is stored: "on Wednesday" in the clash report.
        text = (ARTICLES / "clash_report.txt").read_text(encoding="utf-8")
        assert (dead["date"], at(text, dead["date_span"])) == ("2026-03-04", "Wednesday")


def test_claims_command_prints_jsonl_and_a_csv_sheet(store: Path) -> None:
    result = CliRunner().invoke(
        app, ["claims", "--db", str(store), "--subject", "exports", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["quantity"]["text"] for r in rows] == ["6.5 percent", "$3.2 billion"]
    assert all(r["speaker_text"] == "the national statistics bureau" for r in rows)
    sheet = CliRunner().invoke(app, ["claims", "--db", str(store), "--format", "csv"])
    assert sheet.exit_code == 0
    table = list(csv.DictReader(io.StringIO(sheet.output)))
    assert len(table) == 8
    money = next(r for r in table if r["quantity"] == "$3.2 billion")
    assert (money["value"], money["currency"], money["direction"]) == ("3200000000.0", "USD", "up")


def test_claims_command_without_a_store_says_so_and_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["claims", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "no store at" in result.output


def test_claims_parquet_output_round_trips_the_claims(tmp_path: Path) -> None:
    text = (ARTICLES / "budget_wire.txt").read_text(encoding="utf-8")
    extraction = process(text, doc_id="budget")
    scale.write_local([extraction], tmp_path / "out")
    back = list(scale.read_extractions(tmp_path / "out"))
    assert len(back) == 1 and back[0].claims == extraction.claims
    assert len(extraction.claims) == 6
    assert sum(c.date_span is not None for c in back[0].claims) == 4


# -- accuracy on the team's claims gold --------------------------------------------------------


@pytest.fixture(scope="module")
def gold_scores() -> dict[str, Any]:
    return evaluate([ROOT / "eval" / "dev" / "claims.jsonl"]).as_dict()["claims"]


@pytest.mark.parametrize(
    "figure", ["found_f1", "quantity_exact", "subject_overlap", "speaker_accuracy"]
)
def test_claims_dev_gold_figures_stay_above_the_recorded_floor(gold_scores, figure) -> None:
    value = gold_scores["f1"] if figure == "found_f1" else gold_scores[figure]
    assert value >= BASELINE["claims"][figure] - TOLERANCE, (figure, value)


def test_claims_dev_gold_meets_the_issue_targets(gold_scores) -> None:
    assert gold_scores["gold"] >= 150 and gold_scores["documents"] >= 40
    assert gold_scores["quantity_exact"] >= 0.90
    assert gold_scores["speaker_accuracy"] >= 0.90
    assert gold_scores["subject_overlap"] >= 0.80
