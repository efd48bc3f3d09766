"""The candidate place mentions of a document, before any is resolved.

Candidate mentions come from the model's GPE/LOC/FAC entities, from names of the small shipped
tables (countries, aliases, regions, facilities) wherever they are written, from facility
phrases ("Qamishli Airport", "the naval base at Tartus"), from division phrases ("Guayas
province"), from datelines ("MOSCOW — ") and from proper nouns the model missed or tagged ORG;
the component keeps those only when the gazetteer knows them and the context says place ("in
Tartus", or a town of a country the document is about). Vetting drops what is no place of its
own: demonyms, words inside a longer name, people's names, titles after an honorific.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from newsevents.nlp import DATELINE
from newsevents.places.gazetteer import fold
from newsevents.places.tables import PlaceTables

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Entities whose inner words are never places on their own ("the Syrian Foreign Ministry",
# "Bank of England", a person's surname).
_OPAQUE_LABELS = {"ORG", "PERSON", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}
_DETERMINERS = {"the"}
_POSSESSIVES = {"'s", "’s", "'", "’"}


def _trim(span: Span) -> Span | None:
    """Drop a leading "the" and a trailing possessive: the mention is the name."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in _DETERMINERS:
        start += 1
    while end > start and span.doc[end - 1].text in _POSSESSIVES:
        end -= 1
    return span.doc[start:end] if end > start else None


def _standalone(span: Span, opaque: dict[int, tuple[int, int]]) -> bool:
    """Not a word inside a larger non-place entity ("the Syrian Foreign Ministry"):
    ``opaque`` maps each token of such an entity to the entity's trimmed bounds."""
    bounds = (span.start, span.end)
    return all(opaque.get(i, bounds) == bounds for i in range(span.start, span.end))


def _inside_name_or_modifier(span: Span) -> bool:
    """ "The Times of Israel", "Bank of England": the tail of a longer title-case name.
    "Kremlin spokesperson": a noun modifier, not a place where something happened."""
    doc = span.doc
    if (
        span.start >= 2
        and doc[span.start - 1].lower_ == "of"
        and doc[span.start - 2].text[:1].isupper()
    ):
        return True
    last = span[-1]
    return last.dep_ == "compound" and last.head.pos_ == "NOUN"


def after(span: Span, words: set[str]) -> bool:
    """Whether the one or two words before the span are one of ``words`` ("in", "town of")."""
    doc = span.doc
    before = [fold(doc[i].text) for i in range(max(0, span.start - 2), span.start)]
    return bool(before) and (before[-1] in words or " ".join(before) in words)


