"""Store round trips: every change is one transaction with a timeline event."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from ekko_tui.domain.deadlines import OSLO
from ekko_tui.domain.requests import ValidationError, validate_new_request
from ekko_tui.store import queries
from ekko_tui.store import requests as store
from ekko_tui.store.models import Event, Request


def _new(now: datetime, received: str = "2026-11-24 14:05", **kw: str):
    fields = dict(
        received=received,
        channel="email",
        types="access",
        requester_name="Ørjan Ødegård",
        requester_contact="orjan@example.no",
        message="Hva har dere om meg?",
    )
    fields.update(kw)
    return validate_new_request(now=now, **fields)


def kinds(rid: int) -> list[str]:
    return [e.kind for e in Event.select().where(Event.request == rid).order_by(Event.id)]


def test_create_numbers_per_year_and_logs(db, now: datetime) -> None:
    a = store.create_request(_new(now), now=now, actor="lars")
    b = store.create_request(_new(now, "2026-11-25 08:00"), now=now, actor="lars")
    c = store.create_request(_new(now, "2025-12-31 23:30"), now=now, actor="lars")
    assert (a.ref, b.ref, c.ref) == ("2026-001", "2026-002", "2025-001")
    assert kinds(a.id) == ["created"]
    stored = Request.get_by_id(a.id)
    assert stored.received_at == datetime(2026, 11, 24, 13, 5)  # UTC, naive
    assert stored.requester_name == "Ørjan Ødegård"


def test_receipt_converted_to_oslo_date_for_the_deadline(db, now: datetime) -> None:
    # 23:30 Oslo on 31 Dec 2025 is still 31 Dec: deadline Mon 2 Feb 2026 (legal-rules.md).
    req = store.create_request(_new(now, "2025-12-31 23:30"), now=now, actor="t")
    detail = queries.request_detail(req.id, date(2026, 1, 5))
    assert detail is not None
    assert detail.row.deadline.first == date(2026, 2, 2)


def test_full_lifecycle_events_and_deadlines(db, now: datetime) -> None:
    # Received Tue 24 Nov 2026: deadline Thu 24 Dec 2026 (Christmas Eve is a working day).
    rid = store.create_request(_new(now), now=now, actor="t").id
    today = now.astimezone(OSLO).date()
    assert queries.request_detail(rid, today).row.deadline.effective == date(2026, 12, 24)

    store.set_types(rid, ("access", "erasure"), now=now, actor="t")
    store.record_identity(
        rid, "not_needed", "e-mail matches Kajabi member since 2021", "", now=now, actor="t"
    )
    assert Request.get_by_id(rid).status == "in_progress"

    warning = store.start_pause(rid, "clarification", today, "Which courses?", now=now, actor="t")
    assert warning is None
    assert Request.get_by_id(rid).status == "waiting"
    later = now + timedelta(days=5)
    days = store.end_pause(rid, date(2026, 11, 30), now=later, actor="t")
    assert days == 5
    detail = queries.request_detail(rid, date(2026, 11, 30))
    assert detail.row.deadline.paused_days == 5
    assert detail.row.deadline.first == date(2026, 12, 29)  # 24 Dec + 5 = 29 Dec (Tue)
    assert detail.row.status == "in_progress"

    new_deadline = store.extend(
        rid, "complexity", "Data in five systems.", date(2026, 11, 30), now=later, actor="t"
    )
    # Unrolled 24 Dec + 2 months = 24 Feb 2027, + 5 paused days = Mon 1 Mar 2027.
    assert new_deadline == date(2027, 3, 1)
    store.close(rid, "answered", "Letter sent.", now=later, actor="t")
    assert Request.get_by_id(rid).closed_at is not None
    store.reopen(rid, now=later, actor="t")
    assert Request.get_by_id(rid).status == "in_progress"
    assert kinds(rid) == [
        "created",
        "types",
        "identity",
        "paused",
        "resumed",
        "extended",
        "closed",
        "reopened",
    ]


def test_extension_refused_after_first_deadline_and_twice(db, now: datetime) -> None:
    rid = store.create_request(_new(now, "2026-10-01 09:00"), now=now, actor="t").id
    # First deadline Mon 2 Nov 2026 has passed by 25 Nov.
    with pytest.raises(ValidationError, match="has passed"):
        store.extend(rid, "complexity", "Many systems", date(2026, 11, 25), now=now, actor="t")
    assert Request.get_by_id(rid).extended_on is None
    rid2 = store.create_request(_new(now), now=now, actor="t").id
    store.extend(rid2, "complexity", "Many systems", date(2026, 11, 25), now=now, actor="t")
    with pytest.raises(ValidationError, match="already been extended"):
        store.extend(rid2, "complexity", "Again", date(2026, 11, 25), now=now, actor="t")
    with pytest.raises(ValidationError, match="concrete reasons"):
        store.extend(rid, "complexity", "   ", date(2026, 10, 20), now=now, actor="t")
    assert kinds(rid) == ["created"]


def test_pause_rules(db, now: datetime) -> None:
    rid = store.create_request(_new(now, "2026-11-16 09:00"), now=now, actor="t").id
    # Asked Mon 23 Nov, 5 working days after Mon 16 Nov: warned, still recorded.
    warning = store.start_pause(rid, "identity", date(2026, 11, 23), "", now=now, actor="t")
    assert warning and "working days" in warning
    with pytest.raises(ValidationError, match="already waiting"):
        store.start_pause(rid, "identity", date(2026, 11, 24), "", now=now, actor="t")
    with pytest.raises(ValidationError, match="before the question"):
        store.end_pause(rid, date(2026, 11, 20), now=now, actor="t")
    with pytest.raises(ValidationError, match="future"):
        store.end_pause(rid, date(2026, 12, 20), now=now, actor="t")
    rid2 = store.create_request(_new(now, "2026-11-20 09:00"), now=now, actor="t").id
    with pytest.raises(ValidationError, match="before the request was received"):
        store.start_pause(rid2, "identity", date(2026, 11, 19), "", now=now, actor="t")
    with pytest.raises(ValidationError, match="not waiting"):
        store.end_pause(rid2, date(2026, 11, 24), now=now, actor="t")


def test_refusal_needs_reasons_and_closed_requests_are_locked(db, now: datetime) -> None:
    rid = store.create_request(_new(now), now=now, actor="t").id
    with pytest.raises(ValidationError, match="reasons"):
        store.close(rid, "refused", "", now=now, actor="t")
    assert Request.get_by_id(rid).status == "new"
    store.close(rid, "withdrawn", "", now=now, actor="t")
    with pytest.raises(ValidationError, match="reopen it"):
        store.start_pause(rid, "identity", date(2026, 11, 25), "", now=now, actor="t")
    with pytest.raises(ValidationError, match="already open"):
        store.reopen(store.create_request(_new(now), now=now, actor="t").id, now=now, actor="t")


def test_update_logs_field_names_not_values(db, now: datetime) -> None:
    rid = store.create_request(_new(now), now=now, actor="t").id
    store.update_request(rid, _new(now, requester_name="Åse Berg"), now=now, actor="t")
    event = Event.select().where(Event.request == rid, Event.kind == "edited").get()
    assert event.detail == "Changed: requester name"
    assert "Åse" not in event.detail
    store.update_request(rid, _new(now, requester_name="Åse Berg"), now=now, actor="t")
    assert kinds(rid) == ["created", "edited"]


def test_inbox_rows_sorted_filtered_and_constant_query_count(db, now: datetime) -> None:
    from playhouse.test_utils import count_queries

    today = now.astimezone(OSLO).date()
    ids = []
    for day in ("2026-10-20 10:00", "2026-11-24 10:00", "2026-11-02 10:00"):
        ids.append(store.create_request(_new(now, day), now=now, actor="t").id)
    store.start_pause(ids[1], "identity", today, "", now=now, actor="t")
    store.close(ids[2], "answered", "", now=now, actor="t")
    rows = queries.request_rows(today)
    assert [r.ref for r in rows] == ["2026-001", "2026-002"]
    assert rows[0].overdue and rows[0].working_days_left < 0
    assert [r.ref for r in queries.request_rows(today, "overdue")] == ["2026-001"]
    assert [r.ref for r in queries.request_rows(today, "waiting")] == ["2026-002"]
    assert len(queries.request_rows(today, "all")) == 3

    with count_queries() as few:
        queries.request_rows(today)
    for i in range(30):
        store.create_request(_new(now, f"2026-11-{(i % 20) + 1:02d} 10:00"), now=now, actor="t")
    with count_queries() as many:
        queries.request_rows(today)
    assert many.count == few.count <= 2


def test_a_friday_deadline_is_overdue_on_the_weekend(db, now) -> None:
    from ekko_tui.ui.format import days_left_label

    rid = store.create_request(_new(now, "2026-10-20 10:00"), now=now, actor="t").id
    saturday = date(2026, 11, 21)  # deadline Fri 20 Nov 2026
    row = queries.request_detail(rid, saturday).row
    assert row.deadline.effective == date(2026, 11, 20)
    assert row.working_days_left == 0
    assert row.overdue and days_left_label(row) == "late"
    assert [r.ref for r in queries.request_rows(saturday, "overdue")] == [row.ref]
    friday = queries.request_detail(rid, date(2026, 11, 20)).row
    assert not friday.overdue and days_left_label(friday) == "today"


def test_correcting_the_receipt_time_cannot_make_a_pause_or_extension_unlawful(db, now) -> None:
    rid = store.create_request(_new(now, "2026-11-20 09:00"), now=now, actor="t").id
    store.start_pause(rid, "identity", date(2026, 11, 23), "", now=now, actor="t")
    with pytest.raises(ValidationError, match="asked on 2026-11-23, before that receipt time"):
        store.update_request(rid, _new(now, "2026-11-24 09:00"), now=now, actor="t")
    assert Request.get_by_id(rid).received_at == datetime(2026, 11, 20, 8, 0)
    rid2 = store.create_request(_new(now, "2026-11-24 09:00"), now=now, actor="t").id
    store.extend(rid2, "complexity", "Mange systemer", date(2026, 11, 25), now=now, actor="t")
    with pytest.raises(ValidationError, match="would come after the first deadline"):
        store.update_request(rid2, _new(now, "2026-10-01 09:00"), now=now, actor="t")
    store.update_request(rid2, _new(now, "2026-11-23 09:00"), now=now, actor="t")  # still fine
