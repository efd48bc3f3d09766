"""newsevents_quotes: direct quotations, their speakers and cue verbs."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import newsevents.quotes  # noqa: F401  (registers the factory)
from newsevents.nlp import base_model
from newsevents.quotes import find_quotes


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = base_model()
    nlp.add_pipe("newsevents_quotes")
    return nlp


def actor(text: str, name: str, actor_id: str, kind: str = "person", nth: int = 0) -> dict:
    """An ne_actors mention of the ``nth`` occurrence of ``name``, as the actors stage writes."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return {
        "start": start,
        "end": start + len(name),
        "actor_id": actor_id,
        "name": name,
        "country": None,
        "sector": None,
        "kind": kind,
        "entry": None,
    }


def quotes(nlp: Language, text: str, actors: list[dict] = ()) -> list[tuple]:
    """(quote text, speaker id, speaker text, cue) for each quote."""
    doc = nlp.make_doc(text)
    doc._.ne_actors = list(actors)
    doc = nlp(doc)
    return [
        (
            text[q["start"] : q["end"]],
            q["speaker_id"],
            None if q["speaker_start"] is None else text[q["speaker_start"] : q["speaker_end"]],
            q["cue"],
        )
        for q in doc._.ne_quotes
    ]


def test_quotes_attributes_x_said_to_the_actor_and_leaves_the_marks_out(nlp):
    text = 'Officials met in Nairobi. "The ceasefire must hold," Ruto said on Friday.'
    got = quotes(nlp, text, [actor(text, "Ruto", "Q-ruto")])
    assert got == [("The ceasefire must hold", "Q-ruto", "Ruto", "say")]


def test_quotes_attributes_said_x_with_the_subject_after_the_verb(nlp):
    text = "“Our troops are staying where they are,” said Erdogan."
    got = quotes(nlp, text, [actor(text, "Erdogan", "Q-erdogan")])
    assert got == [("Our troops are staying where they are", "Q-erdogan", "Erdogan", "say")]


def test_quotes_attributes_x_confirmed_that_quote(nlp):
    text = (
        "Army spokesman Ivan Petrov confirmed on Friday that "
        '"the convoy reached the city without losses."'
    )
    got = quotes(nlp, text, [actor(text, "Ivan Petrov", "Q-petrov")])
    assert got == [
        ("the convoy reached the city without losses.", "Q-petrov", "Ivan Petrov", "confirm")
    ]


def test_quotes_resolves_a_pronoun_speaker_to_the_last_person_mentioned(nlp):
    text = (
        "Finance Minister Ana Lopez visited the port with the Chinese delegation. Exports rose "
        'by 7%, a rise she described as "remarkable progress" that must continue.'
    )
    actors = [
        actor(text, "Ana Lopez", "Q-lopez"),
        actor(text, "Chinese", "CHN", kind="country"),
    ]
    assert quotes(nlp, text, actors) == [("remarkable progress", "Q-lopez", "she", "describe")]


def test_quotes_resolves_they_to_the_last_organisation_mentioned(nlp):
    text = 'Ruto met NATO envoys in Brussels. "We stand united with Kenya," they said.'
    actors = [actor(text, "Ruto", "Q-ruto"), actor(text, "NATO", "Q-nato", kind="organization")]
    assert quotes(nlp, text, actors) == [("We stand united with Kenya", "Q-nato", "they", "say")]


def test_quotes_gives_a_quote_alone_in_its_sentence_the_previous_sentences_speaker(nlp):
    text = '"We will rebuild every bridge," Lopez said. "Not one village will be left behind."'
    got = quotes(nlp, text, [actor(text, "Lopez", "Q-lopez")])
    assert got == [
        ("We will rebuild every bridge", "Q-lopez", "Lopez", "say"),
        ("Not one village will be left behind.", "Q-lopez", "Lopez", "say"),
    ]


def test_quotes_lets_following_paragraphs_continue_the_speakers_quotes(nlp):
    text = (
        '"The harvest failed in the east," Lopez told parliament.\n'
        '"Prices of maize have doubled since spring."\n'
        '"We are asking our neighbours for help."\n'
        "Ruto said the request would be studied."
    )
    actors = [actor(text, "Lopez", "Q-lopez"), actor(text, "Ruto", "Q-ruto")]
    assert [(q, s) for q, s, _, _ in quotes(nlp, text, actors)] == [
        ("The harvest failed in the east", "Q-lopez"),
        ("Prices of maize have doubled since spring.", "Q-lopez"),
        ("We are asking our neighbours for help.", "Q-lopez"),
    ]


