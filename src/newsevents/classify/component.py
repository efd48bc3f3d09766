"""``newsevents_event_types``: the learned model beside the rules, after the events stage.

The rules keep what they are good at (spans, roles, realis, negation); the model, fine-tuned on
the team's corpus, knows how news phrases an event far beyond any verb list. Per sentence that
can hold an event (a rule event or an actor in it, a verb, not a direct quote):

1. **Score.** The model gives calibrated probabilities over the 16 types and ``NONE``.
2. **Confidence.** Each rule event's confidence becomes the model's probability that the
   sentence is of the event's type, blended with the rules' own structural score
   (``rule_weight``), so it is a probability, not an ad-hoc sum.
3. **Retype.** Where the model gives another type at least ``retype_threshold`` and the rule
   type at most ``keep_threshold``, the sentence's main rule event (most confident, asserted)
   takes the model's type and that type's root CAMEO code; ``pattern`` says so.
4. **Recover.** A sentence with no rule event whose best type is at least ``recover_threshold``
   gets one event, triggered by its main verb, with the actors of its subject and object from
   the parse (null where none is identifiable) and a confidence lowered by ``recover_discount``;
   with neither, only a reading of at least ``unfilled_threshold`` stands.
   In an article (``article_sentences`` or more) retyping and recovering use
   ``article_retype_threshold`` and ``article_recover_threshold`` instead: off by default.
5. **Keep or drop actorless events.** A rule event with neither source nor target is kept only
   when the model agrees the sentence holds an event of its type (``NONE`` below
   ``none_threshold``, the type at least ``recover_threshold``).

6. **Fold restatements.** An actorless event whose type the document already codes with actors
   is the same act again, and is dropped.

The README gives the dev-set figures of each order (rules first, default, model first) and of
the article defaults.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import raise_error

from newsevents import dictionaries
from newsevents.classify.labels import INDEX, NONE, PLOVER_TYPES
from newsevents.classify.model import MODEL_DIR, shipped_model
from newsevents.nlp import ACTORS, EVENTS, PUBLISHED, QUOTES, EventMention
from newsevents.syntax import PLACE_TARGET_TYPES, where_laid

CAMEO_FILE = "events/plover_cameo.csv"  # the shipped table of kind "cameo"
SUBJECTS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})
OBJECTS = frozenset({"dobj", "dative", "attr", "oprd"})


def _root_codes() -> dict[str, dict[str, Any]]:
    """Each type's most general CAMEO row (the shortest code, then the lowest)."""
    best: dict[str, dict[str, Any]] = {}
    for row in dictionaries.load("cameo"):
        current = best.get(row["type"])
        if current is None or (len(row["id"]), row["id"]) < (len(current["id"]), current["id"]):
            best[row["type"]] = row
    return best


