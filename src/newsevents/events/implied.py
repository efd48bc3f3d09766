"""Implied roles: a source or target that the trigger's own phrases leave unnamed.

A passive with no agent ("Wine was detained near the venue") was done by the last actor of the
cue's sectors nearby. With no target found: for a threat, the subject of its condition ("if X
retaliates"), then the counterpart of what is threatened; what is promised or refused ("refused
to lift sanctions on X"); a dual plural ("called on both countries") stands for the two parties
of the last two-sided event; a definite event noun ("condemned the attack") for the actor of
that earlier event, told apart from the source by country and sector.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsevents.events.document import _Arg, _Trigger
from newsevents.events.roles import _Roles
from newsevents.nlp import EventMention, ImpliedActor

# Types whose counterpart, when not named, is the counterpart of the action they embed.
INHERIT_TARGET = frozenset({"AGREE", "THREATEN", "REJECT"})


class _Implied(_Roles):
    """Roles found beyond the trigger's phrases: nearby actors, conditions, earlier events."""

    def implied_source(self, trig: _Trigger, kind: str, targets: list[_Arg]) -> list[_Arg]:
        """The unnamed doer of a passive event with no agent ("Wine was detained near the
        venue", after "Ugandan police fired tear gas"): the last actor of the cue's sectors
        in this sentence or the two before (else the next later in the sentence), of the
        target's country."""
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
        # Nearest before first, then later in the sentence ("were detained after police
        # moved in to break up their rally").
        later = range(tok.i + 1, self._sents[here].end)
        for i in [*range(tok.i - 1, first - 1, -1), *later]:
            mention = self.actor_at.get(i)
            if (
                mention is not None
                and mention.get("sector") in sectors
                and mention.get("country") in countries
                and mention["actor_id"] != targets[0].mention["actor_id"]
            ):
                return [_Arg(self.doc[i], mention)]
        return []

    def fight_source(
        self, trig: _Trigger, prior: list[EventMention], targets: list[_Arg]
    ) -> list[_Arg]:
        """ "Pakistan said six of its civilians were killed in the clash": victims of an
        earlier fight named by a definite event noun, with no doer of their own, were hit by
        the other party of that fight: the latest party of another country in the earlier
        events of the noun's types, when the victims' side is one of their parties."""
        tok = trig.token
        if not any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children):
            return []
        # The phrase may hang on a conjunct ("were killed and eight wounded in the clash").
        victims_phrase = {t.i for c in tok.children if c.dep_ == "nsubjpass" for t in c.subtree}
        anaphoric = self.words.get("anaphoric_det", ())
        nouns = [
            g
            for c in tok.subtree
            if c.dep_ == "prep" and c.lower_ in ("in", "during") and c.i not in victims_phrase
            for g in c.children
            if g.dep_ == "pobj"
            and g.lemma_.lower() in self.ex.event_nouns
            and any(d.dep_ == "det" and d.lower_ in anaphoric for d in g.children)
        ]
        victims = targets[0].mention.get("country") if targets else None
        if not nouns or victims is None:
            return []
        kinds = self.ex.event_nouns[nouns[0].lemma_.lower()]
        # The fight's parties, latest first; its halves may not be joined yet ("killed in
        # shelling with Pakistan" is still two events here).
        parties = [
            (ev[f"{r}_id"], ev[f"{r}_start"], ev[f"{r}_end"])
            for ev in reversed(prior)
            if ev["type"] in kinds
            for r in ("source", "target")
            if ev[f"{r}_id"]
        ]
        countries = [self.actor_country.get(str(p[0])) for p in parties]
        if victims not in countries:
            return []
        for (actor_id, start, end), country in zip(parties, countries, strict=True):
            if country not in (None, victims):
                mention = {"actor_id": actor_id, "start": start, "end": end}
                return [_Arg(nouns[0], mention)]
        return []

    def crowd_target(self, trig: _Trigger, sources: list[_Arg]) -> list[_Arg]:
        """ "Protesters held their ground as security forces lobbed tear gas over a wall": crowd
        control (CAMEO 175) that names no one is used on the crowd its sentence names, the
        nearest group of the crowd's sectors (``cues.yaml`` ``crowd_sectors``) there."""
        tok = trig.token
        sectors = self.words.get("crowd_sectors", ())
        ours = {a.mention["actor_id"] for a in sources}
        sent = self.sent(tok)
        near = sorted(range(sent.start, sent.end), key=lambda i: (abs(i - tok.i), i > tok.i))
        for i in near:
            mention = self.actor_at.get(i)
            # Not one another verb of the sentence acts on ("fired tear gas and arrested 37
            # people": the arrest's own target, one event of its own).
            acted_on = self.doc[i].dep_ in ("dobj", "nsubjpass") and self.doc[i].head.i != tok.i
            if (
                mention is not None
                and str(mention.get("sector") or "").lower() in sectors
                and mention["actor_id"] not in ours
                and not acted_on
            ):
                return [_Arg(self.doc[i], mention)]
        return []

    def hazard_done(self, tok: Token, quad_class: int | None) -> bool:
        """ "An earthquake struck Afghanistan", "floods that killed 40 people", "were killed
        in the landslide": a material conflict (quad class 4) whose doer, or the agent or
        setting (``hazard_setting``) of whose agentless passive, is a natural hazard
        (``hazard`` cue nouns) is no actor's act. "Looters were arrested after the quake"
        stays an arrest."""
        if quad_class != 4:
            return False
        hazards = self.words.get("hazard", ())
        doers, _ = self.subject(tok)
        if not doers and any(c.dep_ == "auxpass" for c in tok.children):
            settings = self.words.get("hazard_setting", ())
            doers = [
                g
                for c in tok.children
                if c.dep_ == "prep" and c.lower_ in settings
                for g in c.children
                if g.dep_ == "pobj"
            ]
        return any(t.lemma_.lower() in hazards for t in doers)

    def implied_group(self, trig: _Trigger, targets: list[_Arg], where: str | None) -> list[_Arg]:
        """ "Kem Sokha was arrested in Phnom Penh", no police named before: an agentless
        passive of a trigger the ``implied_actor`` cues list was done by that sector's group
        of the country where it happened (``where``), else of the one acted on. Not when a
        state's own agent is acted on ("two soldiers were detained": by whom, unsaid). The
        group is declared in ``implied_actors``; its argument has no span."""
        tok = trig.token
        found = self.ex.implied_actor.get(tok.lemma_.lower())
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        if found is None or not passive or any(c.dep_ == "agent" for c in tok.children):
            return []
        target = targets[0].mention
        country = where or self.country_of(target)
        if country is None or self.is_state(target):
            return []
        if where is None and self._other_country_near(tok, country):
            return []  # "Zambian police broke up a rally. A Kenyan activist was detained."
        return [self._declared(tok, country, *found)]

    def implied_addressee(
        self, trig: _Trigger, kind: str, sources: list[_Arg], where: str | None
    ) -> list[_Arg]:
        """ "Supporters of the opposition marched in Kampala", no target named: a protest is
        addressed to the government (``implied_target`` cues) of the country where non-state
        actors make it. Not when the doers are a state's, nor when the place and the doers'
        country differ (a protest abroad may address anyone)."""
        found = self.ex.implied_target.get(kind)
        if found is None or not sources or any(self.is_state(a.mention) for a in sources):
            return []
        if any(a.mention.get("igo") for a in sources):
            return []  # an international body has no government of its own to address
        countries = {self.country_of(a.mention) for a in sources}
        country = where or (countries.pop() if len(countries) == 1 else None)
        if country is None or (where is not None and countries - {where, None}):
            return []
        return [self._declared(trig.token, country, *found)]

    def _declared(self, tok: Token, country: str, sector: str, where_coded: str) -> _Arg:
        """The group of ``sector`` of ``country``, declared in ``implied_actors``: an argument
        with no span, as the text names no one."""
        actor_id, name = self.ex.groups.identity(country, sector)
        actor = ImpliedActor(
            actor_id=actor_id,
            name=name,
            country=country,
            sector=sector,
            kind="group",
            entry=where_coded,  # the cue's file:line, as dictionary entries cite theirs
        )
        self.implied_actors[actor_id] = actor
        return _Arg(tok, {**actor, "igo": None, "start": None, "end": None})

    def _other_country_near(self, tok: Token, country: str) -> bool:
        """Whether an actor or place of another country is named in the trigger's sentence or
        the two before: then the story's country, not the target's, may be where it happened."""
        self.sent(tok)  # fills the sentence index
        assert self._sents is not None
        here = self._sent_of[tok.i]
        first, last = self._sents[max(0, here - 2)].start, self._sents[here].end
        for i in range(first, last):
            for found in (self.actor_at.get(i), self.place_at.get(i)):
                other = found and (found.get("country") or self.country_of(found))
                if other and other != country:
                    return True
        return False

    def obliging_speaker(self, tok: Token, sources: list[_Arg]) -> list[_Arg]:
        """Who demands a reported obligation: the speaker of "X said Y must ...", when that
        is an actor and not the obliged party itself ("we must act", said the minister)."""
        if not any(
            c.dep_ == "aux" and c.lower_ in self.words.get("obligation", ()) for c in tok.children
        ):
            return []
        head = tok.head
        if tok.dep_ != "ccomp" or head.lemma_.lower() not in self.words.get(
            "obligation_speech", ()
        ):
            return []
        speaker = self._actors(self.subject(head)[0], anchor=head)
        ids = [a.mention["actor_id"] for a in sources]
        obliged = set(ids) | {self.side(i) for i in ids}
        return [
            a
            for a in speaker
            if not {a.mention["actor_id"], self.side(a.mention["actor_id"])} & obliged
        ][:1]

    def attribution(self, tok: Token) -> tuple[list[_Arg], list[_Arg]]:
        """ "Kenya said al-Shabaab was responsible for the attack": the speaker accuses the
        party it holds responsible. Only a reported attribution of one side by another is an
        accusation; a bare "X was responsible" is the story's own account, none. A noun of
        wrongdoing ("a ceasefire violation by Pakistan, the army said") blames its doer: the
        agent, possessor or actor modifier of the noun, else the subject of the verb that has
        it as object ("said Pakistani troops committed a violation")."""
        clause = tok.head
        while clause.pos_ not in ("VERB", "AUX") and clause.dep_ in ("pobj", "prep", "conj"):
            clause = clause.head
        speech = clause.head
        if clause.dep_ != "ccomp" or speech.lemma_.lower() not in self.words.get(
            "obligation_speech", ()
        ):
            return [], []
        if tok.pos_ == "NOUN":
            doers = [
                c
                for c in tok.children
                if c.dep_ == "poss"
                or (c.dep_ in ("amod", "compound", "nmod") and c.i in self.actor_at)
            ]
            doers += [
                g
                for p in tok.children
                if p.dep_ == "prep" and p.lower_ == "by"
                for g in p.children
                if g.dep_ == "pobj"
            ]
            if not doers and tok.dep_ == "dobj" and clause.lemma_ != "be":
                doers = self.subject(clause)[0]
            blamed = self._actors(doers)
        else:
            blamed = self._actors(self.subject(clause)[0])
        ids = {a.mention["actor_id"] for a in blamed}
        ours = ids | {self.side(i) for i in ids}
        speaker = [
            a
            for a in self._actors(self.subject(speech)[0], anchor=speech)
            if not {a.mention["actor_id"], self.side(a.mention["actor_id"])} & ours
        ][:1]
        return (speaker, blamed) if speaker and blamed else ([], [])

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

    def both_sides(self, trig: _Trigger, prior: list[EventMention]) -> list[_Arg]:
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
            tok = self.light_verb(tok) or tok
        subj = between if trig.token.pos_ in ("NOUN", "PROPN") and between else self.subject(tok)[0]
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

    def inherits(self, trig: _Trigger, kind: str) -> bool:
        if kind not in INHERIT_TARGET:
            return False
        if kind != "REJECT":
            return True
        # "refused to back X's statement" refuses X; "rejected a demand to grant X access"
        # rejects whoever made the demand, not X.
        inner = trig.embedded[0].token
        anchor = self.light_verb(inner) or inner if inner.pos_ in ("NOUN", "PROPN") else inner
        return anchor.dep_ == "xcomp" and anchor.head == trig.token

    def dual_target(
        self, trig: _Trigger, prior: list[EventMention], source_ids: set[str]
    ) -> list[_Arg]:
        """ "called on both countries to ...", "urged the two sides": a dual plural in the target
        position stands for the two parties of the last two-sided event, one event each."""
        tok = trig.token
        if tok.pos_ in ("NOUN", "PROPN"):
            tok = self.light_verb(tok) or tok
        # ("talks between the two sides" names both parties: see both_sides.)
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
                and h.i not in self.actor_at
                and any(c.lower_ in dual for c in h.children)
            ),
            None,
        )
        if head is None:
            return []
        for ev in reversed(prior):
            source, target = ev["source_id"], ev["target_id"]
            if source and target and self.side(source) != self.side(target):
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

    def antecedent_target(
        self, trig: _Trigger, prior: list[EventMention], source_ids: set[str]
    ) -> list[_Arg]:
        """ "condemned the attack", "rejected the accusation": a definite event noun as object
        with no actor in it refers back to an earlier event, whose actor is the target; a
        definite action noun ("blamed those measures") to any earlier event."""
        tok = trig.token
        if tok.pos_ != "VERB":
            return []
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if obj is None or any(t.i in self.actor_at for t in obj.subtree):
            return []
        lemma = obj.lemma_.lower()
        kinds = self.ex.event_nouns.get(lemma)
        if kinds is None and lemma in self.words.get("action_nouns", ()):
            kinds = {ev["type"] for ev in prior}  # "those measures": whatever was done
        definite = any(
            c.dep_ in ("det", "poss") and c.lower_ in self.words.get("anaphoric_det", ())
            for c in obj.children
        )
        if not kinds or not definite:
            return []
        # Sides are told apart by country and sector: a governor condemning the gunmen of his
        # own state is condemning another side, a ministry defending its own army is not.
        ours = source_ids | {self.side(i) for i in source_ids}

        def other(actor_id: str | None) -> bool:
            return bool(actor_id) and not {actor_id, self.side(str(actor_id))} & ours

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
