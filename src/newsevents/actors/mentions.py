"""Finding the items of a document: the spans that may be actors, before any is coded.

Names. A PhraseMatcher finds dictionary people and organisations (``people.yaml``,
``organizations.yaml`` and user layers), country names and aliases, demonyms and capitals; the
longest match wins. spaCy PERSON entities not in the dictionary, and title-cased names right
after a title ("Deputy Prime Minister Alexander Novak"), become undictionaried people. A
second PhraseMatcher finds agent nouns (``agents.csv``): titles ("defense minister",
"spokesperson") and groups ("troops", "foreign ministry").

Named organisations: a spaCy ORG entity headed by an agent noun, with no country or dictionary
name inside ("United Party for National Development", "Municipal Workers' Union"), is
``org:<slug>`` with the noun's sector (its country: see ``country``). Its acronym in
parentheses refers back to it ("UPND spokesman X").

Short mentions. Within a document a person's surname ("Putin"), particle surname
("al-Sharaa", "von der Leyen") and an acronym given in parentheses after a name ("Syrian
Democratic Forces (SDF)") refer back to the full mention.

People are not places: a PERSON entity that the places stage geocoded, that follows "the"
("the Essequibo") or that modifies a common noun ("the Las Bambas mine") is not a person; a
dictionary alias at the end of a longer PERSON entity is another person's surname ("Hazem
Qassem" is not Naim Qassem). Where NER tags a whole country name as a person ("Mali's
government"), the country wins.
"""

from __future__ import annotations

import re

from spacy.matcher import PhraseMatcher
from spacy.tokens import Span, Token
from spacy.util import filter_spans

from newsevents.actors.dictionary import (
    _CAPITAL,
    _COUNTRY,
    _DEMONYM,
    _ETHNIC,
    _GROUP,
    _NAME,
    _ORG,
    _PERSON,
    _REF,
    _TITLE,
    _Actor,
)
from newsevents.actors.document import _Document, _Item, _slug
from newsevents.nlp import NICKNAME, PLACES

_PRIORITY = {_PERSON: 0, _ORG: 1, _COUNTRY: 2, _DEMONYM: 3, _CAPITAL: 4, _ETHNIC: 5}
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})


