"""One story, many outlets: near-duplicate documents and cross-document event merging.

Records in, records out: nothing here knows about spaCy or the store.

- ``signature`` turns a cleaned body (boilerplate masked, see ``newsevents.clean``) into a
  MinHash signature over word 5-grams: NUM_PERM uint32 values, computed with numpy in one pass
  (stable CRC-32 word hashes, combined into shingle hashes, then NUM_PERM affine permutations
  mod 2^32, as datasketch's "affine32" scheme). Signatures depend only on the text and on
  ``SIGNATURE_SCHEME``, so they can be stored and reused by a later run.
- ``band_keys`` and ``near_duplicate`` are the two halves of MinHash LSH: documents sharing a
  band key are candidates, and their estimated Jaccard similarity decides. The store keeps the
  keys in a table and links stories with them (``Store._link``); a story is a connected
  component of the "near-duplicate" graph and its id is the least ``doc_id`` in it, so story
  ids do not depend on the order documents arrive in.
- ``merge_events`` groups events that report the same happening: same PLOVER type, same source
  and target actor ids, same polarity, compatible dates and compatible locations.

Choosing the threshold (tests/data/stories/stories.jsonl: 42 documents; 8 syndication families
of 3-5 copies with other titles, bylines and credit lines, trimmed or added paragraphs, briefs
that keep only the top two paragraphs, reworded sentences; 12 near-topic articles that must stay
apart, two of them follow-ups that reuse two background paragraphs of the wire story word for
word; cleaned with ``newsevents.clean``). Pairwise precision / recall of "same story" against
the families (44 true pairs), 5-word shingles, 128 permutations, with this module's permutations
and, in brackets, the mean [and worst] over 30 other permutation seeds:

    threshold  precision              recall
    0.10       0.85                   1.00
    0.15       0.92  [0.90, 0.85]     1.00  [1.00, 1.00]
    0.20       1.00  [0.94, 0.85]     1.00  [1.00, 1.00]
    0.25       1.00  [0.99, 0.92]     1.00  [1.00, 1.00]
    0.30       1.00  [1.00, 1.00]     1.00  [0.99, 0.91]
    0.35       1.00  [1.00, 1.00]     0.91  [0.96, 0.75]
    0.40       1.00  [1.00, 1.00]     0.91  [0.95, 0.75]
    0.50       1.00                   0.82
    0.60       1.00                   0.66
    0.70       1.00                   0.36

Copies in one family have an exact Jaccard similarity of 0.22-1.0 (the lowest: a two-paragraph
brief against a reworded full copy; each brief is 0.32 or more from some full copy, which links
it), unrelated articles at most 0.21 (a follow-up reusing two of its four paragraphs). The
default, 0.3, never merges two stories under any seed tried, at the cost of a rare missed brief.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import numpy as np

__all__ = [
    "DEFAULT_SHINGLE",
    "DEFAULT_THRESHOLD",
    "EMPTY_VALUE",
    "NUM_PERM",
    "SIGNATURE_SCHEME",
    "EventKey",
    "band_keys",
    "band_rows",
    "compatible",
    "content_hash",
    "is_empty",
    "merge_events",
    "near_duplicate",
    "shingle_hashes",
    "shingles",
    "signature",
]

WORD = re.compile(r"\w+", re.UNICODE)

DEFAULT_THRESHOLD = 0.3  # chosen on tests/data/stories (docstring); Settings says when it applies
DEFAULT_SHINGLE = 5
NUM_PERM = 128
_SEED = 1
# Names everything a stored signature depends on: a store that finds another scheme must
# recompute its signatures instead of comparing incomparable values.
SIGNATURE_SCHEME = f"crc32-words{DEFAULT_SHINGLE}-affine32-{NUM_PERM}-seed{_SEED}"

# Every value of the signature of a text without words (``is_empty``).
EMPTY_VALUE = _MAX = np.uint32(0xFFFFFFFF)
_EMPTY = np.full(NUM_PERM, _MAX, dtype=np.uint32)
# Rows of shingles permuted at once: bounds memory (rows × NUM_PERM × 4 bytes) on huge texts.
_BLOCK = 8192
# Odd multiplier that chains word hashes into a shingle hash (the 64-bit golden ratio).
_CHAIN = np.uint64(0x9E3779B97F4A7C15)


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """NUM_PERM affine maps x → a·x + b mod 2^32; an odd ``a`` makes each one a bijection."""
    rng = np.random.RandomState(_SEED)
    a = rng.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = rng.randint(0, 1 << 32, NUM_PERM, dtype=np.uint64).astype(np.uint32)
    return a, b


def _fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: spreads the chained word hashes over all bits."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def shingles(text: str, size: int = DEFAULT_SHINGLE) -> list[str]:
    """Word ``size``-grams of the lower-cased text, in order (for reading; hashing uses
    ``shingle_hashes``); a text shorter than ``size`` words is its own single shingle."""
    words = WORD.findall(text.lower())
    if len(words) < size:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def shingle_hashes(text: str, size: int = DEFAULT_SHINGLE) -> np.ndarray:
    """A uint32 hash for each word ``size``-gram of the lower-cased text (repeats included).

    CRC-32 of each word (stable across processes, unlike ``hash``), chained over the window
    with numpy, so a document costs one C call per word rather than one per shingle.
    """
    words = WORD.findall(text.lower())
    if not words:
        return np.empty(0, dtype=np.uint32)
    word_hashes = np.fromiter(
        map(zlib.crc32, map(str.encode, words)), dtype=np.uint64, count=len(words)
    )
    width = min(size, len(words))
    count = len(words) - width + 1
    with np.errstate(over="ignore"):  # wrapping multiplication is the point
        chained = word_hashes[:count].copy()
        for offset in range(1, width):
            chained = chained * _CHAIN + word_hashes[offset : offset + count]
        return (_fmix64(chained) >> np.uint64(32)).astype(np.uint32)


def signature(text: str, size: int = DEFAULT_SHINGLE) -> np.ndarray:
    """The MinHash signature of a text: NUM_PERM uint32 values, for storing and indexing.

    A text without words gets the all-0xFFFFFFFF "empty" signature, which is never linked to
    anything (``is_empty``).
    """
    hashes = shingle_hashes(text, size)
    if hashes.size == 0:
        return _EMPTY.copy()
    a, b = _permutations()
    result = _EMPTY.copy()
    with np.errstate(over="ignore"):
        for start in range(0, hashes.size, _BLOCK):
            block = hashes[start : start + _BLOCK, None]
            np.minimum(result, (block * a + b).min(axis=0), out=result)
    return result


def content_hash(body: str) -> str:
    """Hex SHA-1 of a cleaned body with whitespace collapsed: equal for exact copies, even
    when their masked boilerplate had different lengths."""
    return hashlib.sha1(" ".join(body.split()).encode("utf-8")).hexdigest()


@functools.cache
def band_rows(threshold: float) -> int:
    """Signature values per LSH band for ``threshold`` (3 at 0.3).

    The rows r (with b bands) that minimise the mean of the false-positive area (the chance of
    becoming candidates, 1 - (1 - s^r)^b, integrated over similarities s below the threshold)
    and the false-negative area (its complement above it): the optimum datasketch's
    ``MinHashLSH`` uses, which this reproduces for every threshold from 0.05 to 0.95 in steps
    of 0.01. Written here because it is the only thing the store needed from datasketch.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    below = np.linspace(0.0, threshold, 1001)[:, None]
    above = np.linspace(threshold, 1.0, 1001)[:, None]
    best, best_rows = np.inf, 1
    for bands in range(1, NUM_PERM + 1):
        rows = np.arange(1, NUM_PERM // bands + 1, dtype=np.float64)[None, :]
        false_positive = np.trapezoid(1 - (1 - below**rows) ** bands, below, axis=0)
        false_negative = np.trapezoid((1 - above**rows) ** bands, above, axis=0)
        error = 0.5 * false_positive + 0.5 * false_negative
        if float(error.min()) < best:
            best, best_rows = float(error.min()), int(error.argmin()) + 1
    return best_rows


def band_keys(signatures: np.ndarray, rows: int) -> np.ndarray:
    """One uint64 key per LSH band for each signature: shape (n, NUM_PERM // rows).

    Keys are salted with the band number, so one table or dict can hold every band: two
    documents are candidates when they share any key.
    """
    matrix = np.atleast_2d(np.asarray(signatures, dtype=np.uint32))
    bands = NUM_PERM // rows
    values = matrix[:, : bands * rows].astype(np.uint64).reshape(len(matrix), bands, rows)
    with np.errstate(over="ignore"):  # wrapping multiplication is the point
        keys = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64), (len(matrix), bands))
        for column in range(rows):
            keys = keys * _CHAIN + values[:, :, column]
        return _fmix64(keys)


