"""Who did it to whom: roles read off real parses, through the whole pipeline.

Each text is the team's own, written for the behaviour it protects.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from newsevents.models import Document, Extraction
from newsevents.pipeline import extract
from newsevents.records import to_json
from newsevents.settings import DEFAULT

# The rules alone, as articles are coded (the learned stage retypes short texts).
RULES = dataclasses.replace(DEFAULT, event_model=False)


def code(ref: dict[str, Any] | None) -> tuple[str | None, str | None]:
    return (ref["country"], ref["sector"]) if ref else (None, None)


def coded(text: str) -> list[tuple[str, tuple, tuple]]:
    doc = Document(doc_id="t", text=text, source="t.txt", published=dt.date(2026, 3, 3))
    (result,) = extract([doc], strict=True)
    assert isinstance(result, Extraction)
    return [(e["type"], code(e["source"]), code(e["target"])) for e in to_json(result)["events"]]


def events_of(texts: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Each text coded on its own by the rules: its event records, by the text's key."""
    docs = [Document(doc_id=k, text=t, source=k) for k, t in texts.items()]
    return {r.document.doc_id: to_json(r)["events"] for r in extract(docs, RULES, strict=True)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chilean police fired tear gas at students marching toward the presidential palace.",
            ({"COERCE", "ASSAULT"}, ("CHL", "COP"), ("CHL", "EDU")),
        ),
        (
            "Mourners in northern Mali buried eight herders who were killed by gunmen on Friday.",
            ({"ASSAULT"}, ("MLI", "REB"), ("MLI", "CVL")),
        ),
    ],
    ids=["object-of-at-parsed-as-participle-subject", "passive-relative-clause-target"],
)
def test_roles_fill_the_target_a_misparse_or_a_relative_clause_hides(
    text: str, expected: tuple
) -> None:
    types, source, target = expected
    found = coded(text)
    assert any(t in types and (s, g) == (source, target) for t, s, g in found), found


def test_an_igo_is_no_country_its_code_has_its_own_field() -> None:
    doc = Document(
        doc_id="igo",
        text="The European Union imposed new sanctions on Belarus on Monday.",
        source="igo.txt",
        published=dt.date(2026, 3, 3),
    )
    (result,) = extract([doc], strict=True)
    record = to_json(result)
    (event,) = [e for e in record["events"] if e["type"] == "SANCTION"]
    assert event["source"]["country"] is None
    assert event["source"]["igo"] == "EEC"
    assert (event["target"]["country"], event["target"]["igo"]) == ("BLR", None)
    eu = next(a for a in record["actors"] if a["name"] == "European Union")
    assert (eu["country"], eu["igo"], eu["sector"]) == (None, "EEC", "IGO")


def test_a_personal_pronoun_stands_for_the_person_named_before_it() -> None:
    text = (
        "Kenyan Interior Minister Oumar Diallo visited the scene in Nairobi on Sunday. "
        "He blamed the Somali militants of al-Shabaab for the bombing.\n\n"
        "Kenyan opposition leader Maria Santos returned home on Friday. "
        "Kenyan police detained her at the airport."
    )
    doc = Document(doc_id="p", text=text, source="p.txt", published=dt.date(2026, 3, 3))
    (result,) = extract([doc], strict=True)
    events = {
        e["type"]: ((e["source"] or {}).get("name"), (e["target"] or {}).get("name"))
        for e in to_json(result)["events"]
    }
    assert events["ACCUSE"][0] == "Oumar Diallo", events
    assert events["COERCE"][1] == "Maria Santos", events


def test_a_name_in_apposition_before_a_title_is_a_person_whatever_ner_calls_it() -> None:
    text = (
        '"The world must act," said Raja Farooq Haider, prime minister of '
        "Pakistan-administered Kashmir."
    )
    doc = Document(doc_id="a", text=text, source="a.txt", published=dt.date(2026, 3, 3))
    (result,) = extract([doc], strict=True)
    record = to_json(result)
    (quote,) = record["quotes"]
    assert quote["speaker"]["name"] == "Raja Farooq Haider"
    assert (quote["speaker"]["country"], quote["speaker"]["sector"]) == ("PAK", "GOV")