class _Mentions(_Document):
    """Finds the items of a document (see the module docstring)."""

    def _find_items(self) -> None:
        doc, vocab = self.doc, self.o.vocab
        spans: list[Span] = []
        for match_id, start, end in self.o.names(doc):
            label = vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=label))
        spans.sort(key=lambda s: _PRIORITY[s.label_[0]])
        self._country_tokens = {
            i for s in spans if s.label_[0] in (_COUNTRY, _DEMONYM) for i in range(s.start, s.end)
        }
        names = [s for s in filter_spans(spans) if self._keep_name(s)]
        # Where a country or demonym opens a longer name (kept or not), for named orgs.
        self._lead_country = {
            s.start: (s.end, s.label_[2:], s.label_[0])
            for s in spans
            if s.label_[0] in (_COUNTRY, _DEMONYM)
        }
        items = [_Item(s.start, s.end, s.label_[0], s.label_[2:]) for s in names]
        taken = {i for s in names for i in range(s.start, s.end)}
        agents = _chained(
            [Span(doc, s, e, label=vocab.strings[m]) for m, s, e in self.o.agents(doc)]
        )
        for s in filter_spans(agents):
            # An agent noun inside a place name ("the Soviet Union") is not an agent, unless
            # NER swallowed a title before a name into the place ("Illinois Governor X").
            if (
                s[0].ent_type_ in _PLACE_ENTS
                and s[0].ent_iob_ != "B"
                and not (s.end < len(doc) and doc[s.end].ent_type_ == "PERSON")
            ):
                continue
            # An agent noun is a noun: "press Israel to withdraw" is no press.
            if s.root.pos_ not in ("NOUN", "PROPN"):
                continue
            if not taken.intersection(range(s.start, s.end)):
                items.append(_Item(s.start, s.end, s.label_[0], s.label_[2:]))
                taken.update(range(s.start, s.end))
        self._add_nicknamed(items, taken)
        places = {(p["start"], p["end"]) for p in doc._.get(PLACES) or [] if p.get("country")}
        for ent in doc.ents:
            if ent.label_ == "PERSON" and not self._place_like(ent, places, taken):
                self._add_name(items, taken, ent.start, ent.end)
            elif ent.label_ == "ORG":
                self._add_named_org(items, taken, ent)
                self._add_acronym_org(items, taken, ent)
        # A title-cased name right after a title is a person even where NER missed it.
        for it in [i for i in items if i.kind == _TITLE]:
            start = it.end + 1 if it.end < len(doc) and doc[it.end].text == "," else it.end
            j = start
            while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and j not in taken:
                j += 1
            if j - start >= 2:
                self._add_name(items, taken, start, j)
            # "Raja Farooq Haider, prime minister of ...": a name in apposition before a title
            # is a person, whatever NER called it (it often says ORG).
            comma = it.start - 1
            if comma > 0 and doc[comma].lower_ in ("the", "a", "an"):
                comma -= 1
            if comma >= 2 and doc[comma].text == ",":
                j = comma
                while j > 0 and _name_token(doc[j - 1]) and j - 1 not in taken:
                    j -= 1
                if comma - j >= 2 and doc[j:comma].root.dep_ not in ("compound", "poss"):
                    self._add_name(items, taken, j, comma)
        items.sort(key=lambda i: i.start)
        self._add_short_mentions(items, taken)
        items.sort(key=lambda i: i.start)
        self.items = items
        self.at = {t: it for it in items for t in range(it.start, it.end)}

    def _add_nicknamed(self, items: list[_Item], taken: set[int]) -> None:
        """'Somchai "Big" Rattanapong': the capitalised words around a quoted nickname are one
        person's name (NER splits it, often into a place and a person), named without the
        nickname."""
        doc = self.doc
        for match in NICKNAME.finditer(doc.text):
            inner = doc.char_span(*match.span(1), alignment_mode="expand")
            if inner is None:
                continue
            start = inner.start
            while start > 0 and _name_token(doc[start - 1], ner=False) and start - 1 not in taken:
                start -= 1
            end = inner.end
            while end < len(doc) and _name_token(doc[end], ner=False) and end not in taken:
                end += 1
            if start == inner.start or end == inner.end:
                continue
            name = " ".join([doc[start : inner.start].text, doc[inner.end : end].text])
            items[:] = [it for it in items if it.end <= start or it.start >= end]
            items.append(_Item(start, end, _NAME, " ".join(name.split())))
            taken.update(range(start, end))

    def _place_like(self, ent: Span, places: set[tuple[int, int]], taken: set[int]) -> bool:
        """A PERSON entity that is a geocoded place, follows "the" ("the Essequibo"), or
        modifies a common noun that is no agent noun ("the Las Bambas copper mine"; but
        "the al-Jabouri government" is a person's government)."""
        if (ent.start_char, ent.end_char) in places:
            return True
        root = ent.root
        if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i not in taken:
            return True
        return ent.start > 0 and self.doc[ent.start - 1].lower_ == "the"

    def _add_named_org(self, items: list[_Item], taken: set[int], ent: Span) -> None:
        """A named organisation headed by an agent noun ("United Party for National
        Development", "Municipal Workers' Union") with no country or dictionary name in it:
        an organisation actor with the noun's sector; its country comes later (a modifier
        before it, else the context country)."""
        doc = self.doc
        start = ent.start + (1 if ent[0].lower_ == "the" else 0)
        root = ent.root
        # NER may swallow a following "(ACRONYM": the acronym is defined, not named, there.
        end = next((t.i for t in ent if t.text == "("), ent.end)
        # NER often stops before "for ..."/"of ...": "United Party for National Development".
        while end + 1 < len(doc) and doc[end].lower_ in ("for", "of") and doc[end + 1].is_title:
            end += 1
            while end < len(doc) and (doc[end].is_title or doc[end].lower_ in ("and", "the")):
                end += 1
            while doc[end - 1].lower_ in ("and", "the"):
                end -= 1
        if not root.is_title or root.i < start:
            return
        inner = [it for it in items if start <= it.start and it.end <= end]
        inner_tokens = {t for it in inner for t in range(it.start, it.end)}
        # "Kenya Human Rights Commission", "Syrian Democratic Council": a country or demonym
        # that opens the name is the organisation's own country.
        lead = next(
            (it for it in inner if it.start == start and it.kind in (_COUNTRY, _DEMONYM)), None
        )
        if any(it.kind != _GROUP for it in inner if it is not lead) or any(
            t in taken and t not in inner_tokens for t in range(start, end)
        ):
            return
        head = next((it for it in inner if it.start <= root.i < it.end), None)
        if head is None or head.kind != _GROUP or (head.start, head.end) == (start, end):
            return  # a bare agent noun ("Foreign Ministry") stays a country group
        lead_end, country, kind = self._lead_country.get(start, (start, None, None))
        if lead_end == head.start and head.end == end:
            # "Kenyan police", "Syrian government": a country group. "The Kenya Police
            # Service": the country that opens the name was dropped as a part of a longer
            # name ("Bank of America"); here it is the group's country.
            if lead is None and kind is not None and country is not None:
                items.append(_Item(start, lead_end, kind, country))
                taken.update(range(start, lead_end))
            return
        for it in inner:
            items.remove(it)
        key = f"org:{_slug(doc[start:end].text)}"
        self.orgs[key] = _Actor(
            key,
            " ".join(doc[start:end].text.split()),
            country if lead_end < end else None,
            self.o.agent_rows[head.key]["sector"],
            "organization",
            "rule:named-org",
        )
        items.append(_Item(start, end, _ORG, key))
        taken.update(range(start, end))

    def _add_acronym_org(self, items: list[_Item], taken: set[int], ent: Span) -> None:
        """ "The CNRP condemned the arrest": an organisation NER names by an acronym that no
        dictionary or earlier definition knows, acting as a subject, is an organisation
        actor of unknown sector; its country comes later (a modifier, else the context)."""
        words = [t for t in ent if t.lower_ != "the"]
        if len(words) != 1:
            return
        tok = words[0]
        if (
            not (tok.is_upper and tok.is_alpha and 2 <= len(tok.text) <= 6)
            or tok.i in taken
            or tok.dep_ != "nsubj"
            # "10:02 GMT — President X called ...": a time zone after a clock time.
            or (tok.i > 0 and any(ch.isdigit() for ch in self.doc[tok.i - 1].text))
            # "the Congolese army (FARDC)": defined, an alias of what it follows.
            or f"({tok.text})" in self.doc.text
        ):
            return
        key = f"org:{_slug(tok.text)}"
        if key not in self.orgs:
            self.orgs[key] = _Actor(key, tok.text, None, None, "organization", "rule:acronym-org")
        items.append(_Item(tok.i, tok.i + 1, _ORG, key))
        taken.add(tok.i)

    def _keep_name(self, span: Span) -> bool:
        label = span.label_[0]
        ent = span[0].ent_type_
        # NER sometimes tags a country or a demonym as a person ("Mali's government",
        # "met Lithuanian President X"): the whole entity being that word, it wins.
        if label in (_COUNTRY, _CAPITAL, _DEMONYM) and ent == "PERSON":
            ents = [e for e in self.doc.ents if e.start <= span.start < e.end]
            geocoded = any(
                (p["start"], p["end"]) == (span.start_char, span.end_char)
                and p.get("country") == span.label_[2:]
                for p in self.doc._.get(PLACES) or []
            )
            if (
                (label == _CAPITAL and not geocoded)
                or not ents
                or (ents[0].start, ents[0].end)
                != (
                    span.start,
                    span.end,
                )
            ):
                return False
        if label in (_PERSON, _ORG) and ent == "PERSON":
            # A dictionary alias at the end of a longer name is another person's surname
            # ("Therese Kayikwamba Wagner" is not the Wagner Group; "Hazem Qassem" is not
            # Naim Qassem), unless what precedes it in the entity is a title ("President X").
            ents = [e for e in self.doc.ents if e.start <= span.start < e.end]
            if ents and ents[0].start < span.start:
                before = self.doc[ents[0].start : span.start]
                # ... or a country's name NER ran into it ("Armenia Jeyhun Bayramov" after
                # "the foreign ministers of Azerbaijan and Armenia").
                if not any(t.lower_ in self.o.title_words for t in before) and not all(
                    t.i in self._country_tokens for t in before
                ):
                    return False
        if label == _COUNTRY:
            # "America" inside "Latin America" or "Bank of America" is not the country.
            for e in self.doc.ents:
                if e.start <= span.start and span.end <= e.end and (e.end - e.start) > len(span):
                    inner = re.sub(r"^(the|The) ", "", e.text)
                    if inner != span.text:
                        return False
        return True

    def _add_name(self, items: list[_Item], taken: set[int], start: int, end: int) -> None:
        doc = self.doc
        while start < end and (start in taken or not doc[start].is_alpha):
            start += 1
        while end > start and (end - 1 in taken or doc[end - 1].pos_ in ("PART", "PUNCT")):
            end -= 1
        if end <= start or taken.intersection(range(start, end)):
            return
        items.append(_Item(start, end, _NAME, " ".join(doc[start:end].text.split())))
        taken.update(range(start, end))

    def _add_short_mentions(self, items: list[_Item], taken: set[int]) -> None:
        """Surnames of full names and acronyms in parentheses refer back within the doc."""
        doc = self.doc
        forms: dict[str, int | None] = {}  # surface form -> index of the full-name item
        defined: set[int] = set()  # "(SDF)" right after its name: part of that mention
        for idx, it in enumerate(items):
            if it.kind in (_NAME, _PERSON) and it.end - it.start >= 2:
                for form in self._surnames(doc[it.start : it.end].text):
                    if form != doc[it.start : it.end].text:
                        prev = forms.get(form, idx)
                        same = prev is not None and (prev == idx or items[prev].key == it.key)
                        # Two different people share the form: it refers to neither.
                        forms[form] = prev if same else None
            if it.end + 2 < len(doc) and doc[it.end].text == "(" and doc[it.end + 2].text == ")":
                acro = doc[it.end + 1]
                if acro.is_upper and 2 <= len(acro.text) <= 8 and it.kind in (_ORG, _GROUP, _NAME):
                    forms.setdefault(acro.text, idx)
                    defined.update(range(it.end, it.end + 3))
        # A given name alone refers back too, where no surname claims the form and only one
        # person in the document bears it: many naming traditions (Thai, Icelandic,
        # Indonesian) call a person by the given name after the first mention.
        given: dict[str, int | None] = {}
        for idx, it in enumerate(items):
            if it.kind in (_NAME, _PERSON) and 2 <= _name_words(doc[it.start : it.end]) <= 3:
                first = doc[it.start]
                if first.is_alpha and first.is_title and len(first.text) > 2:
                    prev = given.get(first.text, idx)
                    given[first.text] = prev if items[prev].key == it.key else None
        for form, idx in given.items():
            if idx is not None and form not in forms:
                forms[form] = idx
        # A given name spelt with one letter more or less, as transliterations are ("Chonthicha ...
        # Chonticha wrote"): the same person, when exactly one given name is that close.
        lone_names = {it.start for it in items if it.kind == _NAME and it.end - it.start == 1}
        for word in doc:
            if (
                (word.i in taken and word.i not in lone_names)
                or not (word.is_title and word.is_alpha and len(word.text) >= 7)
                or word.pos_ != "PROPN"
                or word.text in forms
            ):
                continue
            close = [f for f, i in given.items() if i is not None and _one_edit(f, word.text)]
            if len(close) == 1:
                forms[word.text] = given[close[0]]
        forms = {f: i for f, i in forms.items() if i is not None}
        if not forms:
            return
        matcher = PhraseMatcher(self.o.vocab, attr="ORTH")
        for form, idx in forms.items():
            matcher.add(str(idx), [self.o.make_doc(form)])
        spans = [Span(doc, s, e, label=m) for m, s, e in matcher(doc)]
        new: list[_Item] = []
        # Forms point at indices of the list as it is now; removals below shift it.
        sources = list(items)
        taken.update(defined)
        for s in filter_spans(spans):
            if s.start in defined:
                continue
            src = int(s.label_)
            covering = [it for it in items if it.start < s.end and s.start < it.end]
            # A bare surname that NER tagged as a name of its own is the same person.
            if covering and not (
                len(covering) == 1
                and covering[0].kind == _NAME
                and (covering[0].start, covering[0].end) == (s.start, s.end)
            ):
                continue
            if covering:
                items.remove(covering[0])
            new.append(_Item(s.start, s.end, _REF, str(src)))
        # Keep references pointing at the source item object (indices shift when sorting).
        for it in new:
            it.refs = [id(sources[int(it.key)])]
        items.extend(new)

    @staticmethod
    def _surnames(name: str) -> list[str]:
        words = name.split()
        out: list[str] = []
        for i, w in enumerate(words[1:], start=1):
            if w[:1].islower():  # particle: "al-Sharaa", "von der Leyen", "bin Salman"
                out.append(" ".join(words[i:]))
                break
        last = words[-1]
        out.append(last)
        if "-" in last and last.split("-", 1)[0].islower():
            out.append(last.split("-", 1)[1])
        return [f for f in out if len(f) > 2 and f[:1].isalpha()]


