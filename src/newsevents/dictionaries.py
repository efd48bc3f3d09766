"""The one owner of what a dictionary file is: its kind, its fields, and the stage that reads it.

Every data table newsevents ships is a *kind* (``people``, ``agents``, ``verb_patterns``, …)
with a schema: the fields its entries may have, which are required, and their types or
allowed values. A user file (``--dictionary``, ``Settings.dictionaries``) says which kind it
extends with a header, the same convention for every kind:

- YAML: a top-level mapping ``{kind: people, entries: [...]}``;
- CSV and JSONL: a comment line ``# kind: agents`` before the data.

``route`` reads and validates every user file once, up front, and hands each stage only the
files of its own kinds (``build_nlp`` puts them in each component's ``dictionaries`` config,
so ``nlp.config`` records them). A stage then calls ``load(kind, its_files)``: the shipped
table layered with the user files of that kind, in order (a new id adds an entry, an existing
id replaces it whole, ``disabled: true`` removes it). Shipped files are validated by the same
schemas. Errors are the coded templates NE011 … NE019 of ``newsevents.errors.Errors``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from newsevents.dictionary_schemas import KINDS, Field, Kind
from newsevents.errors import DictionaryError
from newsevents.lexicon import DictionaryFile, Entry, data_file, line_of, merge, read_file

__all__ = ["KINDS", "STAGES", "Field", "Kind", "load", "read", "route", "shipped"]

# Who reads dictionaries: the clean step and the spaCy components, by name.
STAGES = (
    "clean",
    "newsevents_places",
    "newsevents_actors",
    "newsevents_dates",
    "newsevents_quotes",
    "newsevents_events",
    "newsevents_claims",
)
_FALSE = (False, "false", "False", "0", "no")
_FLAGS = (True, "true", "True", "1", "yes", *_FALSE)
_INTEGER = re.compile(r"^-?\d+$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Fields of people and organisations only: a header-less file made of them is an old-style
# people file (the README's plain list), and the error says what header to add.
_ACTOR_FIELDS = {"id", "name", "aliases", "country", "sector", "roles", "place", "kind"}


# ---------------------------------------------------------------------------- validation
def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    try:
        float(str(value))
    except ValueError:
        return False
    return True


def _expected(spec: Field, value: Any) -> str | None:
    """What ``value`` should have been, or None when it fits ``spec``."""
    kind = spec.type
    if kind == "text":
        ok = _scalar(value) and str(value).strip() != ""
        if ok and spec.choices and str(value) not in spec.choices:
            return "one of " + ", ".join(spec.choices)
        return None if ok else "a non-empty text"
    if kind == "number":
        return None if _number(value) else "a number"
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok or _INTEGER.match(str(value)) else "a whole number"
    if kind == "flag":
        return None if value in _FLAGS else "true or false"
    if kind == "date":
        if isinstance(value, dt.date) or (isinstance(value, int) and 1000 <= value <= 9999):
            return None
        return None if _DATE.match(str(value)) else "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    if kind in ("names", "words"):
        # CSV cells hold several names separated by "|"; YAML and JSON use a list.
        if kind == "names" and isinstance(value, str):
            items: list[Any] = value.split("|")
        elif isinstance(value, list):
            items = value
        else:
            return "a list of words" if kind == "words" else "a list of names or 'a|b'"
        if not items or not all(_scalar(v) and str(v).strip() for v in items):
            return "a list of non-empty texts"
        if spec.choices and any(str(v).strip() not in spec.choices for v in items):
            return "a list of " + ", ".join(spec.choices)
        return None
    if kind == "mapping":
        return None if isinstance(value, dict) and value else "a mapping"
    if kind == "value":
        return None if _scalar(value) or isinstance(value, dict) else "a text, number or mapping"
    if kind in ("patterns", "records"):
        ok = isinstance(value, list) and all(isinstance(v, dict) and v for v in value)
        return None if ok else "a list of mappings"
    raise AssertionError(f"schema type {kind!r}")  # a schema bug, not a user error


def _check_fields(
    entry: Mapping[str, Any], fields: Mapping[str, Field], kind: str, path: Path, line: int
) -> None:
    for key, value in entry.items():
        if key.startswith("_"):
            continue
        spec = fields.get(key)
        if spec is None:
            close = difflib.get_close_matches(key, fields, n=1)
            known = ", ".join(fields) + (f" (did you mean '{close[0]}'?)" if close else "")
            raise DictionaryError.of(
                "NE011", path=path, line=line, field=key, kind=kind, known=known
            )
        if value is None or value == "":
            continue  # an empty optional cell; required fields are checked below
        expected = _expected(spec, value)
        if expected is not None:
            raise DictionaryError.of(
                "NE013", path=path, line=line, field=key, kind=kind, expected=expected, value=value
            )
        if spec.type == "records" and spec.fields is not None:
            for record in value:
                _check_fields(record, spec.fields, f"{kind} {key}", path, line)


def validate(kind: Kind, file: DictionaryFile) -> None:
    """Every entry of ``file`` against ``kind``'s schema; the first problem is raised."""
    fields = kind.all_fields()
    seen: dict[str, int] = {}
    for entry in file.entries:
        line = line_of(entry)
        if entry.get("id") is None or str(entry["id"]).strip() == "":
            raise DictionaryError.of("NE014", path=file.path, line=line, kind=kind.name)
        # Layers replace entries by id across files; within one file a repeated id would
        # silently drop the earlier entry.
        key = str(entry["id"])
        if key in seen:
            raise DictionaryError.of(
                "NE010",
                where=f"{file.path}:{line}",
                problem=f"id {key!r} repeats the entry of line {seen[key]}",
            )
        seen[key] = line
        _check_fields(entry, fields, kind.name, file.path, line)
        if entry.get("disabled") in _FALSE or entry.get("disabled") is None:
            missing = [
                k
                for k, spec in kind.fields.items()
                if spec.required and entry.get(k) in (None, "", [])
            ]
            if missing:
                raise DictionaryError.of(
                    "NE015", path=file.path, line=line, fields=", ".join(missing), kind=kind.name
                )