def test_the_union_after_a_named_union_is_that_union() -> None:
    text = (
        "LUSAKA — The Zambezi Workers' Union called a national strike on Monday. "
        "The union accused the government of cutting wages."
    )
    doc = Document(doc_id="u", text=text, source="u.txt", published=dt.date(2026, 3, 3))
    (result,) = extract([doc], strict=True)
    record = to_json(result)
    accuse = [e for e in record["events"] if e["type"] == "ACCUSE"]
    assert accuse and accuse[0]["source"]["name"] == "Zambezi Workers' Union", record["events"]


def test_a_quoted_nickname_is_part_of_a_name_not_a_quote() -> None:
    text = (
        'BANGKOK — Another activist, Somchai "Big" Rattanapong, said the police had raided '
        'his home. "They will not silence us," Rattanapong said.'
    )
    doc = Document(doc_id="n", text=text, source="n.txt", published=dt.date(2026, 3, 3))
    (result,) = extract([doc], strict=True)
    record = to_json(result)
    assert [q["text"] for q in record["quotes"]] == ["They will not silence us"]
    assert record["quotes"][0]["speaker"]["name"] == "Somchai Rattanapong"


def test_a_time_is_nobodys_target() -> None:
    text = "The army attacked on Tuesday. Protesters marched on Sunday in the capital."
    doc = Document(doc_id="w", text=text, source="w.txt", published=dt.date(2026, 3, 3))
    (result,) = extract([doc], strict=True)
    events = to_json(result)["events"]
    assert events, "the withdrawal is coded"
    targets = [text[slice(*e["target_span"])] for e in events if e["target_span"]]
    assert not {"Tuesday", "Sunday"} & set(targets), targets


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Canada agreed to lend up to $2 billion to Kenya.", ("KEN", "GOV")),
        ("Sweden agreed to open its borders to Afghan refugees.", ("AFG", "REF")),
    ],
)
def test_an_intents_counterpart_is_whom_the_intended_action_is_for(
    text: str, target: tuple
) -> None:
    found = coded(text)
    assert any(t == "AGREE" and g[0] == target[0] for t, _, g in found), found


@pytest.mark.parametrize(
    "text",
    [
        "Following ten hours of talks in Geneva, Ethiopia and Eritrea agreed on a ceasefire.",
        "After the meeting in Lima, Peru and Chile signed a trade deal.",
    ],
    ids=["following-talks-in", "after-the-meeting-in"],
)
def test_a_subject_the_parser_joined_to_a_fronted_phrase_is_the_subject(text: str) -> None:
    found = coded(text)
    assert any(s[0] in ("ETH", "PER") and g[0] in ("ERI", "CHL") for _, s, g in found), found


def test_the_one_committed_is_the_source_even_when_its_own_possession_is_the_object() -> None:
    found = coded(
        "The regional prime minister said Kenya is committed to opening its telecom market."
    )
    assert ("AGREE", ("KEN", "GOV"), (None, None)) in found, found


def test_roles_what_an_agentless_casualty_passive_happened_in_did_it() -> None:
    # "were killed in an Egyptian air strike": the strike's country is the doer.
    events = coded("Four Libyan fighters were killed in an Egyptian air strike near Derna.")
    assert [e for e in events if e[0] == "ASSAULT"] == [("ASSAULT", ("EGY", "MIL"), ("LBY", "REB"))]
    # A strike the passive has an agent for is no doer of its own.
    events = coded("Four Libyan fighters were killed by Egyptian troops in a drone strike.")
    assert ("ASSAULT", ("EGY", "MIL"), ("LBY", "REB")) in events