class EventTypes:
    def __init__(
        self,
        nlp: Language,
        model_dir: str = "",
        rule_weight: float = 0.3,
        retype_threshold: float = 0.6,
        keep_threshold: float = 0.1,
        recover_threshold: float = 0.5,
        recover_discount: float = 0.8,
        none_threshold: float = 0.5,
        unfilled_threshold: float = 0.85,
        article_sentences: int = 4,
        article_retype_threshold: float = 1.01,
        article_recover_threshold: float = 1.01,
    ) -> None:
        self.model = shipped_model(model_dir or str(MODEL_DIR))
        self.rule_weight = rule_weight
        self.retype_threshold = retype_threshold
        self.keep_threshold = keep_threshold
        self.recover_threshold = recover_threshold
        self.recover_discount = recover_discount
        self.none_threshold = none_threshold
        self.unfilled_threshold = unfilled_threshold
        self.article_sentences = article_sentences
        self.article_retype_threshold = article_retype_threshold
        self.article_recover_threshold = article_recover_threshold
        self.error_handler: Callable[..., Any] = raise_error
        self.roots = _root_codes()
        missing = set(PLOVER_TYPES) - self.roots.keys()
        if missing:
            raise ValueError(f"{CAMEO_FILE} has no row for {sorted(missing)}")

    def set_error_handler(self, handler: Callable[..., Any]) -> None:
        self.error_handler = handler

    def get_error_handler(self) -> Callable[..., Any]:
        return self.error_handler

    def pipe(self, stream: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """One model call per document, never across documents: the int8 model quantises its
        activations per call, so a sentence scored beside another document's sentences can
        come out a hair different, and a document's events must not depend on its neighbours
        in the stream (a resumed run, a Ray worker and a local run give the same store)."""
        for doc in stream:
            try:
                yield self(doc)
            except Exception as error:
                self.error_handler("newsevents_event_types", self, [doc], error)

    def __call__(self, doc: Doc) -> Doc:
        sentences = self._sentences(doc)
        rows = self.model.probabilities([s.text.strip() for s in sentences])
        return self._apply(doc, sentences, rows)

    def _is_article(self, doc: Doc) -> bool:
        return sum(1 for _ in doc.sents) >= self.article_sentences

    def _sentences(self, doc: Doc) -> list[Span]:
        events: list[EventMention] = doc._.get(EVENTS) or []
        # Only sentences with a rule event or an actor can gain or keep an event: the others
        # (most of a long article) are not worth the model's time.
        starts = {e["sentence_start"] for e in events}
        actor_starts = [a["start"] for a in doc._.get(ACTORS) or []]
        if self._is_article(doc) and self.article_recover_threshold > 1:
            # Recovery is off in articles: a sentence with actors and no rule event cannot
            # gain one, so it is not scored (about half an article's model time).
            actor_starts = []
        return [
            s
            for s in doc.sents
            if (s.start_char in starts or _any_within(actor_starts, s)) and self._candidate(s, doc)
        ]

    def _apply(self, doc: Doc, sentences: list[Span], probs: Any) -> Doc:
        events: list[EventMention] = list(doc._.get(EVENTS) or [])
        by_sentence: dict[int, list[int]] = {}
        for i, event in enumerate(events):
            by_sentence.setdefault(event["sentence_start"], []).append(i)
        scored = {s.start_char: (s, row) for s, row in zip(sentences, probs, strict=True)}
        # A sentence given on its own (a headline, an event note, a wire snippet) is given as
        # news, and there the model's reading beats the verb lists by far. In an article most
        # sentences without a trigger are context (background, reactions, quotes), and the
        # rules type each event with its clause and actors in view: measured on real articles,
        # retyping and recovering cost more than they gain (README, "Event typing"), so by
        # default an article's events keep the rules' types and only the rules find them.
        article = self._is_article(doc)
        recover_at = self.article_recover_threshold if article else self.recover_threshold
        retype_at = self.article_retype_threshold if article else self.retype_threshold
        keep = [True] * len(events)
        recovered: list[EventMention] = []
        for start, (sent, row) in scored.items():
            indices = by_sentence.get(start, [])
            if indices:
                self._reconcile(events, indices, row, keep, retype_at, sent, doc)
            else:
                event = self._recover(sent, row, doc, recover_at)
                if event:
                    recovered.append(event)
        for i, event in enumerate(events):
            if event["sentence_start"] not in scored and not (
                event["source_id"] or event["target_id"]
            ):
                keep[i] = False  # no model view of the sentence: an actorless event is no event
        out = _restatements_folded([e for e, k in zip(events, keep, strict=True) if k] + recovered)
        out.sort(key=lambda e: (e["sentence_start"], e["trigger_start"]))
        doc._.set(EVENTS, out)
        return doc

    # ------------------------------------------------------------------ per sentence
    def _candidate(self, sent: Span, doc: Doc) -> bool:
        words = [t for t in sent if t.is_alpha]
        if len(words) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in sent):
            return False
        for quote in doc._.get(QUOTES) or []:
            inside = min(sent.end_char, quote["end"]) - max(sent.start_char, quote["start"])
            if inside > 0.6 * len(sent.text):
                return False  # a speaker's words are speech, not a reported action
        return True

    def _reconcile(
        self,
        events: list[EventMention],
        indices: list[int],
        row: Any,
        keep: list[bool],
        retype_at: float,
        sent: Span,
        doc: Doc,
    ) -> None:
        p_none = float(row[INDEX[NONE]])
        best = max(PLOVER_TYPES, key=lambda t: row[INDEX[t]])
        main = max(indices, key=lambda i: (not events[i]["negated"], events[i]["confidence"]))
        main_type = events[main]["type"]
        # A type another rule event of the sentence already has is that event's, not a
        # correction of the main one ("called for X, a topic on which Y declined to comment").
        other_types = {events[i]["type"] for i in indices}
        if (
            best not in other_types
            and row[INDEX[best]] >= retype_at
            and row[INDEX[main_type]] <= self.keep_threshold
            and not events[main]["negated"]
        ):
            root = self.roots[best]
            events[main] = EventMention(
                **{
                    **events[main],
                    "type": best,
                    "mode": root.get("mode") or None,
                    "cameo": root["id"],
                    "quad_class": int(root["quad_class"]) if root.get("quad_class") else None,
                    "pattern": f"model:{best}<{events[main]['pattern']}",
                }
            )
            # "Troops remained on alert, under orders to shoot anyone": the rules' trigger sat
            # in a clause with fewer actors than the main verb's; the type the model reads is
            # the sentence's, and so are the roles of its main verb.
            roles = _main_roles(sent, doc, best)
            if _filled(roles) > _filled(events[main]) and (
                not _filled(events[main]) or events[main]["trigger_start"] != _main_verb(sent).idx
            ):
                events[main] = EventMention(**{**events[main], **roles})
        for i in indices:
            event = events[i]
            if (
                not _filled(event)
                and len(indices) == 1
                and not self._is_article(doc)
                and not _reported(doc, event, sent)
            ):
                # A sentence given alone whose one trigger found no actor: the roles of its
                # main verb ("Troops remained on alert, under orders to shoot anyone").
                roles = _main_roles(sent, doc, event["type"])
                if roles["source_id"]:
                    event = EventMention(**{**event, **roles})
            p_type = float(row[INDEX[event["type"]]])
            if not (event["source_id"] or event["target_id"]) and (
                p_none >= self.none_threshold or p_type < self.recover_threshold
            ):
                # A trigger with no actor is an event only where the model reads one too.
                keep[i] = False
                continue
            blended = (1 - self.rule_weight) * p_type + self.rule_weight * event["confidence"]
            events[i] = EventMention(**{**event, "confidence": round(blended, 3)})

    def _recover(self, sent: Span, row: Any, doc: Doc, threshold: float) -> EventMention | None:
        best = max(PLOVER_TYPES, key=lambda t: row[INDEX[t]])
        p = float(row[INDEX[best]])
        if p < threshold or row[INDEX[NONE]] >= p:
            return None
        verb = _main_verb(sent)
        roles = _main_roles(sent, doc, best)
        if not (roles["source_id"] or roles["target_id"]) and p < self.unfilled_threshold:
            return None  # no trigger and no actor: only a near-certain reading stands
        root = self.roots[best]
        published = doc._.get(PUBLISHED)
        return EventMention(
            type=best,
            mode=root.get("mode") or None,
            cameo=root["id"],
            quad_class=int(root["quad_class"]) if root.get("quad_class") else None,
            source_id=roles["source_id"],
            target_id=roles["target_id"],
            place_id=None,
            date=published,
            date_precision="day" if published else None,
            date_source="published" if published else None,
            negated=any(c.dep_ == "neg" for c in verb.children),
            modality="asserted",
            fatalities=None,
            injured=None,
            arrested=None,
            sentence_start=sent.start_char,
            # Masked boilerplate after the last sentence is spaces in doc.text: not its text.
            sentence_end=sent.start_char + len(sent.text.rstrip()),
            trigger_start=verb.idx,
            trigger_end=verb.idx + len(verb.text),
            source_start=roles["source_start"],
            source_end=roles["source_end"],
            target_start=roles["target_start"],
            target_end=roles["target_end"],
            confidence=round(p * self.recover_discount, 3),
            pattern=f"model:{best}",
        )


