"""The ``newsevents_actors`` component: every actor mention resolved to a canonical actor.

An actor is coded with a country (ISO3, or an IGO's code such as ``UNO``) and a sector code
from ``data/actors/sectors.csv``, and written to ``doc._.ne_actors`` as
:class:`newsevents.nlp.ActorMention` dicts. All word lists are data files under
``data/actors/`` and ``data/countries/countries.csv``.

Modules, one job each (each module's docstring states its rules); each imports only those
listed before it:

- ``dictionary``: loads people, organisations, agent nouns, sectors, roles, ethnic groups and
  countries (shipped files and user layers) into the matchers and tables the rules read, and
  codes a dictionary entry by its role on the publication date.
- ``document``: one document being resolved: its items and mentions, the look-ups around an
  item that every rule shares, and the country and group actors the rules build.
- ``mentions``: finds the items of a document: dictionary names, agent nouns, people no
  dictionary holds, named organisations, and the short mentions (surnames, given names,
  acronyms) that refer back to them.
- ``country``: the context country, the one rule for every agent noun or title without a
  country of its own (its evidence, the dateline, the main country), and the countries of
  named organisations.
- ``acting``: when a country, capital or demonym is an actor: its dependency role.
- ``people``: people coded by the dictionary or by their titles, and descriptions that refer
  to a person ("the Russian leader", "the spokesperson").
- ``groups``: agent-noun groups: country groups, coordinated modifiers, possessive pronouns,
  groups "from"/"of" countries, bare and counted groups, sponsored and ethnic groups.
- ``derived``: passes after every item is resolved, for actors named through another:
  followers ("supporters of X"), land named by who holds it ("rebel-held towns"), and "the
  group" for the last organisation named.
- ``component``: the registered spaCy component ``newsevents_actors``: runs the passes over
  each document in order and writes its mentions.

Canonical ids: the dictionary id when matched, otherwise ``person:<slug>``, ``org:<slug>``,
``country:<ISO3>`` or ``group:<ISO3>-<SECTOR>`` (``group:<SECTOR>`` without a country). Every
mention of one actor in a document carries the same id, name, country and sector.
"""

from newsevents.actors.component import ActorResolver, make_actors

__all__ = ["ActorResolver", "make_actors"]