def test_quotes_takes_the_next_sentences_speaker_when_none_is_before(nlp):
    text = '"The border is closed to all trucks." Ruto said this to reporters in Nairobi.'
    got = quotes(nlp, text, [actor(text, "Ruto", "Q-ruto")])
    assert got == [("The border is closed to all trucks.", "Q-ruto", "Ruto", "say")]


def test_quotes_keeps_a_quote_over_two_sentences_whole(nlp):
    text = '"The siege is over. Aid trucks can now enter the city," Lopez said.'
    got = quotes(nlp, text, [actor(text, "Lopez", "Q-lopez")])
    assert got == [
        ("The siege is over. Aid trucks can now enter the city", "Q-lopez", "Lopez", "say")
    ]


def test_quotes_gives_scare_quotes_no_speaker(nlp):
    text = 'Lopez welcomed the talks, which produced a cautious "thawing" of relations.'
    assert quotes(nlp, text, [actor(text, "Lopez", "Q-lopez")]) == [("thawing", None, None, None)]


def test_quotes_gives_nicknames_and_titles_no_speaker(nlp):
    text = (
        'The rebel commander, dubbed "the Desert Fox" by his men, was captured. '
        'Lopez read the report "Silent Cities of the North" on the flight.'
    )
    assert quotes(nlp, text, [actor(text, "Lopez", "Q-lopez")]) == [
        ("the Desert Fox", None, None, None),
        ("Silent Cities of the North", None, None, None),
    ]


def test_quotes_keeps_a_speaker_phrase_that_is_no_actor_without_an_id(nlp):
    text = '"Fuel prices will rise again in March," a senior official told reporters.'
    assert quotes(nlp, text) == [
        ("Fuel prices will rise again in March", None, "a senior official", "tell")
    ]


def test_quotes_ends_an_unbalanced_quote_at_the_line_break(nlp):
    text = (
        'Lopez said "the talks have failed and the delegates went home.\n'
        "Talks resume next week, with “a new mediator “from Ghana” in charge."
    )
    got = quotes(nlp, text, [actor(text, "Lopez", "Q-lopez")])
    assert got == [
        ("the talks have failed and the delegates went home.", "Q-lopez", "Lopez", "say"),
        ("from Ghana", None, None, None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('say "a, b," and “c ,” ok', ["a, b", "c"]),
        ('stray ” closer, "" empty, 5" gap', []),
        ('"open paragraph\nnext "closed" line', ["open paragraph", "closed"]),
        ("“never closed", ["never closed"]),
    ],
)
def test_find_quotes_pairs_straight_and_curly_marks(text, expected):
    assert [text[s:e] for s, e in find_quotes(text)] == expected


def test_quotes_handles_a_million_quote_marks_in_one_pass():
    nlp = spacy.blank("en")  # no parser: this is about the scan, not the speakers
    nlp.max_length = 3_000_000
    nlp.add_pipe("newsevents_quotes")
    doc = nlp('"ab" ' * 500_000)
    found = doc._.ne_quotes
    assert len(found) == 500_000
    assert found[0] == {
        "start": 1,
        "end": 3,
        "speaker_id": None,
        "speaker_start": None,
        "speaker_end": None,
        "cue": None,
    }
    assert (found[-1]["start"], found[-1]["end"]) == (2_499_996, 2_499_998)


@pytest.mark.parametrize("text", ["", '"', "“”„", '" " " "\n\n"', "¿“日本語”? — «non»"])
def test_quotes_finds_at_most_the_marked_text_in_odd_input(nlp, text):
    found = quotes(nlp, text)
    assert found == ([("日本語", None, None, None)] if "日本語" in text else [])


@pytest.mark.skipif(
    not (Path(newsevents.quotes.__file__).parent / "actors" / "__init__.py").exists(),
    reason="the actors stage is not in the tree yet",
)
def test_quotes_uses_the_real_actors_stage_for_speakers():
    import newsevents.actors  # noqa: F401

    nlp = base_model()
    nlp.add_pipe("newsevents_actors")
    nlp.add_pipe("newsevents_quotes")
    text = (
        "Turkish President Recep Tayyip Erdogan spoke in Ankara. "
        '"The border will stay closed," Erdogan said. "No convoy will cross."'
    )
    doc = nlp(text)
    speakers = {(text[q["start"] : q["end"]], q["speaker_id"]) for q in doc._.ne_quotes}
    erdogan = next(
        a["actor_id"] for a in doc._.ne_actors if text[a["start"] : a["end"]] == "Erdogan"
    )
    assert speakers == {
        ("The border will stay closed", erdogan),
        ("No convoy will cross.", erdogan),
    }


