"""Durations as ``--every`` takes them: ``30s``, ``15m``, ``1h``, ``1h30m``."""

from __future__ import annotations

import re

# Written by hand: a duration such as "15m" or "1h30m" is five lines of regex, and the parsing
# libraries that exist (pytimeparse and kin) are unmaintained or pull in a date stack.
_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd])")
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in a duration like ``30s``, ``15m``, ``1h``, ``1h30m`` or ``90`` (seconds)."""
    value = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        seconds = float(value)
    else:
        parts = _PART.findall(value)
        if not parts or _PART.sub("", value).strip():
            raise ValueError(f"{text!r} is not a duration like 30s, 15m, 1h or 1h30m")
        seconds = sum(float(n) * _UNIT[unit] for n, unit in parts)
    if seconds <= 0:
        raise ValueError(f"{text!r} is not a positive duration")
    return seconds
