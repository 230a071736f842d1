"""The agenda read side: RequestSummary rows in a fixed number of queries; the export setting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from playhouse.test_utils import count_queries

from ekko_tui.domain.requests import validate_new_request
from ekko_tui.store import agenda as store_agenda
from ekko_tui.store import notices
from ekko_tui.store import requests as store
from ekko_tui.store.models import Event


def add(received: str, name: str, now: datetime, *, contact: str = "") -> int:
    new = validate_new_request(
        received=received,
        channel="sms" if contact else "email",
        types="access",
        requester_name=name,
        requester_contact=contact,
        message="",
        now=now,
    )
    return store.create_request(new, now=now, actor="t").id


def test_request_deadlines_carry_pauses_status_and_revisions(db, now) -> None:
    today = date(2026, 11, 25)
    a = add("2026-10-20 09:00", "Åse", now)
    b = add("2026-11-02 09:00", "", now, contact="+47 912 34 567")
    store.start_pause(b, "identity", date(2026, 11, 4), "", now=now, actor="t")
    c = add("2026-10-21 09:00", "Kåre", now)
    store.close(c, "answered", "", now=now, actor="t")

    rows = store_agenda.request_deadlines(today)
    assert [r.ref for r in rows] == ["2026-001", "2026-002"]
    first, second = rows
    assert first.id == a and first.is_open and first.deadline.first == date(2026, 11, 20)
    assert first.requester == "Åse" and first.types == ("access",)
    assert second.waiting_since == date(2026, 11, 4)
    assert second.requester == "+47 912 34 567"  # no name: the contact stands in
    assert second.deadline.paused_now and second.deadline.paused_days == 21

    with_closed = store_agenda.request_deadlines(
        today, closed_since=today - timedelta(days=30), with_revisions=True
    )
    closed = next(r for r in with_closed if r.id == c)
    assert not closed.is_open and closed.closed_on == today and closed.status == "answered"
    assert closed.events == 2  # created, closed
    assert store_agenda.request_deadlines(today, closed_since=today + timedelta(days=1)) == rows


def test_agenda_query_count_does_not_grow_with_requests(db, now) -> None:
    for day in range(1, 21):
        rid = add(f"2026-10-{day:02d} 09:00", f"Person {day}", now)
        if day % 4 == 0:
            store.start_pause(rid, "clarification", date(2026, 10, day + 1), "", now=now, actor="t")
    with count_queries() as counter:
        notices.notice_status(date(2026, 11, 25))
    notice_queries = counter.count  # the privacy-notice reminder: a fixed number of queries
    with count_queries() as counter:
        agenda = store_agenda.agenda(date(2026, 11, 25))
    # requests, pauses, the processor register, the records kept after erasures (issue 13),
    # the closed requests past retention (issue 19)
    assert counter.count == 5 + notice_queries
    assert len(agenda.items()) >= 20
    with count_queries() as counter:
        store_agenda.request_deadlines(
            date(2026, 11, 25), closed_since=date(2025, 11, 25), with_revisions=True
        )
    assert counter.count == 3


def test_export_path_is_remembered_and_logged_without_personal_data(db, now) -> None:
    assert store_agenda.last_export_path() is None
    store_agenda.record_calendar_export("/tmp/a.ics", "Calendar exported: 1", now=now, actor="t")
    store_agenda.record_calendar_export("/tmp/b.ics", "Calendar exported: 2", now=now, actor="t")
    assert store_agenda.last_export_path() == "/tmp/b.ics"
    events = [(e.request_id, e.kind, e.detail) for e in Event.select().order_by(Event.id)]
    assert events == [
        (None, "calendar_export", "Calendar exported: 1"),
        (None, "calendar_export", "Calendar exported: 2"),
    ]
