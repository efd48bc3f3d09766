"""newsevents_dates: date expressions resolved against the publication date, with precision."""

from __future__ import annotations

import pytest
from spacy.language import Language

import newsevents.dates  # noqa: F401  (registers the factory)
from newsevents.nlp import base_model

PUBLISHED = "2026-01-28"  # a Wednesday


@pytest.fixture(scope="module")
def nlp() -> Language:
    nlp = base_model()
    nlp.add_pipe("newsevents_dates")
    return nlp


def dates(nlp: Language, text: str, published: str | None = PUBLISHED) -> list[tuple]:
    doc = nlp.make_doc(text)
    doc._.ne_published = published
    doc = nlp(doc)
    for m in doc._.ne_dates:
        assert doc.text[m["start"] : m["end"]] == m["text"]
    return [(m["text"], m["date"], m["precision"]) for m in doc._.ne_dates]


def test_dates_resolves_on_wednesday_to_the_publication_day_when_published_on_a_wednesday(nlp):
    got = dates(nlp, "The two ministers met in the capital on Wednesday.")
    assert got == [("Wednesday", "2026-01-28", "day")]


def test_dates_resolves_on_monday_to_the_monday_before_publication(nlp):
    got = dates(nlp, "Rebels shelled the northern town on Monday, officials said.")
    assert got == [("Monday", "2026-01-26", "day")]


def test_dates_resolves_a_bare_month_to_its_last_occurrence_with_month_precision(nlp):
    got = dates(nlp, "The first round of talks took place in October.")
    assert got == [("October", "2025-10-01", "month")]


def test_dates_resolves_month_and_year_to_the_first_of_the_month(nlp):
    got = dates(nlp, "The council was dissolved in December 2024 after the coup.")
    assert got == [("December 2024", "2024-12-01", "month")]


def test_dates_resolves_last_week_to_the_monday_of_the_previous_week(nlp):
    got = dates(nlp, "Last week, the army withdrew from the border posts.")
    assert got == [("Last week", "2026-01-19", "week")]


def test_dates_uses_the_future_for_a_date_governed_by_will(nlp):
    assert dates(nlp, "The delegations will meet next Tuesday in Geneva.") == [
        ("next Tuesday", "2026-02-03", "day")
    ]
    assert dates(nlp, "The delegations will meet on Tuesday in Geneva.") == [
        ("Tuesday", "2026-02-03", "day")
    ]


def test_dates_uses_the_future_for_an_infinitive_under_a_present_verb_only(nlp):
    got = dates(nlp, "The junta plans to hold elections in March. It had agreed to vote in May.")
    assert got == [("March", "2026-03-01", "month"), ("May", "2025-05-01", "month")]


def test_dates_gives_a_bare_year_year_precision(nlp):
    got = dates(nlp, "The uprising began in 2019 in the south.")
    assert got == [("2019", "2019-01-01", "year")]


def test_dates_resolves_day_words_and_days_ago(nlp):
    got = dates(nlp, "Yesterday police detained ten people, two days ago they raided an office.")
    assert got == [("Yesterday", "2026-01-27", "day"), ("two days ago", "2026-01-26", "day")]


def test_dates_reads_absolute_day_formats(nlp):
    text = "The accord was signed on 3 March, ratified on March 3, 2025 and filed on 2025-03-04."
    assert dates(nlp, text) == [
        ("3 March", "2025-03-03", "day"),
        ("March 3, 2025", "2025-03-03", "day"),
        ("2025-03-04", "2025-03-04", "day"),
    ]


def test_dates_takes_the_weekday_out_of_a_possessive(nlp):
    got = dates(nlp, "Wednesday's meeting ended without a statement.")
    assert got == [("Wednesday", "2026-01-28", "day")]


def test_dates_without_publication_date_keeps_only_absolute_dates(nlp):
    text = "Troops left on Monday. The truce of December 2024 held until 2025, unlike October."
    assert dates(nlp, text, published=None) == [
        ("December 2024", "2024-12-01", "month"),
        ("2025", "2025-01-01", "year"),
    ]


def test_dates_does_not_read_we_as_wednesday(nlp):
    assert dates(nlp, "We condemn the attack, we said.") == []


def test_dates_skips_durations_and_vague_expressions(nlp):
    text = (
        "The long-time ruler has recently fought rebels for years, and the next decade "
        "looks as grim as the past two years."
    )
    assert dates(nlp, text) == []


@pytest.mark.parametrize("published", ["not a date", "2026-13-45", "", 20260128])
def test_dates_treats_a_bad_publication_date_as_missing(nlp, published):
    assert dates(nlp, "They met on Monday in 2019.", published=published) == [
        ("2019", "2019-01-01", "year")
    ]


@pytest.mark.parametrize("text", ["", "   \n\n", "¿¡‽ 日本語 — Mittwoch!!", "on on on in in the"])
def test_dates_finds_nothing_in_odd_text(nlp, text):
    assert dates(nlp, text) == []
