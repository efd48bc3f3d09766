"""Resolve date expressions against the publication date: ``doc._.ne_dates``.

Candidates are spaCy DATE entities plus Matcher patterns (``data/dates/patterns.jsonl``). Each
candidate is checked against a small grammar of date words (``data/dates/date_words.csv``)
before dateparser sees it, so words dateparser would happily read as dates ("We" →
Wednesday) and durations ("for years", "the next decade") never become mentions. Precision is
decided from the words, not from dateparser, and the date is the first day of the period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import dateparser
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from newsevents import dictionaries as dictionary_files
from newsevents.errors import DictionaryError
from newsevents.nlp import DATES, PUBLISHED, DateMention

# dateparser settings shared by every call; only the base date and direction vary.
_SETTINGS = MappingProxyType(
    {
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR = re.compile(r"1\d{3}|2[01]\d{2}")
_DAY_NUMBER = re.compile(r"(0?[1-9]|[12]\d|3[01])(st|nd|rd|th)?")
_PRECISIONS = ("day", "week", "month", "year")


@dataclass(frozen=True, slots=True)
class Reading:
    """What the date grammar made of a candidate: the text dateparser gets, and facts about it."""

    text: str
    precision: str
    absolute: bool  # resolvable without a publication date
    weekday: int | None  # a bare weekday ("Wednesday"), resolved against the base directly


@lru_cache(maxsize=64)
def _parser(base: dt.date | None, direction: str) -> dateparser.DateDataParser:
    settings: dict[str, Any] = {**_SETTINGS, "PREFER_DATES_FROM": direction}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
    return dateparser.DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=50_000)
def resolve(text: str, base: dt.date | None, direction: str) -> dt.date | None:
    """dateparser's reading of ``text`` (a cleaned date expression), cached per process."""
    parsed = _parser(base, direction).get_date_data(text)
    return parsed.date_obj.date() if parsed and parsed.date_obj else None


def _first_day(date: dt.date, precision: str) -> dt.date:
    if precision == "week":
        return date - dt.timedelta(days=date.weekday())
    if precision == "month":
        return date.replace(day=1)
    if precision == "year":
        return date.replace(month=1, day=1)
    return date


