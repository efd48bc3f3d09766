"""Per-document lookups of the events stage: which token carries which mention, which sentence
it is in, what text is skipped, which actor mentions a phrase holds; and the trigger and
argument records the other jobs pass on.

Skipped text: direct quotes (a speaker's words are speech, not a reported action), headings (a
line with no sentence-final punctuation and no verb) and masked boilerplate.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from newsevents.events.patterns import _Rules
from newsevents.nlp import ACTORS, DATELINE, DATES, PLACES, PUBLISHED, QUOTES, ImpliedActor

# Actor kinds preferred when two mentions are equally close to an argument's head.
# Pronouns that name one person: the antecedent of each is looked for (``_antecedent``).
_PERSONAL = frozenset({"he", "she", "him", "her"})
_PERSONAL_POSSESSIVE = frozenset({"his", "her"})
ACTOR_RANK = {"person": 0, "organization": 1, "group": 2, "country": 3}
SENTENCE_END = frozenset(".!?:\"”’'")


class _Trigger:
    __slots__ = ("token", "entry", "action", "embedded", "merged", "phrases")

    def __init__(self, token: Token, entry: dict[str, Any], action: Token | None = None) -> None:
        self.token = token
        self.entry = entry
        # For a commitment governor: the verb naming what is committed to.
        self.action = action
        self.embedded: list[_Trigger] = []
        # The object noun naming the same event as this verb ("imposed sanctions on X").
        self.merged: Token | None = None
        # The source and target phrases the parse gives (``_Roles.arguments``), coded as
        # actors or not: an uncoded "a court ruling" is still the text of the target.
        self.phrases: tuple[list[Token], list[Token]] = ([], [])


class _Arg:
    __slots__ = ("token", "mention")

    def __init__(self, token: Token, mention: dict[str, Any]) -> None:
        self.token = token
        self.mention = mention


class _Document:
    """Per-document lookups: which token carries which mention, what text is skipped."""

    def __init__(self, doc: Doc, ex: _Rules) -> None:
        self.doc = doc
        self.ex = ex
        self.words = ex.words
        # Actors the events imply but the text never names, by id (see implied.implied_group).
        self.implied_actors: dict[str, ImpliedActor] = {}
        self.actor_at: dict[int, dict[str, Any]] = self._index(doc._.get(ACTORS) or [])
        self.actor_country: dict[str, str] = {
            str(m["actor_id"]): str(m["country"])
            for m in doc._.get(ACTORS) or []
            if m.get("country")
        }
        self.actor_sector: dict[str, str] = {
            str(m["actor_id"]): str(m["sector"]) for m in doc._.get(ACTORS) or [] if m.get("sector")
        }
        self.place_at: dict[int, dict[str, Any]] = self._index(doc._.get(PLACES) or [])
        self.date_at: dict[int, dict[str, Any]] = self._index(doc._.get(DATES) or [])
        # A quoted fragment without a verb ("would take 'reciprocal action'") is the
        # reporter's sentence quoting a phrase, not the speaker's words: its triggers count.
        self.quotes = [
            (q["start"], q["end"])
            for q in doc._.get(QUOTES) or []
            if _has_verb(doc.char_span(q["start"], q["end"], alignment_mode="expand"))
        ]
        self.published = doc._.get(PUBLISHED)
        # A dateline: an upper-case place at the start of a line, then a dash ("MOSCOW —",
        # "KYIV (AP) -"). The city may be followed by a mixed-case country or state ("KADUNA,
        # Nigeria —").
        self.dateline_spans: list[tuple[int, int]] = [
            (m.start(), m.end()) for m in DATELINE.finditer(doc.text)
        ]
        self.dateline_place = self._dateline_place(doc._.get(PLACES) or [])
        # The tokens each actor mention holds, in order: "Israeli and Hamas delegations" looks up
        # a mention's conjuncts without scanning its sentence (long sentences stay linear).
        self.actor_tokens: dict[int, list[int]] = {}
        for i in sorted(self.actor_at):
            self.actor_tokens.setdefault(id(self.actor_at[i]), []).append(i)
        # Sentence of each token, headings and counts per sentence: computed once, as
        # ``Token.sent`` walks the sentence on every call.
        self._sents: list[Span] | None = None
        self._sent_of: list[int] = []
        self._headings: dict[int, bool] = {}
        self._counts: dict[int, dict[str, int | None]] = {}

    def _index(self, mentions: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
        index: dict[int, dict[str, Any]] = {}
        for m in sorted(mentions, key=lambda m: m["end"] - m["start"]):
            span = self.doc.char_span(m["start"], m["end"], alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                index.setdefault(t.i, m)  # the shortest mention wins a token
        return index

    def _dateline_place(self, places: list[dict[str, Any]]) -> dict[str, Any] | None:
        for start, end in self.dateline_spans[:1]:
            for p in places:
                if start <= p["start"] < end:
                    return p
        return None

    def sent(self, tok: Token) -> Span:
        if self._sents is None:
            self._sents = list(self.doc.sents)
            self._sent_of = [k for k, s in enumerate(self._sents) for _ in range(len(s))]
        return self._sents[self._sent_of[tok.i]]

    def side(self, actor_id: str) -> str:
        """An actor's side in a conflict: its country and sector ("NGA REB"); a bare country,
        a person with no sector, is its government."""
        country = self.actor_country.get(actor_id)
        if country is None:
            return actor_id
        return f"{country} {self.actor_sector.get(actor_id) or 'GOV'}"

    def in_dateline(self, tok: Token) -> bool:
        return any(s <= tok.idx < e for s, e in self.dateline_spans)

    def skipped(self, tok: Token) -> bool:
        return self.quoted(tok) or self.in_heading(tok)

    def quoted(self, tok: Token) -> bool:
        return any(s <= tok.idx < e for s, e in self.quotes)

    def in_heading(self, tok: Token) -> bool:
        sent = self.sent(tok)
        if sent.start not in self._headings:
            self._headings[sent.start] = self.heading(sent)
        return self._headings[sent.start]

    def heading(self, sent: Span) -> bool:
        words = [t for t in sent if not t.is_space]
        if not words:
            return True
        if words[-1].text[-1] in SENTENCE_END:
            return False
        return not any(t.pos_ in ("VERB", "AUX") for t in words)

    def opponent(self, noun: Token) -> bool:
        """The phrase can name whom one fights: an actor, a place, a pronoun, an event noun
        ("fought a battle"), a person or group that NER found."""
        if noun.pos_ == "PRON" or noun.lemma_.lower() in self.ex.event_nouns:
            return True
        return any(
            t.i in self.actor_at
            or t.i in self.place_at
            or t.ent_type_ in ("PERSON", "NORP", "ORG", "GPE")
            for t in noun.subtree
        )

    def has_actor_child(self, tok: Token, deps: tuple[str, ...] = ("dobj", "dative")) -> bool:
        return any(c.dep_ in deps and c.i in self.actor_at for c in tok.children)

    def _actors(
        self,
        heads: list[Token],
        deep: bool = False,
        anchor: Token | None = None,
        owner: bool = False,
    ) -> list[_Arg]:
        """One actor per coordinated argument: the mention nearest each conjunct's head. With
        ``owner``, a head naming no actor in its own phrase takes the one its modifying clause
        names ("sanctions on tankers belonging to Russia's fleet")."""
        out: list[_Arg] = []
        seen: set[str] = set()
        expanded: list[Token] = []
        for h in heads:
            # A relative clause belongs to one conjunct only ("A, B and C, who led the talks").
            relcl = anchor is not None and any(
                c.dep_ == "relcl" and anchor in c.subtree for c in h.children
            )
            for t in (h,) if relcl else (h, *h.conjuncts):
                if t not in expanded:
                    expanded.append(t)
        for head in expanded:
            mention = self._nearest_mention(head, deep)
            if mention is None and owner and not deep:
                mention = self._nearest_mention(head, True, participial=True)
            if mention is None:
                mention = self._misattached(head)
            if mention is None:
                mention = self._antecedent(head)
            if (
                mention is None
                and owner
                and head.lemma_.lower() in self.words.get("property_nouns", ())
            ):
                # "stormed his official residence": whose the place or property is.
                mention = next(
                    (
                        found
                        for c in head.children
                        if c.dep_ == "poss"
                        and c.lower_ in _PERSONAL_POSSESSIVE
                        and (found := self._antecedent(c)) is not None
                    ),
                    None,
                )
            if mention is None:
                continue
            # "Israeli and Hamas delegations", "officials from India and Pakistan": modifiers
            # coordinated with the chosen one name further parties of the same argument.
            sent = self.sent(head)
            found = [mention] + [
                self.actor_at[c.i]
                for i in self.actor_tokens[id(mention)]
                if sent.start <= i < sent.end
                for c in self.doc[i].conjuncts
                if c.i in self.actor_at and not self.in_dateline(c)
            ]
            for m in found:
                if m["actor_id"] not in seen:
                    seen.add(m["actor_id"])
                    out.append(_Arg(head, m))
        return out

    def _misattached(self, head: Token) -> dict[str, Any] | None:
        """ "soldiers and members of the ELN", "police and elements in a crowd of protesters":
        the parser hangs the phrase after the last conjunct on the first one; a conjunct that
        names no actor itself takes the one in such a phrase to its right."""
        if head.dep_ != "conj":
            return None
        first = head.head
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        for prep in first.children:
            if prep.dep_ == "prep" and prep.i == head.right_edge.i + 1:
                return self._nearest_mention(prep, False)
        return None

    def _antecedent(self, head: Token) -> dict[str, Any] | None:
        """The person a "he"/"she"/"him"/"her" stands for: the last person named before it,
        in its sentence or the two before, other than one in its own clause ("Smith condemned
        her" is not Smith). A plural or neuter pronoun is left alone: "they" and "it" have too
        many candidates to guess."""
        if head.lower_ not in _PERSONAL | _PERSONAL_POSSESSIVE or head.pos_ != "PRON":
            return None
        sent = self.sent(head)
        first = sent.start
        for _ in range(2):
            if first == 0:
                break
            first = self.doc[first - 1].sent.start
        clause = head.head
        own = {t.i for t in clause.subtree} if clause.i != head.i else set()
        for i in range(head.i - 1, first - 1, -1):
            m = self.actor_at.get(i)
            if m is None or m.get("kind") != "person" or self.in_dateline(self.doc[i]):
                continue
            if i in own and sent.start <= i:
                continue
            return m
        return None

    def _nearest_mention(
        self, head: Token, deep: bool, participial: bool = False
    ) -> dict[str, Any] | None:
        """The actor mention nearest ``head`` in its phrase; ``deep`` also looks into clauses
        modifying a noun, ``participial`` only into participle ones ("tankers belonging to X",
        "positions held by X"), not infinitives ("a demand to grant X access": its content)."""
        blocked = self.words.get("clause_deps", frozenset())
        best: tuple[tuple[int, int, int], dict[str, Any]] | None = None
        stack = [(head, 0)]
        while stack:
            t, depth = stack.pop()
            m = self.actor_at.get(t.i)
            if m is not None and not self.in_dateline(t):
                rank = (depth, ACTOR_RANK.get(m.get("kind", ""), 4), t.i)
                if best is None or rank < best[0]:
                    best = (rank, m)
            for c in t.children:
                opened = deep and c.dep_ in ("acl", "relcl")
                if participial and opened:
                    if c.dep_ == "acl" and c.tag_ in ("VBG", "VBN"):
                        # Only the participle's own by/to phrase names an owner ("belonging
                        # to X", "run by X"), not a clause nested in it ("accused of shipping
                        # oil to X").
                        stack.extend(
                            (g, depth + 2)
                            for p in c.children
                            if p.dep_ in ("agent", "prep")
                            for g in p.children
                            if g.dep_ == "pobj"
                        )
                    continue
                if c.dep_ in blocked and not opened:
                    continue
                stack.append((c, depth + 1))
        return best[1] if best else None

    def is_state(self, mention: dict[str, Any]) -> bool:
        """A country or a state institution (government, military, police, legislature...)."""
        return mention.get("kind") == "country" or mention.get("sector") in self.ex.state_sectors

    def country_of(self, mention: dict[str, Any]) -> str | None:
        if mention.get("country"):
            return str(mention["country"])
        return self.actor_country.get(str(mention.get("actor_id")))


def _has_verb(span: Span | None) -> bool:
    return span is None or any(t.pos_ in ("VERB", "AUX") for t in span)