class MentionFinder:
    """Finds the candidate mentions of a document with matchers built from ``tables``."""

    def __init__(self, nlp: Language, tables: PlaceTables) -> None:
        self.tables = tables
        self._build_matchers(nlp)

    def _build_matchers(self, nlp: Language) -> None:
        tables = self.tables
        # Names of the small tables are found wherever they are written, case-insensitively;
        # the capital-letter check in find keeps "a pentagon" out.
        self._names = PhraseMatcher(nlp.vocab, attr="LOWER")
        names = {
            *tables.country_names,
            *tables.aliases,
            *tables.regions,
            *tables.supplement,
        }
        self._names.add("NAME", list(nlp.tokenizer.pipe(sorted(names))))
        self._facilities = Matcher(nlp.vocab)
        place_words = [fold(p) for p in tables.preps if " " not in p] + ["of"]
        for phrase, ftype in tables.facility_words.items():
            words = [{"LOWER": w} for w in phrase.split()]
            name = {"POS": "PROPN", "OP": "+"}
            # "Qamishli Airport", "Hmeimim airbase"
            self._facilities.add(
                f"NAME_FAC|{ftype}|{len(words)}", [[name, *words]], greedy="LONGEST"
            )
            # "the naval base at Tartus"
            self._facilities.add(
                f"FAC_AT_NAME|{ftype}|{len(words)}",
                [[*words, {"LOWER": {"IN": place_words}}, name]],
                greedy="LONGEST",
            )
        self._propn = Matcher(nlp.vocab)
        self._propn.add("PROPN", [[{"POS": "PROPN", "OP": "+"}]], greedy="LONGEST")
        # "Guayas province", "the province of Guayas": one division mention.
        division = {"LOWER": {"IN": sorted(tables.admin_words)}}
        self._build_feature_matcher(nlp)
        self._division_phrases = Matcher(nlp.vocab)
        # The small model often tags a division's name ADJ ("the Beni department").
        for name in ({"POS": "PROPN", "OP": "+"}, {"IS_TITLE": True, "OP": "+"}):
            self._division_phrases.add(
                "DIVISION", [[name, division], [division, {"LOWER": "of"}, name]], greedy="LONGEST"
            )

    def _build_feature_matcher(self, nlp: Language) -> None:
        """ "Alau village", "the town of Kobani", "Tahrir Square", "Via Laietana": a name
        beside a word that says what kind of place it is. A name is title-case words, a
        hyphen allowed inside ("Al-Barka"); the model tags many such names ADJ or PERSON."""
        name = [
            {"IS_TITLE": True, "OP": "+"},
            {"ORTH": "-", "OP": "?"},
            {"IS_TITLE": True, "OP": "*"},
        ]
        self._features = Matcher(nlp.vocab)
        for phrase in self.tables.features:
            words = [{"LOWER": w} for w in phrase.split()]
            self._features.add(f"NAME_FEATURE|{len(words)}", [[*name, *words]], greedy="LONGEST")
            self._features.add(
                f"FEATURE_OF_NAME|{len(words)}",
                [[*words, {"LOWER": "of"}, *name]],
                greedy="LONGEST",
            )
        for prefix in self.tables.feature_prefixes:
            self._features.add(
                f"PREFIX_NAME|{prefix}", [[{"ORTH": prefix}, *name]], greedy="LONGEST"
            )
            # "Gran Via": the same word after the name.
            self._features.add(
                f"NAME_FEATURE|1|{prefix}", [[*name, {"ORTH": prefix}]], greedy="LONGEST"
            )

    def _feature_mentions(
        self, doc: Doc, ents: tuple[Span, ...]
    ) -> Iterable[tuple[Span, dict[str, Any]]]:
        tables = self.tables
        # A name inside a longer organisation's name is not a place of its own ("Kampala City
        # Council" aside, which the compound test below keeps out).
        inside_org = {
            i for e in ents if e.label_ == "ORG" and len(e) > 1 for i in range(e.start, e.end)
        }
        for match_id, start, end in self._features(doc):
            shape, n_words, *prefix = doc.vocab.strings[match_id].split("|")
            words = int(n_words) if shape != "PREFIX_NAME" else 1
            if shape == "NAME_FEATURE":
                name, feature = doc[start : end - words], doc[end - words : end]
            elif shape == "FEATURE_OF_NAME":
                feature, name = doc[start : start + words], doc[start + words + 1 : end]
            else:
                feature, name = doc[start : start + 1], doc[start + 1 : end]
            if prefix or shape == "PREFIX_NAME":
                ftype = tables.feature_prefixes[(prefix or [feature.text])[0]]
            else:
                ftype = tables.features[fold(feature.text)]
            # "district attorney", "city council", "prison guards": the word modifies a noun.
            head = feature[-1]
            if shape == "NAME_FEATURE" and head.dep_ == "compound" and head.head.i > head.i:
                continue
            name = self._name_words(name)
            if name is None or (
                shape == "FEATURE_OF_NAME" and fold(name.text) in tables.country_names
            ):
                continue  # "the provinces of Afghanistan" name no division
            # Named by its name alone where the word only says what the name is ("the city of
            # Nabatiyeh", "Alau village", "Basilan island"); with its word where that is part
            # of the name ("Kamdesh district", "Tahrir Square", "Via Laietana").
            alone = shape == "FEATURE_OF_NAME" or ftype in ("locality", "island")
            whole = doc[start:end]
            if any(i in inside_org for i in range(whole.start, whole.end)) and not (
                any(e.start == whole.start and e.end == whole.end for e in ents)
            ):
                continue
            details = {"name": name.text, "ftype": ftype, "whole": (whole.start, whole.end)}
            yield (name if alone else whole), details
            if shape == "FEATURE_OF_NAME" and fold(feature[-1].text).endswith("s"):
                # "the municipalities of Zimtenga and Bourzanga": each name is one.
                yield from self._listed_after(name, ftype)

    def _listed_after(self, name: Span, ftype: str) -> Iterable[tuple[Span, dict[str, Any]]]:
        doc, i = name.doc, name.end
        while i + 1 < len(doc) and doc[i].lower_ in {",", "and"}:
            j = i + 1
            if doc[j].lower_ == "and":
                j += 1
            k = j
            while k < len(doc) and doc[k].is_title:
                k += 1
            if k == j:
                return
            more = doc[j:k]
            yield more, {"name": more.text, "ftype": ftype, "whole": (j, k)}
            i = k

    def _name_words(self, name: Span) -> Span | None:
        """The name without leading words that are no part of it: a date, a country's
        adjective or a sentence-initial capital ("On Monday Alau village")."""
        start = name.start
        while start < name.end:
            token = name.doc[start]
            key = fold(token.text)
            if (
                token.ent_type_ in ("DATE", "TIME")
                or key in self.tables.demonyms
                or token.is_sent_start
                and token.pos_ not in ("PROPN", "X")
                or token.text == "-"
            ):
                start += 1
                continue
            break
        return name.doc[start : name.end] if start < name.end else None

    def find(self, doc: Doc) -> list[tuple[Span, str, dict[str, Any]]]:
        """The plausible mentions of ``doc``: (span, origin, details), origin one of
        "dateline", "facility", "ner", "name", "feature", "propn"."""
        persons = self._person_names(doc)
        found: list[tuple[Span, str, dict[str, Any]]] = []  # span, origin, details

        for span, details in self._datelines(doc):
            found.append((span, "dateline", details))
        for match_id, start, end in self._facilities(doc):
            label = doc.vocab.strings[match_id]
            shape, ftype, n_words = label.split("|")
            if shape == "FAC_AT_NAME" and start > 0 and doc[start - 1].pos_ == "PROPN":
                continue  # "Ramstein Air Base in Germany": the base is named before, not after
            span = doc[start:end]
            # The label carries how many tokens the facility words take; the rest is the name
            # (after the preposition in "the naval base at Tartus").
            if shape == "NAME_FAC":
                name = span[: len(span) - int(n_words)]
            else:
                name = span[int(n_words) + 1 :]
            found.append((span, "facility", {"ftype": ftype, "name": name.text}))
        ents = doc.ents  # rebuilt by spaCy on every access: read once
        opaque = {
            i: (t.start, t.end)
            for e in ents
            if e.label_ in _OPAQUE_LABELS and (t := _trim(e)) is not None
            for i in range(e.start, e.end)
        }
        for ent in ents:
            if ent.label_ in _PLACE_LABELS:
                span = _trim(ent)
                if span is not None:
                    found.append((span, "ner", {"label": ent.label_}))
        for _, start, end in self._names(doc):
            span = doc[start:end]
            if span.text[:1].isupper() and (
                _standalone(span, opaque) or self._country_closing_norp(span, ents)
            ):
                found.append((span, "name", {}))
        for _, start, end in self._division_phrases(doc):
            found.append((doc[start:end], "name", {}))
        for _, start, end in self._propn(doc):
            span = _trim(doc[start:end])
            if span is not None and _standalone(span, opaque):
                found.append((span, "propn", {}))
        for span, details in self._feature_mentions(doc, ents):
            found.append((span, "feature", details))
        for ent in ents:
            if ent.label_ == "ORG":
                span = _trim(ent)
                if span is not None:
                    found.append((span, "propn", {}))

        return [f for f in found if self._plausible(f[0], f[1], f[2], persons)]

    def _country_closing_norp(self, span: Span, ents: tuple[Span, ...]) -> bool:
        """ "the predominantly Roman Catholic Philippines": a country's name that closes what
        the model tagged a group (NORP) is the country; a group's name holds its demonym."""
        if fold(span.text) not in self.tables.country_names:
            return False
        return any(e.label_ == "NORP" and e.start < span.start and e.end == span.end for e in ents)

    # ---- candidate vetting -----------------------------------------------------------------

    def _person_names(self, doc: Doc, outside: Span | None = None) -> set[str]:
        """Names and surnames of the people the document names in full ("Ibrahim Musa" makes a
        later "Musa" a person), and given names used alone ("Abiy"). A lone word the model
        tagged PERSON is not evidence: the small model tags many towns so ("in Goma")."""
        names: set[str] = set()
        for ent in doc.ents:
            if outside is not None and ent.start < outside.end and outside.start < ent.end:
                continue
            if ent.label_ == "PERSON":
                trimmed = _trim(ent)
                if trimmed is not None and len(trimmed) > 1:
                    names.add(fold(trimmed.text))
                    names.add(fold(trimmed[-1].text))
                    names.add(fold(trimmed[0].text))
        return names

    def _plausible(
        self, span: Span, origin: str, details: dict[str, Any], persons: set[str]
    ) -> bool:
        tables = self.tables
        key = fold(details.get("name", span.text))
        # "Myanmar" is a country and its adjective: the name wins.
        if not key or (key in tables.demonyms and key not in tables.country_names):
            return False
        if origin == "dateline":
            return True
        if origin == "facility":
            return True
        label = details.get("label")
        if origin == "feature" and details["ftype"] != "site":
            # "Al-Barka town", "Basilan island": the word says place, whatever the model
            # tagged the name ("the Obama camp" still goes through the person test below).
            label = "GPE"
        if key in tables.not_places and label != "GPE":
            return False
        if origin in ("name", "propn") and _inside_name_or_modifier(span):
            return False
        if origin == "feature":
            # The model's PERSON tag on this very name ("along Via Laietana") is no evidence:
            # only a person the document names elsewhere is ("the Obama camp").
            persons = self._person_names(span.doc, outside=span)
        if (
            label != "GPE"
            and key in persons
            and key not in tables.country_names
            and not after(span, tables.locatives)
        ):
            return False
        if span.start > 0 and fold(span.doc[span.start - 1].text) in tables.honorifics:
            return False
        # A capitalised sentence-initial word alone is not evidence of a name.
        return not (origin == "propn" and not any(t.text[:1].isupper() for t in span))

    # ---- datelines -------------------------------------------------------------------------

    def _datelines(self, doc: Doc) -> Iterable[tuple[Span, dict[str, Any]]]:
        for match in DATELINE.finditer(doc.text):
            qualifier = None
            if match.group("qual"):
                qualifier = self.tables.qualifier(match.group("qual").strip())
            # "KINSHASA/GOMA —" datelines a story from two cities.
            offset = match.start("city")
            for part in match.group("city").split("/"):
                start, city = offset + len(part) - len(part.lstrip()), part.strip()
                offset += len(part) + 1
                if sum(ch.isalpha() for ch in city) < 3 or fold(city) in self.tables.not_places:
                    continue
                span = doc.char_span(start, start + len(city), alignment_mode="expand")
                if span is None:
                    continue
                details: dict[str, Any] = {"name": city.title()}
                if qualifier:
                    details["qualifier"] = qualifier
                yield span, details
