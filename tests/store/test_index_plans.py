"""The lookups by subject and by record keep an index after migration 0015 dropped the
single-column ones (a wider index leads with the same column): no full scan of a table that
grows with every import."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekko_tui.store.db import close_db, db, open_db
from ekko_tui.store.settings import StoreSettings

LOOKUPS = {
    "identifier": "SELECT kind, value FROM identifier WHERE subject_id = ?",
    "holding": "SELECT system FROM holding WHERE subject_id = ?",
    "record_seen": "SELECT seen_at FROM record_seen WHERE record_id = ?",
    "subject_record": "SELECT id FROM subject_record WHERE subject_id = ?",
    "search_token": "SELECT token FROM search_token WHERE subject_id = ?",
}
DROPPED = {"identifier_subject_id", "holding_subject_id", "recordseen_record_id"}


@pytest.fixture(params=["new", "from 0001"])
def database(request: pytest.FixtureRequest, tmp_path: Path):
    settings = StoreSettings(encrypt=False)
    path = tmp_path / "ekko.db"
    if request.param == "from 0001":
        open_db(path, upto="0001_initial", settings=settings)
        close_db()
    open_db(path, settings=settings)
    yield
    close_db()


@pytest.mark.parametrize("table", sorted(LOOKUPS))
def test_lookup_by_subject_or_record_uses_an_index(database: None, table: str) -> None:
    plan = " ".join(
        str(r[-1]) for r in db.execute_sql(f"EXPLAIN QUERY PLAN {LOOKUPS[table]}", (1,))
    )
    assert plan.startswith(f"SEARCH {table} USING"), plan  # an index or the primary key
    assert f"SCAN {table}" not in plan, plan


def test_the_narrow_indexes_are_gone(database: None) -> None:
    names = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert not names & DROPPED
    assert {
        "identifier_subject_id_kind_value_system",
        "holding_subject_id_system_external_id",
    } <= names
