"""One event per action: what counts as one event in an article.

The victims' clause and the attack that caused it are one action ("were killed in an ambush by
rebels"); a running toll ("have been killed since October") sums many actions and is none.
Each text is the team's own, written for the behaviour it protects.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from newsevents.models import Document, Extraction
from newsevents.pipeline import extract
from newsevents.records import to_json

# Sentences around the one under test, so that it is read as part of an article.
FRAME = (
    "The regional governor spoke to reporters in the provincial capital on Wednesday. "
    "{sentence} "
    "Schools in the district stayed closed for a second day. "
    "Traders said the main market would reopen next week."
)


def events_of(sentence: str) -> list[dict[str, Any]]:
    text = FRAME.format(sentence=sentence)
    doc = Document(doc_id="u", text=text, source="u.txt", published=dt.date(2026, 3, 4))
    (result,) = extract([doc], strict=True)
    assert isinstance(result, Extraction)
    start = text.index(sentence)
    return [
        e
        for e in to_json(result)["events"]
        if start <= e["sentence_span"][0] < start + len(sentence)
    ]


def code(ref: dict[str, Any] | None) -> tuple[str | None, str | None]:
    return (ref["country"], ref["sector"]) if ref else (None, None)


@pytest.mark.parametrize(
    ("sentence", "source", "target"),
    [
        (
            "Four Kenyan soldiers were killed in an ambush by al-Shabaab fighters on Tuesday.",
            ("SOM", "REB"),
            ("KEN", "MIL"),
        ),
        (
            "Six farmers were killed in attacks by Boko Haram militants on Sunday night.",
            ("NGA", "REB"),
            ("NGA", "CVL"),
        ),
        (
            "Four Indian soldiers were killed in cross-border shelling with Pakistan on Sunday.",
            ("PAK", "GOV"),
            ("IND", "MIL"),
        ),
    ],
    ids=["ambush-by", "attacks-by", "shelling-with-the-other-side"],
)
def test_the_victims_and_the_attack_by_its_doers_are_one_event(
    sentence: str, source: tuple, target: tuple
) -> None:
    found = events_of(sentence)
    assaults = [e for e in found if e["type"] == "ASSAULT"]
    assert len(assaults) == 1, found
    (event,) = assaults
    assert (code(event["source"]), code(event["target"])) == (source, target)
    assert event["fatalities"] == (4 if sentence.startswith("Four") else 6)


@pytest.mark.parametrize(
    "sentence",
    [
        "Since January, at least 400 Sudanese civilians have been killed in Darfur, "
        "the United Nations said.",
        "The war has killed more than 30,000 Yemenis in eight years.",
        "More than 200 Congolese villagers were killed in the months of violence.",
        "Thousands of Ethiopians have been killed in the uprising.",
        "The unrest that has killed 50 Iranian protesters shows no sign of ending.",
        "Nearly 30 Burkinabe soldiers have been killed in the north over the past two weeks.",
        "At least 40 Malian soldiers have been killed in attacks by jihadists since March.",
        "The north has been in turmoil since the rebel attack on Kidal two years ago.",
    ],
    ids=[
        "since",
        "conflict-doer-span",
        "plural-span",
        "perfect-in-conflict",
        "relative",
        "past",
        "attacks-summed-by-the-toll",
        "attack-dating-a-state",
    ],
)
def test_a_running_toll_is_not_an_event(sentence: str) -> None:
    assert [e for e in events_of(sentence) if e["type"] == "ASSAULT"] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Gunmen killed 12 Malian soldiers at a checkpoint near Mopti on Monday.",
        "Two Kenyan soldiers were killed last week when rebels attacked their base.",
        "Two Hezbollah fighters had been killed by Israeli fire, the group said.",
    ],
    ids=["active", "last-week", "past-perfect"],
)
def test_one_dated_attack_is_still_an_event(sentence: str) -> None:
    assert [e["type"] for e in events_of(sentence)].count("ASSAULT") == 1


def test_a_later_casualty_report_with_no_doer_is_the_attack_again_and_gives_it_its_counts():
    text = (
        "Taliban insurgents attacked two checkpoints in Kunar province on Sunday, killing four "
        "Afghan police officers. The governor's spokesman condemned the attack. He said six "
        "Afghan police were also wounded. Schools stayed closed in the district."
    )
    doc = Document(doc_id="r", text=text, source="r.txt", published=dt.date(2026, 3, 4))
    (result,) = extract([doc], strict=True)
    assaults = [e for e in to_json(result)["events"] if e["type"] == "ASSAULT"]
    assert len(assaults) == 1, assaults
    assert (assaults[0]["fatalities"], assaults[0]["injured"]) == (4, 6)


def test_injuries_with_no_doer_after_police_force_are_that_force_not_another_attack():
    text = (
        "Zambian police fired tear gas at opposition supporters in Lusaka on Monday. "
        "At least 15 people were injured, party officials said. "
        "Schools in the district stayed closed for a second day. "
        "Traders said the main market would reopen next week."
    )
    doc = Document(doc_id="i", text=text, source="i.txt", published=dt.date(2026, 3, 4))
    (result,) = extract([doc], strict=True)
    events = to_json(result)["events"]
    assert [e["type"] for e in events] == ["COERCE"], events
    assert events[0]["injured"] == 15


@pytest.mark.parametrize(
    ("sentence", "assaults"),
    [
        ("Senator Ann Marsh, who is fighting breast cancer, was in hospital on Tuesday.", 0),
        ("Nigerian troops fought Boko Haram militants near Maiduguri on Tuesday.", 1),
        ("Rebels and soldiers fought in the streets of Goma on Tuesday.", 1),
    ],
    ids=["illness", "named-enemy", "no-object"],
)
def test_fighting_is_an_assault_only_against_an_opponent(sentence: str, assaults: int) -> None:
    assert [e["type"] for e in events_of(sentence)].count("ASSAULT") == assaults


@pytest.mark.parametrize(
    ("sentence", "supports"),
    [
        ("Demonstrators supporting the president clashed with police in Kano on Tuesday.", 0),
        ("Washington sanctioned a network that supports the Sudanese militia on Tuesday.", 0),
        ("Ghana backed the Nigerian candidate for the AU post on Tuesday.", 1),
    ],
    ids=["participle-modifier", "relative-clause", "main-clause"],
)
def test_backing_said_in_a_modifier_describes_an_actor(sentence: str, supports: int) -> None:
    assert [e["type"] for e in events_of(sentence)].count("SUPPORT") == supports


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("The Kenyan president is set to hold talks with Ugandan leaders on Friday.", "CONSULT"),
        ("A Spanish aircraft is scheduled to deliver medicine to Haiti on Friday.", "AID"),
        ("Japan pledged to send aid to Haiti on Tuesday.", "AGREE"),
    ],
    ids=["set-to", "scheduled-to", "pledged-to"],
)
def test_a_scheduled_action_keeps_its_type_and_a_pledged_one_is_an_agreement(
    sentence: str, kind: str
) -> None:
    found = events_of(sentence)
    assert kind in [e["type"] for e in found], found
    assert all(e["modality"] == "intent" for e in found if e["type"] == kind), found


@pytest.mark.parametrize(
    "sentence",
    [
        "The Chadian president vowed revenge against the rebels of the north.",
        "The Chadian president vowed to crush the rebels of the north.",
        "The rebel commander vowed that Chad would pay with blood.",
    ],
)
def test_a_vow_of_harm_is_a_threat_not_an_agreement(sentence: str) -> None:
    assert [e["type"] for e in events_of(sentence)] == ["THREATEN"]


def test_a_vow_of_reform_stays_an_agreement() -> None:
    assert [e["type"] for e in events_of("The Chadian government promised new elections.")] == [
        "AGREE"
    ]


def test_a_state_of_emergency_is_coercion_with_no_target_named() -> None:
    (event,) = events_of("The Chadian government declared a state of emergency in the east.")
    assert (event["type"], event["cameo"], event["target"]) == ("COERCE", "1724", None)


def test_police_charging_a_crowd_is_no_accusation_but_a_charge_with_a_crime_is_legal() -> None:
    (crowd,) = events_of("Chadian police charged the demonstrators outside parliament.")
    assert crowd["type"] in ("COERCE", "ASSAULT")
    (legal,) = events_of("Chadian prosecutors charged the protest leaders with treason.")
    assert (legal["type"], legal["cameo"]) == ("COERCE", "173")


def test_a_series_the_parser_read_as_reported_speech_shares_its_subject() -> None:
    # The parser makes "demanded" the root and "condemned the arrest" its complement.
    found = events_of(
        "The Chadian opposition party condemned the arrest, demanded the release of its "
        "leader and appealed for international help."
    )
    types = sorted(e["type"] for e in found)
    assert "ACCUSE" in types and "REQUEST" in types, found
    assert all((e["source"] or {}).get("sector") in ("PTY", "OPP") for e in found), found