def test_roles_an_object_the_pattern_names_is_the_thing_done_not_the_target() -> None:
    # "imposed a curfew on Arequipa": the curfew is what is done, Arequipa what it is done to.
    text = "Peruvian officials imposed a curfew on Arequipa on Saturday."
    doc = Document(doc_id="c", text=text, source="c.txt", published=dt.date(2026, 3, 3))
    (result,) = extract([doc], strict=True)
    assert isinstance(result, Extraction)
    (event,) = [e for e in to_json(result)["events"] if e["type"] == "COERCE"]
    start, end = event["target_span"]
    assert text[start:end] == "Arequipa"
    # People the pattern names are the target themselves: "expelled two diplomats".
    assert ("SANCTION", ("CHL", "GOV"), ("ARG", "GOV")) in coded(
        "Chile expelled two Argentine diplomats on Monday."
    )


def test_roles_a_bare_complement_verb_labelled_ccomp_is_done_by_the_head_verbs_subject() -> None:
    # The parser reads "let free" as a complement clause with no subject of its own.
    events = coded("Eritrea let free some 30 political prisoners and members of a rebel group.")
    assert any(src == ("ERI", "GOV") for _, src, _ in events), events


def test_roles_a_possessive_pronoun_on_a_light_verbs_noun_is_the_verbs_subject() -> None:
    assert ("SUPPORT", ("DEU", "GOV"), ("MDA", "GOV")) in coded(
        "Germany reiterated its support for Moldova on Monday."
    )


def test_forces_deployed_with_no_one_named_as_sending_them_are_the_mobilised_actor() -> None:
    texts = {
        "moved": "KAMPALA — Hundreds of riot police officers were deployed to the capital.",
        "sent": "Kenyan troops were deployed to the border by the government on Monday.",
    }
    found = {
        k: [(e["type"], code(e["source"])) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["moved"] == [("MOBILIZE", ("UGA", "COP"))]
    assert found["sent"] == [("MOBILIZE", ("KEN", "GOV"))]  # the sender, when named


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Canada revoked the visas of 40 Peruvian officials.",
            [("SANCTION", ("CAN", "GOV"), ("PER", "GOV"))],
        ),
        ("India flooded Kashmir with troops.", [("MOBILIZE", ("IND", "GOV"), (None, None))]),
    ],
    ids=["revoked-visas", "flooded-with-troops"],
)
def test_codebook_phrasings_of_sanction_and_mobilisation(text: str, expected: list) -> None:
    (result,) = extract([Document(doc_id="c", text=text, source="c")], RULES, strict=True)
    found = [(e["type"], code(e["source"]), code(e["target"])) for e in to_json(result)["events"]]
    assert found == expected


def test_a_counterpart_coded_as_the_sources_own_actor_keeps_its_words_as_the_target() -> None:
    text = (
        "LAHORE, Pakistan — The Punjab government signed an agreement with the Sindh "
        "government on water sharing."
    )
    (result,) = extract([Document(doc_id="s", text=text, source="s")], RULES, strict=True)
    (event,) = to_json(result)["events"]
    assert event["type"] == "AGREE" and event["target"] is None  # one actor: no counterpart
    source, target = event["source_span"], event["target_span"]
    assert source[1] <= target[0]  # but the words naming the other side are the target's
    assert "Sindh government".endswith(text[target[0] : target[1]])


def test_a_refusal_with_no_counterpart_is_addressed_to_whom_its_complement_acts_on() -> None:
    text = "Italy refused to allow the rescue ship to dock in Sicily."
    (result,) = extract([Document(doc_id="r", text=text, source="r")], RULES, strict=True)
    (event,) = to_json(result)["events"]
    assert (event["type"], code(event["source"]), event["target"]) == (
        "REJECT",
        ("ITA", "GOV"),
        None,  # words, not an actor: who the ship is, the text does not say
    )
    assert text[event["target_span"][0] : event["target_span"][1]] == "the rescue ship"


