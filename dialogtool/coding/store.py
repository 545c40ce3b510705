"""The project database: one SQLite file beside a round's notes holding human decisions.

Auto-codes are recomputed on every run and never stored here; what is stored is what
people decided (codes added, suggestions accepted or rejected, typology overrides, quote
choices), with who and when. Rows are never deleted by a run: a decision whose segment
disappeared is marked orphaned, and an investigator's "remove" marks it removed.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from ..errors import ProjectError
from ..model import DECISION_KINDS, Decision

DB_NAME = ".dialogtool.sqlite"
SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    county TEXT NOT NULL,
    segment_id TEXT,
    theme TEXT,
    dimension TEXT,
    category TEXT,
    text TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '{}',
    coder TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    anchor_score REAL
);
CREATE INDEX IF NOT EXISTS decisions_segment ON decisions (segment_id);
CREATE INDEX IF NOT EXISTS decisions_kind ON decisions (kind, status);
"""
COLUMNS = ("kind", "county", "segment_id", "theme", "dimension", "category", "text", "reason",
           "detail", "coder", "created_at", "status", "anchor_score")


def database_path(notes_dir: Path) -> Path:
    """Where a round's project database lives: one file inside the notes directory."""
    return Path(notes_dir) / DB_NAME


class Project:
    """The decisions of one round. Each write is its own transaction, safe across processes."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.parent.is_dir():
            raise ProjectError(f"{self.path.parent}: no such notes directory; pass --notes with the round's directory.")
        with self.connect() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise ProjectError(
                    f"{self.path}: made by a newer dialogtool (schema {version}); upgrade dialogtool to open it."
                )
            db.executescript(SCHEMA)
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @classmethod
    def for_notes(cls, notes_dir: Path) -> "Project":
        return cls(database_path(notes_dir))

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection for one unit of work; SQLite's errors become ProjectErrors that say what
        is wrong (a full disk, a read-only directory, a damaged file), each with its own fix."""
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                db.row_factory = sqlite3.Row
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA busy_timeout=30000")
                yield db
            finally:
                db.close()
        except sqlite3.Error as error:
            raise database_error(self.path, error) from None

    def add(self, decision: Decision) -> Decision:
        """Record a decision; returns it with its id and time."""
        if decision.kind not in DECISION_KINDS:
            raise ProjectError(f"unknown decision kind '{decision.kind}'; use one of {', '.join(DECISION_KINDS)}.")
        decision.created_at = decision.created_at or now()
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            cursor = db.execute(
                f"INSERT INTO decisions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                row_values(decision),
            )
            db.execute("COMMIT")
        decision.id = cursor.lastrowid
        return decision

    def add_many(self, decisions: list[Decision],
                 unrecorded: Callable[[list[Decision]], list[Decision]] | None = None) -> list[Decision]:
        """Record several decisions in one transaction: all or none; returns those written.

        `unrecorded(recorded)`, when given, is called inside the transaction with every
        decision already in the database and returns the ones of `decisions` still to write:
        two processes importing the same file at once cannot both record its decisions.
        """
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                if unrecorded is not None:
                    decisions = unrecorded(self.query(db))
                for decision in decisions:
                    if decision.kind not in DECISION_KINDS:
                        raise ProjectError(f"unknown decision kind '{decision.kind}'.")
                    decision.created_at = decision.created_at or now()
                    cursor = db.execute(
                        f"INSERT INTO decisions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                        row_values(decision),
                    )
                    decision.id = cursor.lastrowid
            except BaseException:
                if db.in_transaction:  # SQLite has rolled back itself after a full disk
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        return decisions

    def decisions(self, kind: str | None = None, status: str | None = "active") -> list[Decision]:
        """Decisions in the order they were made, filtered by kind and status (None: any)."""
        with self.connect() as db:
            return self.query(db, kind, status)

    @staticmethod
    def query(db: sqlite3.Connection, kind: str | None = None, status: str | None = None) -> list[Decision]:
        query, params = "SELECT * FROM decisions WHERE 1=1", []
        if kind:
            query += " AND kind = ?"
            params.append(kind)
        if status:
            query += " AND status = ?"
            params.append(status)
        return [decision_from_row(row) for row in db.execute(query + " ORDER BY id", params).fetchall()]

    def coder_named(self, name: str) -> str:
        """The spelling of `name` the database already has, compared without case and outer
        spaces ("Anna" is the "anna" who decided before), else `name` itself: one person is
        never counted as two coders."""
        wanted = name.strip().casefold()
        with self.connect() as db:
            for (coder,) in db.execute("SELECT coder FROM decisions GROUP BY coder ORDER BY MIN(id)"):
                if coder.strip().casefold() == wanted:
                    return coder
        return name.strip()

    def update(self, decision_id: int, **changes) -> None:
        """Change fields of one decision (status, segment_id after re-anchoring, ...)."""
        unknown = set(changes) - set(COLUMNS)
        if unknown:
            raise ProjectError(f"cannot change {', '.join(sorted(unknown))} of a decision.")
        if "detail" in changes:
            changes["detail"] = json.dumps(changes["detail"], ensure_ascii=False)
        assignments = ", ".join(f"{key} = ?" for key in changes)
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            db.execute(f"UPDATE decisions SET {assignments} WHERE id = ?", [*changes.values(), decision_id])
            db.execute("COMMIT")


