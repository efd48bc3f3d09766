"""Where an actor's country comes from when the actor does not name one: the context country.

Context country (one rule for every agent noun or title without its own country): the nearest
country evidence -- a country, demonym, capital, national organisation or a place geocoded by
the places stage -- earlier in the same sentence; else the first place later in the sentence
that locates the noun, its verb or the verb's object ("police in Kitwe", "detained students in
Kitwe"; a country acted upon, "accused Minsk", does not count); else the nearest earlier in the
same paragraph (line); else the dateline's country; else the country the document mentions
most (ties: the first named). A sponsor before a hyphen ("Rwanda-backed") and a news agency
("(Reuters)") are never evidence. For a title, a country acted upon earlier in the sentence is
not evidence ("Canada will send aid to Haiti, Foreign Minister X said"). A government,
legislature or judiciary acted on by a country subject is not that country's ("Portugal
praised the transitional government's plan"): the nearest earlier other country in the
document is used.

A named organisation's country is a country modifier before it ("Zambia's ruling ..."), else
the context country; "opposition" right before it makes it OPP.

A capital stands for its country only where the places stage did not put it in another
country.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsevents.actors.dictionary import (
    _CAPITAL,
    _COUNTRY,
    _DEMONYM,
    _GROUP,
    _NAME,
    _ORG,
    _PERSON,
    _REF,
    _Actor,
)
from newsevents.actors.document import _Document, _Item, _slug
from newsevents.nlp import PLACES

# Dashes that end a dateline ("LUSAKA —", "KADUNA, Nigeria --").
_DATELINE_DASHES = frozenset({"—", "–", "--", "-"})
_DATELINE_LINES = 5  # non-empty lines searched for a dateline at the top of the text
_DATELINE_TOKENS = 12


class _Countries(_Document):
    """Country evidence and the context country (see the module docstring)."""

    def _find_evidence(self) -> None:
        """Country evidence for the context rule: names, capitals and geocoded places, each
        with its token and whether it locates ("in Kitwe"); the dateline; the main country."""
        doc = self.doc
        evidence: list[tuple[int, str, int]] = []
        for it in self.items:
            iso = self._item_country(it)
            if iso is not None and not self._sponsor_after(it.end):
                evidence.append((it.start, iso, self._locative(doc[it.start : it.end])))
                if self._acted_on(doc[it.start : it.end]):
                    self.acted.add(it.start)
        for place in doc._.get(PLACES) or []:
            iso = place.get("country")
            span = doc.char_span(place["start"], place["end"], alignment_mode="expand")
            if iso not in self.o.country_names or span is None or span.start in self.at:
                continue
            if not self._sponsor_after(span.end):
                evidence.append((span.start, str(iso), self._locative(span)))
        evidence.sort()
        self.evidence = evidence
        self.dateline = self._find_dateline()
        self.dateline_country = next(
            (iso for t, iso, _ in evidence if self.dateline[0] <= t < self.dateline[1]), None
        )
        counts: dict[str, int] = {}
        for _, iso, _ in evidence:
            counts[iso] = counts.get(iso, 0) + 1
        # Ties go to the country named first (dicts keep insertion order; max keeps the first).
        self.main_country = max(counts, key=lambda c: counts[c]) if counts else None

    def _count_people(self) -> None:
        """People count toward the main country too, once coded ("Ortega jailed dozens of
        opposition figures": a story about Nicaragua that Washington's officials open)."""
        counts: dict[str, int] = {}
        for _, iso, _ in self.evidence:
            counts[iso] = counts.get(iso, 0) + 1
        for it in self.items:
            if it.kind in (_PERSON, _NAME, _REF) and it.actor is not None:
                iso = it.actor.country
                if iso in self.o.country_names:
                    counts[iso] = counts.get(iso, 0) + 1
        if counts:
            self.main_country = max(counts, key=lambda c: counts[c])

    def _find_dateline(self) -> tuple[int, int]:
        """The token range of a wire dateline ("KADUNA, Nigeria —") at the top of the text."""
        doc = self.doc
        pos, seen = 0, 0
        for line in doc.text.split("\n"):
            start, pos = pos, pos + len(line) + 1
            if not line.strip():
                continue
            seen += 1
            if seen > _DATELINE_LINES:
                break
            span = doc.char_span(start, start + len(line), alignment_mode="expand")
            toks = [t for t in span or () if not t.is_space][:_DATELINE_TOKENS]
            if not toks or not toks[0].text.isupper() or sum(c.isalpha() for c in toks[0].text) < 2:
                continue
            for t in toks[1:]:
                spaced = bool(t.whitespace_) and bool(doc[t.i - 1].whitespace_)
                if t.text in _DATELINE_DASHES and (t.text != "-" or spaced):
                    return toks[0].i, t.i
        return 0, 0

    def _in_dateline(self, it: _Item) -> bool:
        return self.dateline[0] <= it.start < self.dateline[1]

    def _locative(self, span: Span) -> int:
        """What a locative phrase ("in Kitwe") attaches to: its token index, else -1."""
        tok: Token = span.root
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        # "into the community of Boulikessi": the place names the noun the phrase is about.
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ == "pobj":
            tok = tok.head.head
        if tok.dep_ == "pobj" and tok.head.lower_ in self.o.locative_preps:
            return tok.head.head.i
        return -1

    def _sponsor_after(self, end: int) -> bool:
        """ "Russian-backed": the name before the hyphen sponsors, it does not locate."""
        doc = self.doc
        return (
            end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in self.o.sponsors
        )

    def _acted_on(self, span: Span) -> bool:
        """A country that is the object of an action ("accused Minsk", "aid to Haiti")."""
        tok: Token = span.root
        while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ in ("dobj", "dative"):
            return True
        prep = tok.head
        return (
            tok.dep_ == "pobj"
            and prep.dep_ != "agent"
            and prep.lower_ != "by"
            and (prep.lower_ in self.o.actor_preps or prep.lower_ in self.o.argument_preps)
        )

    def _context_country(
        self, token: int, *, person: bool = False, exclude: str | None = None
    ) -> str | None:
        """The country an agent noun without a modifier belongs to: the nearest country
        evidence earlier in its sentence (for a title, not a country acted upon: "Canada will
        send aid to Haiti, Foreign Minister X said" is Canada's minister), else the first
        place later in it that locates the noun or its verb ("police in Kitwe"; a country
        merely acted on, "accused Minsk", is not evidence), else the nearest earlier in its
        paragraph, else the dateline country, else the country the document mentions most.
        ``exclude`` is a country the noun is known not to belong to (see ``_foreign_of``):
        then the nearest earlier other country anywhere in the document is used before the
        dateline."""
        doc = self.doc
        sent = doc[token].sent
        evidence = [e for e in self.evidence if e[1] != exclude]
        # Only a place that locates the agent noun, its verb or the verb's object ("police in
        # Kitwe", "police arrested ... in Kitwe", "detained students in Kitwe"), not "a
        # meeting in Luxembourg" in another clause.
        tok = doc[token]
        verb = tok.head if tok.dep_ != "compound" else tok.head.head
        anchors = {tok.i, tok.head.i, verb.i} | {
            c.i for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "nsubjpass")
        }
        after = [iso for t, iso, at in evidence if token < t < sent.end and at in anchors]
        # Those acted upon are where it happened ("Israeli strikes killed 12 people in Gaza"),
        # whoever acted on them: the locating place goes first for them.
        if after and not person and tok.dep_ in ("dobj", "nsubjpass", "dative"):
            return after[0]
        before = [
            iso
            for t, iso, _ in evidence
            if sent.start <= t < token and not (person and t in self.acted)
        ]
        if before:
            return before[-1]
        if after:
            return after[0]
        para = doc.text.rfind("\n", 0, sent.start_char) + 1
        earlier = [
            iso for t, iso, _ in evidence if t < sent.start and (exclude or doc[t].idx >= para)
        ]
        if earlier:
            return earlier[-1]
        if exclude is not None:
            return next((iso for _, iso, _ in evidence), None)
        return self.dateline_country or self.main_country

    def _foreign_of(self, it: _Item, sector: str) -> str | None:
        """A state institution acted on by a country is another country's ("Canada
        expressed support for the transitional government's plan"; "Russia accused the
        government of ..."): the country of the clause's subject, excluded as context."""
        if sector not in ("GOV", "LEG", "JUD"):
            return None
        tok = self.doc[it.end - 1]
        while tok.pos_ != "VERB" and tok.head.i != tok.i and tok.dep_ != "nsubj":
            tok = tok.head
        if tok.pos_ != "VERB":
            return None
        for subj in (c for c in tok.children if c.dep_ == "nsubj"):
            item = self.at.get(subj.i)
            if item is not None and item.kind in (_COUNTRY, _CAPITAL):
                return item.key
        return None

    def _item_country(self, it: _Item) -> str | None:
        if it.kind in (_COUNTRY, _DEMONYM):
            return it.key
        if it.kind == _CAPITAL:
            return it.key if self._capital_ok(it) else None
        if it.kind == _ORG:
            org = self._org(it.key)
            # A news agency's home says nothing about the story ("SANTIAGO (Reuters) -").
            if org.sector == "MED":
                return None
            return org.country if org.country in self.o.country_names else None
        return None

    def _capital_ok(self, it: _Item) -> bool:
        """A capital is not its country's government where places put it in another country."""
        start, end = self.doc[it.start].idx, self.doc[it.end - 1].idx + len(self.doc[it.end - 1])
        for place in self.doc._.get(PLACES) or []:
            if place["start"] == start and place["end"] == end and place.get("country"):
                return place["country"] == it.key
        # NER tags a capital used for its government ("Ottawa said") as GPE or ORG.
        return self.doc[it.start].ent_type_ in ("GPE", "ORG", "")

    def _national_society(self, it: _Item) -> None:
        """ "the Kenya Red Cross", "the Emirates Red Crescent": a transnational NGO of the
        dictionary (no country of its own) right after a country or demonym is that country's
        national society, an organisation of its own."""
        base = self._org(it.key)
        if base.country is not None or base.sector != "NGO":
            return
        # The country is an item, or (inside the organisation's NER entity) only a match.
        mod = self._item_ending_before(it.start)
        if mod is not None and mod.kind in (_COUNTRY, _DEMONYM) and mod.end == it.start:
            first, country = mod.start, mod.key
            mod.consumed = True
        else:
            lead = [(s, k) for s, (e, k, _) in self._lead_country.items() if e == it.start]
            if not lead:
                return
            first, country = lead[0]
        name = " ".join(self.doc[first : it.end].text.split())
        key = f"org:{_slug(name)}"
        self.orgs[key] = _Actor(
            key,
            name,
            country,
            base.sector,
            "organization",
            f"rule:national-society:{base.actor_id}",
        )
        it.key = key
        for t in range(first, it.start):
            self.at[t] = it
        it.start = first  # the mention spans the country too

    def _code_named_orgs(self) -> None:
        """Country (and opposition) of named organisations found by ``_add_named_org``."""
        doc = self.doc
        for it in self.items:
            if it.kind == _ORG and it.key in self.o.entries:
                self._national_society(it)
            if it.kind != _ORG or it.key in self.o.entries:
                continue
            actor = self.orgs[it.key]
            mod = self._item_ending_before(it.start)
            if actor.country is not None:
                pass  # named in its own name: "Kenya Human Rights Commission"
            elif mod is not None and mod.kind in (_COUNTRY, _DEMONYM, _CAPITAL):
                actor.country = mod.key
                self._consume_between(mod, it)
            elif actor.entry == "rule:acronym-org":
                # A bare acronym has no noun a nearby country could locate: it is of the
                # story's country ("PHNOM PENH — ... The CNRP condemned the arrest").
                actor.country = self.dateline_country or self.main_country
            else:
                actor.country = self._context_country(it.start)
            j = it.start - 1
            while j >= 0 and doc[j].pos_ in ("DET", "ADJ") and j not in self.at:
                j -= 1
            before = self.at.get(j)
            if (
                before is not None
                and before.kind == _GROUP
                and self.o.agent_rows[before.key]["sector"] == "OPP"
            ):
                actor.sector = "OPP"  # "the opposition Patriotic Front"
                before.consumed = True