def _reported(doc: Doc, event: EventMention, sent: Span) -> bool:
    """Whether the trigger sits in a reported clause ("said gunmen had killed five"): the
    speaker of the main verb did not do what is reported."""
    span = doc.char_span(event["trigger_start"], event["trigger_end"], alignment_mode="expand")
    if span is None:
        return True
    tok = span.root
    while tok.i != sent.root.i and tok.head.i != tok.i:
        if tok.dep_ in ("ccomp", "parataxis"):
            return True
        tok = tok.head
    return False


def _filled(event: Any) -> int:
    return bool(event["source_id"]) + bool(event["target_id"])


def _main_roles(sent: Span, doc: Doc, kind: str) -> dict[str, Any]:
    """Source and target of the sentence's main verb, as event fields. A role no actor fills
    keeps the text the parse gives it, as the rules' events do (for a measure or deployment,
    the place it is laid on: "declared a state of siege in Pando")."""
    verb = _main_verb(sent)
    source, target = _roles(verb, sent, doc)
    source_phrase, target_phrase = _phrases(verb)
    where = where_laid(verb) if kind in PLACE_TARGET_TYPES and target is None else []
    if where:
        target_phrase = (doc[where[0].left_edge.i].idx, where[-1].idx + len(where[-1].text))
    source_span = (source["start"], source["end"]) if source else source_phrase
    target_span = (target["start"], target["end"]) if target else target_phrase
    return {
        "source_id": source["actor_id"] if source else None,
        "target_id": target["actor_id"] if target else None,
        "source_start": source_span[0],
        "source_end": source_span[1],
        "target_start": target_span[0],
        "target_end": target_span[1],
    }


