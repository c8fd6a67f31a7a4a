"""SQLite persistence for the emulator's domains, records and mailboxes.

One connection is shared by every request thread and guarded by a lock, so each method is
atomic (check-then-insert included). A file database uses WAL and commits every change at
once: stopping and restarting the emulator on the same ``--db`` keeps all domains,
records and mailboxes. Times are stored as Unix epoch seconds; lifecycle statuses are derived
from them when read (see ``lifecycle.py``), so no background work needs to survive a restart.

A Scaleway domain's ``mailbox_count`` is not stored: it is the number of its mailbox rows not
deleted, counted when the domain is read. A deleted mailbox keeps its row (``deleted_at`` set)
until its domain goes: whether it is still shown (``deletion_scheduled``) or already gone is
derived from ``deleted_at`` (see ``lifecycle.mailbox_phase``). Databases written before
mailboxes had rows kept a ``scw_domains.mailbox_count`` column; opening one turns each such
count into mailbox rows.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS scw_domains (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at REAL NOT NULL,
    validation_started_at REAL,
    validation_ok INTEGER,
    deleted_at REAL
);
CREATE INDEX IF NOT EXISTS scw_domains_project ON scw_domains (project_id, name);
CREATE TABLE IF NOT EXISTS scw_records (
    id TEXT PRIMARY KEY,
    domain_id TEXT NOT NULL REFERENCES scw_domains (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    level TEXT NOT NULL,
    dns_type TEXT NOT NULL,
    dns_name TEXT NOT NULL,
    dns_value TEXT NOT NULL,
    status TEXT NOT NULL,
    error TEXT,
    created_at REAL NOT NULL,
    checked_at REAL,
    UNIQUE (domain_id, key)
);
CREATE TABLE IF NOT EXISTS scw_mailboxes (
    id TEXT PRIMARY KEY,
    domain_id TEXT NOT NULL REFERENCES scw_domains (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    deleted_at REAL
);
CREATE INDEX IF NOT EXISTS scw_mailboxes_domain ON scw_mailboxes (domain_id, deleted_at);
CREATE TABLE IF NOT EXISTS fh_domains (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL,
    domain TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS fh_domains_account ON fh_domains (account_id, domain);
CREATE TABLE IF NOT EXISTS fh_records (
    domain_id INTEGER NOT NULL REFERENCES fh_domains (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    type TEXT NOT NULL,
    hostname TEXT NOT NULL,
    value TEXT NOT NULL,
    verified INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (domain_id, position)
);
"""


@dataclasses.dataclass(frozen=True)
class ScwRecord:
    """A stored Scaleway DomainRecord; ``status``/``error`` are the last check's outcome."""

    id: str
    domain_id: str
    key: str
    level: str
    dns_type: str
    dns_name: str
    dns_value: str
    status: str
    error: str | None
    created_at: float
    checked_at: float | None


@dataclasses.dataclass(frozen=True)
class ScwMailbox:
    """A stored Scaleway mailbox; ``deleted_at`` is set once deleted (API or admin count)."""

    id: str
    domain_id: str
    email: str
    created_at: float
    updated_at: float
    deleted_at: float | None


@dataclasses.dataclass(frozen=True)
class ScwDomain:
    """A stored Scaleway domain (its status is derived, see ``lifecycle.py``).

    ``mailbox_count`` is computed when read: the domain's mailboxes not deleted.
    """

    id: str
    project_id: str
    name: str
    created_at: float
    mailbox_count: int
    validation_started_at: float | None
    validation_ok: bool | None
    deleted_at: float | None


@dataclasses.dataclass(frozen=True)
class FhRecord:
    """A stored FullHelp ``dns_records`` entry."""

    label: str
    type: str
    hostname: str
    value: str
    verified: bool


@dataclasses.dataclass(frozen=True)
class FhDomain:
    """A stored FullHelp domain with its records in display order."""

    id: int
    account_id: int
    domain: str
    created_at: float
    updated_at: float
    records: tuple[FhRecord, ...]