def is_empty(values: np.ndarray) -> bool:
    """Whether a signature is that of a text without words: all such texts share it, and
    sharing nothing, they are no copies of each other."""
    return bool((np.asarray(values) == _MAX).all())


def near_duplicate(a: np.ndarray, b: np.ndarray, threshold: float) -> bool:
    """Whether two signatures estimate a Jaccard similarity of at least ``threshold``."""
    return bool(np.count_nonzero(a == b) >= threshold * NUM_PERM)


@dataclass(frozen=True, slots=True)
class EventKey:
    """What merging needs to know about one stored event.

    ``story_id`` (the story of the event's document) only matters for an event without a
    date: with nothing to pin it in time, it merges only with events of its own story.
    ``year`` files the event under a calendar year (the store passes the year of the stored
    date: the period's first day, or the publication day of an undated event); events merge
    only within one year, so that adding a document re-merges one year of its groups rather
    than their whole history. Without it, the year of ``date``.
    """

    event_id: str
    type: str
    source_id: str | None
    target_id: str | None
    date: str | None  # ISO, first day of the period
    date_precision: str | None  # day | week | month | year
    place_id: str | None
    story_id: str | None = None
    negated: bool = False  # "did not meet" never merges with "met"
    year: int | None = None


_PRECISION_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


