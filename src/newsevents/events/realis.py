"""Realis: whether a trigger's event happened, is intended or hypothetical, and whether it is
the news of its sentence or background to it.

A trigger governed through ``xcomp`` by a cue verb takes that verb's modality ("plans to visit"
-> intent; "refused to withdraw" -> negated); the modal auxiliaries and conditional marks of
cues.yaml do the same on the trigger, its light verb and each governor. A trigger in an
adverbial or relative clause or a time adjunct is background ("withdrew the bill a day after
protesters stormed parliament").

The two links from a trigger that the later jobs follow are here too: its light verb
("expressed support", "signed an agreement") and its governor.
"""

from __future__ import annotations

from spacy.tokens import Token

from newsevents.events.document import _Document, _Trigger

# Dependency labels of a clause below the main one: its events are background to the sentence.
SUBORDINATE = frozenset({"advcl", "relcl", "acl", "pcomp"})


class _Realis(_Document):
    """Negation, modality and background of a trigger, through its light verb and governors."""

    def governor(self, tok: Token) -> Token | None:
        """The verb/adjective this trigger is the complement of ("plan" in "plans to visit")."""
        if tok.dep_ == "xcomp" and tok.head.i != tok.i:
            return tok.head
        return None

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
            # "moved in to break up the rally": a governor with a particle is the act begun
            # ("move in", "step in"), not an intention ("moved to ban").
            if (
                i
                and lemma in self.ex.governor_modality
                and not any(
                    c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in ("in", "out"))
                    for c in t.children
                )
            ):
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

    def scheduled(self, tok: Token) -> bool:
        """A governor schedules the trigger's action ("is set to hold talks", "is due to
        arrive"): the action is planned, and keeps its own type (cues.yaml, schedule)."""
        words = self.words.get("schedule", ())
        node = (self.light_verb(tok) if tok.pos_ in ("NOUN", "PROPN") else None) or tok
        for _ in range(6):
            gov = self.governor(node)
            if gov is None:
                return False
            if gov.lemma_.lower() in words or gov.lower_ in words:
                return True
            node = gov
        return False

    def habitual(self, tok: Token) -> bool:
        """A pattern of acts, not one act ("the army regularly carries out raids", "gangs often
        kidnap travellers"): background the story gives, no event of its own (cues.yaml,
        habitual). An act going on ("have been exchanging fire") is still news."""
        node = (self.light_verb(tok) if tok.pos_ in ("NOUN", "PROPN") else None) or tok
        if node.pos_ not in ("VERB", "AUX"):
            return False
        words = self.words.get("habitual", ())
        return any(c.dep_ == "advmod" and c.lower_ in words for c in node.children)

    def tally(self, tok: Token) -> bool:
        """A casualty word that sums many events, a running toll ("at least 273 people have
        been killed since October", "the conflict has killed 120,000 in four decades"): the
        attacks are events, their sum is not (cues.yaml, tally_*). An event noun that dates
        the toll ("since Hamas's attack on Israel") or is summed by it ("have been killed in
        attacks by X since October") is background to it, as is any event noun after "since"."""
        since, spans = self.words.get("tally_mark", ()), self.words.get("tally_span", ())
        if tok.pos_ == "NOUN" and tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            prep = tok.head
            if prep.lower_ in since:
                return True  # when the toll or the state began, not what is reported
            if prep.head.i != tok.i and self.tally(prep.head):
                return True
        if self.ex.casualty.get(tok.lemma_.lower()) not in ("fatalities", "injured"):
            return False
        conflicts = self.words.get("tally_conflict", ())
        objects: list[Token] = []
        for child in tok.children:
            if child.dep_ == "prep":
                if child.lower_ in since:
                    return True
                objects += [c for c in child.children if c.dep_ == "pobj"]
            elif child.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in since for m in child.children
            ):
                return True
            elif child.dep_ in ("npadvmod", "obl"):
                objects.append(child)
        for obj in objects:
            # "in the months of violence": the span, not its "of" phrase
            if obj.lemma_.lower() in spans and (
                obj.tag_ in ("NNS", "NNPS") or any(c.lower_ == "past" for c in obj.children)
            ):
                return True
        perfect = any(
            c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" and c.tag_ in ("VBP", "VBZ")
            for c in tok.children
        )
        if not perfect:
            return False
        doers = [c for c in tok.children if c.dep_ in ("nsubj", "csubj")]
        if tok.dep_ == "relcl" and any(d.tag_ in ("WDT", "WP") for d in doers):
            doers.append(tok.head)  # "unrest that has killed 300"
        return any(t.lemma_.lower() in conflicts for t in doers + objects)

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


def _quantity(tok: Token) -> bool:
    # An amount word: a number, or a noun counted by one ("40 lorries", "$2 billion").
    return tok.pos_ == "NUM" or any(c.dep_ in ("nummod", "quantmod") for c in tok.children)


def _stronger(current: str, new: str) -> str:
    # A hypothetical cue outranks intent ("would plan to"), intent outranks asserted.
    order = {"asserted": 0, "intent": 1, "hypothetical": 2}
    return new if order[new] > order[current] else current
