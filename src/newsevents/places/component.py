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
from typing import Any

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


# The kinds of place each feature word allows its name to be ("Basilan island" may be a
# town's name, "Kamdesh district" its seat's), and the kind of one no gazetteer knows.
_FEATURE_KINDS = {
    "locality": {"city"},
    "division": {"admin", "city", "region"},
    "island": {"region", "city", "country"},
    "water": {"region"},
    "site": {"city", "facility"},
}
_UNRESOLVED_KIND = {
    "locality": "city",
    "division": "admin",
    "island": "region",
    "water": "region",
    "site": "facility",
}

# The id of a place no gazetteer knows until its country is settled.
_UNRESOLVED = "unresolved:"

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
        # A feature phrase ("Alau village") outranks the model's reading of its name alone.
        priority = {"dateline": 0, "facility": 1, "feature": 1, "ner": 2, "name": 2, "propn": 3}
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
            elif origin == "feature":
                place = None
                placed = self._feature_place(span, details, context, qualifier)
                if placed is not None and not any(
                    i in taken for i in range(placed[0].start, placed[0].end)
                ):
                    span, place = placed
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
        chosen = [(span, self._settled(span, place, chosen, context)) for span, place in chosen]
        chosen.sort(key=lambda c: c[0].start)
        out = []
        for span, place in chosen:
            town = self._town_of_site(span, place, chosen)
            out.append(
                PlaceMention(
                    start=span.start_char,
                    end=span.end_char,
                    place_id=place.place_id,
                    name=place.name,
                    country=place.country,
                    lat=town.lat if town else place.lat,
                    lon=town.lon if town else place.lon,
                    geonameid=place.geonameid,
                    kind=place.kind,
                    located_by=town.place_id if town else None,
                )
            )
        return out

    @staticmethod
    def _town_of_site(
        span: Span, place: Candidate, chosen: list[tuple[Span, Candidate]]
    ) -> Candidate | None:
        """The town a site no gazetteer knows is mapped at ("Tahrir Square", "Via Laietana"):
        a town of its country named in its sentence (the nearest, before it first), else the
        last one named before it in the document. ACLED's convention: a place too small to
        geocode takes its town's point, with the precision saying so (see ``located_by``)."""
        if place.kind != "facility" or place.lat is not None:
            return None
        towns = [
            (s, p)
            for s, p in chosen
            if p.kind == "city" and p.lat is not None and p.country == place.country
        ]
        sent = span.sent
        # Same sentence: before the site first, then after it, nearest first.
        in_sentence = [
            (s.start > span.start, abs(s.start - span.start), p)
            for s, p in towns
            if sent.start <= s.start < sent.end
        ]
        if in_sentence:
            return min(in_sentence, key=lambda t: t[:2])[2]
        before = [p for s, p in towns if s.start < span.start]
        return before[-1] if before else None

    def _feature_place(
        self,
        span: Span,
        details: dict[str, Any],
        context: Counter[str],
        qualifier: tuple[str, str] | None,
    ) -> tuple[Span, Candidate] | None:
        """The place of "Alau village", "Tbong Khmum province", "Gwadar Port": the whole
        phrase when a table knows it, else its name's place of a kind the word allows in a
        country the document is about, else a place no gazetteer knows, kept as written with
        the country the text gives it and no coordinates (found, honestly not geocoded)."""
        ftype = details["ftype"]
        phrase = span.doc[slice(*details["whole"])]
        whole = self._resolver.choose(self._lookup.lookup(phrase.text), context, qualifier)
        if whole is not None and (
            whole.kind != "city" or self._in_context(whole, context, qualifier)
        ):
            return phrase, dataclasses.replace(whole, name=self._written_name(phrase.text, whole))
        kinds = _FEATURE_KINDS[ftype]
        known = self._lookup.lookup(details["name"])
        if any(c.kind != "city" for c in known) and not any(c.kind in kinds for c in known):
            return None  # "the West Bank city of Jenin": the name is a place of its own
        cands = [c for c in known if c.kind in kinds and self._in_context(c, context, qualifier)]
        place = self._resolver.choose(cands, context, qualifier)
        if place is not None:
            return span, dataclasses.replace(place, name=self._written_name(span.text, place))
        if ftype == "site" and not self._placed(phrase):
            return None  # "the Obama camp said": a site no gazetteer knows needs more
        written = " ".join(span.text.split())
        # The country is settled once the other places are known (see _unresolved_country).
        return span, Candidate(
            _UNRESOLVED,
            written.title() if written.isupper() else written,
            self._country_given(phrase, qualifier),
            None,
            None,
            None,
            _UNRESOLVED_KIND[ftype],
        )

    def _unresolved_country(
        self, span: Span, chosen: list[tuple[Span, Candidate]], context: Counter[str]
    ) -> str | None:
        """The country of a place no gazetteer knows: that of the nearest place or country
        word before it in its sentence ("Muzaffarabad and Neelum districts"), else of a
        country's adjective after it there ("the community of Boulikessi ... a Malian
        battalion"), else of the nearest before it in its paragraph, else the document's main
        one. A country named after it is more often where people went ("fled to Niger")."""
        cues = [(s.start, p.country) for s, p in chosen if p.country and p.place_id != _UNRESOLVED]
        sent = span.sent
        adjectives = []
        for token in span.doc[max(0, span.start - 200) : sent.end]:
            iso3 = self._tables.demonyms.get(fold(token.text)) if token.text[:1].isupper() else None
            if iso3 and token.i < span.start:
                cues.append((token.i, iso3))
            elif iso3 and token.i >= span.end:
                adjectives.append((token.i, iso3))
        in_sentence = [(span.start - i, c) for i, c in cues if sent.start <= i < span.start]
        if in_sentence:
            return min(in_sentence)[1]
        if adjectives:
            return min(adjectives)[1]
        paragraph_start = span.doc.text.rfind("\n\n", 0, span.start_char)
        before = [
            (span.start - i, c)
            for i, c in cues
            if i < span.start and span.doc[i].idx > paragraph_start
        ]
        if before:
            return min(before)[1]
        return next((iso3 for iso3, _ in context.most_common(1)), None)

    def _settled(
        self,
        span: Span,
        place: Candidate,
        chosen: list[tuple[Span, Candidate]],
        context: Counter[str],
    ) -> Candidate:
        if place.place_id != _UNRESOLVED:
            return place
        country = place.country or self._unresolved_country(span, chosen, context)
        slug = "-".join(fold(place.name).split())
        return dataclasses.replace(
            place, place_id=f"unresolved:{(country or 'xxx').lower()}:{slug}", country=country
        )

    def _placed(self, span: Span) -> bool:
        """Said to be a place by more than its word: a place preposition before it ("along
        Via Laietana"), a town's possessive ("Baghdad's Tahrir Square") or the model's tag."""
        doc = span.doc
        if after(span, self._tables.preps) or any(
            t.ent_type_ in ("GPE", "LOC", "FAC") for t in span
        ):
            return True
        return span.start >= 2 and doc[span.start - 1].text in ("'s", "’s")

    @staticmethod
    def _in_context(
        place: Candidate, context: Counter[str], qualifier: tuple[str, str] | None
    ) -> bool:
        if qualifier:
            return place.country == qualifier[0]
        return bool(place.country and context[place.country])

    def _country_given(self, span: Span, qualifier: tuple[str, str] | None) -> str | None:
        """The country written right after the place: "Gwadar Port in Pakistan", ", Mali"."""
        if qualifier:
            return qualifier[0]
        doc = span.doc
        if span.end + 1 < len(doc) and doc[span.end].lower_ in {"in", ","}:
            for width in (3, 2, 1):
                tail = doc[span.end + 1 : span.end + 1 + width]
                iso3 = self._tables.country_names.get(fold(tail.text))
                if len(tail) == width and iso3:
                    return iso3
        return None

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
