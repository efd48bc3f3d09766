"""Cross-article event merging measured on the team's story corpus, through the real pipeline.

Gold comes from the corpus structure. Two event mentions in different documents of the same
syndication family, of the same PLOVER type, on the same trigger word of the same sentence
wording, are one mention copied and must merge (recall). Triggers are aligned by their word
index in the sentence: one sentence may report several happenings ("exchanged fire, killing two
soldiers"), which stay apart within a document and so must stay apart across its copies too.
A merge joining documents of different families is wrong (precision), since the corpus's
near-topic articles report other happenings, except where a follow-up recaps the happening of
another family in its background ("people marched through Santiago last week"): the corpus
marks such a document with ``recaps``, and a merge between it and that family is not judged.
"""

from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path

import pytest

from newsevents.models import Document
from newsevents.pipeline import extract
from newsevents.store import Store

CORPUS = Path(__file__).parent / "data" / "stories" / "stories.jsonl"


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _mention(event: tuple) -> tuple[str, str, int]:
    """What a copied mention keeps: type, sentence wording, and the trigger's word index."""
    return event[2], _words(event[3]), len(_words(event[5]).split())


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple], dict[str, dict]]:
    import datetime as dt

    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    corpus = {row["id"]: row for row in rows}
    documents = [
        Document(
            doc_id=row["id"],
            text=row["text"],
            source=row["id"],
            title=row["title"],
            publisher=row["publisher"],
            published=dt.date.fromisoformat(row["published"]),
            published_from="metadata",
        )
        for row in rows
    ]
    db = tmp_path_factory.mktemp("stories") / "stories.duckdb"
    with Store(db) as store:
        store.write(list(extract(documents, strict=True)))
        events = store.connection.execute(
            "SELECT id, doc_id, type, sentence, merged_id, "
            "       substr(sentence, 1, span_start - sentence_start) FROM events"
        ).fetchall()
    return events, corpus


def _pairs(events: list[tuple], corpus: dict[str, dict]) -> tuple[set, set]:
    """Gold pairs, and merged pairs each with whether it is right (None: not judged)."""
    should, merged = set(), set()
    for a, b in combinations(events, 2):
        if a[1] == b[1]:
            continue  # merging across documents is what is measured here
        doc_a, doc_b = corpus[a[1]], corpus[b[1]]
        same_family = doc_a["family"] == doc_b["family"]
        pair = tuple(sorted((a[0], b[0])))
        if a[4] == b[4]:
            recap = doc_a["family"] in doc_b.get("recaps", ()) or doc_b["family"] in doc_a.get(
                "recaps", ()
            )
            merged.add((pair, True if same_family else None if recap else False))
        if same_family and _mention(a) == _mention(b):
            should.add(pair)
    return should, merged


def test_story_merging_precision_and_recall_at_least_095_on_the_corpus(merged) -> None:
    events, corpus = merged
    should, merged_pairs = _pairs(events, corpus)
    right = {pair for pair, verdict in merged_pairs if verdict}
    judged = [pair for pair, verdict in merged_pairs if verdict is not None]
    precision = len(right) / len(judged) if judged else 0.0
    recall = len(should & right) / len(should) if should else 0.0
    print(
        f"event merging on {CORPUS.name}: precision {precision:.3f} recall {recall:.3f} "
        f"({len(judged)} judged merged pairs, {len(merged_pairs) - len(judged)} with a recap, "
        f"{len(should)} gold pairs)"
    )
    assert len(should) >= 20  # the measure means something only with enough syndicated events
    assert precision >= 0.95
    assert recall >= 0.95


RESTATED = (
    "KADUNA, Nigeria — Gunmen attacked the village of Kurmin Dawa on Sunday, police said. "
    "Twelve villagers were shot dead in the raid, residents said. Soldiers later killed four "
    "of the gunmen near the village."
)


def test_an_actorless_restatement_is_a_second_mention_of_the_event_it_restates(
    tmp_path: Path,
) -> None:
    import datetime as dt

    doc = Document(doc_id="kd", text=RESTATED, source="kd.txt", published=dt.date(2025, 3, 3))
    (extraction,) = list(extract([doc]))
    attack, raid, reprisal = extraction.events
    assert (attack.type, raid.type, reprisal.type) == ("ASSAULT", "ASSAULT", "ASSAULT")
    assert attack.source is not None and raid.source is None
    assert raid.restates == attack.id  # no doer of its own: the attack again
    assert attack.restates is None and reprisal.restates is None  # soldiers: another act
    with Store(tmp_path / "kd.duckdb") as store:
        store.write([extraction])
        merged = store.merged_event(raid.id)
        assert merged is not None and merged["id"] == store.merged_event(attack.id)["id"]
        assert merged["num_mentions"] == 2
        # The restatement names whom the attack hit; the first mention names who did it.
        assert (merged["source"]["country"], merged["target"]["sector"]) == ("NGA", "CVL")
        assert len(store.merged_events()) == 2
