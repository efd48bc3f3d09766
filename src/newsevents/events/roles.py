"""Roles: the source and target of a trigger, as its own phrases name them.

Source: subject (climbing xcomp/conj/advcl/pcomp; a relative pronoun stands for the noun it
modifies; object control for "urged X to" after the control verbs of cues.yaml), the ``by``
agent of a passive, a nominal's possessor/``of``/``by``/adjective, or the subject of the light
verb. Target: direct object, dative, target prepositions (also those of an event noun object:
"imposed sanctions on X and on Y"), a passive subject; a phrase naming no actor takes its owner
from a participle clause ("tankers belonging to X"). Coordinated arguments, and coordinated
modifiers inside one ("Israeli and Hamas delegations"), give one event each. With no target
found: a purpose clause's object ("fired tear gas to disperse X"). A two-sided event noun in a
time adjunct ("seized the town after fighting with X") includes the clause's subject.

Only actor mentions of ``ne_actors`` fill a role. Roles these phrases leave unnamed are found by
``implied``.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from newsevents.events.document import _Arg, _Trigger
from newsevents.events.realis import _Realis
from newsevents.syntax import PLACE_TARGET_TYPES, fronted_subject, series_clause, where_laid


class _Roles(_Realis):
    """Source and target phrases of a trigger, and the actor mentions that fill them."""

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

    def has_agent(self, noun: Token) -> bool:
        """A nominal event whose possessor or by-phrase names an actor ("Moscow's threat")."""
        for c in noun.children:
            if c.dep_ == "poss" and c.i in self.actor_at:
                return True
            if c.dep_ == "prep" and c.lower_ == "by" and self.has_actor_child(c, ("pobj",)):
                return True
        return False

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
        passive = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if passive and tok.lower_ in self.words.get("commitment", ()):
            # "Kenya is committed to opening its market": an adjectival passive of commitment;
            # its subject is the one committed, not acted on.
            return passive, depth == 0
        if passive:
            return [], False
        fronted = fronted_subject(tok)
        if fronted is not None:
            return [fronted], depth == 0
        series = series_clause(tok)
        if series is not None:
            return self.subject(series, depth + 1)
        head = tok.head
        if head.i == tok.i:
            return [], False
        # "Ethiopia let free 74 prisoners": a bare verb right after its head, with no subject
        # of its own, that the parser labelled ccomp is the head's complement as an xcomp is.
        bare = tok.dep_ == "ccomp" and tok.pos_ == "VERB" and tok.i == head.i + 1
        if tok.dep_ == "xcomp" or bare:
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
            raised = [c for c in head.children if c.dep_ == "nsubjpass"]
            # "Navalny was expected to be sentenced": a passive complement's raised subject
            # is acted on, not the doer.
            passive_complement = any(c.dep_ == "auxpass" for c in tok.children)
            if (
                raised
                and not passive_complement
                and not any(c.dep_ == "agent" for c in head.children)
            ):
                # "Pence is set to hold talks", "Russia was forced to withdraw": the subject of
                # a passive whose complement this is does what the complement says.
                return raised, False
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
        phrase: list[Token] = []  # the target's words where no argument names one
        reacted: list[Token] = []  # the act a reaction is to (see below)
        role_source = False
        if tok.pos_ in ("NOUN", "PROPN") or _gerund_between(tok):
            src_tokens, tgt_tokens, role_source = self._nominal_roles(tok, entry, target_preps)
        else:
            src_tokens, role_source = self.subject(tok)
            # The object of "discussed" is a topic and that of "deployed" the forces moved:
            # neither is a counterpart.
            theme = entry.get("topic_object") or entry.get("theme_object")
            if (
                entry.get("theme_object")
                and not src_tokens
                and any(c.dep_ == "auxpass" for c in tok.children)
            ):
                # "Hundreds of riot police were deployed to the capital": with no one named as
                # sending them, the forces moved are the mobilised actor.
                src_tokens = [
                    # "Hundreds of riot police": the force is what the quantity counts.
                    next(
                        (
                            g
                            for p in c.children
                            if p.dep_ == "prep" and p.lower_ == "of"
                            for g in p.children
                            if g.dep_ == "pobj"
                        ),
                        c,
                    )
                    for c in tok.children
                    if c.dep_ == "nsubjpass"
                ]
            objects = "dative" if theme else "dobj dative"
            # "imposed a curfew on Basra", "reduced military aid to its allies": an object the
            # pattern itself names is the thing done; whom it is done to is in a preposition.
            named_object = [
                c
                for c in tok.children
                if c.dep_ == "dobj"
                and _pattern_object(entry, c.lemma_.lower())
                and not self.can_act(c)  # "expelled diplomats": people are the target
            ]
            kind = self.ex.cameo.get(str(entry.get("cameo")), {}).get("type")
            # "condemned the attack on a church": a reaction to a violent act or a sanction is to
            # its doer (the noun's own agent, or an earlier event's: see antecedent_target),
            # never to the victims inside the noun's phrase.
            reacted = [
                c
                for c in tok.children
                if c.dep_ == "dobj"
                and kind in _REACTION_TYPES
                and kind not in (kinds := self.ex.event_nouns.get(c.lemma_.lower(), set()))
                and kinds
                and kinds <= _INFLICTED_TYPES
            ]
            # Candidate target groups in order; the first that names an actor wins.
            groups = [
                [
                    # "residents who were killed by gunmen": the relative pronoun stands for
                    # the noun its clause modifies.
                    tok.head if c.tag_ in ("WP", "WDT") and tok.dep_ == "relcl" else c
                    for c in tok.children
                    if c.dep_ == "nsubjpass" and not entry.get("theme_object")
                ]
                # "Navalny was expected to be sentenced": a passive complement's raised subject.
                or [
                    c
                    for c in tok.head.children
                    if tok.dep_ == "xcomp"
                    and c.dep_ == "nsubjpass"
                    and any(a.dep_ == "auxpass" for a in tok.children)
                    and not entry.get("theme_object")
                ],
                # "imposed sanctions on X and on Y": the event noun's own counterparts.
                [
                    g
                    for c in tok.children
                    if c.dep_ == "dobj"
                    and c.lemma_.lower() in self.ex.event_nouns
                    and c not in reacted
                    for g in self._prep_objects(c, target_preps)
                ],
                [
                    g
                    for c in named_object
                    if c.lemma_.lower() not in self.ex.event_nouns
                    for g in self._prep_objects(c, target_preps)
                ],
                [
                    c
                    for c in tok.children
                    if c.dep_ in objects.split() and not (named_object and c in named_object)
                ],
                self._prep_objects(
                    tok, self.theme_preps if entry.get("theme_object") else target_preps
                ),
                named_object,
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
            if kind == "AGREE":
                # "agreed to lend $1 billion to X": an intent's counterpart is whom the intended
                # action is for.
                groups += [
                    self._prep_objects(c, target_preps) for c in tok.children if c.dep_ == "xcomp"
                ]
            if kind in ("AGREE", "RETREAT") and entry.get("id", "").startswith("retreat."):
                # "(agreed to) withdraw its troops from X": X is what the withdrawal concedes.
                groups.append(self._prep_objects(tok, ["from"]))
            # No group names a coded actor: a named party ("to Afghanistan", "with MERCOSUR")
            # is likelier the counterpart than a common-noun object ("sent troops").
            tgt_tokens = (
                next((g for g in groups if self._actors(g, owner=True)), [])
                or next((g for g in groups if g and _names_a_party(g[0])), [])
                or next((g for g in groups if g), [])
            )
            if not tgt_tokens and kind in _COMPLEMENT_TARGET_TYPES:
                # "refused to allow the plane to land", "demanded that Dbeibeh appear": with
                # no counterpart of its own, a refusal, demand, threat or promise is addressed
                # to whom its complement acts on. Its words only: who that is as an actor is
                # the complement's own event's business.
                phrase = _complement_party(tok)
            if kind in PLACE_TARGET_TYPES and (not tgt_tokens or tgt_tokens == named_object):
                # "declared a state of siege in Pando", "imposed a curfew in Basra": a measure
                # or deployment that names no one (the curfew is the measure itself) is laid on
                # the place: its words only.
                phrase = where_laid(tok)
                if phrase:
                    tgt_tokens = []
        trig.phrases = (src_tokens, tgt_tokens or phrase)
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
        if reacted and tgt_tokens and all(t in reacted for t in tgt_tokens):
            # The act reacted to stays the target's words; its doer, where its phrase names
            # one, is the target ("condemned the attack by X on a church": X).
            targets = self._actors([a for c in reacted for a in self.event_agents(c)])
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
            # "the attacks on Tuesday": a date is when, not whom.
            objs = [g for g in prep.children if g.dep_ == "pobj" and g.ent_type_ not in _WHEN]
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
        if light is not None and src and all(_own(t) for t in src):
            # "Germany reiterated its support for Ukraine", "voiced his support", "pledged his
            # country's support": the possessive pronoun is the light verb's subject.
            src = []
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

    def event_agents(self, noun: Token) -> list[Token]:
        """Who did the act an event noun names, where its phrase says: a possessor or an
        actor modifier ("Israel's strikes", "the Taliban attack") or the "by" object."""
        agents = [
            c
            for c in noun.children
            if c.dep_ == "poss" or (c.dep_ in ("amod", "compound", "nmod") and c.i in self.actor_at)
        ]
        return agents + [
            g
            for p in noun.children
            if p.dep_ == "prep" and p.lower_ == "by"
            for g in p.children
            if g.dep_ == "pobj"
        ]

    def _prep_objects(self, tok: Token, preps: list[str]) -> list[Token]:
        """Objects of the most preferred preposition that names an actor ("cooperated with
        Kenya on border security": "with", as "on" names none)."""
        found: list[tuple[int, Token]] = []
        direct = [c for c in tok.children if c.dep_ in ("prep", "dative")]
        # "sanctions on X and on Y": the second preposition is parsed as the first one's conjunct.
        for prep in direct + [c for p in direct for c in p.conjuncts if c.dep_ == "conj"]:
            if prep.lower_ in preps:
                for g in prep.children:
                    if g.dep_ == "pobj" and g.ent_type_ not in _WHEN:
                        found.append((preps.index(prep.lower_), g))
                    elif g.dep_ == "pcomp" and g.tag_ == "VBG":
                        # "fired tear gas at protesters marching on ...": the parser made the
                        # noun the subject of the participle that modifies it.
                        found.extend(
                            (preps.index(prep.lower_), n) for n in g.children if n.dep_ == "nsubj"
                        )
        for rank in sorted({r for r, _ in found}):
            group = [g for r, g in found if r == rank]
            if self._actors(group):
                return group
        return [g for r, g in found if r == min(r for r, _ in found)] if found else []


def _gerund_between(tok: Token) -> bool:
    """ "Fighting between soldiers and rebels left five dead": a gerund standing as a noun
    names its parties in a "between" phrase, as the noun "fighting" would."""
    return (
        tok.tag_ == "VBG"
        and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in tok.children)
        and any(c.dep_ == "prep" and c.lower_ == "between" for c in tok.children)
    )


