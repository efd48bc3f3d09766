"""``newsevents watch``: passes over feeds, pages and folders that code only what is new.

Each pass fetches every watched feed (a conditional GET: an unchanged feed costs one 304),
skips the entries and files it has seen before, codes the rest into the store, and then notes
what it saw in the store (``Store.record_watch``), so a restart or a kill codes nothing twice.

- ``sources``: what to watch (the lines of a FEEDS.txt, or a folder) and each source's new
  items in a pass;
- ``passes``: one pass: the new items coded, then what is done with noted;
- ``loop``: passes every ``--every`` until done or stopped; ``duration``: reading ``--every``;
- ``command``: the typer command (it imports the rest only when it runs, so that
  ``newsevents --help`` stays quick).
"""
