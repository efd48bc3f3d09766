"""Circumstances of an event: where and when, and how many were killed, injured or arrested.

Place: the most specific place (then the nearest) among places in the trigger's own clause: its
subtree, its light verb's or governor's direct modifiers, never inside another clause. Only
CONSULT and PROTEST fall back to the dateline place (see cues.yaml). Dates: the nearest date
mention in the clause, else the publication date (precision "day").

Counts (fatalities, injured, arrested) are read from the trigger's sentence and given to its
ASSAULT (fatalities, injured) and COERCE (arrested) events.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from newsevents.events.document import _Arg, _Trigger
from newsevents.events.realis import _Realis

# Place kinds from most to least specific: a facility pins an event better than its country.
PLACE_RANK = {"facility": 0, "airport": 0, "city": 1, "admin": 2, "region": 3, "country": 4}
COUNT_TYPES = {"fatalities": "ASSAULT", "injured": "ASSAULT", "arrested": "COERCE"}


class _Circumstances(_Realis):
    """Place, date and counts of a trigger's event, from its own clause and sentence."""

    def _clause_tokens(self, trig: _Trigger) -> list[tuple[Token, int]]:
        """Tokens of the trigger's own clause with their distance: the trigger's subtree, then
        the direct modifiers of its light verb / governors, never entering another clause."""
        blocked = self.words.get("clause_deps", frozenset())
        anchors = [trig.token]
        if trig.action is not None:
            anchors.append(trig.action)
        light = self.light_verb(trig.token) if trig.token.pos_ in ("NOUN", "PROPN") else None
        node = light or trig.token
        if light is not None:
            anchors.append(light)
        while self.governor(node) is not None:
            node = self.governor(node)
            anchors.append(node)
        # "killed 19 and wounded 42 in El Fasher on Sunday": trailing modifiers of the last
        # coordinated verb belong to all of them.
        for verb in list(anchors):
            for conj in (c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"):
                anchors.extend(
                    m for m in conj.children if m.dep_ in ("prep", "npadvmod") and m.i > conj.i
                )
        # "arrested 37 on Tuesday as thousands marched": a time clause shares the main date.
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in self.words.get("time_mark", ()) for c in node.children
        ):
            anchors.extend(c for c in node.head.children if c.dep_ in ("prep", "npadvmod"))
        out: list[tuple[Token, int]] = []
        seen: set[int] = set()
        for rank, anchor in enumerate(anchors):
            stack = [(anchor, rank)]
            while stack:
                t, depth = stack.pop()
                if t.i in seen:
                    continue
                seen.add(t.i)
                out.append((t, depth))
                for c in t.children:
                    if c.dep_ in blocked and c not in anchors:
                        continue
                    stack.append((c, depth + 1))
        return out

    def place(self, trig: _Trigger, plover_type: str, args: list[_Arg]) -> dict[str, Any] | None:
        # An implied actor (no span) takes no text.
        taken = [
            (a.mention["start"], a.mention["end"]) for a in args if a.mention["start"] is not None
        ]
        best: tuple[tuple[int, int], dict[str, Any]] | None = None
        for t, depth in self._clause_tokens(trig):
            p = self.place_at.get(t.i)
            # A dateline place is where the story was filed, used only as the fallback below;
            # a place owning an actor ("Cambodia's former leader") locates nothing.
            if (
                p is None
                or self.in_dateline(t)
                or any(s < p["end"] and p["start"] < e for s, e in taken)
                or self.possessor(p)
            ):
                continue
            rank = (PLACE_RANK.get(p.get("kind", ""), 5), depth)
            if best is None or rank < best[0]:
                best = (rank, p)
        if best is not None:
            return best[1]
        if plover_type.lower() in self.words.get("physical_types", ()):
            return self.dateline_place
        # A domestic action by an actor of the dateline's country ("NAIROBI — Kenyan police
        # arrested ...") happened where the story was filed far more often than not.
        dateline = self.dateline_place
        if dateline is not None and args and dateline.get("country"):
            countries = {self.country_of(a.mention) for a in args}
            if countries == {dateline["country"]}:
                return dateline
        return None

    def possessor(self, place: dict[str, Any]) -> bool:
        """The place owns an actor ("Cambodia's former leader"), not a thing at that place
        ("Kabul's airport")."""
        span = self.doc.char_span(place["start"], place["end"], alignment_mode="expand")
        return span is not None and span.root.dep_ == "poss" and span.root.head.i in self.actor_at

    def date(self, trig: _Trigger) -> tuple[str | None, str | None, str | None]:
        """The event's date, its precision, and where it came from: "text" (a date expression
        of its clause) or "published" (the fallback on the publication date)."""
        best: tuple[int, dict[str, Any]] | None = None
        for t, depth in self._clause_tokens(trig):
            d = self.date_at.get(t.i)
            if d is not None and (best is None or depth < best[0]):
                best = (depth, d)
        if best is not None:
            return best[1]["date"], best[1]["precision"], "text"
        # "met on Tuesday, and signed ...": a coordinated clause shares its first clause's date.
        node = trig.token
        if node.pos_ in ("NOUN", "PROPN"):
            node = self.light_verb(node) or node
        if node.dep_ == "conj" and node.head.i != node.i:
            for c in node.head.children:
                if c.dep_ not in ("prep", "npadvmod"):
                    continue
                found = [self.date_at[t.i] for t in c.subtree if t.i in self.date_at]
                if found:
                    return found[0]["date"], found[0]["precision"], "text"
        if self.published:
            return str(self.published)[:10], "day", "published"
        return None, None, None

    def counts(self, sent: Span) -> dict[str, int | None]:
        if sent.start not in self._counts:
            self._counts[sent.start] = self._sentence_counts(sent)
        return self._counts[sent.start]

    def _sentence_counts(self, sent: Span) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for tok in sent:
            field = self.ex.casualty.get(tok.lemma_.lower()) or self.ex.casualty.get(tok.lower_)
            if field is None or field in out:
                continue
            number = self._count_for(tok)
            if number is not _NONE:
                out[field] = number
        return out

    def _count_for(self, cue: Token) -> Any:
        candidates: list[Token] = []
        for c in cue.children:
            if c.dep_ in ("nsubj", "nsubjpass", "dobj", "npadvmod", "attr"):
                candidates.append(c)
        if cue.dep_ in ("amod", "acl") or cue.pos_ in ("NOUN",):
            candidates.append(cue.head if cue.dep_ in ("amod", "acl") else cue)
        if cue.dep_ in ("acomp", "oprd", "advcl"):
            candidates.extend(c for c in cue.head.children if c.dep_ in ("nsubj", "nsubjpass"))
        for cand in candidates:
            nums = [cand] if cand.like_num or cand.lower_ in self.ex.numbers else []
            nums += [c for c in cand.children if c.dep_ in ("nummod", "quantmod", "amod")]
            for n in nums:
                value = self._number(n)
                if value is not _NONE:
                    return value
        # "at least 5 dead": the number right before the cue word.
        for t in reversed(cue.doc[max(self.sent(cue).start, cue.i - 3) : cue.i]):
            value = self._number(t)
            if value is not _NONE:
                return value
        return _NONE

    def _number(self, tok: Token) -> Any:
        text = tok.lower_.replace(",", "")
        if text.isdigit():
            return int(text)
        if text in self.ex.numbers:
            value = self.ex.numbers[text]
            # "two hundred", "3 million": multiply by the number word before a scale word.
            start = self.sent(tok).start
            prev = tok.nbor(-1) if tok.i > start else None
            if value in (100, 1000, 1000000) and prev is not None:
                p = self._number(prev) if prev.i >= start else _NONE
                if isinstance(p, int):
                    return p * value
            return value
        return _NONE


_NONE = object()  # "no number here", as distinct from a number we cannot state (None)
