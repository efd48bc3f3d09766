"""Actors an event implies but the text never names, and the subjects that raising verbs lend.

"Ana Duarte was arrested in the capital" names no police; event coders (PLOVER, ACLED) code the
police of the country where it happened. newsevents does, and says so: the actor has no
mention, its entry names the cue that implied it, and the event keeps no source span. Each
text is the team's own, written for the behaviour it protects.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

import newsevents
from newsevents.models import Document, Extraction
from newsevents.pipeline import extract
from newsevents.records import to_json


def result_of(text: str) -> dict[str, Any]:
    doc = Document(doc_id="i", text=text, source="i.txt", published=dt.date(2026, 4, 2))
    (result,) = extract([doc], strict=True)
    assert isinstance(result, Extraction)
    return to_json(result)


def only(events: list[dict[str, Any]], plover: str) -> dict[str, Any]:
    (event,) = [e for e in events if e["type"] == plover]
    return event


def test_an_agentless_arrest_was_made_by_the_police_of_the_country_where_it_happened() -> None:
    out = result_of(
        "The Chilean opposition leader Ana Duarte was arrested in Valparaiso on Tuesday. "
        "Her party said the charges were invented."
    )
    event = only(out["events"], "COERCE")
    assert (event["source"]["country"], event["source"]["sector"]) == ("CHL", "COP")
    assert event["source"]["name"] == "Chilean police"
    assert event["source_span"] is None  # the text names no one
    (actor,) = [a for a in out["actors"] if a["id"] == event["source"]["id"]]
    assert actor["mentions"] == []
    # The entry cites the cue that implied it, file:line as dictionary entries do.
    cues = (Path(newsevents.__file__).parent / "data/events/cues.yaml").read_text("utf-8")
    line = cues.splitlines().index("- id: implied_police") + 1
    assert actor["entry"] == f"cues.yaml:{line}"


def test_a_foreigner_detained_abroad_was_detained_by_that_countrys_police() -> None:
    event = only(
        result_of("A Canadian journalist was detained in Tehran on Friday.")["events"], "COERCE"
    )
    assert (event["source"]["country"], event["source"]["sector"]) == ("IRN", "COP")
    assert (event["target"]["country"], event["target"]["sector"]) == ("CAN", "MED")


def test_a_named_group_and_the_implied_one_are_one_actor() -> None:
    out = result_of(
        "Peruvian police said on Monday that they had opened an inquiry. "
        "A Peruvian union leader was arrested in Lima the next day."
    )
    event = only(out["events"], "COERCE")
    assert event["source"]["country"] == "PER"
    police = [a for a in out["actors"] if a["country"] == "PER" and a["sector"] == "COP"]
    assert len(police) == 1 and police[0]["mentions"]  # the named one, with its mention


def test_no_doer_is_implied_for_a_states_own_agents_or_with_an_agent_given() -> None:
    soldiers = only(
        result_of("Two Russian soldiers were detained near the border.")["events"], "COERCE"
    )
    assert soldiers["source"] is None
    by_rebels = only(
        result_of("A Colombian mayor was detained by rebels of the ELN on Sunday.")["events"],
        "COERCE",
    )
    assert by_rebels["source"]["sector"] != "COP"


def test_a_sentence_is_passed_by_the_courts() -> None:
    event = only(
        result_of(
            "The Egyptian activist Omar Fathy was sentenced to five years in prison in Cairo."
        )["events"],
        "COERCE",
    )
    assert (event["source"]["country"], event["source"]["sector"]) == ("EGY", "JUD")


def test_an_implied_actor_is_stored_without_a_mention(tmp_path) -> None:
    from newsevents.store import Store

    path = tmp_path / "implied.duckdb"
    text = "The Chilean opposition leader Ana Duarte was arrested in Valparaiso on Tuesday."
    doc = Document(doc_id="s", text=text, source="s.txt", published=dt.date(2026, 4, 2))
    (result,) = extract([doc], strict=True)
    with Store(path) as store:
        store.write([result])
    con = duckdb.connect(str(path), read_only=True)
    rows = con.execute(
        "SELECT a.name, a.country, a.sector, len(a.mentions), e.source_start FROM events e "
        "JOIN actors a ON a.actor_id = e.source_id AND a.doc_id = e.doc_id"
    ).fetchall()
    con.close()
    assert rows == [("Chilean police", "CHL", "COP", 0, None)]


def test_an_implied_source_is_shown_as_implied_by_show_and_the_merged_event(tmp_path) -> None:
    from typer.testing import CliRunner

    from newsevents.cli import app
    from newsevents.store import Store

    path = tmp_path / "shown.duckdb"
    text = "The Chilean opposition leader Ana Duarte was arrested in Valparaiso on Tuesday."
    doc = Document(doc_id="v", text=text, source="v.txt", published=dt.date(2026, 4, 2))
    with Store(path) as store:
        store.write(list(extract([doc], strict=True)))
        (event,) = store.merged_events()
        merged = store.merged_event(event["id"])
    assert merged is not None and [m["implied"] for m in merged["mentions"]] == [["source"]]
    shown = CliRunner().invoke(app, ["show", event["id"], "--db", str(path)])
    assert shown.exit_code == 0 and "source implied" in " ".join(shown.output.split())


def test_the_subject_of_a_passive_raising_verb_does_what_its_complement_says() -> None:
    events = result_of(
        "Chilean President Gabriel Boric delayed his tour of the region. "
        "Boric is set to hold talks with Peruvian President Dina Boluarte on Thursday in Lima."
    )["events"]
    event = only(events, "CONSULT")
    assert (event["source"]["country"], event["target"]["country"]) == ("CHL", "PER")


def test_a_country_that_opens_an_organisations_name_is_its_country() -> None:
    out = result_of("The Bolivia Workers Union rejected the government's offer.")
    (union,) = [a for a in out["actors"] if a["name"] == "Bolivia Workers Union"]
    assert union["country"] == "BOL"


def test_a_transnational_ngo_after_a_country_is_that_countrys_national_society() -> None:
    out = result_of("The Ghana Red Cross delivered blankets to flood victims in Accra.")
    (society,) = [a for a in out["actors"] if a["sector"] == "NGO"]
    assert (society["name"], society["country"]) == ("Ghana Red Cross", "GHA")
    plain = result_of("The Red Cross delivered blankets to flood victims in Accra.")
    (icrc,) = [a for a in plain["actors"] if a["sector"] == "NGO"]
    assert icrc["country"] is None


def test_a_natural_hazard_does_no_event() -> None:
    for text in (
        "A strong earthquake struck northern Peru on Sunday, killing 40 people.",
        "Twelve villagers were killed in a landslide in Nepal on Friday.",
        "The floods that hit Malawi last week destroyed 3,000 homes.",
    ):
        assert [e for e in result_of(text)["events"] if e["type"] == "ASSAULT"] == [], text
    attack = result_of("Gunmen struck a village in northern Nigeria on Sunday.")["events"]
    assert [e["type"] for e in attack] == ["ASSAULT"]


def test_the_country_refers_back_to_the_one_country_named_just_before() -> None:
    out = result_of(
        "A cyclone hit Mozambique on Sunday. "
        "The Norwegian government sent emergency relief to the country on Tuesday."
    )
    aid = only(out["events"], "AID")
    assert (aid["source"]["country"], aid["target"]["country"]) == ("NOR", "MOZ")
    ambiguous = result_of(
        "Floods hit Kenya and Uganda last week. "
        "The Norwegian government sent emergency relief to the country on Tuesday."
    )
    assert only(ambiguous["events"], "AID")["target"] is None


def test_aid_counted_in_a_measure_of_goods_is_aid() -> None:
    event = only(
        result_of("The Ghana Red Cross delivered 30 tonnes of food to villages in Togo.")["events"],
        "AID",
    )
    assert event["pattern"] == "aid.send_measure.v"


def test_a_city_of_a_million_people_is_a_place_even_where_the_model_says_person() -> None:
    out = result_of("Russian drones struck Kharkiv overnight.")
    assert [(p["name"], p["country"]) for p in out["places"]] == [("Kharkiv", "UKR")]
    assert not [a for a in out["actors"] if a["kind"] == "person"]


def test_an_agentless_arrest_is_by_the_police_the_same_sentence_names_after_it() -> None:
    text = "Two student leaders were detained on Monday after Peruvian police raided the campus."
    event = only(result_of(text)["events"], "COERCE")
    start, end = event["source_span"]
    assert text[start:end] == "Peruvian police"  # named, so a span; not an implied group


def test_what_is_done_around_a_hazard_by_people_still_codes() -> None:
    out = result_of("Five looters were arrested in Antakya after the earthquake.")["events"]
    assert [e["type"] for e in out] == ["COERCE"]
    fighting = result_of("An outbreak of fighting killed 12 people in Juba on Sunday.")["events"]
    assert [e["type"] for e in fighting] == ["ASSAULT"]


def test_a_passive_complement_of_a_raising_verb_is_done_to_its_subject() -> None:
    event = only(
        result_of("The Chilean activist Ana Duarte was expected to be sentenced in Santiago.")[
            "events"
        ],
        "COERCE",
    )
    assert event["target"]["country"] == "CHL" and event["source"]["sector"] != "OPP"


# ---- whom a protest that names no one addresses ------------------------------------------


ARTICLE = (
    "KAMPALA — Police fired tear gas on Sunday at a rally of the opposition National Unity "
    "Platform in the Ugandan capital.\n\n"
    "Thousands of supporters of opposition leader Robert Kyagulanyi marched through Kampala, "
    "witnesses said.\n\n"
    "Students in Gulu boycotted the vote, and Kenyan activists protested in London.\n\n"
    "Ugandan police marched through the city centre later on Sunday."
)


def test_a_protest_that_names_no_target_addresses_the_government_where_it_happens() -> None:
    out = result_of(ARTICLE)
    (march,) = [e for e in out["events"] if e["type"] == "PROTEST" and "Thousands" in e["sentence"]]
    assert (march["source"]["country"], march["source"]["sector"]) == ("UGA", "OPP")
    assert (march["target"]["country"], march["target"]["sector"]) == ("UGA", "GOV")
    assert march["target_span"] is None  # implied: the text names no one
    (actor,) = [a for a in out["actors"] if a["id"] == march["target"]["id"]]
    assert actor["mentions"] == []
    cues = (Path(newsevents.__file__).parent / "data/events/cues.yaml").read_text("utf-8")
    line = cues.splitlines().index("- id: implied_addressee") + 1
    assert actor["entry"] == f"cues.yaml:{line}"


def test_no_addressee_is_implied_for_a_named_target_a_protest_abroad_or_the_state() -> None:
    out = result_of(ARTICLE)
    checked = [
        e
        for e in out["events"]
        if e["type"] == "PROTEST"
        and ("Students in Gulu" in e["sentence"] or "Ugandan police marched" in e["sentence"])
    ]
    # The boycotted vote (named, though no actor), the Kenyans in London, the police.
    assert len(checked) == 3
    assert all(e["target"] is None for e in checked)


DEMANDS = (
    "ACCRA — Opposition supporters in Accra demanded new elections on Monday.\n\n"
    "Opposition leader Kofi Mensah rejected the results of the vote.\n\n"
    "Opposition lawmakers called on mediators to intervene.\n\n"
    "The United Nations appealed for 40 million dollars to help flood victims in Ghana."
)


def test_a_demand_or_refusal_that_names_no_one_addresses_the_government() -> None:
    out = result_of(DEMANDS)
    words = ("supporters", "leader", "lawmakers", "Nations")
    by_sentence = {
        w: (e["type"], e["target"] and e["target"]["sector"])
        for e in out["events"]
        if e["type"] in ("REQUEST", "REJECT")
        for w in words
        if w in e["sentence"]
    }
    # What is demanded or refused is no one: the government of the country is addressed.
    assert by_sentence["supporters"] == ("REQUEST", "GOV")
    assert by_sentence["leader"] == ("REJECT", "GOV")
    # Mediators are addressed, though no actor; the UN has no government of its own.
    assert by_sentence.get("lawmakers", ("REQUEST", None))[1] is None
    assert by_sentence.get("Nations", ("REQUEST", None))[1] is None
