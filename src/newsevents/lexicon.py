"""Read dictionary files (YAML, CSV, JSONL) and layer their entries by id.

This is the format level only: what a file's entries are and which ``kind:`` its header
declares. What a kind is, which fields its entries have and which stage reads it is
``newsevents.dictionaries``, the one owner of that knowledge.

Every entry carries an ``id``. Layers are applied in order, shipped first: a new id adds an
entry, an existing id replaces that entry whole, and ``disabled: true`` removes it. Each entry
remembers ``file:line`` (``_where``) so a coded field can cite the dictionary line behind it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from newsevents.errors import DictionaryError

Entry = dict[str, Any]  # always has "id" and "_where" ("file:line")

FORMATS = {".yaml": "YAML", ".yml": "YAML", ".csv": "CSV", ".jsonl": "JSONL"}
# The header of a CSV or JSONL file: a comment line before any data.
_COMMENT_KIND = re.compile(r"^\s*#\s*kind\s*:\s*(\S+)\s*$")
# The keys a YAML file's top-level mapping may have.
YAML_HEADER_KEYS = ("kind", "entries")
TRUE = (True, "true", "True", "1", "yes")


def data_file(relative: str) -> Path:
    """Path of a file shipped in ``newsevents/data``."""
    return Path(str(resources.files("newsevents") / "data" / relative))


@dataclass(slots=True)
class DictionaryFile:
    path: Path
    format: str  # "YAML", "CSV" or "JSONL"
    kind: str | None  # what its header declares; None: no header
    kind_line: int  # the header's line (1 when there is none)
    entries: list[Entry]


def line_of(entry: Entry) -> int:
    return int(str(entry["_where"]).rsplit(":", 1)[1])


def _unreadable(path: Path, fmt: str, line: int, detail: str) -> DictionaryError:
    return DictionaryError.of("NE018", path=path, line=line, format=fmt, detail=detail)


def _text(path: Path, fmt: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DictionaryError.of("NE019", path=path, problem="no such file") from None
    except IsADirectoryError:
        raise DictionaryError.of("NE019", path=path, problem="a folder, not a file") from None
    except UnicodeDecodeError as exc:
        raise _unreadable(path, fmt, 1, f"not UTF-8 ({exc.reason})") from None
    except OSError as exc:
        raise DictionaryError.of("NE019", path=path, problem=str(exc)) from None


# libyaml's parser where PyYAML was built with it (the wheels are): the people file is large
# enough that the pure-Python one costs seconds at every start.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> DictionaryFile:
    text = _text(path, "YAML")
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise _unreadable(path, "YAML", line, " ".join(str(exc).split())) from None
    kind, kind_line = None, 1
    if isinstance(root, yaml.MappingNode):
        # A user file's header: {kind: people, entries: [...]}.
        items = {}
        for key_node, value_node in root.value:
            key = str(key_node.value)
            if key not in YAML_HEADER_KEYS:
                raise DictionaryError.of(
                    "NE011",
                    path=path,
                    line=key_node.start_mark.line + 1,
                    field=key,
                    kind="file header",
                    known=", ".join(YAML_HEADER_KEYS),
                )
            items[key] = (key_node, value_node)
        if "kind" in items:
            key_node, value_node = items["kind"]
            kind, kind_line = (
                str(yaml.safe_load(yaml.serialize(value_node))),
                (key_node.start_mark.line + 1),
            )
        entries_node = items.get("entries", (None, None))[1]
        if entries_node is not None and _is_null(entries_node):
            entries_node = None
        if entries_node is not None and not isinstance(entries_node, yaml.SequenceNode):
            raise _unreadable(
                path, "YAML", entries_node.start_mark.line + 1, "'entries' must be a list"
            )
        nodes = entries_node.value if entries_node is not None else []
    elif root is None or _is_null(root):
        nodes = []
    elif isinstance(root, yaml.SequenceNode):
        nodes = root.value
    else:
        raise _unreadable(path, "YAML", 1, "expected a list of entries or {kind:, entries:}")
    entries = []
    # Each entry is built from its node (which keeps its line), not re-read from text.
    constructor = _LOADER("")
    for node in nodes:
        line = node.start_mark.line + 1
        entry = constructor.construct_document(node)
        if not isinstance(entry, dict):
            raise _unreadable(path, "YAML", line, "an entry must be a mapping")
        entry["_where"] = f"{path.name}:{line}"
        entries.append(entry)
    return DictionaryFile(path, "YAML", kind, kind_line, entries)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _comment_kind(lines: list[str]) -> tuple[str | None, int]:
    """The ``# kind: X`` line among the comment lines that open a CSV or JSONL file."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if not line.lstrip().startswith("#"):
            break
        match = _COMMENT_KIND.match(line)
        if match:
            return match.group(1), number
    return None, 1


