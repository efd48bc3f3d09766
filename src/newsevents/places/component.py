"""The registered spaCy component ``newsevents_places``: takes a document's candidate mentions
(:mod:`newsevents.places.mentions`), resolves each, stronger origins and longer spans first
(:mod:`newsevents.places.lookup`, :mod:`newsevents.places.resolve`), and writes the places,
named as the document spells them, to ``doc._.ne_places``.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from newsevents.nlp import PLACES, PlaceMention
from newsevents.places.gazetteer import fold, load_gazetteer
from newsevents.places.lookup import PlaceLookup
from newsevents.places.mentions import MentionFinder, after
from newsevents.places.resolve import Resolver
from newsevents.places.tables import Candidate, PlaceTables


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


# A city this big is a place even where no preposition or context says so (see _rescuable).
MILLION_CITY = 1_000_000


class Places:
    """Writes ``doc._.ne_places``: a list of :class:`~newsevents.nlp.PlaceMention`."""

    def __init__(self, nlp: Language, name: str, dictionaries: Iterable[str] = ()) -> None:
        self.name = name
        # User files of the places kinds (places, aliases, regions, admin1, centroids,
        # place_cues, countries), told apart by their kind headers.
        user = [Path(p) for p in dictionaries]
        gaz = load_gazetteer()
        self._tables = PlaceTables(gaz, user)
        self._lookup = PlaceLookup(self._tables)
        self._resolver = Resolver(self._lookup)
        self._mentions = MentionFinder(nlp, self._tables)

    def lookup(self, text: str) -> list[Candidate]:
        """Every place a name may denote, from the most specific table that knows it."""
        return self._lookup.lookup(text)

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(PLACES, self._places(doc))
        return doc

    def _places(self, doc: Doc) -> list[PlaceMention]:
        if not doc.text.strip():
            return []
        found = self._mentions.find(doc)
        context = self._resolver.context(doc, found)
        # Stronger origins first; among equals, the longer span. A span is taken only when it
        # resolves, so an unresolvable long span never hides a good shorter one.
        priority = {"dateline": 0, "facility": 1, "ner": 2, "name": 2, "propn": 3}
        found.sort(key=lambda f: (priority[f[1]], -(f[0].end - f[0].start), f[0].start))
        taken: set[int] = set()
        chosen: list[tuple[Span, Candidate]] = []
        memo: dict[tuple[str, str], Candidate | None] = {}
        for span, origin, details in found:
            if any(i in taken for i in range(span.start, span.end)):
                continue
            qualifier = details.get("qualifier") or self._resolver.qualifier_after(span)
            if origin == "facility":
                place = self._resolver.facility(
                    span.text, details["name"], details["ftype"], context, qualifier
                )
            else:
                text = details.get("name", span.text)
                memo_key = (fold(text), str(qualifier), origin == "dateline")
                if memo_key not in memo:
                    cands = self._lookup.lookup(text)
                    if origin == "dateline":
                        # A dateline names a town: "GAZA —" is Gaza City, not the Strip.
                        cands = self._lookup.cities(fold(text)) or cands
                    memo[memo_key] = self._resolver.choose(cands, context, qualifier)
                place = memo[memo_key]
                if place is not None:
                    place = dataclasses.replace(place, name=self._written_name(span.text, place))
                if (
                    place is not None
                    and origin == "propn"
                    and not self._rescuable(span, place, context)
                ):
                    place = None
            if place is None:
                continue
            taken.update(range(span.start, span.end))
            chosen.append((span, place))
        chosen.sort(key=lambda c: c[0].start)
        return [
            PlaceMention(
                start=span.start_char,
                end=span.end_char,
                place_id=place.place_id,
                name=place.name,
                country=place.country,
                lat=place.lat,
                lon=place.lon,
                geonameid=place.geonameid,
                kind=place.kind,
            )
            for span, place in chosen
        ]

    def _rescuable(self, span: Span, place: Candidate, context: Counter[str]) -> bool:
        """A name the model did not tag as a place is one after a place preposition, when it
        is a town of a country the document is about, or a city of a million people ("Russian
        missiles struck Kyiv": the model tags it PERSON; the document's people are vetted
        before, so "Lloyd Austin ... Austin said" stays a person)."""
        if place.kind not in ("city", "admin"):
            return True  # a table name (country, region, facility) is specific enough
        if after(span, self._tables.preps):
            return True
        if place.kind == "city" and place.population >= MILLION_CITY:
            return True
        return bool(place.country and context[place.country]) and place.population >= 1000

    def _written_name(self, written: str, place: Candidate) -> str:
        """A town or division is named as the document spells it ("Hodeidah", not GeoNames'
        "Al Ḩudaydah"), as that spelling is one of its recorded names; an upper-case dateline
        takes the gazetteer's spelling when it is the same name. Aliases and the other kinds
        keep their table names (ids tell places apart either way)."""
        written = " ".join(written.split())
        key = fold(written)
        if not place.place_id.startswith(("geonames:", "admin1:")) or key in self._tables.aliases:
            return place.name
        words = key.split()
        if place.kind == "admin" and len(words) > 1 and words[-1] in self._tables.admin_words:
            # "the state of Sinaloa" and "Sinaloa State" are both "Sinaloa State", told apart
            # from the town of the same name.
            word, base = words[-1], written.rsplit(None, 1)[0]
            return f"{self._written_name(base, place)} {word.title()}"
        if place.kind == "admin" and len(words) > 2 and words[1] == "of":
            word, base = words[0], written.split(None, 2)[2]
            return f"{self._written_name(base, place)} {word.title()}"
        if key == fold(place.name):
            # The gazetteer's name, with the accents the document left out left out.
            return _strip_accents(place.name) if written == _strip_accents(written) else written
        return written.title() if written.isupper() else written


@Language.factory(
    "newsevents_places",
    default_config={"dictionaries": []},
    assigns=[f"doc._.{PLACES}"],
)
def make_places(nlp: Language, name: str, dictionaries: list[str]) -> Places:
    return Places(nlp, name, dictionaries)