# Types addressed to whom their complement clause acts on when nothing else names a target.
def _own(possessor: Token) -> bool:
    """A possessor that is the subject's own: "its", "his", "his country's"."""
    return possessor.tag_ == "PRP$" or (
        possessor.dep_ == "poss" and any(c.tag_ == "PRP$" for c in possessor.children)
    )


_COMPLEMENT_TARGET_TYPES = frozenset({"REJECT", "REQUEST", "THREATEN", "AGREE"})
# Types that react to an act ("condemned the attack"): their counterpart is its doer.
_REACTION_TYPES = frozenset({"ACCUSE", "SUPPORT", "REJECT", "PROTEST"})
# Acts done to someone, whose noun's phrase names its victims ("the attack on a church").
_INFLICTED_TYPES = frozenset({"ASSAULT", "COERCE", "SANCTION"})
# Prepositions whose object, in a complement clause, is whom the clause acts on.
_COMPLEMENT_PREPS = frozenset({"to", "on", "into", "against", "with", "for", "from", "of"})
# Types laid on the place they name when nothing names a target.
# "on Tuesday", "for two hours": a preposition's object that is a time is nobody's target.
_WHEN = frozenset({"DATE", "TIME"})
# Entities that name a party: a country, a people, an organisation or a person.
_NAMED = frozenset({"GPE", "NORP", "ORG", "PERSON"})