def test_quotes_reads_speech_verbs_from_a_user_layer(tmp_path):
    layer = tmp_path / "my_verbs.csv"
    layer.write_text("# kind: speech_verbs\nid,lemma,kind\ngrumble,grumble,speech\n", "utf-8")
    nlp = base_model()
    nlp.add_pipe("newsevents_quotes", config={"dictionaries": [str(layer)]})
    text = '"The queue at the border is endless," Lopez grumbled.'
    got = quotes(nlp, text, [actor(text, "Lopez", "Q-lopez")])
    assert got == [("The queue at the border is endless", "Q-lopez", "Lopez", "grumble")]


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ('Japan condemned the missile launch as "reckless".', "Japan", "condemn"),
        ('Japan called for the release of "all detained crew".', "Japan", "call"),
        ('Japan said its navy had intercepted "two hostile drones".', "Japan", "say"),
        ('Japan warned it would take "firm measures" against the drills.', "Japan", "warn"),
    ],
)
def test_quotes_gives_a_short_quote_the_speaker_of_the_verb_it_hangs_under(nlp, text, speaker, cue):
    got = quotes(nlp, text, [actor(text, speaker, "Q-japan", kind="country")])
    assert [(s, c) for _, s, _, c in got] == [("Q-japan", cue)]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ('Lopez accused the militia of "a deliberate massacre" in the valley.', "accuse"),
        ('Lopez dismissed the report as "pure fiction".', "dismiss"),
        ('Lopez thanked Ghana for its "generous help" after the floods.', "thank"),
    ],
)
def test_quotes_attributes_quotes_under_accusing_dismissing_and_thanking(nlp, text, cue):
    got = quotes(nlp, text, [actor(text, "Lopez", "Q-lopez")])
    assert [(s, c) for _, s, _, c in got] == [("Q-lopez", cue)]


def test_quotes_gives_an_unnamed_spokesman_no_actor_even_beside_his_institution(nlp):
    text = 'An army spokesman said the troops would stay "as long as needed" near the dam.'
    got = quotes(nlp, text, [actor(text, "army spokesman", "G-army", kind="group")])
    assert got == [("as long as needed", None, "An army spokesman", "say")]


def test_quotes_prefers_the_person_in_apposition_to_the_country_qualifying_the_title(nlp):
    text = 'Ghana\'s foreign minister, Ama Mensah, accused Togo of "open hostility" on Monday.'
    actors = [
        actor(text, "Ghana", "GHA", kind="country"),
        actor(text, "Ama Mensah", "Q-mensah"),
        actor(text, "Togo", "TGO", kind="country"),
    ]
    assert quotes(nlp, text, actors) == [("open hostility", "Q-mensah", "Ama Mensah", "accuse")]


def test_quotes_gives_a_participle_clause_the_subject_of_the_verb_it_hangs_on(nlp):
    text = (
        '"The river is ours," Lopez said on the radio, warning that any dam built '
        'upstream would be met with "a firm response".'
    )
    got = quotes(nlp, text, [actor(text, "Lopez", "Q-lopez")])
    assert [(q, s, c) for q, s, _, c in got] == [
        ("The river is ours", "Q-lopez", "say"),
        ("a firm response", "Q-lopez", "warn"),
    ]


def test_quotes_resolves_he_to_the_previous_subject_before_a_nearer_object(nlp):
    text = 'Lopez met President Ruto on Monday. "We stand with Kenya," he said.'
    actors = [actor(text, "Lopez", "Q-lopez"), actor(text, "President Ruto", "Q-ruto")]
    assert quotes(nlp, text, actors) == [("We stand with Kenya", "Q-lopez", "he", "say")]


def test_quotes_gives_a_quote_paragraph_the_person_who_spoke_just_before(nlp):
    text = 'Lopez spoke to reporters in Lima.\n"The border will reopen next week."'
    got = quotes(nlp, text, [actor(text, "Lopez", "Q-lopez")])
    assert got == [("The border will reopen next week.", "Q-lopez", "Lopez", "speak")]


def test_quotes_gives_a_title_mentioned_in_reported_speech_no_speaker(nlp):
    text = 'Lopez said she had finished reading "Silent Cities of the North" on the flight.'
    assert quotes(nlp, text, [actor(text, "Lopez", "Q-lopez")]) == [
        ("Silent Cities of the North", None, None, None)
    ]


