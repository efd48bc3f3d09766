"""Country groups: the id and display name of an actor that is one sector of one country.

"Kenyan police", "Syrian government", "Cambodian opposition": the actors stage names such a
group when the text says it ("police" in a Kenyan story), and the events stage when it implies
one ("Kem Sokha was arrested": by the police of his country). Both must give the same group the
same id and name, so that an implied group and a named one are one actor; this module is that
one owner. The names come from the dictionaries: a country's first demonym (else its name) and
the sector's ``group_name`` (else its id).
"""

from __future__ import annotations

from collections.abc import Iterable

from newsevents.lexicon import Entry, variants


class GroupNames:
    """Names country groups from the ``countries`` and ``sectors`` tables."""

    def __init__(self, countries: Iterable[Entry], sectors: Iterable[Entry]) -> None:
        self.adjectives: dict[str, str] = {}  # ISO3 -> first demonym, else the country's name
        for e in countries:
            iso = str(e["id"])
            demonyms = variants(e.get("demonyms"))
            self.adjectives[iso] = demonyms[0] if demonyms else str(e.get("name") or iso)
        self.labels = {str(e["id"]): str(e.get("group_name") or e["id"]) for e in sectors}

    def identity(self, iso: str | None, sector: str) -> tuple[str, str]:
        """(actor id, display name) of the group of ``sector`` in country ``iso``."""
        label = self.labels.get(sector, sector)
        if iso is None:
            return f"group:{sector}", label.capitalize()
        return f"group:{iso}-{sector}", f"{self.adjectives.get(iso, iso)} {label}"
