"""SQLite connection and named migrations.

Each migration runs in the same transaction as the row recording it, so a crash leaves the
database either before or after it. The file is created with mode 0600 and never opened
through a link (:mod:`sync.files`): it holds names, emails and Wix IDs; SQLite gives its WAL
and SHM files the same mode. A state folder it has to create is 0700, whatever the umask:
nobody else may swap the database, or plant a file or a link where the WAL or the lock file
will be. A state file that cannot be used is one :class:`~sync.files.StateUnusable`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from sync.files import StateUnusable, UnsafeFile, Unusable, state_reason, touch_state
from sync.state.kept import StateConnection

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001_row_journal",
        """
        CREATE TABLE rows (
            row_id TEXT PRIMARY KEY,
            point TEXT NOT NULL,
            inflight TEXT,
            payment_kind TEXT,
            contact_id TEXT,
            member_id TEXT,
            service_id TEXT,
            event_id TEXT,
            booking_id TEXT,
            checkout_id TEXT,
            line_item_id TEXT,
            order_id TEXT,
            paid_via TEXT,
            plan_name TEXT,
            credits_left TEXT,
            amount_due TEXT,
            attendance TEXT,
            prebooked INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL
        );
        -- "one booking per row" and "one order per row" are constraints, not hopes
        CREATE UNIQUE INDEX rows_booking ON rows(booking_id) WHERE booking_id IS NOT NULL;
        CREATE UNIQUE INDEX rows_order ON rows(order_id) WHERE order_id IS NOT NULL;
        CREATE TABLE journal (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            row_id TEXT NOT NULL,
            point TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        );
        CREATE INDEX journal_row ON journal(row_id);
        CREATE TABLE settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
    """,
    ),
    (
        "0002_sheet_rows_and_runs",
        """
        CREATE TABLE sheet_rows (
            row_id TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            identity TEXT NOT NULL DEFAULT '',
            written TEXT NOT NULL DEFAULT '',
            retry INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0,
            next_try REAL NOT NULL DEFAULT 0,
            seen_at TEXT NOT NULL
        );
        CREATE TABLE runs (
            run_id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            rows_seen INTEGER NOT NULL DEFAULT 0,
            rows_synced INTEGER NOT NULL DEFAULT 0,
            rows_in_error INTEGER NOT NULL DEFAULT 0,
            wix_calls INTEGER NOT NULL DEFAULT 0,
            result TEXT NOT NULL DEFAULT 'running'
        );
    """,
    ),
    (
        "0003_alerts",
        """
        -- sync.alerts: what is wrong now (since when, and whether the owner was told), and the
        -- messages not yet delivered, so that a restart neither repeats nor forgets an alert
        CREATE TABLE alert_incidents (
            key TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            since REAL NOT NULL,
            row_number INTEGER,
            name TEXT NOT NULL DEFAULT '',
            detail TEXT NOT NULL DEFAULT '',
            retry INTEGER NOT NULL DEFAULT 0,
            alerted_at REAL
        );
        CREATE TABLE alert_outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            channel TEXT NOT NULL,
            message TEXT NOT NULL,
            queued_at REAL NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_try REAL NOT NULL DEFAULT 0
        );
    """,
    ),
    (
        "0004_roster_and_choices",
        """
        -- sync.roster: the sessions whose roster was prefilled, and every booking it added
        -- (a booking is added at most once: a row a volunteer deleted never comes back)
        CREATE TABLE roster_sessions (
            event_id TEXT PRIMARY KEY,
            class_name TEXT NOT NULL,
            local_start TEXT NOT NULL,
            prefilled_at REAL NOT NULL,
            checked_at REAL NOT NULL
        );
        CREATE TABLE roster_bookings (
            booking_id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL,
            row_id TEXT,
            added_at REAL NOT NULL,
            cancelled_at REAL
        );
        -- sync.upcoming: Wix answers kept while fresh (services, the coming sessions)
        CREATE TABLE live_cache (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            fetched_at REAL NOT NULL
        );
        -- sync.choices: the plans each person holds with credits left (per day), and the
        -- dropdowns last set on the sheet
        CREATE TABLE plan_choices (
            email TEXT NOT NULL,
            day TEXT NOT NULL,
            plans TEXT NOT NULL,
            PRIMARY KEY (email, day)
        );
        CREATE TABLE sheet_choices (
            target TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            set_at REAL NOT NULL
        );
    """,
    ),
    (
        "0005_payment_method_and_plan_charges",
        """
        -- issue 12: the in-person method recorded (cash, card, check, bank transfer, or the
        -- owner's own word), and a plan charge that Wix has not settled yet
        ALTER TABLE rows ADD COLUMN paid_method TEXT;
        ALTER TABLE rows ADD COLUMN membership_ref TEXT;
    """,
    ),
    (
        "0006_row_identity_and_pinned_dates",
        """
        -- issue 13: what a row meant when it was first read, so that sorting, copying and
        -- later edits keep its meaning: the person's name (two children on one email are
        -- two seats), the Date cell as typed and the day it was read on ("today" stays that
        -- day), and the session's start as Wix gave it (the Status shows it)
        ALTER TABLE sheet_rows ADD COLUMN seat_name TEXT NOT NULL DEFAULT '';
        ALTER TABLE sheet_rows ADD COLUMN date_typed TEXT NOT NULL DEFAULT '';
        ALTER TABLE sheet_rows ADD COLUMN read_on TEXT NOT NULL DEFAULT '';
        ALTER TABLE sheet_rows ADD COLUMN session_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE runs ADD COLUMN rows_waiting_wix INTEGER NOT NULL DEFAULT 0;
    """,
    ),
    (
        "0007_season_archive",
        """
        -- issue 16, sync.archive: each move of done rows to a yearly archive tab, advanced
        -- through named points (planned → copied → verified → deleted → done), and every row
        -- archived: where it went (tab, row), where it was, and its row state, so `status`
        -- tells an archived row from a deleted one. A row is archived once (row_id).
        CREATE TABLE archive_moves (
            move_id INTEGER PRIMARY KEY AUTOINCREMENT,
            point TEXT NOT NULL,
            headers TEXT NOT NULL,
            started_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE archived_rows (
            row_id TEXT PRIMARY KEY,
            move_id INTEGER NOT NULL,
            point TEXT NOT NULL,
            tab TEXT NOT NULL,
            tab_row INTEGER NOT NULL,
            from_row INTEGER NOT NULL,
            session_date TEXT NOT NULL,
            cells TEXT NOT NULL DEFAULT '',
            row_state TEXT NOT NULL DEFAULT '',
            archived_at TEXT
        );
        CREATE INDEX archived_rows_move ON archived_rows(move_id);
        CREATE INDEX archived_rows_tab ON archived_rows(tab, tab_row);
    """,
    ),
    (
        "0008_sheet_row_numbers",
        """
        -- issue 15: each row's number in the sheet when a cycle last read it, so `status`
        -- names rows as the sheet does (0 once the row is no longer in the sheet)
        ALTER TABLE sheet_rows ADD COLUMN row_number INTEGER NOT NULL DEFAULT 0;
    """,
    ),
]


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating with 0600 if needed), check and migrate the state database.

    The file is never opened through a symbolic link (``sync.files``; SQLite's ``nofollow``
    too). A file that cannot be used — damaged or truncated (``PRAGMA quick_check``), not a
    database, read-only, on a full disk, a link — raises one
    :class:`~sync.files.StateUnusable` that says what to do, never SQLite's own error."""
    if str(path) == ":memory:":
        return _open(":memory:", uri=False)
    path = Path(path)
    db = None
    try:
        touch_state(path)
        db = _open(f"file:{quote(str(path.absolute()))}?mode=rw&nofollow=1", uri=True)
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {check}")
        migrate(db)
    except (OSError, sqlite3.Error, UnsafeFile) as exc:
        if db is not None:
            db.close()
        reason = state_reason(exc, path.parent)
        detail = str(exc) if reason is Unusable.UNSAFE else _plain(exc)
        raise StateUnusable(path, reason, detail) from exc
    return db


def _open(target: str, *, uri: bool) -> sqlite3.Connection:
    db = sqlite3.connect(
        target,
        uri=uri,
        isolation_level=None,
        check_same_thread=False,
        timeout=30,
        factory=StateConnection,  # carries what is kept in memory (sync.state.kept)
    )
    db.row_factory = sqlite3.Row
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    return db


def _plain(exc: BaseException) -> str:
    """SQLite's or the OS's short text ("file is not a database"), without a path."""
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taken at once (``BEGIN IMMEDIATE``). On any failure it is rolled
    back — unless SQLite already did (it does so itself on some errors, a full disk among them)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def migrate(db: sqlite3.Connection) -> list[str]:
    db.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    done = {r[0] for r in db.execute("SELECT name FROM migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        with transaction(db):
            for statement in filter(str.strip, sql.split(";")):
                db.execute(statement)
            db.execute("INSERT INTO migrations VALUES (?, datetime('now'))", (name,))
        applied.append(name)
    return applied


def schema_version(db: sqlite3.Connection) -> str:
    row = db.execute("SELECT name FROM migrations ORDER BY name DESC LIMIT 1").fetchone()
    return row[0] if row else "none"