def test_a_measure_that_names_no_one_is_laid_on_the_place_it_names() -> None:
    texts = {
        "siege": "Bolivia's president declared a state of siege in Cochabamba on Monday.",
        "curfew": "The Bolivian government declared a curfew in Cochabamba on Monday.",
    }
    docs = [Document(doc_id=k, text=t, source=k) for k, t in texts.items()]
    for result in extract(docs, RULES, strict=True):
        (event,) = to_json(result)["events"]
        text = texts[result.document.doc_id]
        assert (event["type"], code(event["source"]), event["target"]) == (
            "COERCE",
            ("BOL", "GOV"),
            None,
        )
        assert text[event["target_span"][0] : event["target_span"][1]] == "Cochabamba"


def test_a_phrase_names_a_party_by_its_head_or_the_words_before_it() -> None:
    from newsevents.events.roles import _names_a_party
    from newsevents.nlp import base_model

    doc = base_model()("Canada cut military aid to European allies and the ALDE group.")
    heads = {t.text: t for t in doc}
    assert _names_a_party(heads["allies"]) and _names_a_party(heads["group"])
    assert not _names_a_party(heads["aid"])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Italy refused to extend its credit line to Zenith Holdings.", "Zenith Holdings"),
        ("Italy refused to send observers to the ALDE group.", "the ALDE group"),
    ],
)
def test_a_refusal_is_addressed_to_a_party_its_complement_names_over_its_object(
    text: str, words: str
) -> None:
    (result,) = extract([Document(doc_id="r", text=text, source="r")], RULES, strict=True)
    (event,) = to_json(result)["events"]
    assert event["type"] == "REJECT"
    assert text[event["target_span"][0] : event["target_span"][1]] == words


