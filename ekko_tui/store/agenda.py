"""Read side of the deadlines agenda: requests as `RequestSummary`s (the one list projection,
domain.request_list), in three queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import cast

import peewee as pw

from ekko_tui.domain import agenda as ag
from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.request_list import RequestSummary, summarise
from ekko_tui.domain.requests import OPEN_STATUSES
from ekko_tui.store.db import StoreError
from ekko_tui.store.models import Event, Pause, Request, Setting
from ekko_tui.store.queries import pause_periods, stored_rows
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.times import from_db

_FIELDS = (
    Request.id,
    Request.channel,
    Request.identity_status,
    Request.ref,
    Request.received_at,
    Request.types,
    Request.requester_name,
    Request.requester_contact,
    Request.status,
    Request.extended_on,
    Request.closed_at,
)


def _scope(closed_since: date | None) -> pw.Expression:
    """Open requests, plus those closed on or after `closed_since` (Oslo day, as naive UTC)."""
    where = Request.status.in_(OPEN_STATUSES)
    if closed_since is not None:
        start = datetime.combine(closed_since, time(0), tzinfo=dl.OSLO).astimezone(UTC)
        where = where | (Request.closed_at >= start.replace(tzinfo=None))
    return where


def request_deadlines(
    today: date, *, closed_since: date | None = None, with_revisions: bool = False
) -> list[RequestSummary]:
    """Open requests (and recently closed ones) with their deadlines as of `today`.

    Two queries, three `with_revisions` (the number of timeline events, which the calendar
    export uses as a revision counter so that calendar programs take the newer copy).
    """
    where = _scope(closed_since)
    requests = stored_rows(Request.select(*_FIELDS).where(where))
    pauses = pause_periods(
        Pause.select(Pause.request, Pause.asked_on, Pause.answered_on).join(Request).where(where)
    )
    revisions: dict[int, int] = {}
    if with_revisions:
        count_query = (
            Event.select(Event.request, pw.fn.COUNT(Event.id))
            .join(Request)
            .where(where)
            .group_by(Event.request)
        )
        for counted in count_query.tuples():
            counted_id, count = cast(tuple[int, int], counted)
            revisions[counted_id] = count
    out: list[RequestSummary] = []
    for req in requests:
        closed_on = dl.oslo_date(from_db(req.closed_at)) if req.closed_at is not None else None
        out.append(
            summarise(
                id=req.id,
                ref=req.ref,
                received_at=from_db(req.received_at),
                channel=req.channel,
                types=tuple(t for t in req.types.split(",") if t),
                requester_name=req.requester_name,
                requester_contact=req.requester_contact,
                status=req.status,
                identity_status=req.identity_status,
                pauses=pauses.get(req.id, ()),
                extended=req.extended_on is not None,
                today=today,
                closed_on=closed_on,
                events=revisions.get(req.id, 0),
            )
        )
    out.sort(key=lambda r: (r.deadline.effective, r.ref))
    return out


def agenda(today: date, now: datetime | None = None) -> ag.Agenda:
    """Today's agenda: the open requests, and the processor register's reviews and DPAs due;
    given `now`, also the breaches whose 72-hour clock runs."""
    from ekko_tui.store.breaches import breaches_due
    from ekko_tui.store.registers import processors

    entries = [
        ag.ProcessorDue(p.id, p.name, p.next_review, tuple((w.kind, w.message) for w in p.warnings))
        for p in processors(today)
    ]
    due = breaches_due() if now is not None else []
    full = ag.full_agenda(request_deadlines(today), entries, today, breaches=due, now=now)
    return _with_request_retention(
        _with_kept_check(_with_notice_reminder(full, today), today), today
    )


def _with_request_retention(full: ag.Agenda, today: date) -> ag.Agenda:
    """Add the closed requests kept past their retention end (foreldelsesloven § 2)."""
    from ekko_tui.domain.request_retention import request_items, with_requests
    from ekko_tui.store.request_retention import closed_with_personal_data

    return with_requests(full, request_items(closed_with_personal_data(), today))


def _with_kept_check(full: ag.Agenda, today: date) -> ag.Agenda:
    """Add the records kept after an erasure whose keep-until date has passed (issue 13)."""
    from ekko_tui.domain.kept_agenda import kept_items, with_kept
    from ekko_tui.store.erasure_records import kept_due

    return with_kept(full, kept_items(kept_due(), today))


def _with_notice_reminder(full: ag.Agenda, today: date) -> ag.Agenda:
    """Add the reminder that the registers changed after the last published privacy notice."""
    from ekko_tui.domain.notice_agenda import notice_items, with_notice
    from ekko_tui.store.notices import notice_status

    try:
        status = notice_status(today)
    except StoreError:  # a broken data/notice.toml: `ekko notice` reports it; keep the agenda
        return full
    last = status.last.made_on if status.last is not None else None
    return with_notice(full, notice_items(last, status.outdated, status.complete, today))


EXPORT_PATH_KEY = "calendar.export_path"


def last_export_path() -> str | None:
    """The .ics file the deadlines were last exported to, if any."""
    row = Setting.get_or_none(Setting.key == EXPORT_PATH_KEY)
    return row.value if row is not None else None


def record_calendar_export(path: str, detail: str, *, now: datetime, actor: str) -> None:
    """Remember the export file (the next export offers it) and log the export."""
    with write():
        Setting.insert(key=EXPORT_PATH_KEY, value=path).on_conflict_replace().execute()
        log_event(None, "calendar_export", detail, now=now, actor=actor)