def _period(date: str, precision: str | None) -> tuple[str, str]:
    """The [first, last] ISO days a (date, precision) pair covers, compared as strings."""
    first = dt.date.fromisoformat(date)
    if precision == "year":
        last = dt.date(first.year, 12, 31)
    elif precision == "month":
        next_month = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        last = next_month - dt.timedelta(days=1)
    elif precision == "week":
        last = first + dt.timedelta(days=6)
    else:
        last = first
    return first.isoformat(), last.isoformat()


def _year(event: EventKey) -> int | None:
    if event.year is not None:
        return event.year
    return int(event.date[:4]) if event.date else None


def _group(event: EventKey) -> tuple[str, str | None, str | None, bool, int | None]:
    return event.type, event.source_id, event.target_id, event.negated, _year(event)


def _places_agree(a: EventKey, b: EventKey) -> bool:
    return not (a.place_id and b.place_id and a.place_id != b.place_id)


def compatible(a: EventKey, b: EventKey) -> bool:
    """Same type, actors and year; dates that overlap; places that agree (or one unknown).

    Two dates of the same precision must be the same period; a coarser date must contain the
    finer one. An undated event is compatible only with an event of the same story.
    """
    if _group(a) != _group(b):
        return False
    if not _places_agree(a, b):
        return False
    if not (a.date and b.date):
        return a.story_id is not None and a.story_id == b.story_id
    a_first, a_last = _period(a.date, a.date_precision)
    b_first, b_last = _period(b.date, b.date_precision)
    if a.date_precision == b.date_precision:
        return a_first == b_first
    return a_first <= b_last and b_first <= a_last


class _Cluster:
    """Events merged so far into one happening, with what joining them requires.

    For each date precision among its dated members it keeps the first days of their periods
    and the latest first day and earliest last day, so that ``admits`` checks a new event
    against every member (``compatible``) in constant time.
    """

    __slots__ = ("members", "order", "places", "spans")

    def __init__(self, event: EventKey, order: int):
        self.members: list[EventKey] = []
        self.order = order  # creation order: a coarse event joins the earliest cluster
        self.places: set[str] = set()
        # precision -> (first days, latest first day, earliest last day) of dated members
        self.spans: dict[str | None, tuple[set[str], str, str]] = {}
        self.add(event)

    def admits(self, event: EventKey) -> bool:
        if event.place_id and self.places - {event.place_id}:
            return False
        if not event.date:
            return True
        first, last = _period(event.date, event.date_precision)
        for precision, (firsts, latest_first, earliest_last) in self.spans.items():
            if precision == event.date_precision:
                # Two dates of one precision must be the same period.
                if firsts != {first}:
                    return False
            elif not (first <= earliest_last and latest_first <= last):
                return False  # a coarser date must contain the finer one: overlap all
        return True

    def add(self, event: EventKey) -> None:
        self.members.append(event)
        if event.place_id:
            self.places.add(event.place_id)
        if event.date:
            first, last = _period(event.date, event.date_precision)
            firsts, latest_first, earliest_last = self.spans.get(
                event.date_precision, (set(), first, last)
            )
            firsts.add(first)
            self.spans[event.date_precision] = (
                firsts,
                max(latest_first, first),
                min(earliest_last, last),
            )


