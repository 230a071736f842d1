"""The hash-chained trail, `ekko verify`, backups, restores and their rotation."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from ekko_tui.store import audit, backup
from ekko_tui.store.db import StoreError, close_db, open_db
from ekko_tui.store.models import Event
from tests.conftest import add_request, raw_connect


def _add(now, name: str = "Åse") -> int:
    return add_request(now, name=name)


def test_existing_events_are_chained_by_the_migration(db_path: Path) -> None:
    open_db(db_path, upto="0004")
    con = raw_connect(db_path)
    con.execute(
        "INSERT INTO request (ref, year, seq, received_at, channel, types, requester_name, "
        "requester_contact, message, identity_status, identity_method, identity_evidence, "
        "status, outcome_note, created_at) VALUES ('2026-001', 2026, 1, '2026-11-20 08:00:00', "
        "'email', 'access', 'Åse', '', '', 'unchecked', '', '', 'new', '', '2026-11-20 08:00:00')"
    )
    for kind in ("created", "types"):
        con.execute(
            "INSERT INTO event (request_id, at, actor, kind, detail) "
            "VALUES (1, '2026-11-20 08:00:00', 'lars', ?, 'x')",
            (kind,),
        )
    con.commit()
    con.close()
    close_db()
    open_db(db_path)
    try:
        assert audit.verify_chain().ok
        assert [e.request_ref for e in Event.select()] == ["2026-001", "2026-001"]
    finally:
        close_db()


def test_rotation_keeps_seven_daily_and_four_weekly(tmp_path: Path) -> None:
    today = date(2026, 11, 25)
    for i in range(40):
        (tmp_path / f"ekko-{today - timedelta(days=i)}.db").write_bytes(b"x")
    backup.rotate(tmp_path, today)
    kept = sorted(p.stem.removeprefix("ekko-") for p in tmp_path.glob("ekko-*.db"))
    # The last 7 days, plus the newest backup of each of the 4 newest ISO weeks.
    assert kept == [
        "2026-11-08",
        "2026-11-15",
        "2026-11-19",
        "2026-11-20",
        "2026-11-21",
        "2026-11-22",
        "2026-11-23",
        "2026-11-24",
        "2026-11-25",
    ]


def test_daily_backup_once_a_day(db, tmp_path: Path, now) -> None:
    folder = tmp_path / "backups"
    first = backup.daily_backup(folder, date(2026, 11, 25))
    assert (
        first is not None
        and backup.check_backup(first, current_key_of(first.parent.parent / "ekko.db")) == 0
    )
    assert backup.daily_backup(folder, date(2026, 11, 25)) is None


def test_backup_to_unwritable_place_is_a_clear_error(db, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="The backup to .* failed"):
        backup.backup_to(blocker / "sub" / "b.db")


def current_key_of(path: Path) -> str | None:
    from ekko_tui.store import keys

    found = keys.find_key(path)
    return found.key if found else None
