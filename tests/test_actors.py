"""Tests for the newsevents_actors component (sentences written for these tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from newsevents import actors  # noqa: F401  (registers the factory)
from newsevents.actors.component import ActorResolver
from newsevents.errors import DictionaryError
from newsevents.nlp import base_model

Row = tuple[str, str, str | None, str | None]


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = base_model()
    nlp.add_pipe("newsevents_actors")
    return nlp


def annotate(nlp: Language, text: str, published: str | None = "2025-06-01") -> list[Row]:
    doc = nlp.make_doc(text)
    doc._.ne_published = published
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return [
        (text[m["start"] : m["end"]], m["actor_id"], m["country"], m["sector"])
        for m in doc._.ne_actors
    ]


def find(rows: list[Row], span: str) -> list[Row]:
    return [r for r in rows if r[0] == span]


# (a) titles and appositions


def test_actors_codes_demonym_title_and_dictionary_person(nlp: Language) -> None:
    rows = annotate(nlp, "Turkish President Recep Tayyip Erdogan met reporters in Ankara.")
    assert find(rows, "Recep Tayyip Erdogan") == [("Recep Tayyip Erdogan", "Q39259", "TUR", "GOV")]
    assert find(rows, "Turkish President") == []


def test_actors_codes_possessive_country_title_apposition_before_name(nlp: Language) -> None:
    rows = annotate(nlp, "Kenya's foreign minister, Wanjiru Kamau, arrived in Addis Ababa.")
    assert find(rows, "Wanjiru Kamau") == [("Wanjiru Kamau", "person:wanjiru-kamau", "KEN", "GOV")]


def test_actors_codes_institution_metonym_spokesman_with_its_country(nlp: Language) -> None:
    rows = annotate(nlp, "White House spokesman Tom Bradley said the talks would continue.")
    assert find(rows, "Tom Bradley") == [("Tom Bradley", "person:tom-bradley", "USA", "GOV")]


def test_actors_person_heading_an_agency_inherits_its_country_and_sector(nlp: Language) -> None:
    rows = annotate(nlp, "Maria Lopez, head of the CIA, testified before senators on Tuesday.")
    assert find(rows, "Maria Lopez") == [("Maria Lopez", "person:maria-lopez", "USA", "SPY")]


def test_actors_title_without_country_takes_the_sentence_context_country(nlp: Language) -> None:
    rows = annotate(
        nlp, "The Japanese delegation included Defense Minister Kenji Watanabe and two generals."
    )
    assert find(rows, "Japanese delegation") == [
        ("Japanese delegation", "group:JPN-GOV", "JPN", "GOV")
    ]
    assert find(rows, "Kenji Watanabe") == [
        ("Kenji Watanabe", "person:kenji-watanabe", "JPN", "GOV")
    ]


def test_actors_codes_opposition_leader_as_OPP(nlp: Language) -> None:
    rows = annotate(nlp, "Bulgarian opposition leader Ana Petrova called for new elections.")
    assert find(rows, "Ana Petrova") == [("Ana Petrova", "person:ana-petrova", "BGR", "OPP")]


def test_actors_codes_former_title_as_ELI(nlp: Language) -> None:
    rows = annotate(nlp, "Former Peruvian president Jorge Salinas was detained in Lima.")
    assert find(rows, "Jorge Salinas") == [("Jorge Salinas", "person:jorge-salinas", "PER", "ELI")]


def test_actors_a_court_or_police_with_no_country_is_that_of_the_person_it_acts_on(
    nlp: Language,
) -> None:
    text = (
        "LONDON (AP) — British lawmakers on Monday raised the case of former prime minister "
        "Imran Khan.\n\nIn February, a court sentenced Khan to three years in prison."
    )
    assert [r[2:] for r in find(annotate(nlp, text), "court")] == [("PAK", "JUD")]
    # Country evidence before the noun in its sentence still wins.
    text = "In Peru, police arrested Ecuadorian opposition leader Tomas Arroyo on Monday."
    assert [r[2:] for r in find(annotate(nlp, text), "police")] == [("PER", "COP")]


def test_actors_a_person_of_the_people_file_is_coded_by_the_role_held_on_the_day(
    nlp: Language,
) -> None:
    text = "Theresa May met reporters in London on Monday."
    in_office = find(annotate(nlp, text, published="2018-05-01"), "Theresa May")
    former = find(annotate(nlp, text, published="2021-05-01"), "Theresa May")
    assert [r[2:] for r in in_office] == [("GBR", "GOV")]
    assert [r[2:] for r in former] == [("GBR", "ELI")]


def test_actors_a_role_out_of_office_the_text_names_beats_the_files_former_official(
    nlp: Language,
) -> None:
    # The file knows no role of Odinga's in mid-2025 (ELI); the text says opposition leader.
    text = "The opposition leader Raila Odinga accused the government of ignoring Kenyans."
    assert [r[2:] for r in find(annotate(nlp, text), "Raila Odinga")] == [("KEN", "OPP")]
    # An office title stays the file's: "long-time leader" describes a past office; and a
    # former official is of the country of the national office left last, not an IGO chair's.
    text = "Zimbabwe's long-time leader Robert Mugabe spoke to reporters in Harare."
    rows = annotate(nlp, text, published="2019-06-01")
    assert [r[2:] for r in find(rows, "Robert Mugabe")] == [("ZWE", "ELI")]


# (b) later short mentions


def test_actors_surname_refers_back_to_the_full_name(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "Chilean Interior Minister Carolina Vega visited the border. "
        "Vega said the police would stay. Vega's plan was approved.",
    )
    assert [r for r in rows if "Vega" in r[0]] == [
        ("Carolina Vega", "person:carolina-vega", "CHL", "GOV"),
        ("Vega", "person:carolina-vega", "CHL", "GOV"),
        ("Vega", "person:carolina-vega", "CHL", "GOV"),
    ]


def test_actors_the_adjective_and_title_refers_back_to_the_leader_named(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "Ecuadorian President Tomas Arroyo spoke in Quito on Monday. "
        "The leftist leader said the former minister would be released.",
    )
    assert find(rows, "leader") == [("leader", "person:tomas-arroyo", "ECU", "GOV")]
    # A former leader named last is not "the leader" of the story.
    rows = annotate(
        nlp,
        "Ecuadorian President Tomas Arroyo spoke in Quito after meeting former Ecuadorian "
        "President Lucia Baca. The leftist leader said the talks went well.",
    )
    assert [r[2:] for r in find(rows, "leader")] == [("ECU", "GOV")]
    assert find(rows, "leader")[0][1] == "person:tomas-arroyo"
    # A former holder is not the one named as holder.
    assert [r for r in rows if r[0] == "minister"] == []


def test_actors_supporters_of_an_opposition_leader_are_opposition(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "Thousands of supporters of opposition leader Amina Otieno marched in Nairobi. "
        "Loyalists of President Samuel Kiprop gathered in Eldoret.",
    )
    codes = {r[0]: (r[2], r[3]) for r in rows}
    assert codes["supporters of opposition leader Amina Otieno"] == ("KEN", "OPP")
    # A government leader's followers are civilians, not the government.
    assert codes["Loyalists of President Samuel Kiprop"] == ("KEN", "CVL")


def test_actors_demonstrators_supporting_a_leader_are_his_followers(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "Demonstrators supporting President Samuel Kiprop and crowds backing opposition leader "
        "Amina Otieno clashed in Nairobi on Sunday.",
    )
    codes = {r[0]: (r[2], r[3]) for r in rows}
    assert codes["Demonstrators supporting President Samuel Kiprop"] == ("KEN", "CVL")
    assert codes["crowds backing opposition leader Amina Otieno"] == ("KEN", "OPP")


def test_actors_an_agent_noun_made_of_two_dictionary_phrases_is_one_mention(
    nlp: Language,
) -> None:
    rows = annotate(nlp, "KAMPALA — Riot police officers fired tear gas at the crowd on Sunday.")
    assert [(r[0], r[3]) for r in rows if "police" in r[0]] == [("Riot police officers", "COP")]


def test_actors_a_former_office_holder_by_description_is_a_former_official(
    nlp: Language,
) -> None:
    rows = annotate(nlp, "The Kenyan president met a former Tanzanian president in Arusha.")
    codes = {r[0]: (r[2], r[3]) for r in rows}
    # Not the office holder of the day: a former official of that country.
    assert codes["Tanzanian president"] == ("TZA", "ELI")


def test_actors_given_name_alone_refers_back_when_one_person_bears_it(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "Thai protest leader Somchai Rattanakul addressed students in Bangkok on Sunday. "
        "Somchai said the movement would march again next week.",
    )
    ids = {r[1] for r in rows if "Somchai" in r[0]}
    assert len([r for r in rows if "Somchai" in r[0]]) == 2 and len(ids) == 1


def test_actors_given_name_shared_by_two_people_refers_to_neither(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "Somchai Rattanakul and Somchai Wongsawat met in Bangkok on Sunday. "
        "Somchai said the talks had gone well.",
    )
    alone = [r for r in rows if r[0] == "Somchai"]
    assert all(r[1] not in ("person:somchai-rattanakul", "person:somchai-wongsawat") for r in alone)


def test_actors_particle_surname_and_its_government(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "Iraqi Prime Minister Karim al-Jabouri arrived in Amman. "
        "The al-Jabouri government later rejected the plan, and al-Jabouri left.",
    )
    assert find(rows, "Karim al-Jabouri") == [
        ("Karim al-Jabouri", "person:karim-al-jabouri", "IRQ", "GOV")
    ]
    assert find(rows, "al-Jabouri government") == [
        ("al-Jabouri government", "group:IRQ-GOV", "IRQ", "GOV")
    ]
    assert find(rows, "al-Jabouri") == [("al-Jabouri", "person:karim-al-jabouri", "IRQ", "GOV")]


def test_actors_demonym_leader_refers_to_the_documents_head_of_state(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "French President Emmanuel Macron arrived in Berlin on Monday. "
        "The French leader said Europe must act.",
    )
    assert find(rows, "Emmanuel Macron") == [("Emmanuel Macron", "Q3052772", "FRA", "GOV")]
    assert find(rows, "French leader") == [("French leader", "Q3052772", "FRA", "GOV")]


def test_actors_demonym_president_without_name_uses_dictionary_holder(nlp: Language) -> None:
    rows = annotate(nlp, "The Russian president warned the West on Friday.")
    assert find(rows, "Russian president") == [("Russian president", "Q7747", "RUS", "GOV")]


# (c) country + agent nouns, countries, capitals


def test_actors_codes_country_agent_groups(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "Israeli police arrested protesters. Russian troops shelled the town, and the "
        "Egyptian Foreign Ministry condemned Venezuela's government.",
    )
    assert find(rows, "Israeli police") == [("Israeli police", "group:ISR-COP", "ISR", "COP")]
    assert find(rows, "protesters") == [("protesters", "group:ISR-OPP", "ISR", "OPP")]
    assert find(rows, "Russian troops") == [("Russian troops", "group:RUS-MIL", "RUS", "MIL")]
    assert find(rows, "Egyptian Foreign Ministry") == [
        ("Egyptian Foreign Ministry", "group:EGY-GOV", "EGY", "GOV")
    ]
    assert find(rows, "Venezuela's government") == [
        ("Venezuela's government", "group:VEN-GOV", "VEN", "GOV")
    ]


def test_actors_acronym_in_parentheses_becomes_an_alias(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "Clashes broke out between the Congolese Armed Forces (FAC) and militants. "
        "The FAC said it had retaken the town.",
    )
    assert find(rows, "Congolese Armed Forces") == [
        ("Congolese Armed Forces", "group:COD-MIL", "COD", "MIL")
    ]
    # (An acronym no dictionary knows: the people and organisations files know FARDC.)
    assert find(rows, "FAC") == [("FAC", "group:COD-MIL", "COD", "MIL")]


def test_actors_country_is_an_actor_as_subject_but_not_as_location(nlp: Language) -> None:
    rows = annotate(nlp, "Brazil condemned the attack. The summit was held in Brazil.")
    assert rows == [("Brazil", "country:BRA", "BRA", "GOV")]
    assert annotate(nlp, "Talks with the U.S. resumed.") == [("U.S.", "country:USA", "USA", "GOV")]


def test_actors_capital_as_possessor_stands_for_the_government(nlp: Language) -> None:
    assert annotate(nlp, "Beijing's response was swift.") == [
        ("Beijing", "country:CHN", "CHN", "GOV")
    ]
    assert annotate(nlp, "The minister flew to Beijing on Sunday.") == []


# (d) the shipped dictionary


def test_actors_dictionary_organisations_and_igos(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "Hezbollah fired rockets. NATO Secretary General Mark Rutte said the Houthis must stop.",
    )
    assert find(rows, "Hezbollah") == [("Hezbollah", "hezbollah", "LBN", "REB")]
    assert find(rows, "Mark Rutte") == [("Mark Rutte", "mark-rutte", "NAT", "IGO")]
    assert find(rows, "Houthis") == [("Houthis", "houthis", "YEM", "REB")]


def test_actors_role_that_ended_before_publication_is_not_used(nlp: Language) -> None:
    text = "Yoav Gallant visited Washington."
    assert find(annotate(nlp, text, "2024-06-01"), "Yoav Gallant") == [
        ("Yoav Gallant", "yoav-gallant", "ISR", "GOV")
    ]
    assert find(annotate(nlp, text, "2025-06-01"), "Yoav Gallant") == [
        ("Yoav Gallant", "yoav-gallant", "ISR", "ELI")
    ]


def test_actors_dated_organisation_role_follows_publication_date(nlp: Language) -> None:
    text = "The Taliban announced a new decree."
    assert find(annotate(nlp, text, "2019-03-01"), "Taliban") == [
        ("Taliban", "taliban", "AFG", "REB")
    ]
    assert find(annotate(nlp, text, "2023-03-01"), "Taliban") == [
        ("Taliban", "taliban", "AFG", "GOV")
    ]


def test_actors_user_people_file_adds_a_person(nlp: Language, tmp_path: Path) -> None:
    extra = tmp_path / "people_local.yaml"
    extra.write_text(
        "kind: people\n"
        "entries:\n"
        "- id: Q-test-governor\n"
        "  name: Amara Okafor\n"
        "  roles: [{country: NGA, sector: GOV, title: Governor, start: 2023-05-29}]\n",
        encoding="utf-8",
    )
    # A file of another stage's kind in the list is passed over.
    verbs = tmp_path / "verbs.jsonl"
    verbs.write_text('# kind: verb_patterns\n{"id": "x.v", "lemma": ["x"], "cameo": "010"}\n')
    resolver = ActorResolver(nlp, [str(extra), str(verbs)])
    doc = nlp("Amara Okafor opened the new bridge.")
    doc._.ne_published = "2025-01-01"
    doc = resolver(doc)
    assert [(m["actor_id"], m["country"], m["sector"], m["kind"]) for m in doc._.ne_actors] == [
        ("Q-test-governor", "NGA", "GOV", "person")
    ]


def test_actors_user_file_with_unknown_sector_is_rejected(nlp: Language, tmp_path: Path) -> None:
    extra = tmp_path / "organizations_local.yaml"
    extra.write_text(
        "kind: organisations\nentries:\n- {id: x1, name: Test Front, country: MLI, sector: GOVT}\n",
        "utf-8",
    )
    with pytest.raises(DictionaryError, match=r"organizations_local.yaml:3: unknown sector 'GOVT'"):
        ActorResolver(nlp, [str(extra)])


def test_actors_ids_are_stable_and_shared_across_mentions(nlp: Language) -> None:
    text = (
        "Syrian Foreign Minister Asaad al-Shaibani met the Syrian government's critics. "
        "Shaibani said Syria wanted calm."
    )
    first = annotate(nlp, text)
    assert annotate(nlp, text) == first
    assert find(first, "Syrian government") == [
        ("Syrian government", "group:SYR-GOV", "SYR", "GOV")
    ]
    assert find(first, "Shaibani") == [("Shaibani", "asaad-al-shaibani", "SYR", "GOV")]


def test_actors_tolerates_empty_and_odd_text(nlp: Language) -> None:
    assert annotate(nlp, "") == []
    assert annotate(nlp, " \n\n ;;; (( )) «»", None) == []


# (e) context country, group names, generic agent nouns, named organisations


def test_actors_group_display_name_is_demonym_and_sector_label(nlp: Language) -> None:
    rows = annotate(nlp, "Peruvian police dispersed the crowd.")
    doc_rows = [r for r in rows if r[0] == "Peruvian police"]
    assert doc_rows == [("Peruvian police", "group:PER-COP", "PER", "COP")]
    doc = nlp.make_doc("Peruvian police dispersed the crowd.")
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    # The crowd dispersed is an actor too: general anti-government crowds are civilians.
    assert [m["name"] for m in doc._.ne_actors] == ["Peruvian police", "Peruvian civilians"]


def test_actors_bare_generic_nouns_take_the_dateline_country(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "ARUSHA, Tanzania — Gunmen abducted nine villagers on Friday.\n"
        "Police later arrested three suspects, and farmers fled to the hills.",
    )
    assert find(rows, "Gunmen") == [("Gunmen", "group:TZA-REB", "TZA", "REB")]
    assert find(rows, "villagers") == [("villagers", "group:TZA-CVL", "TZA", "CVL")]
    assert find(rows, "Police") == [("Police", "group:TZA-COP", "TZA", "COP")]
    assert find(rows, "suspects") == [("suspects", "group:TZA-CRM", "TZA", "CRM")]
    assert find(rows, "farmers") == [("farmers", "group:TZA-CVL", "TZA", "CVL")]
    assert find(rows, "Tanzania") == []  # the dateline says where the story was filed


def test_actors_context_prefers_a_locating_place_over_the_previous_paragraph(
    nlp: Language,
) -> None:
    rows = annotate(
        nlp,
        "Former Ghanaian president Kofi Mensah led the observers.\n"
        "Police detained 12 students in Uganda on Sunday.",
    )
    assert find(rows, "Police") == [("Police", "group:UGA-COP", "UGA", "COP")]
    assert find(rows, "students") == [("students", "group:UGA-EDU", "UGA", "EDU")]
    assert find(rows, "Kofi Mensah") == [("Kofi Mensah", "person:kofi-mensah", "GHA", "ELI")]


def test_actors_country_acted_on_is_not_the_context_country(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "VILNIUS — Lithuania closed two crossings.\n"
        "Interior Minister Rasa Petraitis accused Belarus of sending migrants.",
    )
    assert find(rows, "Rasa Petraitis") == [
        ("Rasa Petraitis", "person:rasa-petraitis", "LTU", "GOV")
    ]


def test_actors_possessive_country_and_party_name_code_a_party(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "Malawi's ruling Progressive People's Party for Democratic Renewal (PPPDR) won the "
        "vote. PPPDR spokesman Peter Banda welcomed the result.",
    )
    assert [r for r in rows if r[1].startswith("org:")][0][2:] == ("MWI", "PTY")
    assert find(rows, "Peter Banda") == [("Peter Banda", "person:peter-banda", "MWI", "PTY")]
    assert find(rows, "Malawi") == []


def test_actors_main_opposition_party_is_opposition_of_the_context_country(
    nlp: Language,
) -> None:
    rows = annotate(nlp, "In Togo, the main opposition party rejected the results.")
    assert find(rows, "main opposition party") == [
        ("main opposition party", "group:TGO-OPP", "TGO", "OPP")
    ]


def test_actors_sponsored_and_ethnic_armed_groups_belong_where_they_operate(
    nlp: Language,
) -> None:
    rows = annotate(nlp, "Iranian-backed forces and Kurdish fighters clashed in Iraq.")
    assert find(rows, "forces") == [("forces", "group:IRQ-REB", "IRQ", "REB")]
    assert find(rows, "Kurdish fighters") == [("Kurdish fighters", "group:IRQ-REB", "IRQ", "REB")]


def test_actors_capital_as_subject_stands_for_the_government(nlp: Language) -> None:
    assert annotate(nlp, "Ottawa said the levies were unjustified.") == [
        ("Ottawa", "country:CAN", "CAN", "GOV")
    ]


def test_actors_name_after_the_is_not_a_person(nlp: Language) -> None:
    rows = annotate(nlp, "Troops crossed into the Ogaden, Somali officials said.")
    assert [r for r in rows if r[1].startswith("person:")] == []


def test_actors_head_of_a_mission_is_not_the_mission(nlp: Language) -> None:
    rows = annotate(
        nlp, "The head of the observer mission, former Kenyan president Daniel Otieno, spoke."
    )
    assert [r for r in rows if r[1].startswith("group:")] == []
    assert find(rows, "Daniel Otieno") == [("Daniel Otieno", "person:daniel-otieno", "KEN", "ELI")]


def test_actors_ambassador_to_a_country_keeps_the_senders_code(nlp: Language) -> None:
    rows = annotate(nlp, "The deal was signed by the EU Ambassador to Ghana, Anna Berg.")
    assert find(rows, "Anna Berg") == [("Anna Berg", "person:anna-berg", "EEC", "IGO")]


def test_actors_sentence_initial_the_united_states_is_the_country(nlp: Language) -> None:
    assert annotate(nlp, "The United States imposed new tariffs.") == [
        ("United States", "country:USA", "USA", "GOV")
    ]


def test_actors_dictionary_alias_inside_a_longer_name_is_not_that_entry(nlp: Language) -> None:
    rows = annotate(nlp, "Chad's envoy Amina Idriss Wagner met the minister.")
    assert [r for r in rows if "Wagner" in r[0]] == [
        ("Amina Idriss Wagner", "person:amina-idriss-wagner", "TCD", "GOV")
    ]


def test_actors_foreign_before_a_group_leaves_its_country_unknown(nlp: Language) -> None:
    rows = annotate(nlp, "Serbia's president blamed foreign intelligence services.")
    assert find(rows, "intelligence services") == [
        ("intelligence services", "group:SPY", None, "SPY")
    ]


def test_actors_counterpart_takes_its_modifier_country(nlp: Language) -> None:
    rows = annotate(nlp, "Kenya's foreign minister met his Ugandan counterpart Jane Okello.")
    assert find(rows, "Jane Okello") == [("Jane Okello", "person:jane-okello", "UGA", "GOV")]


def test_actors_congo_alone_is_the_democratic_republic(nlp: Language) -> None:
    assert annotate(nlp, "Congo recalled its ambassador.") == [
        ("Congo", "country:COD", "COD", "GOV")
    ]


def test_actors_place_in_another_clause_does_not_set_the_context_country(nlp: Language) -> None:
    rows = annotate(
        nlp,
        "ACCRA, Ghana — A bomb exploded at a market.\n"
        "Police said the suspects fled before a meeting in Togo on Friday.",
    )
    assert find(rows, "Police") == [("Police", "group:GHA-COP", "GHA", "COP")]


# (h) second round: capitals, argument phrases, coordination, audiences, context


def test_actors_capital_as_object_stands_for_its_government(nlp: Language) -> None:
    rows = annotate(nlp, "Georgia accused Minsk of stoking unrest on its border.")
    assert find(rows, "Minsk") == [("Minsk", "country:BLR", "BLR", "GOV")]


def test_actors_seat_of_government_stands_for_its_government(nlp: Language) -> None:
    rows = annotate(nlp, "Senegal urged Abidjan to hand over the dissidents.")
    assert find(rows, "Abidjan") == [("Abidjan", "country:CIV", "CIV", "GOV")]


def test_actors_country_in_argument_phrase_of_event_noun_is_an_actor(nlp: Language) -> None:
    rows = annotate(nlp, "Norway announced new humanitarian aid for Sudan.")
    assert find(rows, "Sudan") == [("Sudan", "country:SDN", "SDN", "GOV")]


def test_actors_country_after_motion_or_locative_is_a_place(nlp: Language) -> None:
    rows = annotate(nlp, "The envoy flew to Sudan after talks in Chad.")
    assert find(rows, "Sudan") == []
    assert find(rows, "Chad") == []


def test_actors_people_from_a_country_do_not_make_it_an_actor(nlp: Language) -> None:
    rows = annotate(nlp, "Nurses from Cuba treated the wounded.")
    assert find(rows, "Cuba") == []


def test_actors_country_modifying_goods_in_argument_phrase_is_acted_on(nlp: Language) -> None:
    rows = annotate(nlp, "Brazil imposed duties on millions of dollars of Chinese steel.")
    assert find(rows, "Chinese") == [("Chinese", "country:CHN", "CHN", "GOV")]


def test_actors_coordinated_modifiers_give_one_group_each(nlp: Language) -> None:
    rows = annotate(nlp, "Ghanaian and Togolese troops patrolled the border on Friday.")
    assert find(rows, "Ghanaian") == [("Ghanaian", "group:GHA-MIL", "GHA", "MIL")]
    assert find(rows, "Togolese") == [("Togolese", "group:TGO-MIL", "TGO", "MIL")]


def test_actors_coordinated_demonym_and_organisation_share_the_group(nlp: Language) -> None:
    rows = annotate(nlp, "Israeli and Hamas negotiators arrived for a new round.")
    assert find(rows, "Israeli") == [("Israeli", "group:ISR-GOV", "ISR", "GOV")]
    assert [r[2:] for r in find(rows, "Hamas")] == [("PSE", "REB")]


def test_actors_group_from_countries_takes_each_country(nlp: Language) -> None:
    rows = annotate(nlp, "Soldiers from Kenya and Uganda guarded the camp.")
    assert find(rows, "Soldiers from Kenya") == [
        ("Soldiers from Kenya", "group:KEN-MIL", "KEN", "MIL")
    ]
    assert find(rows, "Uganda") == [("Uganda", "group:UGA-MIL", "UGA", "MIL")]


def test_actors_audience_of_a_speech_verb_is_not_a_media_actor(nlp: Language) -> None:
    rows = annotate(nlp, "The minister told reporters the plan was dead. She spoke to the press.")
    assert find(rows, "reporters") == []
    assert find(rows, "press") == []


def test_actors_title_context_skips_a_country_acted_upon(nlp: Language) -> None:
    rows = annotate(nlp, "Japan will send food aid to Haiti, Foreign Minister Taro Sato said.")
    assert find(rows, "Taro Sato") == [("Taro Sato", "person:taro-sato", "JPN", "GOV")]


def test_actors_government_acted_on_by_a_country_is_another_countrys(nlp: Language) -> None:
    text = (
        "LISBON — The crisis in Haiti deepened.\n"
        "Portugal praised the transitional government's plan to hold elections."
    )
    rows = annotate(nlp, text)
    assert find(rows, "transitional government") == [
        ("transitional government", "group:HTI-GOV", "HTI", "GOV")
    ]


def test_actors_group_before_a_title_refers_back_to_its_last_mention(nlp: Language) -> None:
    text = (
        "DAKAR — Ghana's foreign ministry rejected the claims.\n"
        '"We respect our neighbours," ministry spokesman Ali Diop said.'
    )
    rows = annotate(nlp, text)
    assert find(rows, "Ali Diop") == [("Ali Diop", "person:ali-diop", "GHA", "GOV")]


def test_actors_surname_refers_to_its_full_name_after_earlier_short_mentions(
    nlp: Language,
) -> None:
    text = (
        "TUNIS — Tunisian police detained activist Karim Haddad on Monday.\n"
        "Haddad, a former lawmaker, is accused of fraud, his lawyer Sonia Trabelsi told "
        "reporters.\n"
        '"This is a political case," Trabelsi said.'
    )
    rows = annotate(nlp, text)
    assert find(rows, "Trabelsi") == [("Trabelsi", "person:sonia-trabelsi", "TUN", "JUD")]


def test_actors_counted_people_are_a_group_of_the_context_country(nlp: Language) -> None:
    rows = annotate(
        nlp, "Ghanaian police detained 74 people in the capital. People say it is calm."
    )
    assert find(rows, "people") == [("people", "group:GHA-CVL", "GHA", "CVL")]
    assert find(rows, "People") == []


def test_actors_demonym_tagged_person_by_ner_still_codes_the_title_after_it(nlp):
    doc = nlp("Kenyan President William Ruto met Lithuanian President Gitanas Nauseda.")
    coded = {doc.text[m["start"] : m["end"]]: (m["country"], m["sector"]) for m in doc._.ne_actors}
    assert coded["Gitanas Nauseda"] == ("LTU", "GOV")
    assert coded["William Ruto"] == ("KEN", "GOV")


def test_actors_news_agency_in_the_dateline_is_no_country_evidence(nlp: Language) -> None:
    rows = annotate(
        nlp, "SANTIAGO, Chile (Reuters) - Thousands of people marched through the capital."
    )
    assert find(rows, "people") == [("people", "group:CHL-CVL", "CHL", "CVL")]


def test_actors_possessive_country_codes_a_bare_congress_as_its_legislature(nlp: Language) -> None:
    rows = annotate(nlp, "Peru's Congress rejected the motion on Thursday.")
    assert find(rows, "Peru's Congress") == [("Peru's Congress", "group:PER-LEG", "PER", "LEG")]


def test_actors_labour_minister_is_no_british_party(nlp: Language) -> None:
    rows = annotate(nlp, "Chile's Labour Minister Ana Soto said the government would not yield.")
    assert find(rows, "Ana Soto") == [("Ana Soto", "person:ana-soto", "CHL", "GOV")]
    assert [r for r in rows if r[2] == "GBR"] == []


def test_actors_group_of_coordinated_countries_gives_each_country_its_group(
    nlp: Language,
) -> None:
    rows = annotate(nlp, "The foreign ministers of Kenya and Ethiopia met in Nairobi.")
    assert [r[1] for r in rows if r[1].startswith("group:")] == ["group:KEN-GOV", "group:ETH-GOV"]


@pytest.mark.parametrize(
    ("text", "span", "row"),
    [
        (
            "Syrian troops advanced into Kurdish-controlled regions of the northeast.",
            "Kurdish-controlled regions",
            ("group:SYR-REB", "SYR", "REB"),
        ),
        (
            "Nigerian troops shelled rebel-held towns in Nigeria.",
            "rebel-held towns",
            ("group:NGA-REB", "NGA", "REB"),
        ),
        (
            "Ukraine struck Russian-occupied areas overnight.",
            "Russian-occupied areas",
            ("group:RUS-MIL", "RUS", "MIL"),
        ),
    ],
)
def test_actors_land_named_by_its_controller_stands_for_the_controller(
    nlp: Language, text: str, span: str, row: tuple[str, str, str]
) -> None:
    assert find(annotate(nlp, text), span) == [(span, *row)]


def test_actors_its_fighters_are_the_organisation_that_speaks(nlp: Language) -> None:
    rows = annotate(nlp, "Hamas said its fighters attacked Israeli troops near Rafah.")
    assert find(rows, "fighters") == [("fighters", "hamas", "PSE", "REB")]


def test_actors_its_troops_in_the_next_sentence_are_the_main_subjects(nlp: Language) -> None:
    rows = annotate(nlp, "Israel said Hezbollah fired rockets. Its troops returned fire.")
    assert find(rows, "troops") == [("troops", "group:ISR-MIL", "ISR", "MIL")]


def test_actors_the_group_refers_back_to_the_last_organisation(nlp: Language) -> None:
    rows = annotate(
        nlp, "Boko Haram suspended the talks in May. The group later released two hostages."
    )
    assert find(rows, "group") == [("group", "boko-haram", "NGA", "REB")]


def test_actors_weapons_stand_for_their_countrys_forces_only_as_doers(nlp: Language) -> None:
    rows = annotate(nlp, "Russian drones hit a power plant near Kharkiv.")
    assert find(rows, "Russian drones") == [("Russian drones", "group:RUS-MIL", "RUS", "MIL")]
    rows = annotate(nlp, "Yemen's Houthis fired Iranian missiles at a cargo ship.")
    assert find(rows, "Iranian missiles") == []


def test_actors_locating_place_codes_the_people_acted_on(nlp: Language) -> None:
    rows = annotate(nlp, "Ethiopian troops detained 40 students in Mogadishu.")
    assert find(rows, "students") == [("students", "group:SOM-EDU", "SOM", "EDU")]


def test_actors_untitled_person_takes_the_country_the_story_places_them_in(nlp: Language) -> None:
    text = (
        "Zambian police dispersed a rally in Lusaka on Saturday. "
        "Chanda Mwila, who organised it, was detained near the stadium."
    )
    rows = annotate(nlp, text)
    assert find(rows, "Chanda Mwila") == [("Chanda Mwila", "person:chanda-mwila", "ZMB", None)]


def test_actors_troops_withdrawn_from_a_country_are_not_that_countrys_troops(
    nlp: Language,
) -> None:
    rows = annotate(nlp, "France completed its withdrawal of troops from Mali in August.")
    assert not [r for r in rows if r[2] == "MLI" and r[3] == "MIL"], rows
    # Troops sent from a country are its own.
    rows = annotate(nlp, "The deployment of troops from Chad to Niger was approved.")
    assert [r for r in rows if r[2] == "TCD" and r[3] == "MIL"], rows


def test_actors_a_person_of_the_people_file_after_a_country_ner_ran_into_is_that_person(
    nlp: Language,
) -> None:
    rows = annotate(
        nlp,
        "The foreign ministers of Azerbaijan and Armenia Jeyhun Bayramov and Zohrab "
        "Mnatsakanyan arrived in Moscow.",
        published="2020-10-09",
    )
    assert [r[2:] for r in find(rows, "Jeyhun Bayramov")] == [("AZE", "GOV")]
    assert [r[2:] for r in find(rows, "Zohrab Mnatsakanyan")] == [("ARM", "GOV")]
