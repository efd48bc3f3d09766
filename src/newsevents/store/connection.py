"""Opening a store file: the connection, its lock, its schema, and telling a broken store
(the file or the disk under it) from a value the store refuses.

``schema.sql``, beside this module, is applied on every writable open, so every statement in it
is idempotent; ``SCHEMA_VERSION`` in the ``meta`` table says which layout a file has.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Self

import duckdb

from newsevents.dedup import DEFAULT_THRESHOLD
from newsevents.errors import StoreBroken, StoreBusy, StoreError

# 4: IGO codes, claims, watch state, merged-view fields; 5: a claim's date span; 6: the
# written place and restatements; 7: the town a site is mapped at (located_by).
SCHEMA_VERSION = "7"
# The indexes schema.sql makes on events and claims: DuckDB alters no table an index depends
# on, so a migration that adds columns drops them first (schema.sql recreates them after).
_INDEXES = (
    "events_doc_id",
    "events_type",
    "events_date",
    "events_source_country",
    "events_target_country",
    "claims_doc_id",
)
# How a store of an older layout becomes the current one, in place: the statements that take
# version N to N+1. Rows are written BY NAME, so an added column may sit at the end.
_MIGRATIONS: dict[str, tuple[str, ...]] = {
    "4": (
        # DuckDB alters no table an index depends on; schema.sql recreates the index after.
        "DROP INDEX IF EXISTS claims_doc_id",
        "ALTER TABLE claims ADD COLUMN date_start INTEGER",
        "ALTER TABLE claims ADD COLUMN date_end INTEGER",
    ),
    "5": (
        # Places keep the name as written beside their own (older rows get it from the text);
        # events may restate an earlier one.
        *(f"DROP INDEX IF EXISTS {index}" for index in _INDEXES),
        "ALTER TABLE places ADD COLUMN text VARCHAR",
        "ALTER TABLE events ADD COLUMN location_text VARCHAR",
        "ALTER TABLE claims ADD COLUMN location_text VARCHAR",
        # Restatements: a second mention of an earlier event of the same document.
        "ALTER TABLE events ADD COLUMN restates VARCHAR",
        "UPDATE places SET text = substr(d.text, span_start + 1, span_end - span_start) "
        "FROM documents d WHERE d.doc_id = places.doc_id",
        *(
            f"UPDATE {table} SET location_text = "
            "substr(d.text, location_start + 1, location_end - location_start) "
            f"FROM documents d WHERE d.doc_id = {table}.doc_id AND location_start IS NOT NULL"
            for table in ("events", "claims")
        ),
    ),
    "6": (
        # A site no gazetteer knows may be mapped at its town: which one, for provenance.
        *(f"DROP INDEX IF EXISTS {index}" for index in _INDEXES),
        "ALTER TABLE places ADD COLUMN located_by VARCHAR",
        "ALTER TABLE events ADD COLUMN location_located_by VARCHAR",
        "ALTER TABLE claims ADD COLUMN location_located_by VARCHAR",
    ),
}

# DuckDB names the process holding the file lock in its error message.
_LOCK_HOLDER = re.compile(r"\(PID (\d+)\)")


class StoreConnection:
    """An open store file: its connection, the lock DuckDB holds on it, and its schema. The
    other jobs of ``Store`` (writes, stories, queries) build on this."""

    def __init__(
        self,
        path: str | Path = "newsevents.duckdb",
        *,
        read_only: bool = False,
        duplicate_threshold: float | None = None,
    ):
        self.path = Path(path)
        self.read_only = read_only
        # Estimated Jaccard similarity of shingles above which two documents are one story:
        # the one asked for, else the one the store records (set once it is open), else the
        # default. Asking for another than the recorded one re-links the stories at the first
        # write.
        self._asked_threshold = duplicate_threshold
        self.duplicate_threshold = (
            DEFAULT_THRESHOLD if duplicate_threshold is None else duplicate_threshold
        )
        # Whether the stored LSH bands were checked against this threshold and signature scheme
        # (at the first write).
        self._bands_ready = False
        self._con: duckdb.DuckDBPyConnection | None = _connect(self.path, read_only)
        try:
            self._prepare()
        except duckdb.Error as exc:
            self.close()
            raise _broken(self.path, exc, "open") from exc
        except BaseException:
            self.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open DuckDB connection, for exporters and read-only SQL with parameters."""
        if self._con is None:
            raise StoreError(f"store {self.path} is closed")
        return self._con

    def _migrate(self, version: str) -> str:
        """Upgrade the store in place, one version at a time, each step one transaction."""
        con = self.connection
        while version in _MIGRATIONS:
            con.begin()
            try:
                for statement in _MIGRATIONS[version]:
                    con.execute(statement)
                con.execute(
                    "UPDATE meta SET value = $v WHERE key = 'schema_version'",
                    {"v": str(int(version) + 1)},
                )
                con.commit()
                version = str(int(version) + 1)
            except duckdb.Error as exc:
                _rollback(con)
                raise StoreError(
                    f"cannot upgrade store {self.path} from schema version {version}: {exc}"
                ) from exc
        return version

    def _prepare(self) -> None:
        con = self.connection
        found = {
            row[0]
            for row in con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_catalog = current_database() AND table_schema = 'main'"
            ).fetchall()
        }
        if "meta" in found:
            version = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if version is not None and version[0] in _MIGRATIONS and not self.read_only:
                version = (self._migrate(version[0]),)
            if version is None or version[0] != SCHEMA_VERSION:
                have = version[0] if version else "none"
                raise StoreError(
                    f"store {self.path} has schema version {have}; this newsevents reads "
                    f"version {SCHEMA_VERSION}: "
                    + (
                        "open it once for writing to upgrade it"
                        if have in _MIGRATIONS
                        else "write to a new store file"
                    )
                )
            recorded = _recorded_threshold(con)
            if self._asked_threshold is None and recorded is not None:
                self.duplicate_threshold = recorded
        elif found:
            # Never add our tables to somebody else's database.
            raise StoreError(
                f"{self.path} is a DuckDB database but not a newsevents store "
                f"(it has tables {', '.join(sorted(found))} and no meta table)"
            )
        elif self.read_only:
            raise StoreError(f"{self.path} is an empty DuckDB database, not a newsevents store")
        if self.read_only:
            return
        schema = resources.files("newsevents.store").joinpath("schema.sql")
        script = schema.read_text(encoding="utf-8")
        con.begin()
        try:
            con.execute(script)
            con.execute(
                "INSERT INTO meta VALUES ('schema_version', $v) ON CONFLICT DO NOTHING",
                {"v": SCHEMA_VERSION},
            )
            con.commit()
        except duckdb.Error as exc:
            _rollback(con)
            raise StoreError(f"cannot create the schema in store {self.path}: {exc}") from exc

    def _writable(self) -> duckdb.DuckDBPyConnection:
        if self.read_only:
            raise StoreError(f"store {self.path} was opened read-only")
        return self.connection


