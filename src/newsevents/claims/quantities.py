"""Where a figure is in a sentence and what it is: value, unit, currency and qualifier.

Candidates are spaCy's MONEY, PERCENT, QUANTITY and CARDINAL entities, plus digits the
model left outside any entity. Each is widened to the qualifier before it ("over", "at
least": ``data/claims/qualifiers.csv``) and the percent, currency and scale words around it
(``data/claims/units.csv``), then read by a small number parser: spaCy marks numbers
(``like_num``) but gives no value, and no maintained library reads "1.4 trillion" and
"forty thousand" without pulling in a model or a second tokenizer, so the few lines below do
it on the tokens spaCy already made. Years, numbers in names ("Resolution 2334") and
anything inside a date, time or ordinal are not figures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsevents.claims.words import ClaimWords, Unit

FIGURE_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
NOT_FIGURES = frozenset({"DATE", "TIME", "ORDINAL"})
# "40,000", "1.4", "3bn", "20m": digits with thousands commas, a decimal part and an optional
# scale suffix (checked against the scale words).
_DIGITS = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?([a-z]{0,3})$")
_YEAR = range(1800, 2101)
SMALL = 10  # a number word below this, with nothing else, is a count in passing ("two leaders")


@dataclass(slots=True)
class Quantity:
    start: int  # token indices into the doc, qualifier included
    end: int
    value: float
    unit: str | None  # percent | points | money | counted noun lemma
    currency: str | None
    qualifier: str | None
    anchor: Token  # the token the parse hangs the figure on (the counted noun if any)
    counted: bool  # the unit is a counted noun ("40,000 troops")
    minor: bool  # a small number word alone: kept only as an event's count


def has_figure(sent: Span) -> bool:
    """Cheap gate: only sentences with a number are read."""
    return any(t.like_num or t.text in ("%", "$", "€", "£") for t in sent)


def find(sent: Span, words: ClaimWords, blocked: set[int], ents: list[Span]) -> list[Quantity]:
    """The figures of ``sent``; ``blocked`` holds token indices that belong to dates, ``ents``
    are the document's entities (``doc.ents`` builds new spans on every access)."""
    doc = sent.doc
    seeds: list[tuple[int, int]] = []
    covered: set[int] = set()
    for ent in ents:
        if ent.start >= sent.end or ent.end <= sent.start:
            continue
        covered.update(range(ent.start, ent.end))
        if ent.label_ in FIGURE_LABELS:
            seeds.append((ent.start, ent.end))
    for token in sent:
        if token.i not in covered and _digits(token.lower_) is not None:
            seeds.append((token.i, token.i + 1))
            covered.add(token.i)
    found = []
    for start, end in sorted(seeds):
        if any(i in blocked for i in range(start, end)):
            continue
        # An entity may hold several figures ("between 6,000 and 8,000", "14,000 to 2.97
        # million"): each is read on its own.
        while start < end:
            quantity, stop = _read(doc, start, end, sent, words)
            # A figure widened over the next entity ("3.2" + "per cent") is read once.
            if quantity is not None and (not found or quantity.start >= found[-1].end):
                found.append(quantity)
            start = max(stop, start + 1)
    return found


def _digits(text: str) -> tuple[float, str] | None:
    match = _DIGITS.match(text)
    if match is None:
        return None
    return float(match.group(1).replace(",", "") + (match.group(2) or "")), match.group(3)


def _match(
    doc: Doc, i: int, end: int, table: Mapping[tuple[str, ...], Unit], longest: int
) -> tuple[Unit | None, int]:
    """The longest entry of ``table`` at token ``i`` (not past ``end``): (entry, length)."""
    for n in range(min(longest, end - i), 0, -1):
        key = tuple(t.lower_ for t in doc[i : i + n])
        if key in table:
            return table[key], n
    return None, 0


