"""Triggers: which pattern matches are events of the document, and which yield to another.

A noun marked ``light_only`` counts only as the object of a light verb ("expressed support",
"signed an agreement"). A speech trigger taking a clause is no event ("warned that prices would
rise") unless it addresses an actor or the clause says what the speaker will or could do
("warned it would take countermeasures": a threat).

A cue governor yields to the trigger it governs, which takes its modality ("threatened to
impose sanctions"). A trigger nested in what a REQUEST/REJECT/THREATEN/AGREE trigger asks for,
offers or refuses is not reported on its own. A commitment governor with no trigger below it
("is prepared to take a leading role") is itself an AGREE with intent.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from newsevents.events.document import _Trigger
from newsevents.events.patterns import _rank, _Rules
from newsevents.events.roles import _purpose, _Roles
from newsevents.syntax import series_clause

# Children of a REQUEST/REJECT/THREATEN/AGREE trigger that are not its content.
NOT_EMBEDDED = frozenset(
    {"nsubj", "nsubjpass", "agent", "punct", "aux", "neg", "advmod", "conj", "cc", "advcl"}
    | {"parataxis", "npadvmod", "relcl", "mark"}
)


def find_triggers(ex: _Rules, doc: Doc, ctx: _Roles) -> list[_Trigger]:
    """The document's event triggers in text order, each with the entry that codes it."""
    best: dict[int, tuple[tuple[int, float], dict[str, Any]]] = {}
    for i, patterns in ex.matches(doc).items():
        for pattern in patterns:
            # Ties go to the earlier entry of the data file.
            if i not in best or pattern.rank > best[i][0]:
                best[i] = (pattern.rank, pattern.entry)
    found: dict[int, _Trigger] = {}
    for i, (_, entry) in sorted(best.items()):
        tok = doc[i]
        # A speaker's words are speech, not reported actions; but blaming someone in them is
        # the speaker's accusation ("'Russia is responsible,' the minister said": attribution
        # entries, which need the speech verb outside the quote).
        if ctx.in_heading(tok) or (ctx.quoted(tok) and not entry.get("attribution")):
            continue
        if entry.get("pos") == "NOUN" and tok.ent_type_ in ("DATE", "TIME"):
            continue  # "on March 28" names a day, not a march
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
        # "fighting cancer", "fought the charges": an object that is no actor, place or event
        # is no opponent (entries flagged actor_object).
        if entry.get("actor_object") and any(
            c.dep_ == "dobj" and not ctx.opponent(c) for c in tok.children
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
            ex.commitment_cameo
            and tok.lemma_.lower() in ex.words.get("commitment", ())
            and tok.i not in found
            and not ctx.skipped(tok)
        ):
            inner = [c for c in tok.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
            if inner and not any(t in found for t in (x.i for x in inner[0].subtree)):
                entry = {"id": "commitment", "cameo": ex.commitment_cameo, "pos": "VERB"}
                found[tok.i] = _Trigger(tok, entry, action=inner[0])
    # Cue governors yield to the trigger they govern ("threatened to impose sanctions");
    # other triggers keep it as what they ask for ("urged X to release").
    cue_governors = set(ex.governor_modality) | ex.words.get("negating_governor", set())
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
    # "helped lead the protests": a helping verb yields to the act its complement names.
    for trig in list(found.values()):
        tok = trig.token
        if trig.entry.get("yields") and any(
            t.i in found
            for c in tok.children
            if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VB"
            for t in c.subtree
        ):
            del found[tok.i]
    # A verb and its object noun naming the same event ("imposed sanctions") are one event:
    # the verb stays the trigger, the better-constrained entry codes it.
    for trig in list(found.values()):
        noun = trig.token
        verb = noun.head
        if noun.dep_ != "dobj" or verb.i not in found or noun.i not in found:
            continue
        outer = found[verb.i]
        if (
            ex.cameo[str(outer.entry["cameo"])]["type"]
            != ex.cameo[str(trig.entry["cameo"])]["type"]
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
            and ex.cameo[str(t.entry["cameo"])]["type"].lower() in ex.words.get("pledged_types", ())
        ]
        if pledged:
            # "pledged aid": the verb only introduces the nominal event, coded as intent.
            del found[trig.token.i]
            continue
        series = series_clause(trig.token)
        for child in trig.token.children:
            # Subjects, modifiers and coordinated or adverbial clauses are not what is asked
            # for ("accused X of Y and asked Z to ..." reports the asking as well).
            if child.dep_ in NOT_EMBEDDED and not _purpose(child):
                continue
            if series is not None and child.i == series.i:
                continue  # the first act of a series, not what the next one asks for
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
        kind = ex.cameo[str(trig.entry["cameo"])]["type"]
        for other in found.values():
            anchor = ctx.light_verb(other.token) or other.token
            if (
                other is not trig
                and anchor.i == clause.head.i
                and ex.cameo[str(other.entry["cameo"])]["type"] == kind
            ):
                del found[trig.token.i]
                break
    return sorted(found.values(), key=lambda t: t.token.i)
