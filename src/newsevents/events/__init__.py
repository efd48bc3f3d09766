"""The events stage: PLOVER/CAMEO events from trigger patterns over the dependency parse.

``newsevents_events`` reads the actor, place, date and quote mentions of earlier stages (through
their Doc extensions only) and writes ``doc._.ne_events``, a list of ``EventMention`` dicts.

How an event is found:

1. **Triggers.** ``data/events/verb_patterns.jsonl`` entries are dependency patterns: a verb or
   noun lemma plus required children ("call" + prep "for"), with DependencyMatcher semantics.
   PhraseMatchers on the lemmas find candidate tokens; each is checked against its own entries
   only, on the parse (a DependencyMatcher over ~200 keys tried every node on every token).
   Where several entries match one token the most constrained wins (more required children, then
   the more specific entry). A noun marked ``light_only`` counts only as the object of a light
   verb ("expressed support", "signed an agreement"). A speech trigger taking a clause is no
   event ("warned that prices would rise") unless it addresses an actor or the clause says what
   the speaker will or could do ("warned it would take countermeasures": a threat).
2. **Realis.** A trigger governed through ``xcomp`` by a cue verb takes that verb's modality
   ("plans to visit" -> intent; "refused to withdraw" -> negated) and the governor yields to it.
   A trigger nested in what a REQUEST/REJECT/THREATEN/AGREE trigger asks for, offers or refuses is
   not reported on its own. A commitment governor with no trigger below it ("is prepared to take
   a leading role") is itself an AGREE with intent. Intent recodes cooperation as AGREE (CAMEO
   03x) and conflict as THREATEN (CAMEO 13x), as PLOVER prescribes, using the ``intent`` column
   of ``plover_cameo.csv``.
3. **Roles.** Source: subject (climbing xcomp/conj/advcl/pcomp; a relative pronoun stands for
   the noun it modifies; object control for "urged X to" after the control verbs of
   cues.yaml), the ``by`` agent of a passive, a nominal's possessor/``of``/``by``/adjective,
   or the subject of the light verb. Target: direct
   object, dative, target prepositions (also those of an event noun object: "imposed sanctions
   on X and on Y"), a passive subject; a phrase naming no actor takes its owner from a
   participle clause ("tankers belonging to X"). Coordinated arguments, and coordinated
   modifiers inside one ("Israeli and Hamas delegations"), give one event each; a reciprocal
   trigger with coordinated subjects and no target pairs the first subject with each other one,
   "each other" pairs them both ways. With no target found: a purpose clause's object ("fired
   tear gas to disperse X"); for a threat, the subject of its condition ("if X retaliates"), then
   the counterpart of what is threatened; what is promised or refused ("refused to lift
   sanctions on X"); a dual plural ("called on both countries") stands for the two parties of
   the last two-sided event; a definite event noun ("condemned the attack") for the actor of
   that earlier event, told apart from the source by country and sector. A two-sided event noun
   in a time adjunct ("seized the town after fighting with X") includes the clause's subject.
   Only actor mentions of ``ne_actors`` fill a role; an event needs at least one. A
   state that "protests" complains officially (ACCUSE 114); a demand that someone resign
   or withdraw targets whoever is to yield. In one
   sentence, an event lacking a role that another of its type names, the other role shared, is
   the same action and is dropped ("attacked a village, killing four civilians").
4. **Place and date.** The most specific place (then the nearest) among places in the trigger's
   own clause: its subtree, its light verb's or governor's direct modifiers, never inside another
   clause. Only CONSULT and PROTEST fall back to the dateline place (see cues.yaml). Dates:
   the nearest date mention in the clause, else the publication date (precision "day").
5. **Skipped text:** direct quotes (a speaker's words are speech, not a reported action),
   headings (a line with no sentence-final punctuation and no verb) and masked boilerplate.

Counts (fatalities, injured, arrested) are read from the trigger's sentence and given to its
ASSAULT (fatalities, injured) and COERCE (arrested) events.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from newsevents import dictionaries as dictionary_files
from newsevents.errors import DictionaryError
from newsevents.nlp import (
    ACTORS,
    DATELINE,
    DATES,
    EVENTS,
    PLACES,
    PUBLISHED,
    QUOTES,
    EventMention,
)

CAMEO_FILE = "events/plover_cameo.csv"

PLOVER_TYPES = frozenset(
    {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST"}
    | {"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
)
# Sectors of state institutions (sectors.csv).
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "LEG", "JUD", "SPY"})
# What a demand asks its addressee to do itself: yield or withdraw.
YIELDING_TYPES = frozenset({"CONCEDE", "RETREAT"})
# Place kinds from most to least specific: a facility pins an event better than its country.
PLACE_RANK = {"facility": 0, "airport": 0, "city": 1, "admin": 2, "region": 3, "country": 4}
# Actor kinds preferred when two mentions are equally close to an argument's head.
ACTOR_RANK = {"person": 0, "organization": 1, "group": 2, "country": 3}
# A dateline: an upper-case place at the start of a line, then a dash ("MOSCOW —", "KYIV (AP) -").
# The city may be followed by a mixed-case country or state ("KADUNA, Nigeria —").
SENTENCE_END = frozenset(".!?:\"”’'")
# Children of a REQUEST/REJECT/THREATEN/AGREE trigger that are not its content.
NOT_EMBEDDED = frozenset(
    {"nsubj", "nsubjpass", "agent", "punct", "aux", "neg", "advmod", "conj", "cc", "advcl"}
    | {"parataxis", "npadvmod", "relcl", "mark"}
)
# Types whose counterpart, when not named, is the counterpart of the action they embed.
INHERIT_TARGET = frozenset({"AGREE", "THREATEN", "REJECT"})
# Dependency labels of a clause below the main one: its events are background to the sentence.
SUBORDINATE = frozenset({"advcl", "relcl", "acl", "pcomp"})
COUNT_TYPES = {"fatalities": "ASSAULT", "injured": "ASSAULT", "arrested": "COERCE"}


# Cue kinds whose value maps words to numbers or CAMEO codes (cues.yaml).
_MAPPING_CUES = frozenset({"numbers", "request_codes"})


class EventExtractor:
    """Finds events in a parsed Doc annotated with actors, places, dates and quotes."""

    def __init__(
        self, nlp: Language, dictionaries: Iterable[str] = (), keep_unfilled: bool = False
    ) -> None:
        # An event whose trigger matched but no coded actor fills a role: kept (low confidence)
        # only when a later stage can judge it (the learned model does), else dropped.
        self.keep_unfilled = keep_unfilled
        # User files of kinds cameo, verb_patterns and event_cues, told apart by their headers.
        extra = [Path(p) for p in dictionaries]
        self.cameo = {e["id"]: e for e in dictionary_files.load("cameo", extra)}
        for row in self.cameo.values():
            if row.get("type") not in PLOVER_TYPES:
                raise DictionaryError(f"{row['_where']}: unknown PLOVER type {row.get('type')!r}")
        self.patterns = {e["id"]: e for e in dictionary_files.load("verb_patterns", extra)}
        cues = dictionary_files.load("event_cues", extra)
        self.cues: dict[str, list[dict[str, Any]]] = {}
        for entry in cues:
            if entry["kind"] in _MAPPING_CUES and not isinstance(entry.get("value"), dict):
                raise DictionaryError.of(
                    "NE010",
                    where=entry["_where"],
                    problem=f"a {entry['kind']} cue's value is a mapping (word: value)",
                )
            self.cues.setdefault(entry["kind"], []).append(entry)
        self.words = {kind: self._words(kind) for kind in self.cues}
        self.aux_modality = self._valued("aux")
        self.governor_modality = self._valued("governor")
        self.numbers: dict[str, int | None] = {}
        for entry in self.cues.get("numbers", []):
            self.numbers.update({str(k).lower(): v for k, v in entry["value"].items()})
        self.casualty = {w: e["value"] for e in self.cues.get("casualty", []) for w in e["words"]}
        self.verbal_protest = next(
            (str(e["value"]) for e in self.cues.get("verbal_protest", [])), "114"
        )
        self.request_codes: dict[str, str] = {}
        for entry in self.cues.get("request_codes", []):
            self.request_codes.update({k: str(v) for k, v in entry["value"].items()})
        commitment = self.cues.get("commitment", [])
        self.commitment_cameo = str(commitment[0]["value"]) if commitment else None
        # Candidate triggers: a token whose lemma, or lower-case form, is some entry's word.
        # One C pass over the document; each candidate is then checked against the entries of
        # its own word only (see _matches).
        self.by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.triggers: list[_Pattern] = []
        for entry in self.patterns.values():
            self._add_pattern(nlp, entry)
        # Event words (any trigger lemma) -> the PLOVER types they name, to resolve "the attack".
        self.event_nouns: dict[str, set[str]] = {}
        for entry in self.patterns.values():
            kind = self.cameo[str(entry["cameo"])]["type"]
            for lemma in entry["lemma"]:
                self.event_nouns.setdefault(str(lemma).lower(), set()).add(kind)

    def _words(self, kind: str) -> frozenset[str]:
        return frozenset(
            str(w).lower() for e in self.cues.get(kind, []) for w in e.get("words", [])
        )

    def _valued(self, kind: str) -> dict[str, str]:
        return {str(w).lower(): e["value"] for e in self.cues.get(kind, []) for w in e["words"]}

    def _add_pattern(self, nlp: Language, entry: dict[str, Any]) -> None:
        if str(entry.get("cameo")) not in self.cameo:
            raise DictionaryError(
                f"{entry['_where']}: cameo {entry.get('cameo')!r} not in {CAMEO_FILE}"
            )
        lemmas = entry.get("lemma") or []
        if not lemmas:
            raise DictionaryError(f"{entry['_where']}: an entry needs at least one lemma")
        pos = entry.get("pos", "VERB")
        allowed = {"VERB": ["VERB"], "NOUN": ["NOUN", "PROPN"], "ADJ": ["ADJ"]}[pos]
        # Lemmas are matched by spaCy's LEMMA; the lower-case form also catches forms the
        # lemmatizer leaves alone (e.g. a plural noun tagged PROPN).
        trigger = _Pattern(len(self.triggers), entry, allowed, lemmas)
        trigger.children = [_Node.build(nlp, c) for c in entry.get("children") or []]
        if entry.get("head"):
            trigger.head = _Node.build(nlp, entry["head"])
        self.triggers.append(trigger)
        key = str(trigger.index)
        self.by_lemma.add(key, [Doc(nlp.vocab, words=[w], lemmas=[w]) for w in lemmas])
        self.by_lower.add(key, [Doc(nlp.vocab, words=[w.lower()]) for w in lemmas])

    def _matches(self, doc: Doc) -> dict[int, list[_Pattern]]:
        """Entries matching at each token, in data-file order: the trigger's part of speech and
        word, each required child (and its own children) among the token's dependents, the
        required head as its head. A child constraint is satisfied by any dependent, as in a
        spaCy DependencyMatcher: two required children may be the same token."""
        candidates: dict[int, set[int]] = {}
        for matcher in (self.by_lemma, self.by_lower):
            for key, start, _ in matcher(doc):
                candidates.setdefault(start, set()).add(int(doc.vocab.strings[key]))
        out: dict[int, list[_Pattern]] = {}
        for i, indices in candidates.items():
            tok = doc[i]
            found = [self.triggers[k] for k in sorted(indices) if self.triggers[k].match(tok)]
            if found:
                out[i] = found
        return out

    # ------------------------------------------------------------------ document
    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EVENTS, self.extract(doc))
        return doc

    def extract(self, doc: Doc) -> list[EventMention]:
        if not len(doc):
            return []
        ctx = _Context(doc, self)
        triggers = self._triggers(doc, ctx)
        events: list[EventMention] = []
        seen: dict[tuple[Any, ...], int] = {}
        for trig in triggers:
            for ev in self._events_for(trig, ctx, events):
                key = (ev["type"], ev["source_id"], ev["target_id"], ev["sentence_start"])
                if key in seen:
                    # "fired tear gas and arrested 37 people on Tuesday": one event; keep the
                    # mention that says more (a count, a place, a date of its own).
                    i = seen[key]
                    if _detail(ev, ctx.published) > _detail(events[i], ctx.published):
                        events[i] = ev
                    continue
                seen[key] = len(events)
                events.append(ev)
        return [ev for ev in events if not _subsumed(ev, events)]

    def _triggers(self, doc: Doc, ctx: _Context) -> list[_Trigger]:
        best: dict[int, tuple[tuple[int, float], dict[str, Any]]] = {}
        for i, patterns in self._matches(doc).items():
            for pattern in patterns:
                # Ties go to the earlier entry of the data file.
                if i not in best or pattern.rank > best[i][0]:
                    best[i] = (pattern.rank, pattern.entry)
        found: dict[int, _Trigger] = {}
        for i, (_, entry) in sorted(best.items()):
            tok = doc[i]
            if ctx.skipped(tok):
                continue
            if tok.dep_ == "compound" and tok.head.i in ctx.actor_at:
                # "riot police", "protest leaders": an event noun describing who an actor is,
                # not an event of the sentence.
                continue
            if (
                entry.get("pos") == "NOUN"
                and entry.get("light_only")
                and not ctx.light_verb(tok)
                and not ctx.has_agent(tok)
            ):
                continue
            # "warned that prices would rise" is speech; "warned Iran that ..." addresses an actor.
            if (
                entry.get("speech")
                and any(c.dep_ == "ccomp" for c in tok.children)
                and not ctx.has_actor_child(tok)
                and not ctx.commits_speaker(tok)
            ):
                continue
            found[i] = _Trigger(tok, entry)
        # Commitment governors with no trigger below them: "is prepared to take a role".
        for tok in doc:
            if (
                self.commitment_cameo
                and tok.lemma_.lower() in self.words.get("commitment", ())
                and tok.i not in found
                and not ctx.skipped(tok)
            ):
                inner = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
                if inner and not any(t in found for t in (x.i for x in inner[0].subtree)):
                    entry = {"id": "commitment", "cameo": self.commitment_cameo, "pos": "VERB"}
                    found[tok.i] = _Trigger(tok, entry, action=inner[0])
        # Cue governors yield to the trigger they govern ("threatened to impose sanctions");
        # other triggers keep it as what they ask for ("urged X to release").
        cue_governors = set(self.governor_modality) | self.words.get("negating_governor", set())
        for trig in list(found.values()):
            anchor = trig.token
            if anchor.pos_ in ("NOUN", "PROPN"):
                # "vowed to intensify operations": the noun's light verb is what is governed.
                anchor = ctx.light_verb(anchor) or anchor
            gov = ctx.governor(anchor)
            if (
                gov is not None
                and gov.i in found
                and found[gov.i].action is None
                and gov.lemma_.lower() in cue_governors
            ):
                # "X and Y agreed to withdraw": the pairing of the governor carries over.
                if found[gov.i].entry.get("reciprocal"):
                    trig.entry = {**trig.entry, "reciprocal": True}
                del found[gov.i]
        # A verb and its object noun naming the same event ("imposed sanctions") are one event:
        # the verb stays the trigger, the better-constrained entry codes it.
        for trig in list(found.values()):
            noun = trig.token
            verb = noun.head
            if noun.dep_ != "dobj" or verb.i not in found or noun.i not in found:
                continue
            outer = found[verb.i]
            if (
                self.cameo[str(outer.entry["cameo"])]["type"]
                != self.cameo[str(trig.entry["cameo"])]["type"]
            ):
                continue
            if _rank(trig.entry) >= _rank(outer.entry):
                outer.entry = {**trig.entry, "pos": "VERB"}
            elif trig.entry.get("reciprocal"):
                # "A and B held talks": the noun's pairing holds whichever entry codes it.
                outer.entry = {**outer.entry, "reciprocal": True}
            outer.merged = noun
            del found[noun.i]
        # What is requested, offered or refused did not happen: drop triggers nested there.
        # Noun triggers by their light verb, looked up per verb (not a scan of all triggers).
        by_light: dict[int, list[_Trigger]] = {}
        for trig in found.values():
            light = ctx.light_verb(trig.token) if trig.token.pos_ in ("NOUN", "PROPN") else None
            if light is not None:
                by_light.setdefault(light.i, []).append(trig)
        for trig in list(found.values()):
            if trig.entry.get("embeds") != "unrealized" or trig.token.i not in found:
                continue
            pledged = [
                t
                for t in by_light.get(trig.token.i, ())
                if found.get(t.token.i) is t
                and self.cameo[str(t.entry["cameo"])]["type"].lower()
                in self.words.get("pledged_types", ())
            ]
            if pledged:
                # "pledged aid": the verb only introduces the nominal event, coded as intent.
                del found[trig.token.i]
                continue
            for child in trig.token.children:
                # Subjects, modifiers and coordinated or adverbial clauses are not what is asked
                # for ("accused X of Y and asked Z to ..." reports the asking as well).
                if child.dep_ in NOT_EMBEDDED and not _purpose(child):
                    continue
                for t in child.subtree:
                    if t.i in found and t.i != trig.token.i:
                        trig.embedded.append(found.pop(t.i))
        # "pledged aid to help X", "met the envoys for talks": the purpose clause or phrase
        # restates the event it belongs to.
        for trig in list(found.values()):
            clause = trig.token
            if not _purpose(clause) and not (
                clause.dep_ == "pobj" and clause.head.lower_ == "for" and clause.head.dep_ == "prep"
            ):
                continue
            if clause.dep_ == "pobj":
                clause = clause.head
            kind = self.cameo[str(trig.entry["cameo"])]["type"]
            for other in found.values():
                anchor = ctx.light_verb(other.token) or other.token
                if (
                    other is not trig
                    and anchor.i == clause.head.i
                    and self.cameo[str(other.entry["cameo"])]["type"] == kind
                ):
                    del found[trig.token.i]
                    break
        return sorted(found.values(), key=lambda t: t.token.i)

    def _both_sides(self, trig: _Trigger, ctx: _Context, prior: list[EventMention]) -> list[_Arg]:
        """ "the two ministers signed", "both sides agreed", "talks between the two sides": a
        dual subject (or "between" object) stands for the source and target of the last two-sided
        event."""
        tok = trig.action if trig.action is not None else trig.token
        between = [
            g
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "between"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        if tok.pos_ in ("NOUN", "PROPN"):
            tok = ctx.light_verb(tok) or tok
        subj = between if trig.token.pos_ in ("NOUN", "PROPN") and between else ctx.subject(tok)[0]
        if len(subj) != 1 or subj[0].tag_ not in ("NNS", "NNPS"):
            return []
        dual = self.words.get("dual", ())
        if not any(c.lower_ in dual for c in subj[0].children):
            return []
        for ev in reversed(prior):
            if ev["source_id"] and ev["target_id"] and ev["source_id"] != ev["target_id"]:
                return [
                    _Arg(
                        subj[0],
                        {
                            "actor_id": ev[f"{r}_id"],
                            "start": ev[f"{r}_start"],
                            "end": ev[f"{r}_end"],
                        },
                    )
                    for r in ("source", "target")
                ]
        return []

    @staticmethod
    def _inherits(trig: _Trigger, kind: str, ctx: _Context) -> bool:
        if kind not in INHERIT_TARGET:
            return False
        if kind != "REJECT":
            return True
        # "refused to back X's statement" refuses X; "rejected a demand to grant X access"
        # rejects whoever made the demand, not X.
        inner = trig.embedded[0].token
        anchor = ctx.light_verb(inner) or inner if inner.pos_ in ("NOUN", "PROPN") else inner
        return anchor.dep_ == "xcomp" and anchor.head == trig.token

    def _dual_target(
        self, trig: _Trigger, ctx: _Context, prior: list[EventMention], source_ids: set[str]
    ) -> list[_Arg]:
        """ "called on both countries to ...", "urged the two sides": a dual plural in the target
        position stands for the two parties of the last two-sided event, one event each."""
        tok = trig.token
        if tok.pos_ in ("NOUN", "PROPN"):
            tok = ctx.light_verb(tok) or tok
        # ("talks between the two sides" names both parties: see _both_sides.)
        heads = [c for c in tok.children if c.dep_ in ("dobj", "dative")] + [
            g
            for c in tok.children
            if c.dep_ in ("prep", "dative") and c.lower_ != "between"
            for g in c.children
            if g.dep_ == "pobj"
        ]
        dual = self.words.get("dual", ())
        head = next(
            (
                h
                for h in heads
                if h.tag_ in ("NNS", "NNPS")
                and h.i not in ctx.actor_at
                and any(c.lower_ in dual for c in h.children)
            ),
            None,
        )
        if head is None:
            return []
        for ev in reversed(prior):
            source, target = ev["source_id"], ev["target_id"]
            if source and target and ctx.side(source) != ctx.side(target):
                return [
                    _Arg(
                        head,
                        {
                            "actor_id": ev[f"{r}_id"],
                            "start": ev[f"{r}_start"],
                            "end": ev[f"{r}_end"],
                        },
                    )
                    for r in ("source", "target")
                    if ev[f"{r}_id"] not in source_ids
                ]
        return []

    def _antecedent_target(
        self, trig: _Trigger, ctx: _Context, prior: list[EventMention], source_ids: set[str]
    ) -> list[_Arg]:
        """ "condemned the attack", "rejected the accusation": a definite event noun as object
        with no actor in it refers back to an earlier event, whose actor is the target."""
        tok = trig.token
        if tok.pos_ != "VERB":
            return []
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None or any(t.i in ctx.actor_at for t in obj.subtree):
            return []
        kinds = self.event_nouns.get(obj.lemma_.lower())
        definite = any(
            c.dep_ in ("det", "poss") and c.lower_ in self.words.get("anaphoric_det", ())
            for c in obj.children
        )
        if not kinds or not definite:
            return []
        # Sides are told apart by country and sector: a governor condemning the gunmen of his
        # own state is condemning another side, a ministry defending its own army is not.
        ours = source_ids | {ctx.side(i) for i in source_ids}

        def other(actor_id: str | None) -> bool:
            return bool(actor_id) and not {actor_id, ctx.side(str(actor_id))} & ours

        def arg(ev: EventMention) -> list[_Arg]:
            mention = {"actor_id": ev["source_id"], "start": ev["source_start"]}
            return [_Arg(obj, {**mention, "end": ev["source_end"]})]

        for ev in reversed(prior):
            if ev["type"] in kinds and other(ev["source_id"]):
                return arg(ev)
        # No such event coded: the last actor who acted on the source ("Iran rejected the
        # accusations" after the EU's sanctions on Iran).
        for ev in reversed(prior):
            target = ev["target_id"]
            if other(ev["source_id"]) and target and not other(target):
                return arg(ev)
        return []

    def _events_for(
        self, trig: _Trigger, ctx: _Context, prior: list[EventMention]
    ) -> list[EventMention]:
        tok = trig.token
        sent = ctx.sent(tok)
        negated, modality = ctx.realis(tok)
        if trig.action is not None:
            modality = _stronger(modality, "intent")  # a commitment is intent by definition
        row = self.cameo[str(trig.entry["cameo"])]
        if row["type"] == "REQUEST" and trig.embedded:
            # What is demanded sets the REQUEST mode ("demanded the withdrawal" -> CAMEO 106).
            inner = self.cameo[str(trig.embedded[0].entry["cameo"])]
            code = self.request_codes.get(inner["id"]) or self.request_codes.get(inner["type"])
            if code in self.cameo:
                row = self.cameo[code]
        pledged = (
            row["type"].lower() in self.words.get("pledged_types", ())
            and tok.pos_ in ("NOUN", "PROPN")
            and ctx.light_verb(tok) is not None
        )
        # "pledged $80 million in aid" stays AID (intent): a stated amount is a material
        # commitment; "agreed to cooperate" is PLOVER's AGREE.
        if modality == "intent" and row.get("intent") and not pledged:
            row = self.cameo[str(row["intent"])]
        sources, targets, role_sources = ctx.arguments(trig)
        if (
            row["type"] == "PROTEST"
            and sources
            and tok.lemma_.lower() in self.words.get("verbal_protest", ())
            and all(ctx.is_state(a.mention) for a in sources)
        ):
            row = self.cameo[self.verbal_protest]
        if row["type"] == "REQUEST" and trig.embedded:
            inner_type = self.cameo[str(trig.embedded[0].entry["cameo"])]["type"]
            if inner_type in YIELDING_TYPES:
                # "demanded the resignation of the prime minister", "called for the withdrawal
                # of Russian troops": the demand is made of whoever is to yield.
                yielding, _, _ = ctx.arguments(trig.embedded[0])
                source_ids = {a.mention["actor_id"] for a in sources}
                targets = [
                    a for a in yielding if a.mention["actor_id"] not in source_ids
                ] or targets
        if not sources and targets:
            sources = ctx.implied_source(trig, row["type"], targets)
        pair = self._both_sides(trig, ctx, prior)
        if pair:
            sources, targets = pair, []
            trig.entry = {**trig.entry, "reciprocal": True}
        source_ids = {a.mention["actor_id"] for a in sources}
        if not targets and row["type"] == "THREATEN":
            # "threatened to double the levies if Ottawa retaliated": the condition's subject is
            # whom the threat addresses, before the counterpart of what is threatened.
            targets = ctx.condition_subject(trig, source_ids)
        if not targets and trig.embedded and self._inherits(trig, row["type"], ctx):
            # "agreed to release Israeli hostages": the counterpart of what is promised,
            # threatened or refused is the counterpart of the promise.
            _, inner, _ = ctx.arguments(trig.embedded[0])
            targets = [a for a in inner if a.mention["actor_id"] not in source_ids]
        if not targets and row["type"] == "THREATEN":
            targets = [
                a for a in ctx.threatened_targets(trig) if a.mention["actor_id"] not in source_ids
            ]
        if not targets:
            targets = self._dual_target(trig, ctx, prior, source_ids)
        if not targets:
            targets = self._antecedent_target(trig, ctx, prior, source_ids)
        pairs: list[tuple[_Arg | None, _Arg | None]] = []
        if not targets and len(sources) > 1 and ctx.each_other(trig):
            # "A and B accused each other": each acts on the other.
            pairs = [(s, t) for s in sources for t in sources if s is not t]
        elif not targets and len(sources) > 1 and trig.entry.get("reciprocal"):
            pairs = [(sources[0], other) for other in sources[1:]]
        else:
            for s in sources or [None]:
                for t in targets or [None]:
                    if s is None or t is None or s.mention["actor_id"] != t.mention["actor_id"]:
                        pairs.append((s, t))
        place = ctx.place(trig, row["type"], [a for pair in pairs for a in pair if a])
        date, precision = ctx.date(trig)
        counts = ctx.counts(sent) if row["type"] in COUNT_TYPES.values() else {}
        specific = float(trig.entry.get("specific", 0.5))
        subordinate = ctx.subordinate(trig)
        start = min(tok.idx, trig.action.idx if trig.action is not None else tok.idx)
        end_tok = trig.action if trig.action is not None and trig.action.i > tok.i else tok
        # A role no coded actor fills keeps the text the parse gives it (null actor, span set),
        # so a reader sees what the event was done to ("a court ruling", "the convoy").
        uncoded_source = _phrase_span(trig.phrases[0], skip=sources)
        uncoded_target = _phrase_span(trig.phrases[1], skip=targets)
        out: list[EventMention] = []
        for src, tgt in pairs:
            if src is None and tgt is None and not self.keep_unfilled:
                continue
            confidence = 0.25 + 0.2 * specific if src or tgt else 0.1 + 0.1 * specific
            confidence += 0.3 if src is not None and role_sources else 0.15 if src else 0.0
            confidence += 0.2 if tgt is not None else 0.0
            if modality != "asserted":
                confidence -= 0.05
            if subordinate:
                confidence -= 0.25
            out.append(
                EventMention(
                    type=row["type"],
                    mode=row.get("mode"),
                    cameo=row["id"],
                    quad_class=int(row["quad_class"]) if row.get("quad_class") else None,
                    source_id=src.mention["actor_id"] if src else None,
                    target_id=tgt.mention["actor_id"] if tgt else None,
                    place_id=place["place_id"] if place else None,
                    date=date,
                    date_precision=precision,
                    negated=negated,
                    modality=modality,
                    fatalities=counts.get("fatalities") if row["type"] == "ASSAULT" else None,
                    injured=counts.get("injured") if row["type"] == "ASSAULT" else None,
                    arrested=counts.get("arrested") if row["type"] == "COERCE" else None,
                    sentence_start=sent.start_char,
                    # Masked boilerplate after a sentence is spaces in doc.text, not its text.
                    sentence_end=sent.start_char + len(sent.text.rstrip()),
                    trigger_start=start,
                    trigger_end=end_tok.idx + len(end_tok.text),
                    source_start=src.mention["start"] if src else uncoded_source[0],
                    source_end=src.mention["end"] if src else uncoded_source[1],
                    target_start=tgt.mention["start"] if tgt else uncoded_target[0],
                    target_end=tgt.mention["end"] if tgt else uncoded_target[1],
                    confidence=round(min(1.0, max(0.0, confidence)), 3),
                    pattern=trig.entry["id"],
                )
            )
        return out


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
        # The source and target phrases the parse gives (``_Context.arguments``), coded as
        # actors or not: an uncoded "a court ruling" is still the text of the target.
        self.phrases: tuple[list[Token], list[Token]] = ([], [])


class _Arg:
    __slots__ = ("token", "mention")

    def __init__(self, token: Token, mention: dict[str, Any]) -> None:
        self.token = token
        self.mention = mention


class _Context:
    """Per-document lookups: which token carries which mention, what text is skipped."""

    def __init__(self, doc: Doc, ex: EventExtractor) -> None:
        self.doc = doc
        self.ex = ex
        self.words = ex.words
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

    def implied_source(self, trig: _Trigger, kind: str, targets: list[_Arg]) -> list[_Arg]:
        """The unnamed doer of a passive event with no agent ("Wine was detained near the
        venue", after "Ugandan police fired tear gas"): the last actor of the cue's sectors
        in this sentence or the two before, of the target's country."""
        sectors = {
            str(w).upper()
            for e in self.ex.cues.get("implied_source", [])
            if e.get("value") == kind
            for w in e.get("words", [])
        }
        tok = trig.token
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if not sectors or not passive or any(c.dep_ == "agent" for c in tok.children):
            return []
        countries = {targets[0].mention.get("country")}
        self.sent(tok)  # fills the sentence index
        assert self._sents is not None
        here = self._sent_of[tok.i]
        first = self._sents[max(0, here - 2)].start
        for i in range(tok.i - 1, first - 1, -1):
            mention = self.actor_at.get(i)
            if (
                mention is not None
                and mention.get("sector") in sectors
                and mention.get("country") in countries
                and mention["actor_id"] != targets[0].mention["actor_id"]
            ):
                return [_Arg(self.doc[i], mention)]
        return []

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

    # ------------------------------------------------------------ skipping
    def skipped(self, tok: Token) -> bool:
        if any(s <= tok.idx < e for s, e in self.quotes):
            return True
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

    # ------------------------------------------------------------ structure
    def governor(self, tok: Token) -> Token | None:
        """The verb/adjective this trigger is the complement of ("plan" in "plans to visit")."""
        if tok.dep_ == "xcomp" and tok.head.i != tok.i:
            return tok.head
        return None

    @staticmethod
    def misparsed_predicate(verb: Token) -> bool:
        """An ``acl`` that is really the main verb of its head noun ("Brazil, which ..., called
        for talks"): finite, a participle right after its noun that takes a direct object
        ("air strikes killed 28 people": a passive participle takes none), or a participle after
        a comma that takes an object of its own."""
        if verb.tag_ in ("VBD", "VBZ", "VBP"):
            return True
        if (
            verb.tag_ == "VBN"
            and verb.i == verb.head.i + 1
            and any(c.dep_ == "dobj" for c in verb.children)
        ):
            return True
        return (
            verb.tag_ == "VBN"
            and verb.head.pos_ == "PROPN"
            and verb.i > 0
            and verb.nbor(-1).text == ","
            and any(c.dep_ in ("dobj", "prep") and c.lower_ != "by" for c in verb.children)
        )

    @property
    def theme_preps(self) -> list[str]:
        # "deployed troops to the border": a destination; "moved troops toward X": a threat.
        return [w for e in self.ex.cues.get("theme_target_preps", []) for w in e["words"]]

    def subordinate(self, trig: _Trigger) -> bool:
        """The trigger sits in an adverbial or relative clause or time adjunct: background, not
        the main news ("withdrew the bill a day after protesters stormed parliament", "sent
        troops after clashes with militias")."""
        node = trig.token
        if node.pos_ in ("NOUN", "PROPN"):
            node = self.light_verb(node) or node
        if self._circumstance_verb(node) is not None:
            return True
        for _ in range(40):
            if node.dep_ in SUBORDINATE:
                return True
            if node.head.i == node.i:
                break
            node = node.head
        return False

    def light_verb(self, noun: Token) -> Token | None:
        head = noun.head
        if noun.dep_ in ("dobj", "nsubjpass", "attr") and head.lemma_.lower() in self.words.get(
            "light_verb", ()
        ):
            return head
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ("in", "at", "on"):
            verb = head.head
            if verb.lemma_.lower() in self.words.get("participation_verb", ()):
                return verb
        verb = head.head
        if (
            noun.dep_ == "pobj"
            and head.lower_ == "in"
            and verb.lemma_.lower() in self.words.get("light_verb", ())
            and any(c.dep_ == "dobj" and _quantity(c) for c in verb.children)
        ):
            return verb  # "pledged 12 billion yen in aid"
        if noun.dep_ == "pobj" and head.lower_ in ("of", "in") and _quantity(head.head):
            # "sent 40 lorries of food", "announced $2 billion in aid": the amount stands in
            # for the noun as the light verb's object.
            amount = head.head
            while amount.dep_ == "conj" and amount.head.i != amount.i:
                amount = amount.head
            if amount.i != noun.i and amount.dep_ in ("dobj", "nsubjpass", "attr"):
                return self.light_verb(amount)
        return None

    def commits_speaker(self, tok: Token) -> bool:
        """ "warned it would take countermeasures", "warned that they could push for sanctions":
        a warning about what the speaker itself will or could do is a threat, not a forecast."""
        pronouns = self.words.get("pronoun", ())
        speaker = {a.mention["actor_id"] for a in self._actors(self.subject(tok)[0])}
        for clause in (c for c in tok.children if c.dep_ == "ccomp"):
            modal = any(
                c.dep_ == "aux" and c.lower_ in self.ex.aux_modality for c in clause.children
            )
            subj = [c for c in clause.children if c.dep_ == "nsubj"]
            if not modal or not subj:
                continue
            if subj[0].lower_ in pronouns:
                return True
            if speaker & {a.mention["actor_id"] for a in self._actors(subj)}:
                return True
        return False

    def threatened_targets(self, trig: _Trigger) -> list[_Arg]:
        """The counterpart of what a threat says will be done: "would take countermeasures
        against drills by X" -> X."""
        preps = [w for e in self.ex.cues.get("target_preps", []) for w in e["words"]]
        for clause in (c for c in trig.token.children if c.dep_ in ("ccomp", "xcomp")):
            heads = [c for c in clause.children if c.dep_ in ("dobj", "dative")]
            heads += self._prep_objects(clause, preps)
            for h in list(heads):
                heads += self._prep_objects(h, preps)
            found = self._actors(heads, owner=True)
            if found:
                return found
        return []

    def condition_subject(self, trig: _Trigger, source_ids: set[str]) -> list[_Arg]:
        """ "threatened to double the levies if Ottawa retaliated": a threat is addressed to
        whoever must meet its condition."""
        ours = source_ids | {self.side(i) for i in source_ids}
        marks = self.words.get("mark", ())
        for t in trig.token.subtree:
            if t.dep_ != "advcl" or not any(
                c.dep_ == "mark" and c.lower_ in marks for c in t.children
            ):
                continue
            subj = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")]
            found = [
                a
                for a in self._actors(subj)
                if not {a.mention["actor_id"], self.side(a.mention["actor_id"])} & ours
            ]
            if found:
                return found
        return []

    def each_other(self, trig: _Trigger) -> bool:
        """Whether the trigger's object is a reciprocal pronoun ("each other", "one another")."""
        tok = trig.token
        heads = [c for c in tok.children if c.dep_ in ("dobj", "dative")] + [
            g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"
        ]
        words = self.words.get("reciprocal_pronoun", ())
        return any(" ".join(t.lower_ for t in h.subtree) in words for h in heads)

    def has_agent(self, noun: Token) -> bool:
        """A nominal event whose possessor or by-phrase names an actor ("Moscow's threat")."""
        for c in noun.children:
            if c.dep_ == "poss" and c.i in self.actor_at:
                return True
            if c.dep_ == "prep" and c.lower_ == "by" and self.has_actor_child(c, ("pobj",)):
                return True
        return False

    def has_actor_child(self, tok: Token, deps: tuple[str, ...] = ("dobj", "dative")) -> bool:
        return any(c.dep_ in deps and c.i in self.actor_at for c in tok.children)

    def realis(self, tok: Token) -> tuple[bool, str]:
        """(negated, modality) from the trigger, its light verb and its governor chain."""
        negated = False
        modality = "asserted"
        chain = [tok]
        light = self.light_verb(tok) if tok.pos_ in ("NOUN", "PROPN") else None
        if light is not None:
            chain.append(light)
        node = chain[-1]
        while True:
            gov = self.governor(node)
            if gov is None and node.dep_ == "acomp" and node.head.i != node.i:
                gov = node.head  # "is prepared to": the copula carries aux and negation
            if gov is None or gov in chain:
                break
            chain.append(gov)
            node = gov
        if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            negated = True
        for i, t in enumerate(chain):
            lemma = t.lemma_.lower()
            if i and lemma in self.words.get("negating_governor", ()):
                negated = True
            if i and lemma in self.ex.governor_modality:
                modality = _stronger(modality, self.ex.governor_modality[lemma])
            for c in t.children:
                if c.dep_ == "neg":
                    negated = True
                elif c.dep_ in ("aux", "auxpass") and c.lower_ in self.ex.aux_modality:
                    modality = _stronger(modality, self.ex.aux_modality[c.lower_])
                elif c.dep_ == "mark" and c.lower_ in self.words.get("mark", ()):
                    modality = "hypothetical"
        # The clause the chain sits in may itself be conditional ("if X attacks").
        top = chain[-1]
        if top.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in self.words.get("mark", ()) for c in top.children
        ):
            modality = "hypothetical"
        return negated, modality

    def subject(self, tok: Token, depth: int = 0) -> tuple[list[Token], bool]:
        """Subject tokens of a verb (agents of a passive); bool: found on the verb itself."""
        if depth > 6:
            return [], False
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
        agent = [
            g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        if agent:
            return agent, depth == 0
        if subj and subj[0].lower_ in self.words.get("pronoun", ()) and tok.dep_ == "ccomp":
            # "The army said it had struck ...": the reported clause's pronoun is the speaker.
            return self.subject(tok.head, depth + 1)
        if subj:
            # "KUALA LUMPUR — Thailand and Cambodia agreed": the parser made the dateline the
            # subject and the real subject its appositive.
            # "KADUNA, Nigeria — Gunmen abducted": the dateline's own appositive is no subject.
            subj = [
                next((a for a in s.children if a.dep_ == "appos" and not self.in_dateline(a)), s)
                if self.in_dateline(s)
                else s
                for s in subj
            ]
            if subj[0].tag_ in ("WP", "WDT") and tok.dep_ == "relcl":
                return [tok.head], False
            # A dateline parsed as a second subject ("MOSCOW — Putin held ...") is dropped
            # later: its mention is never an argument.
            return subj, depth == 0
        if any(c.dep_ == "nsubjpass" for c in tok.children):
            return [], False
        head = tok.head
        if head.i == tok.i:
            return [], False
        if tok.dep_ == "xcomp":
            # Object control ("urged Iran to talk") needs a control verb and an object that can
            # act; otherwise the subject does it ("summoned the envoy to protest", "used water
            # cannon to disperse them").
            obj = [
                c
                for c in head.children
                if c.dep_ == "dobj"
                and head.lemma_.lower() in self.words.get("object_control", ())
                and self.can_act(c)
            ]
            if obj:
                return obj, False
            return self.subject(head, depth + 1)
        if tok.dep_ in ("conj", "advcl", "acomp"):
            return self.subject(head, depth + 1)
        if tok.dep_ == "pcomp" and head.dep_ == "prep":
            return self.subject(head.head, depth + 1)
        if tok.dep_ == "relcl":
            return [tok.head], False
        if tok.dep_ == "acl" and self.misparsed_predicate(tok):
            # A finite verb is never a noun's modifier: the parser hung the clause on its
            # subject ("Brazil, which borders both, called for talks").
            return [tok.head], False
        if (
            tok.dep_ == "acl"
            and tok.tag_ == "VBG"
            and head.dep_ == "dobj"
            and head.lemma_.lower() in self.words.get("message_nouns", ())
        ):
            # "Karzai issued a statement condemning the killings": a message says what its
            # issuer says.
            return self.subject(head.head, depth + 1)
        return [], False

    def can_act(self, tok: Token) -> bool:
        """An actor mention, a pronoun or a named person, group or place can be controlled."""
        return (
            tok.i in self.actor_at
            or tok.pos_ == "PRON"
            or tok.ent_type_ in ("PERSON", "NORP", "ORG", "GPE")
        )

    def arguments(self, trig: _Trigger) -> tuple[list[_Arg], list[_Arg], bool]:
        tok = trig.action if trig.action is not None else trig.token
        entry = trig.entry
        target_preps = [w for e in self.ex.cues.get("target_preps", []) for w in e["words"]]
        src_tokens: list[Token] = []
        tgt_tokens: list[Token] = []
        role_source = False
        if tok.pos_ in ("NOUN", "PROPN"):
            src_tokens, tgt_tokens, role_source = self._nominal_roles(tok, entry, target_preps)
        else:
            src_tokens, role_source = self.subject(tok)
            # The object of "discussed" is a topic and that of "deployed" the forces moved:
            # neither is a counterpart.
            theme = entry.get("topic_object") or entry.get("theme_object")
            objects = "dative" if theme else "dobj dative"
            # Candidate target groups in order; the first that names an actor wins.
            groups = [
                [
                    c
                    for c in tok.children
                    if c.dep_ == "nsubjpass" and not entry.get("theme_object")
                ],
                # "imposed sanctions on X and on Y": the event noun's own counterparts.
                [
                    g
                    for c in tok.children
                    if c.dep_ == "dobj" and c.lemma_.lower() in self.ex.event_nouns
                    for g in self._prep_objects(c, target_preps)
                ],
                [c for c in tok.children if c.dep_ in objects.split()],
                self._prep_objects(tok, self.theme_preps if theme else target_preps),
            ]
            if trig.merged is not None:
                groups.append(self._prep_objects(trig.merged, target_preps))
            if entry.get("clause_target"):
                # "charged that Moscow had targeted ...": the accused is the clause's subject.
                groups.append(
                    [
                        g
                        for c in tok.children
                        if c.dep_ == "ccomp"
                        for g in c.children
                        if g.dep_ in ("nsubj", "nsubjpass")
                    ]
                )
            if trig.action is not None:
                groups.append(self._prep_objects(tok, ["in"]))
            tgt_tokens = next((g for g in groups if self._actors(g, owner=True)), []) or next(
                (g for g in groups if g), []
            )
        trig.phrases = (src_tokens, tgt_tokens)
        sources = self._actors(src_tokens, anchor=tok)
        if not sources and entry.get("speech") and tok.dep_ == "conj" and tok.head.dep_ == "ccomp":
            # "The ministry said the talks had failed and warned X": the parser hung the second
            # speech verb on the reported clause; its speaker is the reporting verb's subject.
            sources = self._actors(self.subject(tok.head.head)[0], anchor=tok.head.head)
        if not sources and entry.get("reciprocal"):
            clause = self._circumstance_verb(tok)
            if clause is not None:
                # "Rebels seized the town after days of fighting with troops": the subject was
                # a party to the two-sided event framing its action. (One-sided events are not:
                # "imposed a curfew after a riot" responds to others.)
                sources = self._actors(self.subject(clause)[0], anchor=clause)
        targets = self._actors(tgt_tokens, owner=True)
        if not targets and tok.pos_ == "VERB" and entry.get("embeds") != "unrealized":
            # "fired tear gas to disperse the protesters": who the purpose clause acts on. (What
            # a request or refusal is for is its content, not its counterpart.)
            for clause in (c for c in tok.children if _purpose(c)):
                targets = self._actors(_purpose_objects(clause))
                if targets:
                    break
        if not targets and trig.action is not None:
            # "take a role in X's projects": the actor inside the object is the counterpart.
            objs = [c for c in tok.children if c.dep_ == "dobj"]
            targets = self._actors(objs, deep=True)
        return sources, targets, role_source

    def _nominal_roles(
        self, noun: Token, entry: dict[str, Any], target_preps: list[str]
    ) -> tuple[list[Token], list[Token], bool]:
        src: list[Token] = []
        tgt: list[Token] = []
        poss_role = entry.get("poss", "source")
        of_role = entry.get("of")
        has_of = any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)
        if poss_role == "target" and of_role == "target" and has_of:
            poss_role = "source"  # "X's arrest of Y": the possessor acts
        for c in noun.children:
            modifier = c.dep_ in ("amod", "compound", "nmod") and c.i in self.actor_at
            if c.dep_ == "poss" or modifier:
                (src if poss_role == "source" else tgt).append(c)
        for prep in (c for c in noun.children if c.dep_ == "prep"):
            objs = [g for g in prep.children if g.dep_ == "pobj"]
            word = prep.lower_
            if word == "between" and objs:
                return [objs[0]], [], True
            if word == "by":
                src.extend(objs)
            elif word == "of" and of_role == "source" and self._actors(objs):
                # "X's withdrawal of troops": the troops are the actor, X only owns them.
                src = [t for t in src if t.dep_ != "poss"] + objs
            elif word == "of" and of_role:
                (src if of_role == "source" else tgt).extend(objs)
            elif word in target_preps and not tgt:
                tgt.extend(objs)
        role = bool(src)
        light = self.light_verb(noun)
        if not src and light is not None:
            src, _ = self.subject(light)
            role = bool(src)
        if light is not None and not tgt:
            tgt = self._prep_objects(light, target_preps)
            if not tgt:
                # "gave X an ultimatum": the indirect object; the direct one unless it is the noun.
                objects = ("dative",) if noun.dep_ == "dobj" else ("dobj", "dative")
                tgt = [c for c in light.children if c.dep_ in objects and c.pos_ != "ADP"]
            for clause in (c for c in light.children if _purpose(c)):
                if self._actors(tgt):
                    break
                # "pledged aid to help the Philippines (buy ...)": who is to be helped.
                tgt = _purpose_objects(clause)
        return src, tgt, role

    def _circumstance_verb(self, noun: Token) -> Token | None:
        """The verb whose time adjunct this event noun heads ("after days of fighting",
        "amid clashes with police"); never a passive ("were killed during a raid": the victims),
        nor a definite noun ("said after the talks": an event already reported)."""
        words = self.words.get("circumstance_preps", ())
        anaphoric = self.words.get("anaphoric_det", ())
        if any(c.dep_ in ("det", "poss") and c.lower_ in anaphoric for c in noun.children):
            return None
        t = noun
        for _ in range(4):
            prep = t.head
            if t.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.i == prep.i:
                return None
            if prep.lower_ == "of" and prep.head.pos_ in ("NOUN", "PROPN"):
                t = prep.head  # "days of fighting", "weeks of clashes"
                continue
            verb = prep.head
            if prep.lower_ not in words or verb.pos_ != "VERB":
                return None
            if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
                return None
            return verb
        return None

    def _prep_objects(self, tok: Token, preps: list[str]) -> list[Token]:
        """Objects of the most preferred preposition that names an actor ("cooperated with
        Kenya on border security": "with", as "on" names none)."""
        found: list[tuple[int, Token]] = []
        direct = [c for c in tok.children if c.dep_ in ("prep", "dative")]
        # "sanctions on X and on Y": the second preposition is parsed as the first one's conjunct.
        for prep in direct + [c for p in direct for c in p.conjuncts if c.dep_ == "conj"]:
            if prep.lower_ in preps:
                for g in prep.children:
                    if g.dep_ == "pobj":
                        found.append((preps.index(prep.lower_), g))
        for rank in sorted({r for r, _ in found}):
            group = [g for r, g in found if r == rank]
            if self._actors(group):
                return group
        return [g for r, g in found if r == min(r for r, _ in found)] if found else []

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

    # ------------------------------------------------------------ place, date, counts
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
        taken = [(a.mention["start"], a.mention["end"]) for a in args]
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

    def is_state(self, mention: dict[str, Any]) -> bool:
        """A country or a state institution (government, military, police, legislature...)."""
        return mention.get("kind") == "country" or mention.get("sector") in STATE_SECTORS

    def possessor(self, place: dict[str, Any]) -> bool:
        """The place owns an actor ("Cambodia's former leader"), not a thing at that place
        ("Kabul's airport")."""
        span = self.doc.char_span(place["start"], place["end"], alignment_mode="expand")
        return span is not None and span.root.dep_ == "poss" and span.root.head.i in self.actor_at

    def country_of(self, mention: dict[str, Any]) -> str | None:
        if mention.get("country"):
            return str(mention["country"])
        return self.actor_country.get(str(mention.get("actor_id")))

    def date(self, trig: _Trigger) -> tuple[str | None, str | None]:
        best: tuple[int, dict[str, Any]] | None = None
        for t, depth in self._clause_tokens(trig):
            d = self.date_at.get(t.i)
            if d is not None and (best is None or depth < best[0]):
                best = (depth, d)
        if best is not None:
            return best[1]["date"], best[1]["precision"]
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
                    return found[0]["date"], found[0]["precision"]
        if self.published:
            return str(self.published)[:10], "day"
        return None, None

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


