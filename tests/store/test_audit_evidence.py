"""Issue 12 item 9: the audit trail is evidence. `ekko verify` catches deleted last events,
an emptied trail, a forger who recomputes every hash, a backdated receipt, edited pauses and
extensions, and a damaged file; and it names what is wrong."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from ekko_tui.__main__ import main
from ekko_tui.store import audit, keys
from ekko_tui.store import requests as store
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Event
from tests.conftest import add_request, raw_connect


@pytest.fixture
def trail(db_path: Path, now) -> Path:
    """A database with two requests and some history, closed."""
    open_db(db_path)
    rid = add_request(now, name="Åse")
    store.set_types(rid, ("erasure",), now=now, actor="t")
    store.start_pause(rid, "identity", date(2026, 11, 24), "", now=now, actor="t")
    store.end_pause(rid, date(2026, 11, 25), now=now, actor="t")
    other = add_request(now, received="2026-11-20 09:00", name="Kåre")
    store.extend(
        other, "complexity", "Mange systemer i flere land", date(2026, 11, 25), now=now, actor="t"
    )
    close_db()
    return db_path


def _verify(db_path: Path, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--db", str(db_path), "verify"])
    return code, capsys.readouterr().out


def _sql(db_path: Path, *statements: str) -> None:
    con = raw_connect(db_path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def test_an_untouched_trail_verifies(trail, capsys) -> None:
    code, out = _verify(trail, capsys)
    assert code == 0 and "intact: 6 events" in out


def test_deleting_the_last_events_is_detected(trail, capsys) -> None:
    _sql(trail, "DELETE FROM event WHERE id > (SELECT max(id) - 2 FROM event)")
    code, out = _verify(trail, capsys)
    assert code == 1 and "the last 2 were deleted" in out


def test_deleting_every_event_is_detected(trail, capsys) -> None:
    _sql(trail, "DELETE FROM event")
    code, out = _verify(trail, capsys)
    assert code == 1 and "has 0 events but 6 were anchored" in out


def test_a_forger_who_recomputes_every_hash_is_caught(trail, capsys) -> None:
    """Without the seal key a rewritten chain cannot match, whatever hash is used."""
    con = raw_connect(trail)
    rows = con.execute(
        "SELECT id, at, actor, kind, detail, request_ref, state FROM event ORDER BY id"
    ).fetchall()
    prev = ""
    for event_id, at, actor, kind, detail, ref, state in rows:
        detail = detail.replace("Åse", "Anne")
        payload = json.dumps([prev, str(at), actor, kind, detail, ref, state], ensure_ascii=False)
        digest = hashlib.sha256(payload.encode()).hexdigest()
        con.execute(
            "UPDATE event SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?",
            (detail, prev, digest, event_id),
        )
        prev = digest
    con.commit()
    con.close()
    code, out = _verify(trail, capsys)
    assert code == 1 and f"broken at event #{rows[0][0]}" in out


def test_a_backdated_receipt_is_named(trail, capsys) -> None:
    _sql(trail, "UPDATE request SET received_at = '2026-10-01 08:00:00' WHERE ref = '2026-001'")
    code, out = _verify(trail, capsys)
    assert code == 1
    assert "request 2026-001: its received at differ" in out
    assert "2026-002" not in out


def test_edited_pauses_and_extensions_are_named(trail, capsys) -> None:
    _sql(
        trail,
        "UPDATE pause SET answered_on = '2026-12-20'",
        "UPDATE request SET extended_on = NULL WHERE ref = '2026-002'",
    )
    code, out = _verify(trail, capsys)
    assert code == 1
    assert "request 2026-001: its pauses differ" in out
    assert "request 2026-002: its extension differ" in out


def test_a_request_added_outside_ekko_is_named(trail, capsys) -> None:
    _sql(
        trail,
        "INSERT INTO request (ref, year, seq, received_at, channel, types, requester_name, "
        "requester_contact, message, identity_status, identity_method, identity_evidence, "
        "status, outcome_note, created_at, intake_warning, types_suggested) VALUES ('2026-099', "
        "2026, 99, '2026-11-20 08:00:00', 'email', 'access', 'X', '', '', 'unchecked', '', '', "
        "'new', '', '2026-11-20 08:00:00', '', 0)",
    )
    code, out = _verify(trail, capsys)
    assert code == 1 and "request 2026-099 has no event" in out


def test_the_anchor_and_backup_metadata_hold_the_head(trail, tmp_path) -> None:
    from ekko_tui.store import backup

    open_db(trail)
    try:
        count, digest = audit.head()
        assert audit.read_anchor(trail) == (count, digest)
        copy = backup.backup_to(tmp_path / "b.db")
    finally:
        close_db()
    meta = backup.read_meta(copy)
    assert (meta["events"], meta["head"]) == (count, digest)
    assert "Åse" not in backup.meta_path(copy).read_text()


def test_the_seal_key_is_not_in_the_database(trail) -> None:
    open_db(trail)
    try:
        seal = audit.seal_key()
    finally:
        close_db()
    con = raw_connect(trail)
    values = [str(v) for (v,) in con.execute("SELECT value FROM setting")]
    con.close()
    assert seal and seal not in values
    assert keys.find_seal(trail) == seal


def test_an_older_unkeyed_chain_is_sealed_once_and_a_prior_break_stays_reported(
    db_path, now, capsys
) -> None:
    open_db(db_path, upto="0006")
    con = raw_connect(db_path)
    con.execute(
        "INSERT INTO request (ref, year, seq, received_at, channel, types, requester_name, "
        "requester_contact, message, identity_status, identity_method, identity_evidence, "
        "status, outcome_note, created_at) VALUES ('2026-001', 2026, 1, '2026-11-20 08:00:00',"
        " 'email', 'access', 'Åse', '', '', 'unchecked', '', '', 'new', '', '2026-11-20 08:00:00')"
    )
    prev = ""
    for kind in ("created", "types", "note"):
        digest = audit.legacy_hash(prev, "2026-11-20 08:00:00", "lars", kind, "x", "2026-001")
        con.execute(
            "INSERT INTO event (request_id, at, actor, kind, detail, request_ref, prev_hash, "
            "hash) VALUES (1, '2026-11-20 08:00:00', 'lars', ?, 'x', '2026-001', ?, ?)",
            (kind, prev, digest),
        )
        prev = digest
    con.execute("UPDATE event SET detail = 'edited' WHERE kind = 'types'")  # an old forgery
    con.commit()
    con.close()
    close_db()
    code, out = _verify(db_path, capsys)
    assert code == 1 and "already broken at event #2 before it was sealed" in out
    open_db(db_path)
    try:
        assert audit.verify_chain().ok  # re-sealed: only the recorded prior break remains
        assert all(e.hash for e in Event.select())
    finally:
        close_db()