def test_a_cancelled_meeting_is_a_rejection_and_no_meeting() -> None:
    texts = {
        "visit": "The Ghanaian foreign minister has cancelled a planned visit to London.",
        "talks": "Ghana postponed talks with Togo on the border dispute.",
    }
    found = {
        k: [(e["type"], e["cameo"], code(e["source"])[0], code(e["target"])[0]) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found == {
        "visit": [("REJECT", "125", "GHA", "GBR")],
        "talks": [("REJECT", "125", "GHA", "TGO")],
    }


def test_awarding_an_honour_to_someone_is_support_for_them() -> None:
    text = "Kosovo has awarded its highest medal to a former British prime minister."
    (result,) = extract([Document(doc_id="a", text=text, source="a")], RULES, strict=True)
    found = [(e["type"], code(e["source"]), code(e["target"])) for e in to_json(result)["events"]]
    assert found == [("SUPPORT", ("XKX", "GOV"), ("GBR", "ELI"))]


def test_a_reported_obligation_is_the_speakers_demand_of_the_obliged() -> None:
    texts = {
        "demand": "Ghana's foreign minister said on Tuesday that Togo must withdraw its troops.",
        "own": "Ghana's foreign minister said Ghana must negotiate with Togo.",
    }
    found = {
        k: [
            (e["type"], e["cameo"], code(e["source"])[0], code(e["target"])[0], e["negated"])
            for e in events
        ]
        for k, events in events_of(texts).items()
    }
    # What is demanded sets the code: a withdrawal (106).
    assert found["demand"] == [("REQUEST", "106", "GHA", "TGO", False)]
    # Of its own side: no demand of another, the talks themselves.
    assert [t for t, *_ in found["own"]] == ["CONSULT"]


def test_a_phrase_the_parser_hangs_on_the_first_conjunct_names_the_second_party() -> None:
    # "of the ELN" and "in a crowd of protesters" belong to "members" and "elements", which
    # name no actor themselves; the parser attaches them to "soldiers" and "police".
    texts = {
        "gerund": "Fighting between soldiers and members of the ELN left five dead in Arauca.",
        "crowd": "Spanish police and hardline elements in a crowd of protesters clashed in Madrid.",
    }
    found = {
        k: [(e["type"], code(e["source"]), code(e["target"])) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["gerund"] == [("ASSAULT", ("COL", "MIL"), ("COL", "REB"))]
    assert found["crowd"] == [("ASSAULT", ("ESP", "COP"), ("ESP", "CVL"))]


def test_coordinated_subjects_acting_together_act_on_each_other() -> None:
    texts = {
        "joint": "In recent weeks Ghana and Togo have fired across the border.",
        # What they condemn is named: no act of one on the other.
        "object": "Canada and Mexico condemned the coup.",
    }
    found = {
        k: [(e["type"], code(e["source"])[0], code(e["target"])[0]) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["joint"] == [("ASSAULT", "GHA", "TGO")]
    assert sorted(found["object"]) == [("ACCUSE", "CAN", None), ("ACCUSE", "MEX", None)]


def test_a_month_name_is_no_march() -> None:
    text = "Rights lawyers on March 28 filed a lawsuit against the Ghana Police Service."
    (result,) = extract([Document(doc_id="m", text=text, source="m")], RULES, strict=True)
    assert [e["type"] for e in to_json(result)["events"]] == ["ACCUSE"]


def test_a_lawsuit_against_a_national_police_service_targets_that_police() -> None:
    # The parser hangs "against" on "filed"; "Ghana" opens the name of the police service.
    texts = {
        "lawsuit": "The opposition filed a lawsuit against the Ghana Police Service.",
        "service": "The Kenya Police Service arrested ten students.",
        "bank": "Protesters marched on the Bank of America offices.",
    }
    found = {
        k: [(e["type"], code(e["source"]), code(e["target"])) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["lawsuit"] == [("ACCUSE", ("GHA", "OPP"), ("GHA", "COP"))]
    assert found["service"] == [("COERCE", ("KEN", "COP"), ("KEN", "EDU"))]
    # A country inside another kind of name is still not the country.
    assert all(s[0] != "USA" and t[0] != "USA" for _, s, t in found["bank"])


def test_opening_an_investigation_into_someone_is_an_accusation() -> None:
    text = "Ghana's anti-graft office opened an investigation into three Togolese officials."
    (result,) = extract([Document(doc_id="i", text=text, source="i")], RULES, strict=True)
    found = [
        (e["type"], e["cameo"], code(e["source"])[0], code(e["target"])[0])
        for e in to_json(result)["events"]
    ]
    assert found == [("ACCUSE", "090", "GHA", "TGO")]


def test_a_pattern_of_acts_is_background_not_an_event() -> None:
    texts = {
        "habit": "Bawku has long been a flashpoint, and the Ghanaian army regularly carries "
        "out raids in the town.",
        "act": "The Ghanaian army carried out raids in Bawku on Monday.",
    }
    found = {k: [e["type"] for e in events] for k, events in events_of(texts).items()}
    assert found["habit"] == []
    assert found["act"] != []


def test_holding_another_side_responsible_is_an_accusation() -> None:
    texts = {
        "said": "After the bombing, the Ghanaian government said Togolese rebels were responsible.",
        "fronted": "Togolese rebels were responsible for the bombing, Ghana's police said.",
        # The story's own account, or a side owning up, accuses no one.
        "bare": "Togolese rebels were responsible for the bombing.",
        "own": "The Ghanaian ministry said it was responsible for the error.",
    }
    found = {
        k: [
            (e["type"], e["cameo"], code(e["source"])[0], code(e["target"])[0])
            for e in events
            if e["type"] == "ACCUSE"
        ]
        for k, events in events_of(texts).items()
    }
    assert found["said"] == [("ACCUSE", "112", "GHA", "TGO")]
    assert found["fronted"] == [("ACCUSE", "112", "GHA", "TGO")]
    assert found["bare"] == [] and found["own"] == []


def test_helping_someone_do_something_aids_them_helping_to_act_is_the_act() -> None:
    texts = {
        "clause": "Kenya helped Somalia rebuild its army.",
        "act": "Two activists who helped lead the protests in Nairobi were arrested on Wednesday.",
        "attempt": "Hundreds of migrants tried to storm the border fence at Melilla on Monday.",
    }
    found = {
        k: [(e["type"], code(e["source"])[0], code(e["target"])[0], e["modality"]) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["clause"] == [("AID", "KEN", "SOM", "asserted")]
    assert "AID" not in [t for t, *_ in found["act"]]
    # An attempt made is the act, attempted: no intent, no threat.
    assert [(t, m) for t, _, _, m in found["attempt"]] == [("ASSAULT", "asserted")]


def test_what_is_discussed_is_a_topic_whom_with_is_the_counterpart() -> None:
    text = "Ruto discussed Somalia with Ugandan President Yoweri Museveni in a phone call."
    (result,) = extract([Document(doc_id="d", text=text, source="d")], RULES, strict=True)
    found = [(e["type"], code(e["target"])[0]) for e in to_json(result)["events"]]
    assert found == [("CONSULT", "UGA")]


def test_approval_a_reaffirmed_commitment_and_a_call_to_a_leader() -> None:
    texts = {
        "pleased": "Kenya is pleased with Uganda's decision to reopen the border.",
        "commitment": "Ruto reaffirmed Kenya's commitment to Somalia.",
        "call": "Ruto called Museveni on Saturday.",
        # A call for something, and a date after "on", are no phone call.
        "elections": "Kenya called elections for March.",
    }
    found = {
        k: [(e["type"], code(e["source"])[0], code(e["target"])[0]) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["pleased"] == [("SUPPORT", "KEN", "UGA")]
    assert found["commitment"] == [("SUPPORT", "KEN", "SOM")]
    assert found["call"] == [("CONSULT", "KEN", "UGA")]
    assert found["elections"] == []


def test_forces_on_the_move_mobilize_and_a_gathering_of_supporters_protests() -> None:
    texts = {
        "group": "A large group of Ugandan troops was moving toward the border.",
        "tanks": "Ugandan tanks advanced on the town of Kasese.",
        "crowd": "Protesters moved toward the parliament in Kampala.",
        "gathering": "A gathering of 50,000 opposition supporters filled the centre of Accra.",
        "family": "The family gathering in Accra was cancelled.",
    }
    found = {
        k: [(e["type"], code(e["source"])) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["group"] == [("MOBILIZE", ("UGA", "MIL"))]
    assert found["tanks"] == [("MOBILIZE", ("UGA", "MIL"))]
    assert "MOBILIZE" not in [t for t, _ in found["crowd"]]
    assert found["gathering"] == [("PROTEST", ("GHA", "OPP"))]
    assert found["family"] == []


def test_a_protest_against_a_groups_conduct_targets_the_group() -> None:
    texts = {
        "brutality": "Students in Accra marched against police brutality on Friday.",
        "corruption": "Students protested against government corruption in Accra.",
    }
    found = {
        k: [(e["type"], code(e["source"]), code(e["target"])) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["brutality"] == [("PROTEST", ("GHA", "EDU"), ("GHA", "COP"))]
    assert found["corruption"] == [("PROTEST", ("GHA", "EDU"), ("GHA", "GOV"))]


def test_people_count_toward_the_country_a_story_is_about() -> None:
    # Washington's officials open the story; it is about Togo and its president.
    text = (
        "The U.S. State Department imposed visa restrictions on Monday on 50 more officials of "
        "Togo for their role in supporting the government of President Faure Gnassingbe.\n\n"
        "Gnassingbe jailed dozens of opposition figures before the elections."
    )
    doc = Document(doc_id="p", text=text, source="p", published=dt.date(2026, 1, 28))
    (result,) = extract([doc], RULES, strict=True)
    found = [(e["type"], code(e["source"]), code(e["target"])) for e in to_json(result)["events"]]
    assert ("COERCE", ("TGO", "GOV"), ("TGO", "OPP")) in found


def test_moving_in_to_act_is_the_act_moving_to_act_is_intent() -> None:
    texts = {
        "in": "Kenyan police moved in to break up a rally in Nairobi on Tuesday.",
        "to": "Kenya's parliament moved to ban the opposition party on Tuesday.",
    }
    found = {
        k: {e["pattern"]: e["modality"] for e in events} for k, events in events_of(texts).items()
    }
    assert found["in"]["coerce.break_up.v"] == "asserted"
    assert "intent" in found["to"].values()


def test_a_reported_wrongdoing_noun_accuses_its_doer_also_in_a_direct_quote() -> None:
    texts = {
        "agent": "There was a ceasefire violation by Togo near Aflao, a Ghanaian spokesman said.",
        "object": "The Ghanaian army said Togolese troops committed a violation of the truce.",
        "quote": '"This is a clear provocation by Togo," the Ghanaian foreign minister said.',
        # The story's own account blames no one; committing to something is a pledge.
        "story": "Togolese ceasefire violations killed two soldiers near Aflao.",
        "pledge": "The Togolese government committed to holding elections in May.",
    }
    found = {
        k: [(e["type"], code(e["source"])[0], code(e["target"])[0]) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["agent"] == [("ACCUSE", "GHA", "TGO")]
    assert found["object"] == [("ACCUSE", "GHA", "TGO")]
    assert found["quote"] == [("ACCUSE", "GHA", "TGO")]
    assert "ACCUSE" not in [t for t, *_ in found["story"]]
    assert [t for t, *_ in found["pledge"]] == ["AGREE"]


def test_blaming_those_measures_targets_whoever_took_them() -> None:
    texts = {
        "measures": "Togo closed its border with Ghana on Monday. "
        "Ghana's president blamed those measures for the food shortages.",
        "decision": "The Kenyan government banned street protests on Monday. "
        "Opposition leader Amina Otieno condemned the decision.",
    }
    found = {
        k: [(e["type"], code(e["source"])[0], code(e["target"])[0]) for e in events]
        for k, events in events_of(texts).items()
    }
    assert ("ACCUSE", "GHA", "TGO") in found["measures"]
    assert ("ACCUSE", "KEN", "KEN") in found["decision"]


def test_victims_of_the_clash_were_hit_by_the_other_party_of_that_fight() -> None:
    texts = {
        "clash": "Ghana said two soldiers were killed in cross-border shelling with Togo on "
        "Sunday. Togo said six of its civilians were killed and eight wounded in the clash.",
        # No earlier fight of the victims' side: no doer is made up.
        "none": "Ghana held talks with Togo on Sunday. "
        "Six Togolese civilians were killed in the clash, officials said.",
    }
    found = {
        k: [(e["type"], code(e["source"])[0], code(e["target"])) for e in events]
        for k, events in events_of(texts).items()
    }
    assert ("ASSAULT", "GHA", ("TGO", "CVL")) in found["clash"]
    assert ("ASSAULT", None, ("TGO", "CVL")) in found["none"]


def test_a_court_finding_someone_guilty_and_an_investigation_of_someone_target_them() -> None:
    texts = {
        "guilty": "A court in Accra found the former Togolese minister guilty of corruption.",
        "of": "Ghanaian police opened an investigation of Togolese President Faure Gnassingbe.",
        # Finding a thing is no verdict.
        "thing": "Ghanaian investigators found the cause of the crash.",
    }
    found = {
        k: [(e["type"], e["cameo"], code(e["target"])[0]) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["guilty"] == [("ACCUSE", "116", "TGO")]
    assert found["of"] == [("ACCUSE", "090", "TGO")]
    assert found["thing"] == []


def test_condemning_an_attack_targets_its_doer_never_its_victims() -> None:
    texts = {
        "victims": "Ghana condemned the attack on Togolese soldiers near the border.",
        "doer": "Ghana condemned the attack by Togolese rebels on a police post.",
        "earlier": "Togolese rebels attacked a police post near Aflao. "
        "Ghana's president condemned the attack on the post.",
    }
    found = {
        k: [(e["type"], code(e["source"])[0], code(e["target"])) for e in events]
        for k, events in events_of(texts).items()
    }
    accuse = {k: [f for f in v if f[0] == "ACCUSE"] for k, v in found.items()}
    assert accuse["victims"] == [("ACCUSE", "GHA", (None, None))]
    assert accuse["doer"] == [("ACCUSE", "GHA", ("TGO", "REB"))]
    assert accuse["earlier"] == [("ACCUSE", "GHA", ("TGO", "REB"))]


def test_pledging_ones_own_countrys_support_is_support_by_the_speaker() -> None:
    texts = {
        "pledge": "Ghana's president pledged his country's full support for Togolese President "
        "Faure Gnassingbe.",
    }
    found = {
        k: [(e["type"], code(e["source"])[0], code(e["target"])[0]) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["pledge"] == [("SUPPORT", "GHA", "TGO")]


def test_storming_his_residence_acts_on_the_man_whose_it_is() -> None:
    texts = {
        "home": "Togolese President Faure Gnassingbe left Lome on Friday. "
        "Protesters stormed his official residence on Saturday.",
        # A person's colleagues or rivals are not that person.
        "rival": "Ghanaian President John Mahama spoke on Friday. "
        "Police in Ghana arrested his main rival on Saturday.",
    }
    found = {
        k: [(e["type"], code(e["target"])) for e in events]
        for k, events in events_of(texts).items()
    }
    assert ("PROTEST", ("TGO", "GOV")) in found["home"]
    assert all(t != ("GHA", "GOV") for _, t in found["rival"])


def test_foreign_nationals_arrested_are_civilians_of_their_country() -> None:
    texts = {"nationals": "Ghanaian police arrested a group of Togolese nationals near Aflao."}
    found = {
        k: [(e["type"], code(e["source"])[0], code(e["target"])) for e in events]
        for k, events in events_of(texts).items()
    }
    assert found["nationals"] == [("COERCE", "GHA", ("TGO", "CVL"))]


def test_tear_gas_that_names_no_one_is_used_on_the_crowd_its_sentence_names() -> None:
    texts = {
        "crowd": "Togolese protesters held their ground in Lome on Thursday as security forces "
        "lobbed tear gas over a wall.",
    }
    found = {
        k: [(e["type"], code(e["source"])[0], code(e["target"])) for e in events]
        for k, events in events_of(texts).items()
    }
    assert ("COERCE", "TGO", ("TGO", "OPP")) in found["crowd"]
    # Those another verb acts on are that act's: the arrest stays an event of its own.
    found = {
        k: sorted(e["cameo"] for e in events)
        for k, events in events_of(
            {"arrest": "Togolese police fired tear gas and arrested 37 people in Lome on Tuesday."}
        ).items()
    }
    assert "173" in found["arrest"]


def test_ordering_a_named_persons_release_or_returning_property_concedes() -> None:
    texts = {
        "release": "A Ghanaian court on Monday ordered the release of Togolese activist "
        "Kofi Mensah from jail.",
        "return": "Ghana returned the seized fishing boats to Togo on Friday.",
        "tariffs": "Ghana cut tariffs on Togo on Friday.",
        # A product's release is no concession.
        "product": "The Ghanaian company announced the release of its new phone.",
    }
    found = {
        k: [(e["type"], code(e["source"])[0], code(e["target"])[0]) for e in events]
        for k, events in events_of(texts).items()
    }
    assert [(t, s) for t, s, _ in found["release"]] == [("CONCEDE", "GHA")]
    assert [(t, s) for t, s, _ in found["return"]] == [("CONCEDE", "GHA")]
    assert ("CONCEDE", "GHA", "TGO") in found["tariffs"]
    assert "CONCEDE" not in [t for t, *_ in found["product"]]


def test_an_aid_ship_or_convoy_of_a_country_is_that_countrys_aid() -> None:
    texts = {
        "ship": "A Ghanaian aid ship set sail on Thursday to deliver relief to the people of Togo.",
        "convoy": "A Ghanaian aid convoy delivered food to Togo on Monday.",
    }
    found = {
        k: [(e["type"], code(e["source"])) for e in events]
        for k, events in events_of(texts).items()
    }
    assert ("AID", ("GHA", "GOV")) in found["ship"]
    assert ("AID", ("GHA", "GOV")) in found["convoy"]
