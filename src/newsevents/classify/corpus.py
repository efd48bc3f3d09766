"""Reading and validating the training corpus: one labelled sentence per JSON line.

The team's corpus (``training/corpus/batch-*.jsonl``, format in its README) is validated
field by field, so a typo in a label is an error naming file and line rather than a silently
unlearnt class. Other labelled sets in the same one-object-per-line shape (PLOVER's gold
standard records) are read for ``text`` and ``event_type`` only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsevents.classify.labels import INDEX
from newsevents.errors import DictionaryError

MODALITIES = frozenset({"asserted", "intent", "hypothetical"})
STYLES = frozenset(
    {"wire", "headline", "regional", "translated", "long", "reported", "passive", "nominal"}
    | {"plain"}
)
FIELDS = frozenset(
    {"id", "text", "event_type", "mode", "cameo", "modality", "negated", "source", "target"}
    | {"style"}
)
REQUIRED = frozenset({"id", "text", "event_type"})


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    label: str
    origin: str  # "file:line", for error reports and per-batch figures


def _check(row: Any, where: str, strict: bool) -> Example:
    if not isinstance(row, dict):
        raise DictionaryError("a corpus line must be a JSON object", source=where)
    missing = REQUIRED - row.keys()
    if missing:
        raise DictionaryError(f"missing field(s) {sorted(missing)}", source=where)
    label = row["event_type"]
    if label not in INDEX:
        raise DictionaryError(f"unknown event_type {label!r}", source=where)
    text = row["text"]
    if not isinstance(text, str) or not text.strip():
        raise DictionaryError("text must be a non-empty string", source=where)
    if strict:
        unknown = row.keys() - FIELDS
        if unknown:
            raise DictionaryError(f"unknown field(s) {sorted(unknown)}", source=where)
        if row.get("modality", "asserted") not in MODALITIES:
            raise DictionaryError(f"unknown modality {row['modality']!r}", source=where)
        if row.get("style", "plain") not in STYLES:
            raise DictionaryError(f"unknown style {row['style']!r}", source=where)
        if not isinstance(row.get("negated", False), bool):
            raise DictionaryError("negated must be true or false", source=where)
        for role in ("source", "target"):
            span = row.get(role)
            if span is not None and (not isinstance(span, str) or span not in text):
                raise DictionaryError(f"{role} {span!r} is not a substring of text", source=where)
    return Example(str(row["id"]), text.strip(), label, where)


def read(path: Path, *, strict: bool = True) -> list[Example]:
    """Examples of one JSON Lines file; ``strict`` checks every field of the team's format."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise DictionaryError(f"not JSON: {error.msg}", source=where) from None
        examples.append(_check(row, where, strict))
    return examples


def read_corpus(folder: Path) -> list[Example]:
    """Every ``batch-*.jsonl`` of the team's corpus, in file order; ids and texts unique."""
    examples: list[Example] = []
    for path in sorted(folder.glob("batch-*.jsonl")):
        examples.extend(read(path))
    if not examples:
        raise DictionaryError("no batch-*.jsonl files", source=str(folder))
    seen_ids: dict[str, str] = {}
    seen_texts: dict[str, str] = {}
    for example in examples:
        for seen, key in ((seen_ids, example.id), (seen_texts, example.text)):
            if key in seen:
                raise DictionaryError(f"repeats {seen[key]} ({key[:60]!r})", source=example.origin)
            seen[key] = example.origin
    return examples


def read_all(corpus: Path | None, extra: Iterable[Path] = ()) -> list[Example]:
    """The team's corpus plus other labelled sets (read for text and event_type only)."""
    examples = read_corpus(corpus) if corpus else []
    for path in extra:
        examples.extend(read(path, strict=False))
    return examples