def _cluster_group(group: list[EventKey]) -> list[_Cluster]:
    """Greedy clustering of one (type, source, target, polarity, year) group.

    Day-precise events first, then coarser ones, each joining the earliest-created cluster
    whose every dated member it is compatible with; undated events last, each joining the
    earliest cluster holding an event of its own story (with no conflicting place). Clusters
    are indexed by the days they hold, so a group of n events costs about n lookups, not n².
    """
    group.sort(
        key=lambda e: (
            _PRECISION_ORDER.get(e.date_precision or "", 4) if e.date else 5,
            e.date or "",
            e.event_id,
        )
    )
    clusters: list[_Cluster] = []
    by_day: dict[str, list[_Cluster]] = {}  # first day of a member's period -> clusters
    by_story: dict[str, list[_Cluster]] = {}
    coarse: list[_Cluster] = []  # clusters started by an event coarser than a day
    days: list[str] = []  # the keys of by_day, sorted, once the first coarse event comes

    def in_creation_order(event: EventKey) -> Iterator[_Cluster]:
        """The clusters ``event`` could join, earliest created first: day events are sorted
        by day, so day clusters were created in day order, and coarse ones after them all."""
        if event.date_precision == "day":
            yield from by_day.get(event.date, [])
            return
        # Coarser (or unknown, sorted after "year"): days of its period, then coarse clusters.
        first, last = _period(event.date, event.date_precision)
        if not days:  # day events come first, so the days are all known by now
            days.extend(sorted(by_day))
        for day in days[bisect.bisect_left(days, first) : bisect.bisect_right(days, last)]:
            yield from by_day[day]
        yield from coarse

    for event in group:
        if event.date:
            home = next((c for c in in_creation_order(event) if c.admits(event)), None)
        else:
            # A cluster may take a story's event later than a younger one did: order by age.
            stories_clusters = by_story.get(event.story_id, []) if event.story_id else []
            home = min(
                (c for c in stories_clusters if c.admits(event)),
                key=lambda c: c.order,
                default=None,
            )
        if home is None:
            home = _Cluster(event, len(clusters))
            clusters.append(home)
            if event.date and event.date_precision != "day":
                coarse.append(home)
        else:
            home.add(event)
        if event.date_precision == "day" and home not in by_day.setdefault(event.date, []):
            by_day[event.date].append(home)
        if event.story_id is not None:
            stories = by_story.setdefault(event.story_id, [])
            if home not in stories:
                stories.append(home)
    return clusters


def merge_events(events: Iterable[EventKey]) -> dict[str, str]:
    """event_id → merged event id (the least event_id of its group).

    Groups are built per (type, source, target, negated, year) from the day-precise events
    first, so that a coarse date ("in March") joins a single specific happening instead of
    chaining two distinct days together; a coarse event compatible with several groups joins
    the earliest one. Every dated member of a group is compatible with every other. An undated
    event joins the first group holding an event of its own story (with no conflicting place),
    else stays apart. The result does not depend on the order of ``events``, so re-merging a
    group after new documents arrive gives the same ids as merging everything at once.
    """
    by_group: dict[tuple[str, str | None, str | None, bool, int | None], list[EventKey]] = {}
    for event in events:
        by_group.setdefault(_group(event), []).append(event)
    merged: dict[str, str] = {}
    for group in by_group.values():
        for cluster in _cluster_group(group):
            root = min(e.event_id for e in cluster.members)
            for event in cluster.members:
                merged[event.event_id] = root
    return merged