class _Node:
    """A required neighbour of a trigger: token attributes plus required children of its own
    ("sent 40 lorries of food": dobj "lorries" > prep "of" > pobj "food"). Plain string
    attributes (``DEP``, ``LEMMA``, ... as a value, ``IN`` or ``NOT_IN``) are compared
    directly; any other spaCy token-pattern syntax is left to a one-node spaCy Matcher."""

    __slots__ = ("tests", "matcher", "children")

    def __init__(self) -> None:
        self.tests: list[tuple[str, str, frozenset[str]]] = []
        self.matcher: Matcher | None = None
        self.children: list[_Node] = []

    @classmethod
    def build(cls, nlp: Language, spec: dict[str, Any]) -> _Node:
        node = cls()
        attrs = {k: v for k, v in spec.items() if k != "children"}
        plain = True
        for key, value in attrs.items():
            name = _TOKEN_STRINGS.get(str(key).upper())
            if name is not None and isinstance(value, str):
                node.tests.append((name, "IN", frozenset([value])))
            elif (
                name is not None
                and isinstance(value, dict)
                and len(value) == 1
                and next(iter(value)) in ("IN", "NOT_IN")
                and all(isinstance(v, str) for v in next(iter(value.values())))
            ):
                op, values = next(iter(value.items()))
                node.tests.append((name, op, frozenset(values)))
            else:
                plain = False
        if not plain:
            node.tests = []
            node.matcher = Matcher(nlp.vocab)
            node.matcher.add("node", [[attrs]])
        node.children = [cls.build(nlp, c) for c in spec.get("children") or []]
        return node

    def match(self, tok: Token) -> bool:
        if self.matcher is not None:
            if not self.matcher(tok.doc[tok.i : tok.i + 1]):
                return False
        else:
            for name, op, values in self.tests:
                if (getattr(tok, name) in values) != (op == "IN"):
                    return False
        return all(any(n.match(c) for c in tok.children) for n in self.children)


