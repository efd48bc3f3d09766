"""Mask boilerplate (header, copyright, bylines, wire and photo credits, calls to action) and
collect publisher attributions, without ever rewriting ``Document.text``.

The body returned has exactly the length of the text: removed characters become spaces and
newlines stay, so every offset into the body is an offset into ``Document.text``. Patterns are
data (``data/clean/boilerplate.yaml``), compiled once by ``load_patterns`` and validated there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsevents import dictionaries
from newsevents.errors import DictionaryError
from newsevents.models import CleanDocument, Document, Removed

__all__ = ["Pattern", "Patterns", "clean", "load_patterns", "publisher_key"]

ATTRIBUTION_CONFLICT = "attribution_conflict"

# Strings every pattern must leave alone: a pattern that matches them would mask everything.
_BLANKS = ("", " ", "\t", "\n", " \n \t\n", "\r\n")

# A run of non-space characters longer than any word or ordinary link is not prose (a line of
# quote marks, an inlined image, minified script): it is masked, because spaCy's tokenizer
# splits punctuation off such a run one character at a time, in time quadratic in its length.
MAX_TOKEN_CHARS = 100
OVERLONG_TOKEN = "overlong_token"
_OVERLONG = re.compile(rf"(?<!\S)\S{{{MAX_TOKEN_CHARS + 1},}}")

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_RIGHTS = re.compile(r"\ball\s+rights\s+reserved\b|\bcopyright\b|\(c\)|©", re.I)
_EDGE = " \t.,;:-–—|/\"'[](){}"
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([^/\s]+?)\.(?:com|org|net|co\.uk|co|news|info)$")


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    reason: str
    regex: re.Pattern[str]
    attribution: bool
    where: str  # file:line of the entry


@dataclass(frozen=True, slots=True)
class Patterns:
    """Compiled boilerplate patterns, in file order (shipped first, then user layers)."""

    items: tuple[Pattern, ...]

    def __iter__(self) -> Iterator[Pattern]:
        return iter(self.items)


def load_patterns(extra: Iterable[Path | str] = ()) -> Patterns:
    """Shipped patterns layered with the ``kind: boilerplate`` files among ``extra`` (files
    of other kinds are passed over).

    Raises ``DictionaryError`` naming file:line for a regex that does not compile, that can
    match an empty or all-whitespace string, or an attribution pattern without a
    ``publisher`` group.
    """
    entries = dictionaries.load("boilerplate", [Path(p) for p in extra])
    return Patterns(tuple(_compile(entry) for entry in entries))


@functools.cache
def default_patterns() -> Patterns:
    return load_patterns()


def _compile(entry: dict) -> Pattern:
    where = entry["_where"]
    missing = [key for key in ("reason", "regex") if not entry.get(key)]
    if missing:
        raise DictionaryError(
            f"pattern {entry['id']!r} has no {' or '.join(missing)}", source=where
        )
    ignorecase = dictionaries.flag(entry.get("ignorecase"), default=True)
    flags = re.MULTILINE | (re.IGNORECASE if ignorecase else 0)
    try:
        regex = re.compile(str(entry["regex"]), flags)
    except re.error as exc:
        raise DictionaryError(
            f"pattern {entry['id']!r} is not a valid regex: {exc}", source=where
        ) from exc
    if any(regex.search(blank) for blank in _BLANKS):
        raise DictionaryError(
            f"pattern {entry['id']!r} matches an empty or all-whitespace line, so it would mask "
            "text that is not boilerplate; make it require some non-space text",
            source=where,
        )
    attribution = dictionaries.flag(entry.get("attribution"))
    if attribution and "publisher" not in regex.groupindex:
        raise DictionaryError(
            f"attribution pattern {entry['id']!r} has no (?P<publisher>...) group", source=where
        )
    return Pattern(str(entry["id"]), str(entry["reason"]), regex, attribution, where)


def publisher_name(raw: str) -> str:
    """A publisher as written in a credit line, without years, copyright words or brackets."""
    name = _YEAR.sub(" ", _RIGHTS.sub(" ", raw))
    return " ".join(name.split()).strip(_EDGE)


def publisher_key(name: str) -> str:
    """What two spellings of one publisher share: "The Times of Israel", "timesofisrael.com"."""
    key = name.casefold().strip()
    domain = _DOMAIN.match(key)
    if domain:
        key = domain.group(1)
    key = re.sub(r"^the\s+", "", key)
    return re.sub(r"[\W_]+", "", key)


def clean(doc: Document, patterns: Patterns | None = None) -> CleanDocument:
    """Mask boilerplate in ``doc.text`` and report what was removed and who is credited."""
    patterns = patterns if patterns is not None else default_patterns()
    text = doc.text
    header_end = int(doc.meta.get("header_end", 0))
    found: list[Removed] = [Removed(0, header_end, "header")] if header_end else []
    names: list[str] = []
    for pattern in patterns:
        for match in pattern.regex.finditer(text, header_end):
            if match.end() == match.start():
                continue  # a lookaround-only match: load-time checks cannot rule all out
            found.append(Removed(match.start(), match.end(), pattern.reason))
            if pattern.attribution and match.group("publisher"):
                name = publisher_name(match.group("publisher"))
                if name:
                    names.append(name)
    found += (
        Removed(m.start(), m.end(), OVERLONG_TOKEN) for m in _OVERLONG.finditer(text, header_end)
    )
    removed = _outermost(found)
    attributions, conflict = _attributions(names, doc.publisher)
    return CleanDocument(
        document=doc,
        body=_mask(text, removed),
        removed=removed,
        attributions=attributions,
        flags=(ATTRIBUTION_CONFLICT,) if conflict else (),
    )


def _outermost(found: list[Removed]) -> tuple[Removed, ...]:
    """Ranges in text order, dropping any range that lies inside one already kept."""
    kept: list[Removed] = []
    for item in sorted(found, key=lambda r: (r.start, -r.end)):
        if kept and item.end <= kept[-1].end:
            continue
        kept.append(item)
    return tuple(kept)


def _mask(text: str, removed: tuple[Removed, ...]) -> str:
    pieces: list[str] = []
    position = 0
    for item in removed:
        start = max(item.start, position)
        pieces.append(text[position:start])
        pieces.append(re.sub(r"[^\n]", " ", text[start : item.end]))
        position = max(position, item.end)
    pieces.append(text[position:])
    return "".join(pieces)


def _attributions(names: list[str], publisher: str | None) -> tuple[tuple[str, ...], bool]:
    """Distinct publisher names in order of appearance, and whether they disagree (with each
    other, or with the document's publisher metadata, which is then listed last)."""
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(publisher_key(name), name)
    result = list(by_key.values())
    conflict = len(by_key) > 1
    if publisher and by_key and publisher_key(publisher) not in by_key:
        result.append(publisher)
        conflict = True
    return tuple(result), conflict