class DateResolver:
    """The ``newsevents_dates`` component."""

    def __init__(
        self, nlp: Language, dictionaries: Iterable[str] = (), patterns: Iterable[str] = ()
    ):
        # Each file's kind header says which table it extends (date_words, date_patterns);
        # ``patterns`` is kept as a config key for older configs.
        files = [Path(p) for p in (*dictionaries, *patterns)]
        words = dictionary_files.load("date_words", files)
        self.kinds: dict[str, set[str]] = {}
        self.weekdays: dict[str, int] = {}
        self.units: dict[str, str] = {}
        for entry in words:
            word = str(entry["word"]).lower()
            self.kinds.setdefault(word, set()).add(entry["kind"])
            if entry["kind"] == "weekday":
                if str(entry.get("value")) not in tuple("0123456"):
                    raise DictionaryError.of(
                        "NE010", where=entry["_where"], problem="a weekday's value is 0 … 6"
                    )
                self.weekdays[word] = int(entry["value"])
            elif entry["kind"] == "unit":
                if entry.get("value") not in _PRECISIONS:
                    raise DictionaryError(
                        f"{entry['_where']}: a unit's value must be one of {', '.join(_PRECISIONS)}"
                    )
                self.units[word] = entry["value"]
        by_kind: dict[str, list[str]] = {}
        for word, kinds in self.kinds.items():
            for kind in kinds:
                by_kind.setdefault(kind, []).append(word)
        self.matcher = Matcher(nlp.vocab)
        for entry in dictionary_files.load("date_patterns", files):
            pattern = [_expand(token, by_kind, entry["_where"]) for token in entry["pattern"]]
            self.matcher.add(str(entry["id"]), [pattern])

    def __call__(self, doc: Doc) -> Doc:
        base = _publication_date(doc._.get(PUBLISHED))
        candidates = [ent for ent in doc.ents if ent.label_ == "DATE"]
        candidates += self.matcher(doc, as_spans=True)
        found: dict[tuple[int, int], tuple[Span, dt.date, str]] = {}
        for candidate in candidates:
            span = self._trim(candidate)
            if span is None or (span.start, span.end) in found:
                continue
            reading = self.read(span)
            if reading is None or (base is None and not reading.absolute):
                continue
            date = self._date(reading, base, self._direction(span))
            if date is not None:
                found[(span.start, span.end)] = (span, date, reading.precision)
        mentions: list[DateMention] = []
        for span in filter_spans([span for span, _, _ in found.values()]):
            _, date, precision = found[(span.start, span.end)]
            mentions.append(
                DateMention(
                    start=span.start_char,
                    end=span.end_char,
                    text=span.text,
                    date=date.isoformat(),
                    precision=precision,
                )
            )
        doc._.set(DATES, sorted(mentions, key=lambda m: m["start"]))
        return doc

    def _is(self, token: Token, kind: str) -> bool:
        return kind in self.kinds.get(token.lower_, ())

    def _trim(self, span: Span) -> Span | None:
        """The span without leading prepositions/qualifiers and trailing "'s" or punctuation."""
        start, end = span.start, span.end
        doc = span.doc
        while start < end and (self._is(doc[start], "strip") or doc[start].is_punct):
            start += 1
        while end > start and (self._is(doc[end - 1], "strip") or doc[end - 1].is_punct):
            end -= 1
        return doc[start:end] if end > start else None

    def read(self, span: Span) -> Reading | None:
        """Check the span against the date grammar; None for anything that is not a date."""
        text = span.text
        if _ISO_DATE.fullmatch(text):
            return Reading(text, "day", True, None)
        kept: list[str] = []
        seen: dict[str, int] = {}
        weekday: int | None = None
        unit = ""
        for token in span:
            word = token.lower_
            # "mid-2024", "late-October": a qualifier glued on by a hyphen.
            head, _, rest = word.partition("-")
            if rest and head in self.kinds and "strip" in self.kinds[head]:
                word = rest
            kinds = self.kinds.get(word, set())
            if token.is_punct and token.text in ",.":
                continue
            if kinds & {"strip", "part_of_day"}:
                continue
            if _YEAR.fullmatch(word):
                kind = "year"
            elif _DAY_NUMBER.fullmatch(word):
                kind = "day_number"
            elif token.like_num or "number" in kinds:
                kind = "number"
            else:
                kind = next(
                    (
                        k
                        for k in ("month", "weekday", "day_word", "unit", "shift", "ago")
                        if k in kinds
                    ),
                    "",
                )
            if not kind:
                return None  # a word outside the grammar: "recently", "decade", "long-time"
            if kind == "weekday":
                weekday = self.weekdays[word]
            elif kind == "unit":
                unit = self.units[word]
            seen[kind] = seen.get(kind, 0) + 1
            kept.append(word)
        precision = _precision(seen)
        if precision is None:
            return None
        if precision == "unit":
            precision = unit
        if seen.keys() & {"month", "year", "shift"}:
            weekday = None  # "last Friday", "Friday, Jan. 30": dateparser reads these itself
        return Reading(" ".join(kept), precision, "year" in seen, weekday)

    def _direction(self, span: Span) -> str:
        """ "future" when the verb the date hangs on is future tense ("will meet", "plans to
        hold"), else "past": news mostly reports what already happened."""
        verb = span.root
        for _ in range(4):  # date → preposition → verb, at most a few steps up
            if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
                break
            verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return "past"
        for child in verb.children:
            if child.dep_ != "aux":
                continue
            if self._is(child, "future_aux"):
                return "future"
            if self._is(child, "infinitive") and not _is_past(verb.head):
                return "future"
        return "past"

    @staticmethod
    def _date(reading: Reading, base: dt.date | None, direction: str) -> dt.date | None:
        if reading.weekday is not None and base is not None and base.weekday() == reading.weekday:
            # A weekday that is the publication weekday is the publication day itself.
            return base
        date = resolve(reading.text, base, direction)
        return _first_day(date, reading.precision) if date else None


def _precision(seen: dict[str, int]) -> str | None:
    """The period a combination of date words names, or None when it is not one date."""
    if any(n > 1 for n in seen.values()):
        return None
    kinds = frozenset(seen)
    if kinds in ({"day_word"}, {"weekday"}, {"shift", "weekday"}):
        return "day"
    if "month" in kinds and kinds <= {"month", "day_number", "year", "weekday"}:
        if "day_number" in kinds:
            return "day"
        return "month" if "weekday" not in kinds else None
    if kinds == {"shift", "month"}:
        return "month"
    if kinds == {"year"}:
        return "year"
    # "last week", "two years ago", "a month ago"; a duration such as "the past two years" has
    # both a shift and a number, and is not a date.
    if kinds == {"shift", "unit"} or kinds in (
        {"number", "unit", "ago"},
        {"day_number", "unit", "ago"},
    ):
        return "unit"
    return None


def _is_past(verb: Token) -> bool:
    return verb.tag_ == "VBD" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children
    )


def _publication_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _expand(token: dict[str, Any], by_kind: dict[str, list[str]], where: str) -> dict[str, Any]:
    """Replace "@kind" in a Matcher token pattern by the words of that kind."""
    expanded: dict[str, Any] = {}
    for attr, value in token.items():
        if isinstance(value, dict) and isinstance(value.get("IN"), str):
            kind = value["IN"].removeprefix("@")
            if kind not in by_kind:
                raise DictionaryError(f"{where}: no date words of kind {kind!r}")
            value = {**value, "IN": sorted(by_kind[kind])}
        expanded[attr] = value
    return expanded


@Language.factory(
    "newsevents_dates",
    assigns=[f"doc._.{DATES}"],
    default_config={"dictionaries": [], "patterns": []},
)
def make_dates(
    nlp: Language, name: str, dictionaries: list[str], patterns: list[str]
) -> DateResolver:
    """``dictionaries``: user files of kinds date_words and date_patterns (``patterns``: the
    same, from older configs)."""
    return DateResolver(nlp, dictionaries, patterns)
