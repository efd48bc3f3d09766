"""A reference in-memory MinHash LSH index, for the tests only.

The store links stories with band keys in a DuckDB table (``Store._link``); this plain-dict
version of the same rule (candidates share a ``band_keys`` key, ``near_duplicate`` decides, a
story is a connected component named by its least doc_id) lets the tests check the rule itself
(order independence, the threshold on the stories corpus) and cross-check the store against it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsevents.dedup import (
    DEFAULT_THRESHOLD,
    NUM_PERM,
    band_keys,
    band_rows,
    is_empty,
    near_duplicate,
    signature,
)


class DuplicateIndex:
    """Near-duplicate documents, grouped into stories.

    ``add`` each document's signature (computed now or loaded from a store); ``stories`` gives
    doc_id → story id. The result does not depend on the order of ``add`` calls.

    LSH banding: the signature is cut into bands of ``rows`` values (datasketch's optimum for
    the threshold: 3 at 0.3, so 42 bands) and two documents become candidates when any band is
    equal; the estimated Jaccard similarity then decides. At 0.3 a pair of similarity 0.3 is a
    candidate with probability 0.68, one of 0.5 with 0.996, so a brief is caught through the
    fullest copy of its story; unrelated documents (similarity near 0.01) almost never collide,
    which keeps each ``add`` independent of the index size. The store keeps the same
    ``band_keys`` in a DuckDB table instead and holds nothing per document.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD):
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.rows = band_rows(threshold)
        # Band key (salted with its band) → the doc_id, or a list of doc_ids once two collide.
        self._bands: dict[int, str | list[str]] = {}
        self._signatures: dict[str, np.ndarray] = {}
        self._parent: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}  # story id → its documents

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._signatures

    def _find(self, doc_id: str) -> str:
        root = doc_id
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[doc_id] != root:  # path compression
            self._parent[doc_id], doc_id = root, self._parent[doc_id]
        return root

    def _union(self, a: str, b: str) -> None:
        root_a, root_b = self._find(a), self._find(b)
        if root_a != root_b:
            # The smaller id is the root, so a story's id is the least doc_id in it.
            low, high = sorted((root_a, root_b))
            self._parent[high] = low
            self._members[low] += self._members.pop(high)

    def similarity(self, a: str, b: str) -> float:
        """Estimated Jaccard similarity of two indexed documents' shingle sets."""
        return float(np.mean(self._signatures[a] == self._signatures[b]))

    def add(self, doc_id: str, hashvalues: np.ndarray) -> list[str]:
        """Index a document by its signature; return the ids of its near duplicates (sorted).

        A document already indexed is left as it is (and gets ``[]``); an empty signature
        (a text without words) is kept as a story of its own.
        """
        if doc_id in self._signatures:
            return []
        values = np.asarray(hashvalues, dtype=np.uint32)
        if values.shape != (NUM_PERM,):
            raise ValueError(f"a signature has {NUM_PERM} values, got shape {values.shape}")
        self._signatures[doc_id] = values
        self._parent[doc_id] = doc_id
        self._members[doc_id] = [doc_id]
        if is_empty(values):
            return []
        candidates: set[str] = set()
        for key in band_keys(values, self.rows)[0].tolist():
            held = self._bands.get(key)
            if held is None:
                self._bands[key] = doc_id
            elif isinstance(held, list):
                candidates.update(held)
                held.append(doc_id)
            else:
                candidates.add(held)
                self._bands[key] = [held, doc_id]
        duplicates = sorted(
            other
            for other in candidates
            if near_duplicate(values, self._signatures[other], self.threshold)
        )
        for other in duplicates:
            self._union(doc_id, other)
        return duplicates

    def story(self, doc_id: str) -> str:
        return self._find(doc_id)

    def members(self, story_id: str) -> list[str]:
        """The documents of a story (``story_id`` as ``story`` returns it), sorted."""
        return sorted(self._members[story_id])

    def stories(self) -> dict[str, str]:
        """doc_id → story_id for every indexed document."""
        return {doc_id: self._find(doc_id) for doc_id in self._signatures}


def story_ids(
    documents: Sequence[tuple[str, str]], threshold: float = DEFAULT_THRESHOLD
) -> dict[str, str]:
    """doc_id → story_id for (doc_id, cleaned body) pairs, all at once."""
    index = DuplicateIndex(threshold)
    for doc_id, text in documents:
        index.add(doc_id, signature(text))
    return index.stories()
