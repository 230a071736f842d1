"""The breach register in the store: records, rules, and every change in the audit chain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ekko_tui.domain.deadlines import OSLO
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store import audit
from ekko_tui.store import breaches as store
from ekko_tui.store.breach_models import Breach, BreachFiling, BreachSubject
from ekko_tui.store.models import Event
from ekko_tui.store.subject_models import Subject
from ekko_tui.store.times import to_db


def oslo(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO).astimezone(UTC)


def add(now: datetime, aware: str = "2026-11-24 10:00", summary: str = "Laptop lost") -> str:
    new, _ = store.new_breach(aware=aware, summary=summary, now=now, types="confidentiality")
    return store.create_breach(new, now=now, actor="lars")


def snapshot() -> tuple[list[tuple], int]:
    return list(Breach.select().tuples()), Event.select().count()


def subject(now: datetime, name: str) -> int:
    return Subject.create(name=name, created_at=to_db(now), updated_at=to_db(now)).id


def test_create_numbers_per_year_and_chains_events(db, now) -> None:
    a = add(now)
    b = add(now, "2026-11-25 08:00")
    c = add(now, "2025-12-31 23:30")
    assert (a, b, c) == ("B-2026-01", "B-2026-02", "B-2025-01")
    row = Breach.get(Breach.ref == a)
    assert row.aware_at == datetime(2026, 11, 24, 9, 0)  # naive UTC
    assert row.types == "confidentiality"
    events = list(Event.select().where(Event.kind == "breach"))
    assert len(events) == 3
    assert all(e.request_id is None for e in events)
    assert "Laptop" not in " ".join(e.detail for e in events)  # no user text in the trail
    assert audit.verify_chain().ok


def test_bad_input_stores_nothing(db, now) -> None:
    before = snapshot()
    for kwargs in (
        {"aware": "2026-11-26 10:00"},  # future
        {"aware": "2026-03-29 02:30"},  # spring gap
        {"aware": "2026-02-30 10:00"},  # no such day
        {"summary": "  "},
    ):
        args = {"aware": "2026-11-24 10:00", "summary": "x", **kwargs}
        with pytest.raises(ValidationError):
            store.new_breach(now=now, **args)
    with pytest.raises(ValidationError):
        store.new_breach(aware="2026-11-24 10:00", summary="x", now=now, source="rumour")
    assert snapshot() == before


def test_autumn_hour_defaults_to_first_with_a_note(db, now) -> None:
    new, note = store.new_breach(aware="2026-10-25 02:30", summary="x", now=now)
    assert new.aware_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert "CEST" in note


def test_rows_by_notify_by_with_hours_left(db, now) -> None:
    add(now, "2026-11-24 10:00")
    add(now, "2026-11-23 10:00")
    rows = store.breach_rows()
    assert [r.ref for r in rows] == ["B-2026-02", "B-2026-01"]
    assert rows[0].hours_left(now) == 24.0
    assert rows[1].hours_left(now) == 48.0
    assert rows[0].notify_by == oslo("2026-11-26 10:00")
    assert [d.ref for d in store.breaches_due()] == ["B-2026-02", "B-2026-01"]


def test_notified_before_awareness_or_in_future_is_refused(db, now) -> None:
    ref = add(now)
    before = snapshot()
    for at in (oslo("2026-11-24 09:59"), now + timedelta(hours=1)):
        with pytest.raises(ValidationError):
            store.record_notified(ref, at, "AR123", now=now, actor="lars")
    with pytest.raises(ValidationError):
        store.record_notified(ref, oslo("2026-11-24 12:00"), " ", now=now, actor="lars")
    assert snapshot() == before
    assert BreachFiling.select().count() == 0


def test_late_notification_needs_the_delay_reason(db, now) -> None:
    ref = add(now, "2026-11-20 09:00")
    at = oslo("2026-11-25 09:00")  # 5 days later
    with pytest.raises(ValidationError) as info:
        store.record_notified(ref, at, "AR1", now=now, actor="lars")
    assert info.value.field == "delay_reason"
    late = store.record_notified(
        ref, at, "AR1", delay_reason="The processor told us late", now=now, actor="lars"
    )
    assert late
    detail = store.breach_detail(ref)
    assert detail.row.status == "notified"
    assert detail.row.altinn_ref == "AR1"
    assert detail.fields["delay_reason"] == "The processor told us late"
    assert [(f.kind, f.reference) for f in detail.filings] == [("notice", "AR1")]
    assert store.breaches_due() == []  # the clock stops with the notice
    with pytest.raises(ValidationError):  # only once; later information is a follow-up
        store.record_notified(ref, at, "AR2", delay_reason="x", now=now, actor="lars")


def test_follow_up_in_phases(db, now) -> None:
    ref = add(now)
    with pytest.raises(ValidationError):
        store.add_follow_up(ref, now, "AR1-2", "more", now=now, actor="lars")
    store.record_notified(ref, oslo("2026-11-24 12:00"), "AR1", now=now, actor="lars")
    with pytest.raises(ValidationError):  # before the notice
        store.add_follow_up(ref, oslo("2026-11-24 11:00"), "", "more", now=now, actor="lars")
    store.add_follow_up(ref, now, "AR1-2", "Number affected now known", now=now, actor="lars")
    kinds = [f.kind for f in store.breach_detail(ref).filings]
    assert kinds == ["notice", "follow_up"]


def test_not_notifying_needs_reason_and_no_risk(db, now) -> None:
    ref = add(now)
    with pytest.raises(ValidationError):
        store.decide(ref, "not_notify", "", now=now, actor="lars")
    store.assess(ref, "high", "Health data of 40 people", now=now, actor="lars")
    with pytest.raises(ValidationError):
        store.decide(ref, "not_notify", "seems fine", now=now, actor="lars")
    store.assess(ref, "none", "The laptop was encrypted and found", now=now, actor="lars")
    store.decide(ref, "not_notify", "Encrypted disk, recovered in an hour", now=now, actor="lars")
    detail = store.breach_detail(ref)
    assert detail.row.status == "not_notified"
    assert detail.row.hours_left(now) is None


def test_close_needs_the_law_answered(db, now) -> None:
    ref = add(now)
    with pytest.raises(ValidationError) as info:
        store.close_breach(ref, "Lock the laptop", now=now, actor="lars")
    assert "assess the risk" in info.value.message
    store.assess(ref, "high", "Names and health data", now=now, actor="lars")
    store.decide(ref, "notify", "", now=now, actor="lars")
    store.record_notified(ref, oslo("2026-11-24 15:00"), "AR9", now=now, actor="lars")
    store.update_details(ref, {"measures_taken": "Remote wipe"}, now=now, actor="lars")
    with pytest.raises(ValidationError) as info:
        store.close_breach(ref, "Lock the laptop", now=now, actor="lars")
    assert "Art. 34(3)" in info.value.message
    store.record_people_notice(ref, now, "email", "The 40 buyers", now=now, actor="lars")
    store.close_breach(ref, "Lock the laptop", now=now, actor="lars")
    assert store.breach_rows() == []
    assert store.breach_rows(include_closed=True)[0].status == "closed"
    with pytest.raises(ValidationError):
        store.update_details(ref, {"cause": "x"}, now=now, actor="lars")


def test_art34_exemption_needs_ground_and_justification(db, now) -> None:
    ref = add(now)
    with pytest.raises(ValidationError):
        store.record_art34_exemption(ref, "d", "x", now=now, actor="lars")
    with pytest.raises(ValidationError):
        store.record_art34_exemption(ref, "a", "", now=now, actor="lars")
    store.record_art34_exemption(ref, "a", "AES-256 disk encryption", now=now, actor="lars")
    assert store.breach_detail(ref).fields["art34_ground"] == "a"


def test_update_details_and_bad_values(db, now) -> None:
    ref = add(now)
    changed = store.update_details(
        ref,
        {
            "cause": "Left on a train",
            "people_count": "~40",
            "types": "availability confidentiality",
            "occurred_from": "2026-11-23 18:00",
            "occurred_to": "",
        },
        now=now,
        actor="lars",
    )
    assert set(changed) == {"cause", "people_count", "types", "occurred_from"}
    b = Breach.get(Breach.ref == ref)
    assert (b.people_count, b.types) == (40, "confidentiality,availability")
    for bad in (
        {"people_count": "forty"},
        {"occurred_from": "2026-12-01 10:00"},
        {"occurred_to": "2026-11-20 10:00"},  # ends before it began
        {"summary": ""},
        {"risk": "none"},  # not editable as a detail
    ):
        before = snapshot()
        with pytest.raises(ValidationError):
            store.update_details(ref, bad, now=now, actor="lars")
        assert snapshot() == before


def test_subjects_are_links_and_erasure_removes_them(db, now) -> None:
    ref = add(now)
    a, b = subject(now, "Åse Bjørnstad"), subject(now, "Kåre Ås")
    store.link_subject(ref, a, now=now, actor="lars")
    store.link_subject(ref, b, now=now, actor="lars")
    with pytest.raises(ValidationError):
        store.link_subject(ref, a, now=now, actor="lars")
    with pytest.raises(ValidationError):
        store.link_subject(ref, 999, now=now, actor="lars")
    detail = store.breach_detail(ref)
    assert [s.name for s in detail.subjects] == ["Kåre Ås", "Åse Bjørnstad"]
    assert detail.row.people == 2
    # the record keeps no copy: names are not in the breach row nor in the trail
    assert "Åse" not in repr(list(Breach.select().tuples()))
    assert "Åse" not in " ".join(e.detail for e in Event.select())
    Subject.delete().where(Subject.id == a).execute()
    assert BreachSubject.select().count() == 1
    store.unlink_subject(ref, b, now=now, actor="lars")
    assert store.breach_detail(ref).subjects == ()


def test_timeline_holds_every_change_and_tamper_is_seen(db, now) -> None:
    ref = add(now)
    store.assess(ref, "risk", "Names and e-mails", now=now, actor="lars")
    store.decide(ref, "notify", "", now=now, actor="lars")
    details = [t.detail for t in store.breach_detail(ref).timeline]
    assert details[0].startswith("logged; aware 2026-11-24T10:00+01:00")
    assert details[1:] == ["risk assessed: risk", "decision: notify"]
    Event.update(detail=f"{ref}: decision: not_notify").where(
        Event.detail == f"{ref}: decision: notify"
    ).execute()
    assert not audit.verify_chain().ok


def test_unknown_ref(db, now) -> None:
    with pytest.raises(ValidationError):
        store.breach_detail("B-2026-99")


def test_migration_on_an_existing_database(db_path, now) -> None:
    from ekko_tui.store.db import applied_migrations, close_db, open_db

    open_db(db_path, upto="0006_erasure")
    assert "0010_breaches" not in applied_migrations()
    close_db()
    open_db(db_path)
    try:
        assert "0010_breaches" in applied_migrations()
        assert add(now) == "B-2026-01"
    finally:
        close_db()


def test_demo_breaches(db, now) -> None:
    from ekko_tui.demo_breaches import seed_breaches

    running, closed = seed_breaches(now)
    rows = {r.ref: r for r in store.breach_rows(include_closed=True)}
    assert rows[running].hours_left(now) == 42.0
    assert rows[closed].status == "closed"
    assert audit.verify_chain().ok


def test_erasure_drops_the_archived_art34_letter(db, now) -> None:
    """The Art. 34 letter holds the person's name and address: it is archived inside the
    database, and erasing the person drops it (the row and checksum stay as evidence)."""
    from ekko_tui.letters import breach_files
    from ekko_tui.store import erasure
    from ekko_tui.store.breach_models import BreachLetter
    from ekko_tui.store.register_seed import seed_registers

    seed_registers(now, "t")
    ref = add(now)
    sid = subject(now, "Åse Bjørnstad")
    store.link_subject(ref, sid, now=now, actor="t")
    store.update_details(
        ref, {"consequences": "Spam.", "measures_taken": "Slettet."}, now=now, actor="t"
    )
    draft = breach_files.draft_letter(ref, sid, now.date(), address="Storgata 1\n1530 Moss")
    letter_id, copy = breach_files.archive_letter(draft, now=now, actor="t")
    assert copy is None  # no file unless asked
    pdf = store.letter_pdf(letter_id)
    assert pdf is not None and pdf.startswith(b"%PDF")
    erasure.erase_subject(sid, reason="Art. 17", now=now, actor="t")
    row = BreachLetter.get_by_id(letter_id)
    assert (store.letter_pdf(letter_id), row.subject_id, row.path) == (None, None, "")
    assert len(row.sha256) == 64  # the record that a notice was given stays