def _read(
    doc: Doc, start: int, end: int, sent: Span, words: ClaimWords
) -> tuple[Quantity | None, int]:
    """The figure that starts at or after token ``start`` inside ``start:end``, and the token
    where reading stopped (the next figure of the entity, if any, starts there)."""
    # Words of the entity before its number that are neither qualifier nor currency ("just",
    # "only", "between") are not part of the figure.
    while start < end and not _numeric(doc[start], words):
        if _qualifier_at(doc, start, end, words)[0] is not None or _currency(doc[start], words):
            break
        start += 1
    if start >= end:
        return None, end
    # Widen: a qualifier or a currency symbol just before, units and scale words just after.
    while start > sent.start:
        for n in range(min(words.longest_qualifier, start - sent.start), 0, -1):
            if tuple(t.lower_ for t in doc[start - n : start]) in words.qualifiers:
                start -= n
                break
        else:
            if _currency(doc[start - 1], words) and not doc[start - 1].is_alpha:
                start -= 1
                continue
            break
    qualifier = None
    i = start
    while i < end:
        found, n = _qualifier_at(doc, i, end, words)
        if found is None:
            break
        qualifier = qualifier or found
        i += n
    number_start = i
    total, current = 0.0, None
    unit_name, currency, digits, scaled = None, None, False, False
    named = False  # a number word was read ("forty thousand")
    stop = end
    while i < sent.end:
        token = doc[i]
        read = _digits(token.lower_)
        if read is not None:
            if i >= end or (current is not None or total) and digits:
                stop = i  # "20 to 30", "14,000 to 2.97 million": the next figure
                break
            value, suffix = read
            current, digits = (current or 0.0) + value, True
            if suffix:
                scale = words.units.get((suffix,))
                if scale is None or scale.kind != "scale" or scale.factor is None:
                    return None, i + 1  # "1st", "5th", "3pm": not a figure
                total, current, scaled = total + current * scale.factor, None, True
            i += 1
            continue
        unit, n = _match(doc, i, sent.end, words.units, words.longest_unit)
        if i >= end and (unit is None or unit.kind == "number" or token.is_sent_start):
            stop = i
            break
        if unit is not None:
            if unit.kind == "number" and unit.factor is not None:
                if digits:
                    stop = i
                    break
                current, named = (current or 0.0) + unit.factor, True
            elif unit.kind == "scale" and unit.factor is not None:
                if current is None and total == 0.0:
                    current = 1.0  # "hundreds", "millions"
                if unit.factor < 1000:
                    current = (current or 1.0) * unit.factor
                else:
                    total, current = total + (current or 0.0) * unit.factor, None
                scaled = True
            elif unit.kind == "currency":
                currency, unit_name = unit.code, "money"
            elif unit.kind in ("percent", "points", "basis_points"):
                unit_name = unit.kind
            i += n
            continue
        if token.lower_ in ("a", "an") and i + 1 < sent.end and not (digits or named):
            scale = words.units.get((doc[i + 1].lower_,))
            if scale is not None and scale.kind == "scale":
                current, named = 1.0, True  # "a million", "a hundred"
                i += 1
                continue
        if token.pos_ in ("NOUN", "PROPN") and token.is_alpha and i == end - 1 and i > number_start:
            unit_name = token.lemma_.lower()  # a QUANTITY entity's own noun: "1,200 km"
            i += 1
        stop = i
        break
    else:
        stop = i
    end = stop
    if not (digits or named):
        return None, stop  # scale words alone ("tens of thousands") give no value
    while end > number_start and (
        doc[end - 1].lower_ in _JOINS
        or (doc[end - 1].is_punct and (doc[end - 1].lower_,) not in words.units)
    ):
        end -= 1
    # Twelve significant digits: "4.1 billion" is 4100000000, not 4.1 * 1e9 = 4099999999.9999995.
    value = float(f"{total + (current or 0.0):.12g}")
    root = _root(doc, start, end)
    if root.i < number_start and number_start < end:
        # A qualifier that is a preposition heads the figure ("climb above 90 percent",
        # "below 2%"): the parse hangs the number on it, the figure hangs on what it is on.
        root = _root(doc, number_start, end)
    counted = False
    anchor = root
    if unit_name is None:
        counter = root
        while counter.dep_ == "conj" and counter.head.like_num:
            counter = counter.head  # "between 6,000 and 8,000 fighters": both count fighters
        head = counter.head
        root = counter if counter is not root else root
        if (
            root.dep_ in ("nummod", "compound", "quantmod", "nmod", "amod")
            and head.pos_ in ("NOUN", "PROPN")
            and not start <= head.i < end
        ):
            if head.pos_ == "PROPN" and head.i < start:
                return None, stop  # a number in a name: "Resolution 2334", "Flight 17"
            unit_name, anchor, counted = head.lemma_.lower(), head, True
    if unit_name is None and currency is None and qualifier is None and not scaled:
        text = "".join(t.text for t in doc[number_start:end])
        if digits and text.isdigit() and len(text) == 4 and int(text) in _YEAR:
            return None, stop  # a year the date stage did not claim
    minor = (
        not digits
        and value < SMALL
        and qualifier is None
        and not scaled
        and unit_name not in ("percent", "points", "basis_points", "money")
    )
    quantity = Quantity(start, end, value, unit_name, currency, qualifier, anchor, counted, minor)
    return quantity, stop


_JOINS = frozenset({"and", "to", "or", "-", "–"})


def _numeric(token: Token, words: ClaimWords) -> bool:
    if _digits(token.lower_) is not None:
        return True
    unit = words.units.get((token.lower_,))
    return unit is not None and unit.kind in ("number", "scale") and token.lower_ not in ("a", "an")


def _currency(token: Token, words: ClaimWords) -> bool:
    unit = words.units.get((token.lower_,))
    return unit is not None and unit.kind == "currency"


def _qualifier_at(doc: Doc, i: int, end: int, words: ClaimWords) -> tuple[str | None, int]:
    for n in range(min(words.longest_qualifier, end - i), 0, -1):
        key = tuple(t.lower_ for t in doc[i : i + n])
        if key in words.qualifiers:
            return words.qualifiers[key], n
    return None, 0


def _root(doc: Doc, start: int, end: int) -> Token:
    """The token of ``start:end`` that the parse hangs the figure on: of those whose head is
    outside, the one that modifies a noun ("more than 47,000 Palestinians": 47,000), else
    spaCy's span root."""
    outside = [t for t in doc[start:end] if not start <= t.head.i < end or t.head is t]
    for token in outside:
        if token.dep_ in ("nummod", "compound") and token.head.pos_ in ("NOUN", "PROPN"):
            return token
    return doc[start:end].root
