"""Exports: views of the store in the field's formats, one module per format family.

- ``codebooks``: the formats' column lists, Goldstein scale, PLOVER -> ACLED mapping and code
  tables, as data (``data/exports/``), checked when loaded.
- ``gdelt``: GDELT 2.0 events (one row per merged event) and mentions.
- ``plover``: PLOVER JSON Lines and the POLECAT release TSV (one record per event mention).
- ``acled``: the ACLED-style CSV, for the event types ACLED records.
- ``claims``: the claims sheet (one flat row per numeric claim), written beside the ACLED CSV
  and, as claim-shaped JSON Lines, beside PLOVER.
- ``tables``: every store table as Parquet, JSON Lines or CSV.
- ``writers``: atomic files, standard output, delimited text, JSON Lines.
- ``command``: ``newsevents export``.

Every exporter reads the store through its query layer (``Store.merged_events``,
``Store.mention_rows``, ``Store.copy_table``) with the same ``EventFilter`` as ``events``.
"""