def _name_words(span: Span) -> int:
    """Words of a name, a quoted nickname aside ('Somchai "Boy" Wattanapong': two)."""
    count, quoted = 0, False
    for tok in span:
        if tok.is_quote:
            quoted = not quoted
        elif not quoted:
            count += 1
    return count


def _name_token(tok: Token, ner: bool = True) -> bool:
    """A word of a person's name: a title-cased proper noun that (with ``ner``) no entity
    calls a place."""
    if not (tok.is_title and tok.is_alpha and tok.pos_ in ("PROPN", "NOUN", "ADJ")):
        return False
    return not ner or (tok.pos_ == "PROPN" and tok.ent_type_ not in ("GPE", "LOC", "DATE"))


def _one_edit(a: str, b: str) -> bool:
    """Whether one word is the other with one letter added ("Chonticha", "Chonthicha"), as
    transliterations differ. A changed letter is not enough: "Frances" and "Francis" are
    two names. (No library call: one scan for the first difference.)"""
    if len(a) > len(b):
        a, b = b, a
    if len(b) != len(a) + 1:
        return False
    i = next((k for k in range(len(a)) if a[k] != b[k]), len(a))
    return a[i:] == b[i + 1 :]


def _chained(spans: list[Span]) -> list[Span]:
    """Overlapping matches of one agent entry are one mention: "riot police officers" is
    "riot police" and "police officers", and neither alone is the noun phrase."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        last = out[-1] if out else None
        if last is not None and last.label_ == span.label_ and last.start < span.start < last.end:
            out[-1] = Span(span.doc, last.start, max(last.end, span.end), label=span.label_)
        else:
            out.append(span)
    return out
