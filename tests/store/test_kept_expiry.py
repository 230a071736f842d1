"""Records kept after an erasure (bokføringsloven § 13) come back on the agenda when their
keep-until date has passed, and are erased then (store, CLI)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from ekko_tui.__main__ import main
from ekko_tui.store import erasure
from ekko_tui.store.agenda import agenda
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Event, RetainedRecord
from ekko_tui.store.register_seed import seed_registers
from ekko_tui.store.subject_models import Identifier
from tests.conftest import OSLO
from tests.store.test_subjects import run_import


def _erase_bjorn(now) -> None:
    seed_registers(now, "t")
    run_import("stripe", "stripe_unified_customers.csv", now)
    run_import("fiken", "fiken_kunder.csv", now)
    sid = Identifier.get(Identifier.value == "bjorn.haland@example.no").subject_id
    erasure.erase_subject(sid, reason=erasure.REASON_REQUEST, now=now, actor="t")


def _kept(day: date) -> list[str]:
    return [i.title for i in agenda(day).group("kept").items]


def test_agenda_lists_kept_records_only_after_their_keep_until(db, now) -> None:
    _erase_bjorn(now)
    until = {r.kept_until for r in RetainedRecord.select()}
    assert until == {date(2031, 12, 31)}
    assert _kept(date(2031, 12, 31)) == []  # the last day itself: still kept
    items = agenda(date(2032, 1, 2)).group("kept").items
    assert sorted(i.kind for i in items) == ["fiken", "stripe"]
    assert {i.date for i in items} == {date(2031, 12, 31)} and {i.late_days for i in items} == {2}
    later = datetime(2032, 1, 2, 9, 0, tzinfo=OSLO).astimezone(UTC)
    assert erasure.erase_expired_kept(date(2031, 12, 31), now=later, actor="t") == 0
    assert RetainedRecord.select().count() == 2
    assert erasure.erase_expired_kept(date(2032, 1, 2), now=later, actor="t") == 2
    assert RetainedRecord.select().count() == 0 and _kept(date(2032, 1, 2)) == []
    assert Event.select().where(Event.kind == "kept_erased").count() == 1


def test_cli_agenda_and_erase_expired(db_path, now, monkeypatch, capsys) -> None:
    open_db(db_path)
    try:
        _erase_bjorn(now)
    finally:
        close_db()
    ekko = ["--db", str(db_path)]
    assert main([*ekko, "agenda", "--json"]) == 0
    groups = {g["key"]: g for g in json.loads(capsys.readouterr().out)["groups"]}
    assert groups["kept"]["items"] == []
    monkeypatch.setenv("EKKO_NOW", "2032-01-04T09:00:00+01:00")
    assert main([*ekko, "agenda", "--json"]) == 0
    items = {g["key"]: g for g in json.loads(capsys.readouterr().out)["groups"]}["kept"]["items"]
    assert sorted(i["kind"] for i in items) == ["fiken", "stripe"]
    assert {i["date"] for i in items} == {"2031-12-31"} and {i["source"] for i in items} == {"kept"}
    assert main([*ekko, "agenda"]) == 0
    assert "Kept documents to erase (2)" in capsys.readouterr().out
    assert main([*ekko, "erase", "--expired", "#1"]) == 2  # no subject with --expired
    capsys.readouterr()
    assert main([*ekko, "erase", "--expired"]) == 0
    assert capsys.readouterr().out.startswith("2 kept record(s)")
    assert main([*ekko, "erase", "--expired"]) == 0
    assert capsys.readouterr().out.startswith("No kept record")
    assert main([*ekko, "agenda", "--json"]) == 0
    groups = {g["key"]: g for g in json.loads(capsys.readouterr().out)["groups"]}
    assert groups["kept"]["items"] == []


@pytest.mark.parametrize("day", [date(2020, 1, 1), date(2031, 12, 31)])
def test_nothing_expires_early(db, now, day) -> None:
    _erase_bjorn(now)
    later = datetime(2032, 1, 2, 9, 0, tzinfo=OSLO).astimezone(UTC)
    assert erasure.erase_expired_kept(day, now=later, actor="t") == 0
    assert RetainedRecord.select().count() == 2
