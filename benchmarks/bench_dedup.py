"""Throughput of near-duplicate detection as the store runs it: ``Store.write`` of documents.

Each batch of 64 documents (the pipeline's ``batch_documents``) is written to a DuckDB store
in a temporary folder, as ``run`` writes it: the store signs each body, inserts its LSH band
keys into ``story_bands``, joins them against the stored ones and links stories. Documents carry
no annotations, so what is timed is the document rows and the band path. ``signature`` alone
is timed too, for the share of the time it takes.

Generates N synthetic articles (Zipf-distributed vocabulary of made-up words, 4-9 paragraphs of
sentences of 8-30 words, about 5% near-duplicate copies of an earlier article with a paragraph
dropped, a paragraph added and a few words changed), then times writing them to a store at
two sizes and prints docs/s and the time ratio. Near-linear scaling gives a ratio near the size
ratio (10 for the defaults).

    .venv/bin/python benchmarks/bench_dedup.py            # 10k and 100k documents
    .venv/bin/python benchmarks/bench_dedup.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import itertools
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

from newsevents.dedup import signature
from newsevents.models import Document, Extraction
from newsevents.store import Store

BATCH = 64  # documents per Store.write, as pipeline.run

SYLLABLES = [c + v for c in "bdfghklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
VOCABULARY = 40_000
DUPLICATE_SHARE = 0.05


def vocabulary(rng: np.random.Generator) -> np.ndarray:
    words = {
        "".join(rng.choice(SYLLABLES, size=int(rng.integers(1, 5)))) for _ in range(VOCABULARY * 2)
    }
    return np.array(sorted(words)[:VOCABULARY])


def paragraph(rng: np.random.Generator, words: np.ndarray, cumulative: np.ndarray) -> str:
    sentences = []
    for _ in range(int(rng.integers(2, 5))):
        # Inverse-CDF sampling: rng.choice(p=...) rescans the weights on every call.
        drawn = np.searchsorted(cumulative, rng.random(int(rng.integers(8, 31))))
        chosen = words[np.minimum(drawn, words.size - 1)]
        sentences.append(" ".join(chosen).capitalize() + ".")
    return " ".join(sentences)


def near_copy(rng: np.random.Generator, text: str, extra: str) -> str:
    """Drop one paragraph, add one, and change a handful of words, as a syndicating outlet."""
    paragraphs = text.split("\n\n")
    del paragraphs[int(rng.integers(len(paragraphs)))]
    paragraphs.insert(int(rng.integers(len(paragraphs) + 1)), extra)
    tokens = "\n\n".join(paragraphs).split(" ")
    for position in rng.integers(len(tokens), size=5):
        tokens[position] = "edited"
    return " ".join(tokens)


def corpus(n: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = np.random.default_rng(seed)
    words = vocabulary(rng)
    weights = 1.0 / np.arange(1, words.size + 1) ** 1.05
    cumulative = np.cumsum(weights / weights.sum())
    documents: list[tuple[str, str]] = []
    for i in range(n):
        if documents and rng.random() < DUPLICATE_SHARE:
            original = documents[int(rng.integers(len(documents)))][1]
            text = near_copy(rng, original, paragraph(rng, words, cumulative))
        else:
            text = "\n\n".join(
                paragraph(rng, words, cumulative) for _ in range(int(rng.integers(4, 10)))
            )
        documents.append((f"doc-{i:07d}", text))
    return documents


def extraction(doc_id: str, text: str) -> Extraction:
    document = Document(doc_id=doc_id, text=text, source=f"bench/{doc_id}.txt")
    return Extraction(document, (), (), (), (), (), (), ())


def run(documents: list[tuple[str, str]]) -> tuple[float, float, float, int]:
    """CPU seconds spent signing alone and writing to the store (which signs again and links
    stories), wall seconds of the writes, and documents that joined another's story. CPU time
    is what the ratio uses: on a shared machine wall time also counts other processes' turns."""
    signing = 0.0
    for _, text in documents:
        started = time.process_time()
        signature(text)
        signing += time.process_time() - started
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.duckdb"
        writing = 0.0
        wall = time.perf_counter()
        with Store(path) as store:
            for i in range(0, len(documents), BATCH):
                batch = [extraction(*d) for d in documents[i : i + BATCH]]
                started = time.process_time()
                store.write(batch)
                writing += time.process_time() - started
        wall = time.perf_counter() - wall
        with duckdb.connect(str(path), read_only=True) as con:
            (linked,) = con.execute(
                "SELECT count(*) FROM documents WHERE story_id <> doc_id"
            ).fetchone()
    return signing, writing, wall, int(linked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=(10_000, 100_000))
    args = parser.parse_args()
    small, large = args.sizes
    started = time.perf_counter()
    documents = corpus(large)
    words = sum(len(text.split()) for _, text in itertools.islice(documents, 1000)) / 1000
    print(
        f"generated {large} documents (~{words:.0f} words each) "
        f"in {time.perf_counter() - started:.1f}s",
        flush=True,
    )
    timings = {}
    for size in (small, large):
        signing, writing, wall, linked = run(documents[:size])
        timings[size] = writing
        print(
            f"{size:>7} docs: Store.write {writing:7.1f} CPU s  {size / writing:7.0f} docs/s  "
            f"(signature alone {signing:.1f}s; wall {wall:.1f}s; "
            f"{linked} in another document's story)",
            flush=True,
        )
    print(f"CPU time ratio {large}/{small}: {timings[large] / timings[small]:.2f}")


if __name__ == "__main__":
    main()