def _read_csv(path: Path) -> DictionaryFile:
    lines = _text(path, "CSV").splitlines(keepends=True)
    kind, kind_line = _comment_kind(lines)
    # Comment lines ("# ...") document the file; keep line numbers true by counting them.
    numbered = [(i, ln) for i, ln in enumerate(lines, start=1) if not ln.lstrip().startswith("#")]
    numbered = [(i, ln) for i, ln in numbered if ln.strip()]
    entries: list[Entry] = []
    if not numbered:
        return DictionaryFile(path, "CSV", kind, kind_line, entries)
    try:
        rows = list(csv.reader(io.StringIO("".join(ln for _, ln in numbered))))
    except csv.Error as exc:
        raise _unreadable(path, "CSV", numbered[0][0], str(exc)) from None
    if len(rows) != len(numbered):
        # A quoted value spanning lines: line numbers would lie, so it is refused.
        raise _unreadable(path, "CSV", numbered[0][0], "a value spans several lines")
    header = [h.strip() for h in rows[0]]
    for (line, _), row in zip(numbered[1:], rows[1:], strict=True):
        if len(row) > len(header):
            raise _unreadable(path, "CSV", line, f"{len(row)} values for {len(header)} columns")
        # A short row leaves its last columns empty, as an empty value does.
        values = [*row, *[""] * (len(header) - len(row))]
        entry: Entry = {k: (v if v != "" else None) for k, v in zip(header, values, strict=True)}
        entry["_where"] = f"{path.name}:{line}"
        entries.append(entry)
    return DictionaryFile(path, "CSV", kind, kind_line, entries)


def _read_jsonl(path: Path) -> DictionaryFile:
    lines = _text(path, "JSONL").splitlines()
    kind, kind_line = _comment_kind(lines)
    entries: list[Entry] = []
    for i, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _unreadable(path, "JSONL", i, str(exc)) from None
        if not isinstance(entry, dict):
            raise _unreadable(path, "JSONL", i, "an entry must be a JSON object")
        entry["_where"] = f"{path.name}:{i}"
        entries.append(entry)
    return DictionaryFile(path, "JSONL", kind, kind_line, entries)


def read_file(path: Path | str) -> DictionaryFile:
    """Parse one dictionary file: its declared kind (if any) and its entries, in file order."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt == "YAML":
        return _read_yaml(path)
    if fmt == "CSV":
        return _read_csv(path)
    if fmt == "JSONL":
        return _read_jsonl(path)
    raise DictionaryError.of(
        "NE019",
        path=path,
        problem=f"unknown dictionary format {path.suffix or '(none)'!r} "
        "(use .yaml, .csv or .jsonl)",
    )


def read_entries(path: Path | str) -> Iterator[Entry]:
    return iter(read_file(path).entries)


def disabled(entry: Entry) -> bool:
    return entry.get("disabled") in TRUE


def merge(layers: Iterable[Iterable[Entry]]) -> list[Entry]:
    """Layer entries by id, in order: later ids replace earlier ones whole or disable them."""
    merged: dict[str, Entry] = {}
    for layer in layers:
        for entry in layer:
            key = str(entry["id"])
            merged.pop(key, None)  # a replaced entry moves to its new position
            if not disabled(entry):
                merged[key] = entry
    return list(merged.values())


def load_layers(paths: Iterable[Path], *, required: Iterable[str] = ("id",)) -> list[Entry]:
    """Merge files of one (unnamed) kind in order; check the ``required`` keys.

    Schema-less: the stages load through ``newsevents.dictionaries``, which knows each kind.
    """
    required = tuple(required)
    layers = []
    for path in paths:
        entries = read_file(path).entries
        for entry in entries:
            line = line_of(entry)
            if entry.get("id") in (None, ""):
                raise DictionaryError.of("NE014", path=path, line=line, kind="dictionary")
            missing = [k for k in required if entry.get(k) in (None, "")]
            if missing and not disabled(entry):
                raise DictionaryError.of(
                    "NE015", path=path, line=line, fields=", ".join(missing), kind="dictionary"
                )
        layers.append(entries)
    return merge(layers)


def variants(value: Any) -> list[str]:
    """The variants of a field: a list, or one string with '|' between variants."""
    if value is None:
        return []
    items = value if isinstance(value, list) else str(value).split("|")
    return [str(v).strip() for v in items if str(v).strip()]