class _Pattern:
    """A compiled ``verb_patterns.jsonl`` entry: what a candidate trigger token must satisfy."""

    __slots__ = ("index", "entry", "rank", "pos", "lemmas", "lowers", "children", "head")

    def __init__(
        self, index: int, entry: dict[str, Any], pos: list[str], lemmas: list[str]
    ) -> None:
        self.index = index
        self.entry = entry
        self.rank = _rank(entry)
        self.pos = frozenset(pos)
        self.lemmas = frozenset(lemmas)
        self.lowers = frozenset(w.lower() for w in lemmas)
        self.children: list[_Node] = []
        self.head: _Node | None = None

    def match(self, tok: Token) -> bool:
        if tok.pos_ not in self.pos or (
            tok.lemma_ not in self.lemmas and tok.lower_ not in self.lowers
        ):
            return False
        if not all(any(n.match(c) for c in tok.children) for n in self.children):
            return False
        # The sentence root has no head.
        return self.head is None or (tok.head.i != tok.i and self.head.match(tok.head))


# Pattern keys compared as strings on the token (spaCy's names for them).
_TOKEN_STRINGS = {
    "DEP": "dep_",
    "LEMMA": "lemma_",
    "LOWER": "lower_",
    "ORTH": "orth_",
    "TEXT": "text",
    "NORM": "norm_",
    "POS": "pos_",
    "TAG": "tag_",
    "ENT_TYPE": "ent_type_",
    "SHAPE": "shape_",
}


