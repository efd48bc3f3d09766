"""Load the dictionaries newsevents ships as data, layered with users' own files.

Every entry carries an ``id``. Files are applied in order, shipped first: a new id adds an
entry, an existing id replaces that entry whole, and ``disabled: true`` removes it. Each entry
remembers ``file:line`` so a coded field can cite the dictionary line behind it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from newsevents.errors import DictionaryError

Entry = dict[str, Any]  # always has "id" and "_where" ("file:line")


def data_file(relative: str) -> Path:
    """Path of a file shipped in ``newsevents/data``."""
    return Path(str(resources.files("newsevents") / "data" / relative))


def _read_yaml(path: Path) -> Iterator[Entry]:
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise DictionaryError(f"not valid YAML: {exc}", source=str(path)) from exc
    if root is None:
        return
    if not isinstance(root, yaml.SequenceNode):
        raise DictionaryError("expected a list of entries", source=str(path))
    for node in root.value:
        entry = yaml.safe_load(yaml.serialize(node))
        where = f"{path.name}:{node.start_mark.line + 1}"
        if not isinstance(entry, dict):
            raise DictionaryError(f"{where}: an entry must be a mapping", source=str(path))
        entry["_where"] = where
        yield entry


def _read_csv(path: Path) -> Iterator[Entry]:
    text = path.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines(keepends=True)]
    # Comment lines ("# ...") document the file; keep line numbers true by counting them.
    data = [ln if not ln.lstrip().startswith("#") else "" for ln in lines]
    reader = csv.DictReader(io.StringIO("".join(ln for ln in data if ln)))
    line_numbers = [i + 1 for i, ln in enumerate(data) if ln][1:]
    for row, line in zip(reader, line_numbers, strict=False):
        entry: Entry = {k: (v if v != "" else None) for k, v in row.items() if k is not None}
        entry["_where"] = f"{path.name}:{line}"
        yield entry


def _read_jsonl(path: Path) -> Iterator[Entry]:
    import json

    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DictionaryError(f"line {i}: {exc}", source=str(path)) from exc
        entry["_where"] = f"{path.name}:{i}"
        yield entry


def read_entries(path: Path) -> Iterator[Entry]:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _read_yaml(path)
    if suffix == ".csv":
        return _read_csv(path)
    if suffix == ".jsonl":
        return _read_jsonl(path)
    raise DictionaryError("unknown dictionary format (use .yaml, .csv or .jsonl)", source=str(path))


def load_layers(paths: Iterable[Path], *, required: Iterable[str] = ("id",)) -> list[Entry]:
    """Merge dictionary files in order (later files win by ``id``); validate required keys."""
    merged: dict[str, Entry] = {}
    required = tuple(required)
    for path in paths:
        for entry in read_entries(Path(path)):
            if entry.get("id") in (None, ""):
                raise DictionaryError(f"{entry['_where']}: missing id", source=str(path))
            key = str(entry["id"])
            if entry.get("disabled") in (True, "true", "1", "yes"):
                merged.pop(key, None)
                continue
            missing = [k for k in required if entry.get(k) in (None, "")]
            if missing:
                raise DictionaryError(
                    f"{entry['_where']}: missing {', '.join(missing)}", source=str(path)
                )
            merged.pop(key, None)  # a replaced entry moves to its new position
            merged[key] = entry
    return list(merged.values())


def load(relative: str, extra: Iterable[Path] = (), **kwargs: Any) -> list[Entry]:
    """Shipped file ``data/<relative>`` layered with ``extra`` user files."""
    return load_layers([data_file(relative), *extra], **kwargs)