class Store:
    """Thread-safe access to the emulator database (``:memory:`` or a file path)."""

    def __init__(self, path: str = ":memory:") -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA foreign_keys = ON")
        if path != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.executescript(_SCHEMA)
        self._migrate_mailbox_counts()

    def _migrate_mailbox_counts(self) -> None:
        """Turn the counts of a database from before mailbox rows into rows (once)."""
        with self._transaction() as db:
            columns = {row[1] for row in db.execute("PRAGMA table_info(scw_domains)")}
            if "mailbox_count" not in columns:
                return
            counted = db.execute(
                "SELECT id, mailbox_count, created_at FROM scw_domains WHERE mailbox_count > 0"
            ).fetchall()
            for domain_id, count, created_at in counted:
                self._set_mailbox_count(db, str(domain_id), int(count), float(created_at))
            db.execute("UPDATE scw_domains SET mailbox_count = 0")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- meta ---------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def reset(self) -> None:
        """Forget every domain and record of both APIs (meta such as demo tokens stays)."""
        with self._transaction() as db:
            db.execute("DELETE FROM scw_mailboxes")
            db.execute("DELETE FROM scw_records")
            db.execute("DELETE FROM scw_domains")
            db.execute("DELETE FROM fh_records")
            db.execute("DELETE FROM fh_domains")
            db.execute("DELETE FROM sqlite_sequence WHERE name = 'fh_domains'")

    # -- Scaleway -------------------------------------------------------------------------

    def scw_insert(self, domain: ScwDomain, records: Sequence[ScwRecord]) -> ScwDomain | None:
        """Insert unless the project already has a live domain of that name.

        Returns None when inserted, else the existing domain (domains being deleted do not
        count as existing).
        """
        with self._transaction() as db:
            existing = db.execute(
                f"SELECT {_SCW_DOMAIN_COLUMNS} FROM scw_domains "
                "WHERE project_id = ? AND name = ? AND deleted_at IS NULL",
                (domain.project_id, domain.name),
            ).fetchone()
            if existing is not None:
                return _scw_domain(existing)
            db.execute(
                "INSERT INTO scw_domains (id, project_id, name, created_at, "
                "validation_started_at, validation_ok, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    domain.id,
                    domain.project_id,
                    domain.name,
                    domain.created_at,
                    domain.validation_started_at,
                    domain.validation_ok,
                    domain.deleted_at,
                ),
            )
            db.executemany(
                "INSERT INTO scw_records (id, domain_id, position, key, level, dns_type, "
                "dns_name, dns_value, status, error, created_at, checked_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.id,
                        r.domain_id,
                        i,
                        r.key,
                        r.level,
                        r.dns_type,
                        r.dns_name,
                        r.dns_value,
                        r.status,
                        r.error,
                        r.created_at,
                        r.checked_at,
                    )
                    for i, r in enumerate(records)
                ],
            )
            return None

    def scw_get(self, domain_id: str) -> ScwDomain | None:
        rows = self._query(
            f"SELECT {_SCW_DOMAIN_COLUMNS} FROM scw_domains WHERE id = ?", (domain_id,)
        )
        return _scw_domain(rows[0]) if rows else None

    def scw_list(self, project_ids: Sequence[str]) -> list[ScwDomain]:
        if not project_ids:
            return []
        marks = ", ".join("?" for _ in project_ids)
        rows = self._query(
            f"SELECT {_SCW_DOMAIN_COLUMNS} FROM scw_domains WHERE project_id IN ({marks})",
            list(project_ids),
        )
        return [_scw_domain(row) for row in rows]

    def scw_records(self, domain_id: str) -> list[ScwRecord]:
        rows = self._query(
            "SELECT id, domain_id, key, level, dns_type, dns_name, dns_value, status, error, "
            "created_at, checked_at FROM scw_records WHERE domain_id = ? ORDER BY position",
            (domain_id,),
        )
        return [ScwRecord(*row) for row in rows]

    def scw_mark_deleted(self, domain_id: str, now: float) -> None:
        """Start deleting (keeps the first deletion time when called again)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE scw_domains SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                (now, domain_id),
            )

    def scw_purge_deleted(self, before: float) -> None:
        """Drop domains whose deletion started before ``before``."""
        with self._transaction() as db:
            db.execute("DELETE FROM scw_domains WHERE deleted_at < ?", (before,))

    def scw_record_validation(
        self, domain_id: str, now: float, ok: bool, outcomes: dict[str, tuple[str, str | None]]
    ) -> None:
        """Store a validation started at ``now`` with per-record (status, error) by key."""
        with self._transaction() as db:
            db.execute(
                "UPDATE scw_domains SET validation_started_at = ?, validation_ok = ? WHERE id = ?",
                (now, int(ok), domain_id),
            )
            db.executemany(
                "UPDATE scw_records SET status = ?, error = ?, checked_at = ? "
                "WHERE domain_id = ? AND key = ?",
                [(status, error, now, domain_id, key) for key, (status, error) in outcomes.items()],
            )

    def scw_set_mailboxes(self, domain_id: str, count: int, now: float) -> bool:
        """Add or remove mailboxes so the domain has ``count`` not deleted; False if no domain.

        New mailboxes are ``mailbox-<n>@<domain>`` with ``n`` never reused within the domain
        (deleted rows stay until their domain goes); removal deletes the newest first.
        """
        with self._transaction() as db:
            return self._set_mailbox_count(db, domain_id, count, now)

    @staticmethod
    def _set_mailbox_count(db: sqlite3.Connection, domain_id: str, count: int, now: float) -> bool:
        row = db.execute("SELECT name FROM scw_domains WHERE id = ?", (domain_id,)).fetchone()
        if row is None:
            return False
        live = db.execute(
            "SELECT id FROM scw_mailboxes WHERE domain_id = ? AND deleted_at IS NULL "
            "ORDER BY created_at DESC, rowid DESC",
            (domain_id,),
        ).fetchall()
        if len(live) > count:
            # Removed at once, not scheduled: a deletion time of 0 (1970) is long purged.
            db.executemany(
                "UPDATE scw_mailboxes SET deleted_at = 0, updated_at = ? WHERE id = ?",
                [(now, r[0]) for r in live[: len(live) - count]],
            )
            return True
        made = db.execute(
            "SELECT COUNT(*) FROM scw_mailboxes WHERE domain_id = ?", (domain_id,)
        ).fetchone()
        first = int(made[0]) + 1
        db.executemany(
            "INSERT INTO scw_mailboxes (id, domain_id, email, created_at, updated_at, deleted_at) "
            "VALUES (?, ?, ?, ?, ?, NULL)",
            [
                (str(uuid.uuid4()), domain_id, f"mailbox-{n}@{row[0]}", now, now)
                for n in range(first, first + count - len(live))
            ],
        )
        return True

    def scw_mailboxes(self, domain_ids: Sequence[str]) -> list[ScwMailbox]:
        """Every mailbox row of these domains, deleted ones included."""
        if not domain_ids:
            return []
        marks = ", ".join("?" for _ in domain_ids)
        rows = self._query(
            f"SELECT {_SCW_MAILBOX_COLUMNS} FROM scw_mailboxes WHERE domain_id IN ({marks})",
            list(domain_ids),
        )
        return [ScwMailbox(*row) for row in rows]

    def scw_mailbox_get(self, mailbox_id: str) -> ScwMailbox | None:
        """The mailbox row with this id, deleted or not."""
        rows = self._query(
            f"SELECT {_SCW_MAILBOX_COLUMNS} FROM scw_mailboxes WHERE id = ?", (mailbox_id,)
        )
        return ScwMailbox(*rows[0]) if rows else None

    def scw_mailbox_delete(self, mailbox_id: str, now: float) -> ScwMailbox | None:
        """Mark the mailbox deleted at ``now`` unless it already is; return its row.

        Atomic, and the first deletion time is kept: of two concurrent calls, both get the
        row with the same ``deleted_at``. None when there is no such row.
        """
        with self._transaction() as db:
            db.execute(
                "UPDATE scw_mailboxes SET deleted_at = ?, updated_at = ? "
                "WHERE id = ? AND deleted_at IS NULL",
                (now, now, mailbox_id),
            )
            row = db.execute(
                f"SELECT {_SCW_MAILBOX_COLUMNS} FROM scw_mailboxes WHERE id = ?", (mailbox_id,)
            ).fetchone()
            return None if row is None else ScwMailbox(*row)

    # -- FullHelp -------------------------------------------------------------------------

    def fh_insert(
        self, account_id: int, domain: str, records: Sequence[FhRecord], now: float
    ) -> FhDomain | None:
        """Insert a domain; None when the account already has one with that name."""
        with self._transaction() as db:
            if self._fh_taken(db, account_id, domain, exclude_id=None):
                return None
            cursor = db.execute(
                "INSERT INTO fh_domains (account_id, domain, created_at, updated_at) "
                "VALUES (?, ?, ?, ?)",
                (account_id, domain, now, now),
            )
            domain_id = int(cursor.lastrowid or 0)
            self._fh_write_records(db, domain_id, records)
            return self._fh_get(db, domain_id)

    def fh_get(self, domain_id: int) -> FhDomain | None:
        with self._lock:
            return self._fh_get(self._db, domain_id)

    def fh_list(self, account_id: int) -> list[FhDomain]:
        with self._lock:
            ids = self._db.execute(
                "SELECT id FROM fh_domains WHERE account_id = ? ORDER BY id", (account_id,)
            ).fetchall()
            found = [self._fh_get(self._db, int(row[0])) for row in ids]
        return [domain for domain in found if domain is not None]

    def fh_rename(
        self, domain_id: int, new_name: str, records: Sequence[FhRecord], now: float
    ) -> FhDomain | None:
        """Rename in place with fresh records; None when the name is taken in the account."""
        with self._transaction() as db:
            current = self._fh_get(db, domain_id)
            if current is None or self._fh_taken(db, current.account_id, new_name, domain_id):
                return None
            db.execute(
                "UPDATE fh_domains SET domain = ?, updated_at = ? WHERE id = ?",
                (new_name, now, domain_id),
            )
            db.execute("DELETE FROM fh_records WHERE domain_id = ?", (domain_id,))
            self._fh_write_records(db, domain_id, records)
            return self._fh_get(db, domain_id)

    def fh_touch(self, domain_id: int, now: float) -> FhDomain | None:
        """Bump ``updated_at`` (an update that changed nothing else)."""
        with self._transaction() as db:
            db.execute("UPDATE fh_domains SET updated_at = ? WHERE id = ?", (now, domain_id))
            return self._fh_get(db, domain_id)

    def fh_set_verified(
        self, domain_id: int, verified: Sequence[bool], now: float
    ) -> FhDomain | None:
        """Store per-record verified flags (in record order)."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE fh_records SET verified = ? WHERE domain_id = ? AND position = ?",
                [(int(flag), domain_id, i) for i, flag in enumerate(verified)],
            )
            db.execute("UPDATE fh_domains SET updated_at = ? WHERE id = ?", (now, domain_id))
            return self._fh_get(db, domain_id)

    def fh_delete(self, domain_id: int) -> bool:
        with self._transaction() as db:
            return db.execute("DELETE FROM fh_domains WHERE id = ?", (domain_id,)).rowcount > 0

    @staticmethod
    def _fh_taken(
        db: sqlite3.Connection, account_id: int, domain: str, exclude_id: int | None
    ) -> bool:
        row = db.execute(
            "SELECT 1 FROM fh_domains WHERE account_id = ? AND domain = ? AND id != ?",
            (account_id, domain, -1 if exclude_id is None else exclude_id),
        ).fetchone()
        return row is not None

    @staticmethod
    def _fh_write_records(
        db: sqlite3.Connection, domain_id: int, records: Sequence[FhRecord]
    ) -> None:
        db.executemany(
            "INSERT INTO fh_records (domain_id, position, label, type, hostname, value, verified) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (domain_id, i, r.label, r.type, r.hostname, r.value, int(r.verified))
                for i, r in enumerate(records)
            ],
        )

    @staticmethod
    def _fh_get(db: sqlite3.Connection, domain_id: int) -> FhDomain | None:
        row = db.execute(
            "SELECT id, account_id, domain, created_at, updated_at FROM fh_domains WHERE id = ?",
            (domain_id,),
        ).fetchone()
        if row is None:
            return None
        records = db.execute(
            "SELECT label, type, hostname, value, verified FROM fh_records "
            "WHERE domain_id = ? ORDER BY position",
            (domain_id,),
        ).fetchall()
        return FhDomain(
            id=int(row[0]),
            account_id=int(row[1]),
            domain=str(row[2]),
            created_at=float(row[3]),
            updated_at=float(row[4]),
            records=tuple(
                FhRecord(str(r[0]), str(r[1]), str(r[2]), str(r[3]), bool(r[4])) for r in records
            ),
        )


_SCW_DOMAIN_COLUMNS = (
    "id, project_id, name, created_at, "
    "(SELECT COUNT(*) FROM scw_mailboxes AS m "
    "WHERE m.domain_id = scw_domains.id AND m.deleted_at IS NULL), "
    "validation_started_at, validation_ok, deleted_at"
)
_SCW_MAILBOX_COLUMNS = "id, domain_id, email, created_at, updated_at, deleted_at"


def _scw_domain(row: Any) -> ScwDomain:
    return ScwDomain(
        id=row[0],
        project_id=row[1],
        name=row[2],
        created_at=row[3],
        mailbox_count=row[4],
        validation_started_at=row[5],
        validation_ok=None if row[6] is None else bool(row[6]),
        deleted_at=row[7],
    )