# -- opening -------------------------------------------------------------------------------


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        message = str(exc)
        if "Could not set lock" in message:
            holder = _LOCK_HOLDER.search(message)
            who = f"another process (PID {holder.group(1)})" if holder else "another process"
            raise StoreBusy(
                f"store {path} is busy: {who} has it open, and DuckDB allows "
                "one writing process per file; retry when it finishes"
            ) from exc
        if "not a valid DuckDB database file" in message:
            raise StoreError(
                f"{path} is not a DuckDB database: give a new file name or an existing "
                "newsevents store"
            ) from exc
        if "database does not exist" in message:
            raise StoreError(f"store {path} does not exist") from exc
        raise StoreError(f"cannot open store {path}: {message}") from exc


# Errors of the file or the disk under it, as opposed to a value the store refuses: no
# document is to blame, and retrying documents one by one would only fail each of them.
_BROKEN_TYPES = (
    duckdb.IOException,
    duckdb.FatalException,
    duckdb.InternalException,
    duckdb.OutOfMemoryException,
    duckdb.PermissionException,
)
_BROKEN_WORDS = ("corrupt", "checksum", "no space left", "invalidated", "could not read enough")


def _is_broken(exc: BaseException) -> bool:
    if isinstance(exc, _BROKEN_TYPES):
        return True
    message = str(exc).lower()
    return any(word in message for word in _BROKEN_WORDS)


def _broken(path: Path, exc: duckdb.Error, doing: str) -> StoreError:
    """The StoreError for a DuckDB error met while ``doing`` (open, prepare, write, read)."""
    detail = " ".join(str(exc).split())[:300]
    kept = "; nothing from this batch was stored" if doing == "write" else ""
    if not _is_broken(exc):
        return StoreError(f"cannot {doing} store {path}: {detail}{kept}")
    lower = detail.lower()
    if "no space left" in lower:
        hint = "free some space and run again: the documents stored so far are kept"
    elif "could not read enough" in lower:
        hint = "the file is cut short (a copy or a disk that failed): restore it from a backup"
    elif "corrupt" in lower or "checksum" in lower:
        hint = "the file is damaged: restore it from a backup or write to a new store"
    else:
        hint = "check the disk and run again: the documents stored so far are kept"
    return StoreBroken(f"store {path} cannot be used ({detail}){kept}: {hint}")


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # A failed statement may already have ended the transaction; there is then nothing to undo.
    try:
        con.rollback()
    except duckdb.TransactionException:
        return


def _recorded_threshold(con: duckdb.DuckDBPyConnection) -> float | None:
    """The duplicate threshold the store's stories were linked with: the end of its
    ``band_scheme`` ("<signature scheme>-threshold0.3"), None before its first write."""
    row = con.execute("SELECT value FROM meta WHERE key = 'band_scheme'").fetchone()
    if row is None:
        return None
    _, found, value = str(row[0]).rpartition("-threshold")
    try:
        return float(value) if found else None
    except ValueError:
        return None