def _body(text: str, name: str, actor_id: str, sector: str, kind: str = "organization") -> dict:
    return {**actor(text, name, actor_id, kind=kind), "sector": sector}


def test_quotes_resolves_the_department_to_the_body_whose_name_has_the_word(nlp):
    text = (
        "The Labour Department fined three mining firms in Ndola on Monday. "
        '"Safety rules are not optional," the department said.'
    )
    actors = [_body(text, "Labour Department", "Q-labour", "GOV")]
    assert quotes(nlp, text, actors) == [
        ("Safety rules are not optional", "Q-labour", "department", "say")
    ]


def test_quotes_resolves_the_party_to_the_last_party_by_its_sector(nlp):
    text = (
        "Lopez visited Cusco, where the Avanza Unida movement held its congress. "
        '"We will contest every seat," the party said in Lima.'
    )
    actors = [
        actor(text, "Lopez", "Q-lopez"),
        _body(text, "Avanza Unida", "Q-avanza", "PTY"),
    ]
    assert quotes(nlp, text, actors) == [("We will contest every seat", "Q-avanza", "party", "say")]


def test_quotes_gives_a_government_statement_to_the_government(nlp):
    text = (
        "Police detained two editors in Harare while the Zimbabwean government met. "
        '"The editors broke the law," a government statement said.'
    )
    actors = [
        _body(text, "Police", "Q-police", "COP", kind="group"),
        _body(text, "Zimbabwean government", "Q-zwe", "GOV", kind="group"),
    ]
    assert quotes(nlp, text, actors)[0][1] == "Q-zwe"


def test_quotes_leaves_the_farmer_unresolved_rather_than_the_last_body(nlp):
    text = 'Rebels of the Northern Front burned the granary. "We lost everything," the farmer said.'
    actors = [_body(text, "Northern Front", "Q-front", "REB", kind="group")]
    assert quotes(nlp, text, actors)[0][1] is None


def test_quotes_a_pronoun_after_a_speaker_is_that_speaker_not_the_people_they_named(nlp):
    text = (
        "The minister's spokeswoman, Ana Ruiz, said that Lopez would visit Quito and meet "
        'Moreno there. "The visit will be short," she said.'
    )
    actors = [
        actor(text, "Ana Ruiz", "Q-ruiz"),
        actor(text, "Lopez", "Q-lopez"),
        actor(text, "Moreno", "Q-moreno"),
    ]
    assert quotes(nlp, text, actors) == [("The visit will be short", "Q-ruiz", "she", "say")]


def test_quotes_the_person_in_the_speaker_phrase_speaks_not_the_body_in_their_title(nlp):
    text = '"We will not back down," said Secretary of the Interior Maria Gomez on Monday.'
    actors = [
        actor(text, "Interior", "Q-interior", kind="organization"),
        actor(text, "Maria Gomez", "Q-gomez"),
    ]
    got = quotes(nlp, text, actors)
    assert [(q[0], q[1]) for q in got] == [("We will not back down", "Q-gomez")]


def test_quotes_short_quote_before_a_name_set_off_by_commas_is_that_persons(nlp):
    # The parser reads the name as an apposition to the quoted word and "said" as a conjunct
    # of the quote's verb, with no subject of its own.
    text = (
        'Northern troops have gone "rogue", Anna Keller, governor of the northern province, '
        "said in a post online, adding that two schools were hit."
    )
    got = quotes(nlp, text, [actor(text, "Anna Keller", "Q-keller")])
    assert got == [("rogue", "Q-keller", "Anna Keller", "say")]


def test_quotes_a_full_name_no_actor_covers_is_not_the_country_in_its_title(nlp):
    text = (
        '"We will not be silenced," Tomas Varga Brenner, prime minister of Hungary\'s '
        "border region, said on Monday."
    )
    got = quotes(nlp, text, [actor(text, "Hungary", "Q-HUN", kind="country")])
    assert got == [("We will not be silenced", None, "Tomas Varga Brenner", "say")]


def test_quotes_he_after_an_unresolved_named_speaker_is_that_person(nlp):
    text = (
        'Colonel Ivan Rudak said the border was calm. "Our units held," Rudak said.\n\n'
        'The strikes were "reckless", Tomas Varga Brenner, governor of the province, said. '
        '"This cannot go on. The world must act," he said.'
    )
    got = quotes(
        nlp, text, [actor(text, "Ivan Rudak", "Q-rudak"), actor(text, "Rudak", "Q-rudak", nth=1)]
    )
    assert got[-1][:3] == ("This cannot go on. The world must act", None, "Tomas Varga Brenner")