#: SQLite's primary result codes that dialogtool tells apart, and the words of their messages
#: (for Pythons whose sqlite3 errors carry no code).
SQLITE_CODES = {"full": (13, "disk is full"), "readonly": (8, "readonly database"), "cantopen": (14, "unable to open"),
                "busy": (5, "database is locked"), "ioerr": (10, "disk i/o error"), "perm": (3, "access permission"),
                "damaged": (26, "not a database"), "corrupt": (11, "malformed")}


def sqlite_kind(error: sqlite3.Error) -> str | None:
    """Which of SQLITE_CODES `error` is, by its result code or else its message."""
    code = getattr(error, "sqlite_errorcode", None)
    message = str(error).lower()
    for kind, (primary, words) in SQLITE_CODES.items():
        if (code is not None and code & 0xFF == primary) or words in message:
            return kind
    return None


def database_error(path: Path, error: sqlite3.Error) -> ProjectError:
    """The one-line error for a failure of the project database, saying what is actually wrong:
    only a file that is not (or no longer) a database is to be moved aside, never one that
    merely cannot be written, for it holds every decision of the round."""
    kind = sqlite_kind(error)
    if kind == "full":
        return ProjectError(f"{path}: the disk is full ({error}); nothing was recorded and the decisions already "
                            "there are kept. Free some space and run again.")
    if kind in ("readonly", "perm", "cantopen"):
        return ProjectError(f"{path}: the project database cannot be written ({error}); the notes directory "
                            f"{path.parent} or the file is read-only. Make both writable (or copy the whole "
                            "notes directory somewhere you may write) and run again; the decisions are kept.")
    if kind == "busy":
        return ProjectError(f"{path}: the project database is busy ({error}): another dialogtool is writing it; "
                            "wait for it to finish and run again.")
    if kind == "ioerr":
        return ProjectError(f"{path}: the disk could not read or write the project database ({error}); "
                            "check that the disk is not full or failing and run again; the decisions are kept.")
    if kind in ("damaged", "corrupt"):
        return ProjectError(f"{path}: not a readable dialogtool project database ({error}); keep a copy (it may "
                            "hold the round's decisions), move it aside and run again.")
    return ProjectError(f"{path}: the project database cannot be used ({error}); check the file and run again.")


def row_values(decision: Decision) -> list:
    values = {column: getattr(decision, column) for column in COLUMNS}
    values["detail"] = json.dumps(decision.detail or {}, ensure_ascii=False)
    return [values[column] for column in COLUMNS]


def decision_from_row(row: sqlite3.Row) -> Decision:
    values = {column: row[column] for column in COLUMNS}
    values["detail"] = json.loads(values["detail"] or "{}")
    return Decision(id=row["id"], **values)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