def _count_children(children: list[dict[str, Any]]) -> int:
    return sum(1 + _count_children(c.get("children") or []) for c in children)


def _rank(entry: dict[str, Any]) -> tuple[int, float]:
    # More required children first, then the more specific entry.
    constraints = _count_children(entry.get("children") or []) + (1 if entry.get("head") else 0)
    return (constraints, float(entry.get("specific", 0.5)))


def _detail(ev: EventMention, published: Any) -> int:
    counts = sum(ev[k] is not None for k in ("fatalities", "injured", "arrested"))  # type: ignore[literal-required]
    own_date = ev["date"] is not None and ev["date"] != str(published)[:10]
    return counts + (ev["place_id"] is not None) + own_date


def _purpose(clause: Token) -> bool:
    # An infinitival purpose clause ("pledged aid to help X") is part of what is pledged.
    return clause.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
    )


def _subsumed(ev: EventMention, events: list[EventMention]) -> bool:
    """ "Insurgents attacked a village, beheading four civilians": in one sentence, an event
    lacking a role is the same action as one of its type that names that role and shares the
    other."""
    for other in events:
        if other is ev or (other["type"], other["sentence_start"]) != (
            ev["type"],
            ev["sentence_start"],
        ):
            continue
        for missing, shared in (("target_id", "source_id"), ("source_id", "target_id")):
            if (
                ev[missing] is None
                and other[missing] is not None
                and ev[shared] is not None
                and ev[shared] == other[shared]
            ):
                return True
    return False


