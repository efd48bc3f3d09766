"""Who said it, through the whole pipeline: speakers a later sentence names by a given name,
a pronoun or a definite description. Each text is the team's own."""

from __future__ import annotations

import datetime as dt

from newsevents.models import Document, Extraction
from newsevents.pipeline import extract
from newsevents.records import to_json


def speakers(text: str) -> list[tuple[str, str | None, str | None]]:
    doc = Document(doc_id="s", text=text, source="s.txt", published=dt.date(2026, 3, 4))
    (result,) = extract([doc], strict=True)
    assert isinstance(result, Extraction)
    out = []
    for quote in to_json(result)["quotes"]:
        span = quote.get("speaker_span")
        name = (quote.get("speaker") or {}).get("name")
        out.append((quote["text"][:20], name, text[span[0] : span[1]] if span else None))
    return out


def test_a_given_name_after_a_name_with_a_nickname_is_that_person() -> None:
    text = (
        'Another organiser, Somchai "Boy" Wattanapong, said the march would go ahead. '
        '"We will not be intimidated," Somchai, who has been charged twice, said. '
        '"If they want to arrest us, let them try."'
    )
    found = speakers(text)
    assert [(name, span) for _, name, span in found] == [
        ("Somchai Wattanapong", "Somchai"),
        ("Somchai Wattanapong", "Somchai"),
    ], found


def test_a_body_named_by_its_noun_then_by_it_goes_on_speaking() -> None:
    text = (
        "The U.S. State Department imposed visa bans on 12 officials on Monday. "
        'The department said in a statement that the officials "helped the regime silence '
        'its critics." It added "the regime holds over 100 political prisoners."'
    )
    found = speakers(text)
    assert [name for _, name, _ in found] == ["State Department", "State Department"], found


def test_a_quote_that_goes_on_is_its_speakers_not_a_subject_inside_the_quote_before() -> None:
    text = (
        'Another activist, Somchai "Boy" Wattanapong, said the rally would go ahead.\n\n'
        '"I think the state has declared war on us," Somchai, who is not under arrest, said. '
        '"If they want to arrest, then arrest. Can they detain 100,000 people?"'
    )
    found = speakers(text)
    assert [name for _, name, _ in found] == ["Somchai Wattanapong"] * 2, found


def test_a_given_name_spelt_one_letter_apart_is_the_same_person() -> None:
    text = (
        "Student leader Wannaphorn Sriwong said the rally would go ahead. "
        '"We will gather again tomorrow," Wannaporn wrote on Facebook.'
    )
    assert [name for _, name, _ in speakers(text)] == ["Wannaphorn Sriwong"]


def test_an_unknown_acronym_that_acts_is_an_organisation_and_the_party_refers_to_it() -> None:
    text = (
        "LA PAZ — Police detained the opposition leader on Sunday. "
        "The MNRB condemned the arrest on Monday. "
        '"This arrest is politically motivated," the party said in a statement.'
    )
    doc = Document(doc_id="a", text=text, source="a.txt", published=dt.date(2026, 3, 4))
    (result,) = extract([doc], strict=True)
    assert isinstance(result, Extraction)
    out = to_json(result)
    (org,) = [a for a in out["actors"] if a["name"] == "MNRB"]
    assert (org["country"], org["entry"]) == ("BOL", "rule:acronym-org")
    assert [q["speaker"]["name"] for q in out["quotes"]] == ["MNRB"]


def test_a_time_zone_after_a_clock_time_is_no_organisation() -> None:
    text = "10:02 GMT — President Luis Arce called on neighbours to send aid to La Paz."
    doc = Document(doc_id="g", text=text, source="g.txt", published=dt.date(2026, 3, 4))
    (result,) = extract([doc], strict=True)
    assert isinstance(result, Extraction)
    assert "GMT" not in {a["name"] for a in to_json(result)["actors"]}