# ---------------------------------------------------------------------------- files
def _looks_like_actors(file: DictionaryFile) -> bool:
    keys = [set(e) - {"_where", "disabled"} for e in file.entries]
    return bool(keys) and all("name" in k and k <= _ACTOR_FIELDS for k in keys)


def _no_header(file: DictionaryFile) -> DictionaryError:
    known = ", ".join(KINDS)
    if _looks_like_actors(file):
        if file.format == "YAML":
            fix = "write the file as 'kind: people' (or 'kind: organisations') and put the "
            fix += "list under 'entries:'"
        else:
            fix = "start the file with the line '# kind: people' (or '# kind: organisations')"
        return DictionaryError.of("NE016", path=file.path, fix=fix)
    if file.format == "YAML":
        fix = "a YAML dictionary is a mapping 'kind: KIND' with its list under 'entries:'"
    else:
        fix = f"start the {file.format} file with a comment line '# kind: KIND'"
    return DictionaryError.of("NE017", path=file.path, fix=fix, known=known)


def read(path: Path | str) -> tuple[Kind, DictionaryFile]:
    """A user dictionary file, its header checked and every entry validated."""
    file = read_file(path)
    if file.kind is None:
        raise _no_header(file)
    kind = KINDS.get(file.kind)
    if kind is None:
        close = difflib.get_close_matches(file.kind, KINDS, n=1)
        raise DictionaryError.of(
            "NE012",
            path=file.path,
            line=file.kind_line,
            kind=file.kind,
            hint=f" (did you mean '{close[0]}'?)" if close else "",
            known=", ".join(KINDS),
        )
    validate(kind, file)
    return kind, file


def shipped(name: str) -> DictionaryFile:
    """The table newsevents ships for kind ``name``, validated by the same schema."""
    kind = KINDS[name]
    file = read_file(data_file(kind.shipped))
    validate(kind, file)
    return file


def route(paths: Iterable[Path | str]) -> dict[str, list[str]]:
    """Each stage's user files, in the given order; every file is read and validated."""
    routed: dict[str, list[str]] = {stage: [] for stage in STAGES}
    for path in paths:
        kind, _ = read(path)
        for stage in kind.stages:
            if str(path) not in routed[stage]:
                routed[stage].append(str(path))
    return routed


def load(kinds: str | Sequence[str], paths: Iterable[Path | str] = ()) -> list[Entry]:
    """The shipped tables of ``kinds`` layered with the files among ``paths`` of those kinds.

    Files of other kinds are passed over (a stage may be handed a whole list). Each entry
    carries ``_kind``, the kind of the file it came from; layering is by id across ``kinds``
    (a user ``people`` entry may replace a shipped organisation of the same id).
    """
    names = (kinds,) if isinstance(kinds, str) else tuple(kinds)
    layers: list[list[Entry]] = []
    files = [(name, shipped(name)) for name in names]
    for path in paths:
        kind, file = read(path)
        if kind.name in names:
            files.append((kind.name, file))
    for name, file in files:
        for entry in file.entries:
            entry["_kind"] = name
        layers.append(file.entries)
    return merge(layers)


def flag(value: Any, default: bool = False) -> bool:
    """A ``flag`` field's value: YAML booleans and CSV's true/false/yes/no/1/0."""
    if value is None or value == "":
        return default
    return value not in _FALSE
