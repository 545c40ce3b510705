"""The project database: one SQLite file beside a round's notes holding human decisions.

Auto-codes are recomputed on every run and never stored here; what is stored is what
people decided (codes added, suggestions accepted or rejected, typology overrides, quote
choices), with who and when. Rows are never deleted by a run: a decision whose segment
disappeared is marked orphaned, and an investigator's "remove" marks it removed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from ..errors import ConflictError, ProjectError
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
CREATE TABLE IF NOT EXISTS coders (
    name TEXT PRIMARY KEY,
    person TEXT NOT NULL
);
"""
#: The version of a scope nobody has decided on yet.
NO_VERSION = "0"
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
            raise ProjectError(f"{self.path.parent}: mappen med anteckningar finns inte; ange --notes med omgångens "
                               "mapp.")
        with self.connect() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise ProjectError(
                    f"{self.path}: skapad av en nyare dialogtool (schema {version}); uppgradera dialogtool för att "
                    "öppna den."
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

    def add(self, decision: Decision, expected_version: str | None = None) -> Decision:
        """Record a decision; returns it with its id and time.

        `expected_version` (from `scope_versions` when the decision was shown): a ConflictError
        instead of writing when another decision on the same code, cell or quote was recorded
        or withdrawn since, so that of two tabs or two investigators the second does not
        silently win.
        """
        if decision.kind not in DECISION_KINDS:
            raise ProjectError(f"okänt slag av beslut '{decision.kind}'; använd ett av {', '.join(DECISION_KINDS)}.")
        decision.created_at = decision.created_at or now()
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            if expected_version is not None:
                self.check_version(db, decision, expected_version)
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
                        raise ProjectError(f"okänt slag av beslut '{decision.kind}'.")
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
        """Decisions in the order they were made, filtered by kind and status (None: any), each
        credited to the person its coder name was declared to be (`declare_same`)."""
        with self.connect() as db:
            decisions = self.query(db, kind, status)
            persons = self.persons_in(db)
        for decision in decisions:
            decision.coder = person_of(decision.coder, persons)
        return decisions

    def declare_same(self, name: str, person: str) -> str:
        """Record that the coder `name` (a Word comment's author, another tool's user) is the
        person who decides as `person`; returns the person's name as the database spells it.
        From then on every decision and Word code by `name` counts as that person's."""
        if not name.strip() or not person.strip():
            raise ProjectError("ange två namn: namnet som ska räknas som en person, och den personens namn.")
        spelled = self.coder_named(person)
        if person_of(spelled, self.persons()).casefold() == name.strip().casefold():
            raise ProjectError(f"'{person}' räknas redan som '{name}'; ange dem åt andra hållet, eller inte alls.")
        with self.connect() as db:
            db.execute("INSERT OR REPLACE INTO coders (name, person) VALUES (?, ?)", (name.strip().casefold(), spelled))
        return spelled

    def persons(self) -> dict[str, str]:
        """Every declared coder name (case-folded) and the person it counts as."""
        with self.connect() as db:
            return self.persons_in(db)

    @staticmethod
    def persons_in(db: sqlite3.Connection) -> dict[str, str]:
        return {name: person for name, person in db.execute("SELECT name, person FROM coders ORDER BY name")}

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

    def check_version(self, db: sqlite3.Connection, decision: Decision, expected: str) -> None:
        """A ConflictError when the decisions of `decision`'s scope are no longer those of `expected`."""
        key = scope_key(decision)
        scope = [d for d in self.query(db) if scope_key(d) == key]
        if scope_versions(scope).get(key, NO_VERSION) != expected:
            db.execute("ROLLBACK")
            latest = max(scope, key=lambda d: d.id or 0) if scope else None
            raise ConflictError(
                f"{self.path}: {' '.join(str(part) for part in key)} har beslutats av {latest.coder or 'någon annan'} "
                "sedan det lästes; läs det nuvarande beslutet och besluta igen.", latest)

    def update(self, decision_id: int, expected_version: str | None = None, **changes) -> None:
        """Change fields of one decision (status, segment_id after re-anchoring, ...);
        `expected_version` as for `add`, of the decision's own scope."""
        unknown = set(changes) - set(COLUMNS)
        if unknown:
            raise ProjectError(f"kan inte ändra {', '.join(sorted(unknown))} i ett beslut.")
        if "detail" in changes:
            changes["detail"] = json.dumps(changes["detail"], ensure_ascii=False)
        assignments = ", ".join(f"{key} = ?" for key in changes)
        with self.connect() as db:
            db.execute("BEGIN IMMEDIATE")
            if expected_version is not None:
                row = db.execute("SELECT * FROM decisions WHERE id = ?", [decision_id]).fetchone()
                if row is None:
                    db.execute("ROLLBACK")
                    raise ProjectError(f"{self.path}: inget beslut med id {decision_id}.")
                self.check_version(db, decision_from_row(row), expected_version)
            db.execute(f"UPDATE decisions SET {assignments} WHERE id = ?", [*changes.values(), decision_id])
            db.execute("COMMIT")


def scope_key(decision: Decision) -> tuple:
    """What a decision decides on, which a later decision can contradict: one code (segment
    and theme), one typology cell (county and dimension), or one paragraph's quote choice."""
    if decision.kind == "override":
        return ("override", decision.county, decision.dimension)
    if decision.kind == "quote_chosen":
        return ("quote", decision.segment_id)
    return ("code", decision.segment_id, decision.theme)


def scope_versions(decisions: list[Decision]) -> dict[tuple, str]:
    """A version per scope (`scope_key`) of the given decisions, of any status: it changes
    whenever a decision in the scope is recorded, withdrawn, orphaned or re-attached."""
    states: dict[tuple, list[str]] = {}
    for decision in decisions:
        states.setdefault(scope_key(decision), []).append(f"{decision.id}:{decision.status}")
    return {key: hashlib.sha1(";".join(sorted(parts)).encode()).hexdigest()[:12] for key, parts in states.items()}


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
        return ProjectError(f"{path}: disken är full ({error}); inget sparades och besluten som redan "
                            "finns där är kvar. Frigör utrymme och kör igen.")
    if kind in ("readonly", "perm", "cantopen"):
        return ProjectError(f"{path}: projektdatabasen kan inte skrivas ({error}); mappen med anteckningar "
                            f"{path.parent} eller filen är skrivskyddad. Ta bort skrivskyddet på båda (eller kopiera "
                            "hela "
                            "mappen med anteckningar dit du får skriva) och kör igen; besluten är kvar.")
    if kind == "busy":
        return ProjectError(f"{path}: projektdatabasen är upptagen ({error}): en annan dialogtool skriver i den; "
                            "vänta tills den är klar och kör igen.")
    if kind == "ioerr":
        return ProjectError(f"{path}: disken kunde inte läsa eller skriva projektdatabasen ({error}); "
                            "kontrollera att disken inte är full eller trasig och kör igen; besluten är kvar.")
    if kind in ("damaged", "corrupt"):
        return ProjectError(f"{path}: ingen läsbar projektdatabas för dialogtool ({error}); spara en kopia (den kan "
                            "innehålla omgångens beslut), flytta undan den och kör igen.")
    return ProjectError(f"{path}: projektdatabasen kan inte användas ({error}); kontrollera filen och kör igen.")


def row_values(decision: Decision) -> list:
    values = {column: getattr(decision, column) for column in COLUMNS}
    values["detail"] = json.dumps(decision.detail or {}, ensure_ascii=False)
    return [values[column] for column in COLUMNS]


def person_of(coder: str, persons: dict[str, str]) -> str:
    """The person a coder name counts as (`Project.declare_same`), else the name itself."""
    return persons.get(coder.strip().casefold(), coder)


def decision_from_row(row: sqlite3.Row) -> Decision:
    values = {column: row[column] for column in COLUMNS}
    values["detail"] = json.loads(values["detail"] or "{}")
    return Decision(id=row["id"], **values)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