def _phrase_span(tokens: list[Token], skip: list[_Arg]) -> tuple[int | None, int | None]:
    """Character span of an argument phrase (its first head word, from its left edge), or
    nothing where actors fill the role or the phrase is a pronoun or a clause."""
    if skip or not tokens:
        return None, None
    head = tokens[0]
    if head.pos_ not in ("NOUN", "PROPN", "NUM"):
        return None, None
    first = head.doc[head.left_edge.i]
    return first.idx, head.idx + len(head.text)


def _purpose_objects(clause: Token) -> list[Token]:
    """Who a purpose clause acts on: its object, else the subject of the clause below it
    ("to help Chad cope", "to disperse students marching", parsed with the noun as subject)."""
    return [c for c in clause.children if c.dep_ in ("dobj", "dative")] or [
        g
        for c in clause.children
        if c.dep_ in ("ccomp", "xcomp", "advcl")
        for g in c.children
        if g.dep_ == "nsubj"
    ]


def _has_verb(span: Span | None) -> bool:
    return span is None or any(t.pos_ in ("VERB", "AUX") for t in span)


def _quantity(tok: Token) -> bool:
    # An amount word: a number, or a noun counted by one ("40 lorries", "$2 billion").
    return tok.pos_ == "NUM" or any(c.dep_ in ("nummod", "quantmod") for c in tok.children)


def _stronger(current: str, new: str) -> str:
    # A hypothetical cue outranks intent ("would plan to"), intent outranks asserted.
    order = {"asserted": 0, "intent": 1, "hypothetical": 2}
    return new if order[new] > order[current] else current


@Language.factory(
    "newsevents_events",
    default_config={"dictionaries": [], "keep_unfilled": False},
    requires=[f"doc._.{ACTORS}", f"doc._.{PLACES}", f"doc._.{DATES}", f"doc._.{QUOTES}"],
    assigns=[f"doc._.{EVENTS}"],
)
def make_events(
    nlp: Language, name: str, dictionaries: list[str], keep_unfilled: bool
) -> EventExtractor:
    return EventExtractor(nlp, dictionaries, keep_unfilled)
