"""Breaches in the agenda (`ekko agenda`), the start-up summary and the .ics export."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from ekko_tui.domain import agenda as ag
from ekko_tui.exports.calendar_ics import breach_uid
from ekko_tui.services.calendar import export_calendar
from ekko_tui.store import breaches as store
from ekko_tui.store.agenda import agenda


def add(now: datetime, aware: str, summary: str = "Laptop lost") -> str:
    new, _ = store.new_breach(aware=aware, summary=summary, now=now)
    return store.create_breach(new, now=now, actor="t")


def test_agenda_lists_running_breaches_first_by_hours_left(db, now) -> None:
    later = add(now, "2026-11-25 09:00")  # 71 h left
    soon = add(now, "2026-11-22 20:00")  # 10 h left: red
    done = add(now, "2026-11-24 08:00")
    store.record_notified(done, now - timedelta(hours=1), "AR1", now=now, actor="t")
    today = agenda(now.date(), now)
    group = today.groups[0]
    assert group.key == "breaches"
    assert [i.ref for i in group.items] == [soon, later]
    first, second = group.items
    assert (first.hours_left, first.attention) == (10.0, True)
    assert (second.hours_left, second.attention) == (71.0, False)
    assert ag.left_label(first) == "10 h" and ag.left_label(second) == "71 h"
    assert ag.summary(today).startswith(f"2 breach notice(s) due ({soon}: 10 h left +1)")
    # without `now` (old callers) no breach is listed
    assert agenda(now.date()).group("breaches").items == ()


def test_overdue_breach_label(db, now) -> None:
    ref = add(now, "2026-11-21 09:00")  # 72 h ended 24 Nov 09:00: 25 h late
    (item,) = agenda(now.date(), now).group("breaches").items
    assert item.ref == ref and ag.left_label(item) == "25 h late"
    assert ag.hours_label(0.5) == "30 min"


def test_ics_event_at_notify_by_with_24_and_4_hour_alarms(db, now, tmp_path: Path) -> None:
    ref = add(now, "2026-11-24 10:00", summary="Åse's list <b>")
    out = tmp_path / "cal.ics"
    result = export_calendar(str(out), today=now.date(), now=now)
    assert result.breaches == 1
    cal = Calendar.from_ical(out.read_bytes())
    (event,) = [e for e in cal.walk("VEVENT") if str(e["UID"]) == breach_uid(ref)]
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # 10:00 Oslo + 72 h
    assert str(event["STATUS"]) == "CONFIRMED"
    triggers = sorted(a.decoded("TRIGGER") for a in event.walk("VALARM"))
    assert triggers == [start - timedelta(hours=24), start - timedelta(hours=4)]
    assert "Åse" not in out.read_text(encoding="utf-8")  # no user text in the calendar
    seq = int(event["SEQUENCE"])
    store.decide(ref, "notify", "", now=now, actor="t")
    store.record_notified(ref, now, "AR1", now=now, actor="t")
    export_calendar(str(out), today=now.date(), now=now)
    cal = Calendar.from_ical(out.read_bytes())
    (event,) = [e for e in cal.walk("VEVENT") if str(e["UID"]) == breach_uid(ref)]
    assert str(event["STATUS"]) == "CANCELLED" and int(event["SEQUENCE"]) > seq
    assert list(event.walk("VALARM")) == []
