"""The import writes chunk by chunk (issue 15): the result must not depend on where the chunks
break, and the number of statements must not grow with the number of rows."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest

from ekko_tui.domain.imports import parse_export
from ekko_tui.store import subject_imports
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.db import db as database
from ekko_tui.store.subject_queries import search_subjects

EXPORTS = Path(__file__).resolve().parent.parent / "data" / "exports"
TABLES = (
    "subject",
    "identifier",
    "holding",
    "merge_suggestion",
    "search_token",
    "subject_fts",
    "subject_record",
    "record_seen",
)


def people_file(rows: int, seed: int) -> bytes:
    """A newsletter list that repeats people, shares phones (conflicting matches), leaves out
    names then gives them, and reuses names (name-only suggestions)."""
    rng = random.Random(seed)
    names = ["Ola Hansen", "Åse Ødegård", "Kari Nordmann", "Ørjan Berg", "", "Per Ås"]
    out = ["Email,Name,Phone"]
    for i in range(rows):
        person = rng.randrange(rows // 3 + 1)
        phone = f"+47 9{rng.randrange(40):07d}" if rng.random() < 0.5 else ""
        name = rng.choice(names) if rng.random() < 0.8 else ""
        out.append(f"p{person}@example.no,{name},{phone}")
        if i % 17 == 0:  # a row for a person seen only by phone
            out.append(f",{name},{phone or '+47 41234567'}")
    return ("\n".join(out) + "\n").encode()


def run(kind: str, data: bytes, now: datetime) -> subject_imports.ImportReport:
    return subject_imports.import_export(
        parse_export(kind, data),
        kind=kind,
        file_name=f"{kind}.csv",
        sha256=str(hash(data)),
        now=now,
        actor="test",
    )


def imports(now: datetime) -> list[tuple[str, bytes]]:
    return [
        ("kajabi", (EXPORTS / "kajabi_contacts.csv").read_bytes()),
        ("newsletter", people_file(120, 1)),
        ("stripe", (EXPORTS / "stripe_unified_customers.csv").read_bytes()),
        ("newsletter", people_file(90, 2)),
        ("newsletter", (EXPORTS / "newsletter_mailchimp.tsv").read_bytes()),
        ("kajabi", (EXPORTS / "kajabi_contacts.csv").read_bytes()),  # again: idempotent
        ("newsletter", people_file(120, 1)),
    ]


def dump() -> dict[str, list[tuple[object, ...]]]:
    return {
        t: database.execute_sql(
            f"SELECT {'rowid, *' if t == 'subject_fts' else '*'} FROM {t} ORDER BY 1, 2"
        ).fetchall()
        for t in TABLES
    }


def state_after(tmp_path: Path, now: datetime, chunk: int, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(subject_imports, "CHUNK", chunk)
    open_db(tmp_path / f"chunk{chunk}.db")
    try:
        reports = [run(kind, data, now) for kind, data in imports(now)]
        queries = ("ase", "odegard", "p1@", "hansen", "9")
        found = [[h.id for h in search_subjects(q).hits] for q in queries]
        return dump(), [(r.added, r.updated, r.unchanged, r.suggestions) for r in reports], found
    finally:
        close_db()


def test_where_the_chunks_break_changes_nothing(tmp_path, now, monkeypatch) -> None:
    one = state_after(tmp_path, now, 1, monkeypatch)
    seven = state_after(tmp_path, now, 7, monkeypatch)
    whole = state_after(tmp_path, now, 100_000, monkeypatch)
    tables, counts, found = whole
    assert counts[5][0] == 0 and counts[5][1] == 0  # the same file again changes nothing
    assert sum(c[3] for c in counts) > 0  # the files do make merge suggestions
    assert tables["subject_fts"] and all(found)
    assert one == whole
    assert seven == whole


class _Counting:
    """A cursor that counts the statements Python hands SQLite (executemany is one)."""

    def __init__(self, cursor: object, calls: list[str]) -> None:
        self._cursor, self._calls = cursor, calls

    def execute(self, sql: str, *args: object) -> object:
        self._calls.append(sql)
        self._cursor.execute(sql, *args)  # type: ignore[attr-defined]
        return self

    def executemany(self, sql: str, *args: object) -> object:
        self._calls.append(sql)
        self._cursor.executemany(sql, *args)  # type: ignore[attr-defined]
        return self

    def __iter__(self) -> object:
        return iter(self._cursor)  # type: ignore[call-overload]

    def __getattr__(self, name: str) -> object:
        return getattr(self._cursor, name)


def test_statements_do_not_grow_with_rows(db, now, monkeypatch) -> None:
    """A fixed number of statements per chunk, not per row (a row at a time: thousands)."""
    monkeypatch.setattr(subject_imports, "CHUNK", 10_000)
    statements: list[str] = []
    real = database.cursor
    monkeypatch.setattr(database, "cursor", lambda *a, **k: _Counting(real(*a, **k), statements))
    run("newsletter", people_file(50, 3), now)
    small = len(statements)
    statements.clear()
    report = run("newsletter", people_file(2000, 4), now)
    large = len(statements)
    assert report.rows >= 2000 and report.added > 300
    # A few more for the search index (written 400 subjects a statement), none per row.
    assert small > 0 and large <= small + 20 and large < report.rows / 20, (small, large)
