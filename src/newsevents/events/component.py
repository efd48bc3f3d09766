"""The ``newsevents_events`` spaCy component: finds the triggers, then codes one event for each
pair of roles, with its realis, place, date and counts.

Intent recodes cooperation as AGREE (CAMEO 03x) and conflict as THREATEN (CAMEO 13x), as PLOVER
prescribes, using the ``intent`` column of ``plover_cameo.csv``. A state that "protests"
complains officially (ACCUSE 114); a demand that someone resign or withdraw targets whoever is
to yield. Roles come from the trigger's phrases (``roles``), else from beyond them
(``implied``); a reciprocal trigger with coordinated subjects and no target pairs the first
subject with each other one, "each other" pairs them both ways. An event needs at least one
role filled. In one sentence, an event lacking a role that another of its type names, the other
role shared, is the same action and is dropped ("attacked a village, killing four civilians");
a victims' event with no doer and a doers' event with no victim, one trigger in the other's
phrase, are joined ("were killed in an ambush by rebels"). A running toll ("have been killed
since October") is no event.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from newsevents.events.circumstances import COUNT_TYPES, _Circumstances
from newsevents.events.document import _Arg, _Trigger
from newsevents.events.implied import _Implied
from newsevents.events.patterns import _Rules
from newsevents.events.realis import _stronger
from newsevents.events.triggers import find_triggers
from newsevents.nlp import ACTORS, DATES, EVENTS, IMPLIED_ACTORS, PLACES, QUOTES, EventMention

# The CAMEO code of crowd control (tear gas, water cannon, baton charges): see crowd_target.
CROWD_CONTROL = "175"
# How many sentences back a casualty report may restate an attack ("... were also wounded").
RESTATED_WITHIN = 3

# Types whose trigger in a clause that modifies a noun describes an actor, not an act.
DESCRIPTIVE_TYPES = frozenset({"SUPPORT"})

# What a demand asks its addressee to do itself: yield or withdraw.
YIELDING_TYPES = frozenset({"CONCEDE", "RETREAT"})
# Types whose object is what is asked or refused ("demanded new elections"), not whom.
CONTENT_TYPES = frozenset({"REQUEST", "REJECT"})


class EventExtractor(_Rules):
    """Finds events in a parsed Doc annotated with actors, places, dates and quotes."""

    def __init__(
        self, nlp: Language, dictionaries: Iterable[str] = (), keep_unfilled: bool = False
    ) -> None:
        # An event whose trigger matched but no coded actor fills a role: kept (low confidence)
        # only when a later stage can judge it (the learned model does), else dropped.
        self.keep_unfilled = keep_unfilled
        super().__init__(nlp, dictionaries)

    # ------------------------------------------------------------------ document
    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EVENTS, self.extract(doc))
        return doc

    def extract(self, doc: Doc) -> list[EventMention]:
        if not len(doc):
            return []
        ctx = _Context(doc, self)
        triggers = find_triggers(self, doc, ctx)
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
        events = _joined_halves(events, doc, ctx.actor_country)
        events = self._restated_casualties(events, doc, ctx)
        doc._.set(IMPLIED_ACTORS, list(ctx.implied_actors.values()))
        return [ev for ev in events if not _subsumed(ev, events)]

    def _restated_casualties(
        self, events: list[EventMention], doc: Doc, ctx: _Context
    ) -> list[EventMention]:
        """ "Taliban insurgents attacked two checkpoints, killing four police officers. ...
        He said four police were also wounded.": a casualty report with no doer and no attack
        word of its own, its victims of the country an attack of the last few sentences hit,
        is that attack again; injuries, also the force of an earlier coercion ("police fired
        tear gas ... 15 people were injured"). Its counts go to the attack where it has none."""
        starts = [s.start_char for s in doc.sents]
        out: list[EventMention] = []
        for ev in events:
            tok = _token_at(doc, ev["trigger_start"])
            earlier = None
            injured = tok is not None and self.casualty.get(tok.lemma_.lower()) == "injured"
            if (
                tok is not None
                and ev["source_id"] is None
                and ev["target_id"] is not None
                and self.casualty.get(tok.lemma_.lower()) in ("fatalities", "injured")
                and _passive(tok)
            ):
                here = bisect.bisect_right(starts, ev["sentence_start"])
                country = ctx.actor_country.get(str(ev["target_id"]))
                earlier = next(
                    (
                        i
                        for i in range(len(out) - 1, -1, -1)
                        if (
                            out[i]["type"] == ev["type"]
                            # "Police fired tear gas ... 15 people were injured": the
                            # injuries of the force the police used, not another attack.
                            or (out[i]["type"] == "COERCE" and injured)
                        )
                        and out[i]["sentence_start"] < ev["sentence_start"]
                        and here - bisect.bisect_right(starts, out[i]["sentence_start"])
                        <= RESTATED_WITHIN
                        and out[i]["target_id"] is not None
                        and (
                            out[i]["target_id"] == ev["target_id"]
                            or (
                                country is not None
                                and ctx.actor_country.get(str(out[i]["target_id"])) == country
                            )
                        )
                    ),
                    None,
                )
            if earlier is None:
                out.append(ev)
                continue
            counts = {
                k: ev[k]  # type: ignore[literal-required]
                for k in ("fatalities", "injured")
                if out[earlier][k] is None and ev[k] is not None  # type: ignore[literal-required]
            }
            if counts:
                out[earlier] = EventMention(**{**out[earlier], **counts})  # type: ignore[typeddict-item]
        return out

    def _events_for(
        self, trig: _Trigger, ctx: _Context, prior: list[EventMention]
    ) -> list[EventMention]:
        tok = trig.token
        if ctx.tally(tok):
            return []  # a running toll, not an event
        if ctx.habitual(tok):
            return []  # a pattern of acts, background to the story
        sent = ctx.sent(tok)
        negated, modality = ctx.realis(tok)
        if trig.action is not None:
            modality = _stronger(modality, "intent")  # a commitment is intent by definition
        row = self.cameo[str(trig.entry["cameo"])]
        if ctx.hazard_done(tok, int(row["quad_class"]) if row.get("quad_class") else None):
            return []  # "an earthquake struck Afghanistan": no one did it
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
        acted = row["type"]  # the action's own type, before intent recodes it
        # "pledged $80 million in aid" stays AID (intent): a stated amount is a material
        # commitment; "agreed to cooperate" is PLOVER's AGREE.
        if modality == "intent" and row.get("intent") and not pledged and not ctx.scheduled(tok):
            row = self.cameo[str(row["intent"])]
        # A refusal: cooperation stated as what one will not do ("will not lift the ban",
        # "will not accept refugees"), or an agreement not reached ("did not sign", "failed to
        # reach agreement"). A past act not done ("has not withdrawn") stays negated.
        refused = (
            self.refusal_codes.get(acted)
            if negated and (modality == "intent" or acted == "AGREE")
            else None
        )
        if refused in self.cameo:
            # "will not accept refugees", "failed to reach agreement": the refusal happened.
            row, negated = self.cameo[str(refused)], False
            if modality == "intent":
                modality = "asserted"  # "will not accept" states the refusal now
        sources, targets, role_sources = ctx.arguments(trig)
        if trig.entry.get("attribution"):
            sources, targets = ctx.attribution(tok)
            if not sources:
                return []
            role_sources = True
        speaker = ctx.obliging_speaker(tok, sources)
        if speaker:
            # "Ghana said Togo must withdraw its troops": Ghana demands it of Togo (CAMEO by
            # what is demanded, as for "demanded the withdrawal"); the demand happened.
            code = self.request_codes.get(row["id"]) or self.request_codes.get(acted)
            row = self.cameo[code if code in self.cameo else "100"]
            sources, targets, role_sources = speaker, sources, True
            negated, modality = False, "asserted"
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
        if not sources and targets:
            sources = ctx.fight_source(trig, prior, targets)
        if not sources and targets:
            where = ctx.place(trig, row["type"], targets)
            sources = ctx.implied_group(trig, targets, where.get("country") if where else None)
        pair = ctx.both_sides(trig, prior)
        if pair:
            sources, targets = pair, []
            trig.entry = {**trig.entry, "reciprocal": True}
        source_ids = {a.mention["actor_id"] for a in sources}
        if not targets and row["type"] == "THREATEN":
            # "threatened to double the levies if Ottawa retaliated": the condition's subject is
            # whom the threat addresses, before the counterpart of what is threatened.
            targets = ctx.condition_subject(trig, source_ids)
        if not targets and trig.embedded and ctx.inherits(trig, row["type"]):
            # "agreed to release Israeli hostages": the counterpart of what is promised,
            # threatened or refused is the counterpart of the promise.
            _, inner, _ = ctx.arguments(trig.embedded[0])
            targets = [a for a in inner if a.mention["actor_id"] not in source_ids]
        if not targets and row["type"] == "THREATEN":
            targets = [
                a for a in ctx.threatened_targets(trig) if a.mention["actor_id"] not in source_ids
            ]
        if not targets and str(row["id"]) == CROWD_CONTROL:
            targets = ctx.crowd_target(trig, sources)
        if not targets:
            targets = ctx.dual_target(trig, prior, source_ids)
        if not targets:
            targets = ctx.antecedent_target(trig, prior, source_ids)
        if not targets and sources and (not trig.phrases[1] or _content_only(trig, row["type"])):
            # Nothing is named as the target, not even what no actor codes ("boycotted the
            # poll"): whom the event addresses may be implied.
            where = ctx.place(trig, row["type"], sources)
            targets = ctx.implied_addressee(
                trig, row["type"], sources, where.get("country") if where else None
            )
        pairs: list[tuple[_Arg | None, _Arg | None]] = []
        own_target: tuple[int | None, int | None] = (None, None)
        if not targets and len(sources) > 1 and ctx.each_other(trig):
            # "A and B accused each other": each acts on the other.
            pairs = [(s, t) for s in sources for t in sources if s is not t]
        elif (
            not targets
            and len(sources) > 1
            and (trig.entry.get("reciprocal") or (not trig.phrases[1] and _joint(sources)))
        ):
            # "Syria and Israel have fired across the line", "Brazil and Argentina held war
            # games": coordinated subjects acting together with no one else named act on each
            # other, coded (as PLOVER codes them) from the first to the rest.
            pairs = [(sources[0], other) for other in sources[1:]]
        else:
            for s in sources or [None]:
                for t in targets or [None]:
                    if s is None or t is None or s.mention["actor_id"] != t.mention["actor_id"]:
                        pairs.append((s, t))
            if not pairs:
                # "Kenya opened its market": the only target is the source itself.
                pairs = [(s, None) for s in sources]
                own_target = _own_side_span(targets, sources)
        place = ctx.place(trig, row["type"], [a for pair in pairs for a in pair if a])
        date, precision, date_source = ctx.date(trig)
        counts = ctx.counts(sent) if row["type"] in COUNT_TYPES.values() else {}
        specific = float(trig.entry.get("specific", 0.5))
        subordinate = ctx.subordinate(trig)
        if row["type"] in DESCRIPTIVE_TYPES and _modifies_a_noun(tok):
            # "demonstrators supporting Morales", "a network that supports X", "for their role
            # in supporting the regime": backing said in a modifier says who someone is.
            return []
        start = min(tok.idx, trig.action.idx if trig.action is not None else tok.idx)
        end_tok = trig.action if trig.action is not None and trig.action.i > tok.i else tok
        # A role no coded actor fills keeps the text the parse gives it (null actor, span set),
        # so a reader sees what the event was done to ("a court ruling", "the convoy").
        uncoded_source = _phrase_span(trig.phrases[0], skip=sources)
        uncoded_target = (
            own_target if own_target[0] is not None else _phrase_span(trig.phrases[1], skip=targets)
        )
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
                    date_source=date_source,
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


class _Context(_Implied, _Circumstances):
    """Per-document lookups: which token carries which mention, what text is skipped; and what
    the parse says of a trigger's realis, roles and circumstances."""


def _detail(ev: EventMention, published: Any) -> int:
    counts = sum(ev[k] is not None for k in ("fatalities", "injured", "arrested"))  # type: ignore[literal-required]
    own_date = ev["date"] is not None and ev["date"] != str(published)[:10]
    # A role the text names beats the same actor implied (no span).
    named = (ev["source_start"] is not None) + (ev["target_start"] is not None)
    return counts + (ev["place_id"] is not None) + own_date + named


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


def _joined_halves(
    events: list[EventMention], doc: Doc, countries: dict[str, str]
) -> list[EventMention]:
    """ "Four soldiers were killed in an ambush by the rebels": the victims' event (no doer)
    and the attack's (no victim), of one type, one trigger in the other's phrase, are one
    action. It keeps the victims' mention (its counts, its span) and takes the doer."""
    out = list(events)
    for i, victims in enumerate(out):
        if victims["source_id"] is not None or victims["target_id"] is None:
            continue
        head = _token_at(doc, victims["trigger_start"])
        for j, doers in enumerate(out):
            if (
                j == i
                or doers["type"] != victims["type"]
                or doers["sentence_start"] != victims["sentence_start"]
            ):
                continue
            doers = _other_side(doers, doc, countries, victims) or doers
            if (
                doers["source_id"] is None
                or doers["target_id"] is not None
                or doers["source_id"] == victims["target_id"]
            ):
                continue
            other = _token_at(doc, doers["trigger_start"])
            if (
                head is None
                or other is None
                or not (other in head.subtree or head in other.subtree)
            ):
                continue
            out[i] = EventMention(  # type: ignore[misc]
                {
                    **victims,
                    "source_id": doers["source_id"],
                    "source_start": doers["source_start"],
                    "source_end": doers["source_end"],
                    "confidence": max(victims["confidence"], doers["confidence"]),
                }
            )
            del out[j]
            return _joined_halves(out, doc, countries)
    return out


def _other_side(
    ev: EventMention, doc: Doc, countries: dict[str, str], victims: EventMention
) -> EventMention | None:
    """ "were killed in shelling with Pakistan": the party a two-sided attack word's "with"
    names, of another country than the victims, is the other side, the doer (as a source)."""
    if ev["source_id"] is not None or ev["target_id"] is None or ev["target_start"] is None:
        return None
    party = _token_at(doc, ev["target_start"])
    if party is None or party.head.lower_ != "with" or party.dep_ != "pobj":
        return None
    theirs = countries.get(str(ev["target_id"]))
    if theirs is None or theirs == countries.get(str(victims["target_id"])):
        return None
    return EventMention(  # type: ignore[misc]
        {
            **ev,
            "source_id": ev["target_id"],
            "source_start": ev["target_start"],
            "source_end": ev["target_end"],
            "target_id": None,
            "target_start": None,
            "target_end": None,
        }
    )


def _modifies_a_noun(tok: Token) -> bool:
    """The trigger's clause describes a noun: a participle or relative clause on it, or the
    object of a preposition on it ("their role in supporting"); "by praising" on a verb is a
    means, and an act."""
    node = tok
    for _ in range(40):
        if node.dep_ in ("acl", "relcl"):
            return True
        if node.dep_ == "pcomp" and node.head.head.pos_ in ("NOUN", "PROPN"):
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _passive(tok: Token) -> bool:
    # "were killed", "were also wounded", "killed and 8 wounded" (the conjunct of a passive)
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _own_side_span(targets: list[_Arg], sources: list[_Arg]) -> tuple[int | None, int | None]:
    """ "The Uttar Pradesh government signed an agreement with the Gujarat government": a
    target coded as the source's own actor is no counterpart, but where the text names it
    apart from the source its words stay the target's (null actor, span kept)."""
    spans = [(a.mention.get("start"), a.mention.get("end")) for a in sources]
    for arg in targets:
        start, end = arg.mention.get("start"), arg.mention.get("end")
        if start is None or end is None:
            continue
        if all(s is None or e is None or end <= s or e <= start for s, e in spans):
            return start, end
    return None, None


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


@Language.factory(
    "newsevents_events",
    default_config={"dictionaries": [], "keep_unfilled": False},
    requires=[f"doc._.{ACTORS}", f"doc._.{PLACES}", f"doc._.{DATES}", f"doc._.{QUOTES}"],
    assigns=[f"doc._.{EVENTS}", f"doc._.{IMPLIED_ACTORS}"],
)
def make_events(
    nlp: Language, name: str, dictionaries: list[str], keep_unfilled: bool
) -> EventExtractor:
    return EventExtractor(nlp, dictionaries, keep_unfilled)


def _joint(sources: list[_Arg]) -> bool:
    """Whether the sources are one coordinated subject ("Syria and Israel"), not parties
    found apart."""
    first = sources[0].token
    return all(a.token == first or a.token in first.conjuncts for a in sources[1:])


def _content_only(trig: _Trigger, kind: str) -> bool:
    """Whether the only target words of a demand or refusal are what is demanded or refused
    ("demanded a 10% increase"), not someone addressed ("called on mediators", "urged
    mediators to act")."""
    tok = trig.action if trig.action is not None else trig.token
    return (
        kind in CONTENT_TYPES
        and all(t.dep_ in ("dobj", "nsubjpass") for t in trig.phrases[1])
        and not any(c.dep_ in ("xcomp", "dative") for c in tok.children)
    )
