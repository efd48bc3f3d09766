"""Numeric claims: who said what number about what (``doc._.ne_claims``).

One job per module, run in this order by ``component.ClaimFinder`` on the sentences that hold
a number:

- ``words``: the word tables (change words, qualifiers, units, reporting verbs, pronouns),
  loaded from ``data/claims/`` and ``data/quotes/`` and layered with user files;
- ``quantities``: where a figure is and what it is (value, unit, currency, qualifier);
- ``change``: the change or level word that governs it (grew by, fell to, from X to Y);
- ``subjects``: what it measures, from the dependency parse;
- ``speakers``: who asserts it (the quote it is in, or a reporting verb and its subject);
- ``component``: the spaCy component ``newsevents_claims`` putting them together with the
  sentence's date, place and the event whose count it is.
"""
