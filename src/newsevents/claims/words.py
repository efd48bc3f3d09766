"""The claims stage's word tables, loaded once per component from validated data files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsevents import dictionaries as dictionary_files


@dataclass(frozen=True, slots=True)
class Change:
    direction: str  # up | down | none
    kind: str  # change | level | multiply
    factor: float | None


@dataclass(frozen=True, slots=True)
class Unit:
    kind: str  # percent | points | currency | scale | number
    code: str | None
    factor: float | None


def _names(value: object) -> list[str]:
    items = value if isinstance(value, list) else str(value).split("|")
    return [str(v).strip().lower() for v in items if str(v).strip()]


def _number(value: object) -> float | None:
    return None if value in (None, "") else float(str(value))


@dataclass(frozen=True, slots=True)
class ClaimWords:
    changes: dict[str, Change]  # lemma -> change
    qualifiers: dict[tuple[str, ...], str]  # lower-case words -> qualifier
    units: dict[tuple[str, ...], Unit]  # lower-case words -> unit
    speech: frozenset[str]  # reporting verb lemmas
    according: frozenset[str]  # "according (to)"
    pronouns: dict[str, frozenset[str]]  # pronoun -> actor kinds it can stand for
    longest_qualifier: int
    longest_unit: int

    @classmethod
    def load(cls, files: Iterable[str | Path] = ()) -> ClaimWords:
        paths = [Path(p) for p in files]
        changes = {
            str(e["lemma"]).lower(): Change(
                str(e["direction"]), str(e["kind"]), _number(e.get("factor"))
            )
            for e in dictionary_files.load("claim_changes", paths)
        }
        qualifiers = {
            tuple(words.split()): str(e["qualifier"])
            for e in dictionary_files.load("claim_qualifiers", paths)
            for words in _names(e["words"])
        }
        units = {
            tuple(words.split()): Unit(
                str(e["kind"]), str(e["code"]) if e.get("code") else None, _number(e.get("factor"))
            )
            for e in dictionary_files.load("claim_units", paths)
            for words in _names(e["words"])
        }
        verbs = dictionary_files.load("speech_verbs", paths)
        return cls(
            changes=changes,
            qualifiers=qualifiers,
            units=units,
            speech=frozenset(str(e["lemma"]).lower() for e in verbs if e["kind"] == "speech"),
            according=frozenset(str(e["lemma"]).lower() for e in verbs if e["kind"] == "according"),
            pronouns={
                str(e["word"]).lower(): frozenset(_names(e["kinds"]))
                for e in dictionary_files.load("pronouns", paths)
            },
            longest_qualifier=max((len(k) for k in qualifiers), default=1),
            longest_unit=max((len(k) for k in units), default=1),
        )
