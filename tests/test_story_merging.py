"""Cross-article event merging measured on the team's story corpus, through the real pipeline.

Gold comes from the corpus structure: two event mentions in different documents of the same
syndication family, from the same sentence wording and of the same PLOVER type, report one
happening and must merge (recall); a merge joining documents of different families is wrong
(precision), since the corpus's near-topic articles report other happenings by construction.
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


def _words(sentence: str) -> str:
    return " ".join(re.findall(r"\w+", sentence.lower()))


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[tuple], dict[str, str]]:
    import datetime as dt

    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    family = {row["id"]: row["family"] for row in rows}
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
            "SELECT id, doc_id, type, sentence, merged_id FROM events"
        ).fetchall()
    return events, family


def _pairs(events: list[tuple], family: dict[str, str]) -> tuple[set, set]:
    should, merged = set(), set()
    for a, b in combinations(events, 2):
        if a[1] == b[1]:
            continue  # merging across documents is what is measured here
        pair = tuple(sorted((a[0], b[0])))
        if a[4] == b[4]:
            merged.add((pair, family[a[1]] == family[b[1]]))
        if family[a[1]] == family[b[1]] and a[2] == b[2] and _words(a[3]) == _words(b[3]):
            should.add(pair)
    return should, merged


def test_story_merging_precision_at_least_095_and_recall_floor_on_the_corpus(merged) -> None:
    events, family = merged
    should, merged_pairs = _pairs(events, family)
    right = {pair for pair, same_family in merged_pairs if same_family}
    precision = len(right) / len(merged_pairs) if merged_pairs else 0.0
    recall = len(should & right) / len(should) if should else 0.0
    print(
        f"event merging on {CORPUS.name}: precision {precision:.3f} recall {recall:.3f} "
        f"({len(merged_pairs)} merged pairs, {len(should)} gold pairs)"
    )
    assert len(should) >= 20  # the measure means something only with enough syndicated events
    assert precision >= 0.95
    # Measured 0.68-0.82 while the stages changed: the misses are copies of one sentence whose
    # actors are coded differently in two copies (context-dependent actor resolution), which
    # never meet in one merge group. A floor against regressions, below the 0.95 target.
    assert recall >= 0.60