def _pattern_object(entry: dict[str, Any], lemma: str) -> bool:
    """Whether a verb pattern names ``lemma`` as the direct object it requires."""
    for child in entry.get("children") or []:
        if child.get("DEP") != "dobj":
            continue
        want = child.get("LEMMA")
        if want == lemma or (isinstance(want, dict) and lemma in want.get("IN", ())):
            return True
    return False


def _names_a_party(head: Token) -> bool:
    """A phrase that names a party in its head or the words before it ("European allies",
    "the ALDE group", "Russia"), unlike "military aid" or "diplomatic relations"."""
    return any(t.ent_type_ in _NAMED for t in head.doc[head.left_edge.i : head.i + 1])


def _complement_party(tok: Token, depth: int = 0) -> list[Token]:
    """Whom a verb's complement clause acts on: a party its object, subject or their
    prepositions name ("refused to send peacekeepers to Angola": Angola; "refuse to lift
    sanctions on X": X), else its object or subject noun, else that of the clause it embeds
    in turn ("refused to allow the ship to dock": the ship)."""
    for clause in (c for c in tok.children if c.dep_ in ("xcomp", "ccomp")):
        found = [
            g
            for g in clause.children
            if g.dep_ in ("dobj", "nsubj", "nsubjpass") and g.pos_ in ("NOUN", "PROPN")
        ]
        named = [
            g
            for head in (clause, *found)
            for p in head.children
            if p.dep_ == "prep" and p.lower_ in _COMPLEMENT_PREPS
            for g in p.children
            if g.dep_ == "pobj" and _names_a_party(g)
        ]
        party = [g for g in found if _names_a_party(g)] or named
        if party or found:
            return party[:1] or found
        if depth == 0:
            deeper = _complement_party(clause, 1)
            if deeper:
                return deeper
    return []


def _purpose(clause: Token) -> bool:
    # An infinitival purpose clause ("pledged aid to help X") is part of what is pledged.
    return clause.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
    )


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