def _restatements_folded(events: list[EventMention]) -> list[EventMention]:
    """Actorless events that only restate one the document already codes with its actors.

    "Gunmen killed 19 villagers in Alau ... The attack came on the heels of similar raids":
    the second sentence is the same act again, and an event with neither source nor target
    adds nothing a reader can use beside the one that names who did it to whom. An actorless
    event stays where its type has no actor-bearing event in the document (an unattributed
    bombing is an event in its own right, with a null source and target)."""
    with_actors = {e["type"] for e in events if e["source_id"] or e["target_id"]}
    seen: set[str] = set()
    out = []
    for event in events:
        if not (event["source_id"] or event["target_id"]):
            if event["type"] in with_actors or event["type"] in seen:
                continue  # folded into the document's event of that type
            seen.add(event["type"])
        out.append(event)
    return out


def _any_within(positions: list[int], sent: Span) -> bool:
    return any(sent.start_char <= p < sent.end_char for p in positions)


def _main_verb(sent: Span) -> Token:
    """The sentence root, or its first verb when the root is not one (headlines, fragments)."""
    if sent.root.pos_ in ("VERB", "AUX"):
        return sent.root
    return next((t for t in sent if t.pos_ == "VERB"), sent.root)


def _actor_in(tokens: list[Token], actors: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first actor mention inside the character range of these tokens."""
    if not tokens:
        return None
    low = min(t.idx for t in tokens)
    high = max(t.idx + len(t.text) for t in tokens)
    inside = [a for a in actors if a["start"] >= low and a["end"] <= high]
    return min(inside, key=lambda a: a["start"]) if inside else None


def _phrases(verb: Token) -> tuple[tuple[int | None, int | None], tuple[int | None, int | None]]:
    """Character spans of the verb's subject (or passive agent) and object phrases, from the
    left edge to the head noun; none for a pronoun or a clause."""

    def span(head: Token | None) -> tuple[int | None, int | None]:
        if head is None or head.pos_ not in ("NOUN", "PROPN"):
            return None, None
        return head.doc[head.left_edge.i].idx, head.idx + len(head.text)

    subject = obj = None
    for child in verb.children:
        if child.dep_ in SUBJECTS and subject is None:
            subject = child
        elif child.dep_ == "agent" and subject is None:
            subject = next((g for g in child.children if g.dep_ == "pobj"), None)
        elif child.dep_ in PASSIVE_SUBJECTS | OBJECTS and obj is None:
            obj = child
    return span(subject), span(obj)


def _roles(
    verb: Token, sent: Span, doc: Doc
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    actors = [
        a
        for a in doc._.get(ACTORS) or []
        if a["start"] >= sent.start_char and a["end"] <= sent.end_char
    ]
    source = target = None
    for child in verb.children:
        subtree = list(child.subtree)
        if child.dep_ in SUBJECTS and source is None:
            source = _actor_in(subtree, actors)
        elif child.dep_ in PASSIVE_SUBJECTS and target is None:
            target = _actor_in(subtree, actors)
        elif child.dep_ == "agent" and source is None:
            source = _actor_in(subtree, actors)
        elif child.dep_ in OBJECTS and target is None:
            target = _actor_in(subtree, actors)
    if target is None:
        for child in verb.children:
            if child.dep_ == "prep" and child.lemma_ != "by":
                target = _actor_in(list(child.subtree), actors)
                if target:
                    break
    if source and target and source["actor_id"] == target["actor_id"]:
        target = None
    return source, target


@Language.factory(
    "newsevents_event_types",
    default_config={
        "model_dir": "",
        "rule_weight": 0.3,
        "retype_threshold": 0.6,
        "keep_threshold": 0.1,
        "recover_threshold": 0.5,
        "recover_discount": 0.8,
        "none_threshold": 0.5,
        "unfilled_threshold": 0.85,
        "article_sentences": 4,
        "article_retype_threshold": 1.01,
        "article_recover_threshold": 1.01,
    },
    requires=[f"doc._.{EVENTS}", f"doc._.{ACTORS}", f"doc._.{QUOTES}"],
    assigns=[f"doc._.{EVENTS}"],
)
def make_event_types(
    nlp: Language,
    name: str,
    model_dir: str,
    rule_weight: float,
    retype_threshold: float,
    keep_threshold: float,
    recover_threshold: float,
    recover_discount: float,
    none_threshold: float,
    unfilled_threshold: float,
    article_sentences: int,
    article_retype_threshold: float,
    article_recover_threshold: float,
) -> EventTypes:
    return EventTypes(
        nlp,
        model_dir,
        rule_weight,
        retype_threshold,
        keep_threshold,
        recover_threshold,
        recover_discount,
        none_threshold,
        unfilled_threshold,
        article_sentences,
        article_retype_threshold,
        article_recover_threshold,
    )
