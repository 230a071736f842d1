"""The agenda groups and their words, with a fixed `today` across weekends, Easter and Christmas."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from ekko_tui.domain import agenda as ag
from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.request_list import RequestSummary, summarise


def req(
    ref: str,
    received: date,
    *,
    today: date,
    status: str = "in_progress",
    pauses: tuple[dl.PausePeriod, ...] = (),
    extended: bool = False,
    requester: str = "Åse Bjørnstad",
    types: tuple[str, ...] = ("access",),
) -> RequestSummary:
    return summarise(
        id=int(ref[-3:]),
        ref=ref,
        received_at=datetime.combine(received, time(10), tzinfo=UTC),  # that day in Oslo too
        requester_name=requester,
        types=types,
        status=status,
        pauses=pauses,
        extended=extended,
        today=today,
    )


def groups_of(agenda: ag.Agenda) -> dict[str, list[str]]:
    return {g.key: [i.ref for i in g.items] for g in agenda.groups}


WED = date(2026, 11, 25)  # the tests' NOW


def test_every_group_on_a_wednesday() -> None:
    requests = [
        req("2026-001", date(2026, 10, 20), today=WED),  # Fri 20 Nov: overdue
        req("2026-002", date(2026, 10, 25), today=WED),  # Sun receipt → Wed 25 Nov: today
        req("2026-003", date(2026, 10, 30), today=WED),  # Mon 30 Nov: 3 wd
        req("2026-004", date(2026, 11, 20), today=WED),  # 20 Dec Sun → Mon 21 Dec: later
        req(
            "2026-005",
            date(2026, 11, 2),
            today=WED,
            status="waiting",
            pauses=(dl.PausePeriod(date(2026, 11, 4), None),),
        ),
        req("2026-006", date(2026, 10, 28), today=WED, extended=True),  # extended: later
        req("2026-007", date(2026, 10, 21), today=WED, status="answered"),  # closed: nowhere
    ]
    agenda = ag.request_agenda(requests, WED)
    assert groups_of(agenda) == {
        "overdue": ["2026-001"],
        "today": ["2026-002"],
        "soon": ["2026-003"],
        "later": ["2026-004", "2026-006"],
        "waiting": ["2026-005"],
        "extension": ["2026-002", "2026-003"],
    }
    overdue = agenda.group("overdue").items[0]
    assert (overdue.date, overdue.working_days_left, ag.left_label(overdue)) == (
        date(2026, 11, 20),
        -3,
        "3 wd late",
    )
    assert ag.left_label(agenda.group("today").items[0]) == "today"
    soon = agenda.group("soon").items[0]
    assert (ag.left_label(soon), soon.title, soon.kind, soon.status) == (
        "3 wd",
        "Åse Bjørnstad",
        "access",
        "In progress",
    )
    later = agenda.group("later").items[0]
    assert later.detail == "20 Nov → 20 Dec; 20 Dec Sun → 21 Dec"
    assert later.explanation.startswith("Received Fri 20 Nov 2026 (Europe/Oslo); One month")
    extended = agenda.group("later").items[1]
    assert extended.date == date(2027, 1, 28)
    assert extended.detail == "28 Oct → 28 Nov; +2 months → 28 Jan"


def test_waiting_shows_since_days_and_a_hint_after_14_days() -> None:
    long_wait = req(
        "2026-001",
        date(2026, 11, 2),
        today=WED,
        status="waiting",
        pauses=(dl.PausePeriod(date(2026, 11, 4), None),),
    )
    short_wait = req(
        "2026-002",
        date(2026, 11, 2),
        today=WED,
        status="waiting",
        pauses=(dl.PausePeriod(date(2026, 11, 11), None),),  # exactly 14 days: no hint yet
    )
    items = ag.request_agenda([long_wait, short_wait], WED).group("waiting").items
    first, second = items
    assert first.ref == "2026-001"
    assert first.detail.startswith("asked Wed 4 Nov 2026, clock stopped 21 days; no answer")
    assert "send a reminder" in first.detail and first.attention
    assert second.detail == "asked Wed 11 Nov 2026, clock stopped 14 days"
    assert not second.attention
    # The deadline shown moves with the pause: 2 Dec + 21 days paused so far.
    assert first.date == date(2026, 12, 23)
    assert ag.left_label(first) == "paused"
    summary = ag.summary(ag.request_agenda([long_wait, short_wait], WED))
    assert summary == "1 waiting over 14 days (2026-001)"


def test_extension_decision_says_the_notice_date_and_the_would_be_deadline() -> None:
    item = ag.request_agenda([req("2026-003", date(2026, 10, 30), today=WED)], WED)
    (notice,) = item.group("extension").items
    assert notice.date == date(2026, 11, 30)
    assert notice.detail == (
        "notice with reasons by Mon 30 Nov 2026; extended deadline would be Mon 1 Feb 2027"
    )


@pytest.mark.parametrize(
    ("received", "today", "group", "left", "why"),
    [
        # A weekend: Saturday looks at Friday's deadline (late, though no working day passed).
        (date(2026, 10, 27), date(2026, 11, 28), "overdue", "1 day late", "27 Oct → 27 Nov"),
        # … and at Monday's: one working day left.
        (
            date(2026, 10, 30),
            date(2026, 11, 28),
            "soon",
            "1 wd",
            "30 Oct → 30 Nov",
        ),
        # Friday: the 5th working day ahead is still "soon", the 6th is "later".
        (date(2026, 11, 4), date(2026, 11, 27), "soon", "5 wd", "4 Nov → 4 Dec"),
        (date(2026, 11, 7), date(2026, 11, 27), "later", "6 wd", "7 Nov → 7 Dec"),
        # Easter 2027: 25 Mar is Maundy Thursday; the deadline rolls to Tuesday 30 Mar.
        (
            date(2027, 2, 25),
            date(2027, 3, 22),
            "soon",
            "3 wd",
            "25 Feb → 25 Mar; 25 Mar Skjærtorsdag → 30 Mar",
        ),
        # Seen on Maundy Thursday itself: Good Friday, the weekend and Easter Monday don't count.
        (
            date(2027, 2, 25),
            date(2027, 3, 25),
            "soon",
            "1 wd",
            "25 Feb → 25 Mar; 25 Mar Skjærtorsdag → 30 Mar",
        ),
        # After Easter, late by one working day (Wed 31 Mar).
        (
            date(2027, 2, 25),
            date(2027, 3, 31),
            "overdue",
            "1 wd late",
            "25 Feb → 25 Mar; 25 Mar Skjærtorsdag → 30 Mar",
        ),
        # Christmas 2026: Christmas Eve is a working day and a deadline.
        (date(2026, 11, 24), date(2026, 12, 18), "soon", "4 wd", "24 Nov → 24 Dec"),
        (date(2026, 11, 24), date(2026, 12, 24), "today", "today", "24 Nov → 24 Dec"),
        # 25 Dec rolls over both Christmas days and the weekend to Monday 28 Dec.
        (
            date(2026, 11, 25),
            date(2026, 12, 24),
            "soon",
            "1 wd",
            "25 Nov → 25 Dec; 25 Dec 1. juledag → 28 Dec",
        ),
        (
            date(2026, 11, 25),
            date(2026, 12, 26),
            "soon",
            "1 wd",
            "25 Nov → 25 Dec; 25 Dec 1. juledag → 28 Dec",
        ),
    ],
)
def test_grouping_across_weekends_easter_and_christmas(
    received: date, today: date, group: str, left: str, why: str
) -> None:
    agenda = ag.request_agenda([req("2026-001", received, today=today)], today)
    item = next(i for i in agenda.items() if i.group != "extension")
    assert (item.group, ag.left_label(item), item.detail) == (group, left, why)


def test_easter_extension_decision_and_alarm_free_words() -> None:
    today = date(2027, 3, 22)
    agenda = ag.request_agenda([req("2027-001", date(2027, 2, 25), today=today)], today)
    (notice,) = agenda.group("extension").items
    assert notice.detail == (
        "notice with reasons by Tue 30 Mar 2027; extended deadline would be Tue 25 May 2027"
    )
    assert notice.explanation == (
        "Received Thu 25 Feb 2027 (Europe/Oslo); One month: 25 Feb → 25 Mar; "
        "Thu 25 Mar is Skjærtorsdag → Tue 30 Mar; "  # the agenda names holidays in bokmål
        "First deadline: Tue 30 Mar 2027, end of day (Europe/Oslo)"
    )


def test_no_extension_decision_when_extended_waiting_or_too_late() -> None:
    requests = [
        req("2026-001", date(2026, 10, 30), today=WED, extended=True),
        req(
            "2026-002",
            date(2026, 10, 30),
            today=WED,
            status="waiting",
            pauses=(dl.PausePeriod(date(2026, 11, 2), None),),
        ),
        req("2026-003", date(2026, 10, 20), today=WED),  # first deadline passed
        req("2026-004", date(2026, 11, 2), today=WED),  # 2 Dec: 5 wd away, due
        req("2026-005", date(2026, 11, 3), today=WED),  # 3 Dec: 6 wd away, not yet
    ]
    agenda = ag.request_agenda(requests, WED)
    assert [i.ref for i in agenda.group("extension").items] == ["2026-004"]


def test_summary_of_the_week() -> None:
    requests = [
        req("2026-001", date(2026, 10, 20), today=WED),
        req("2026-002", date(2026, 10, 25), today=WED),
        req("2026-003", date(2026, 10, 30), today=WED),
        req("2026-004", date(2026, 11, 20), today=WED),
    ]
    assert ag.summary(ag.request_agenda(requests, WED)) == (
        "1 overdue (2026-001); 1 due today (2026-002); "
        "1 due within 5 working days (2026-003); "
        "2 extension decision(s) due (2026-002, 2026-003)"
    )
    assert ag.summary(ag.request_agenda([requests[3]], WED)) == ""
    assert ag.summary(ag.request_agenda([], WED)) == ""


def test_another_register_adds_its_own_group_without_changes_here() -> None:
    reviews = ag.GroupSpec("processor_reviews", "Processor reviews due", "DPA and review dates")
    item = ag.AgendaItem(
        group="processor_reviews",
        date=date(2026, 12, 1),
        ref="Kajabi",
        title="Kajabi Inc.",
        kind="DPA review",
        detail="yearly review of the data-processing agreement",
        status="due",
        working_days_left=4,
        source="processor",
        source_id=3,
    )
    base = ag.request_items([req("2026-001", date(2026, 10, 20), today=WED)], WED)
    agenda = ag.build_agenda([*base, item], WED, extra_groups=(reviews,))
    assert [g.key for g in agenda.groups][-1] == "processor_reviews"
    assert agenda.group("processor_reviews").items == (item,)
    # The start-up summary speaks of the requests' legal deadlines only.
    assert ag.summary(agenda) == "1 overdue (2026-001)"
    with pytest.raises(ValueError, match="unknown group"):
        ag.build_agenda([item], WED)


def test_items_sorted_soonest_first_and_long_lists_shortened_in_summary() -> None:
    days = (20, 19, 16, 13, 12, 6)  # October receipts, all with November weekday deadlines
    requests = [req(f"2026-{n:03d}", date(2026, 10, d), today=WED) for n, d in enumerate(days, 1)]
    overdue = ag.request_agenda(requests, WED).group("overdue").items
    assert [i.ref for i in overdue] == [f"2026-{n:03d}" for n in range(6, 0, -1)]
    assert ag.summary(ag.request_agenda(requests, WED)) == (
        "6 overdue (2026-006, 2026-005, 2026-004, 2026-003 +2)"
    )


def test_month_helpers() -> None:
    weeks = ag.month_weeks(2026, 11)
    assert weeks[0] == [None] * 6 + [date(2026, 11, 1)]  # 1 Nov 2026 is a Sunday
    assert weeks[-1][0] == date(2026, 11, 30) and weeks[-1][1:] == [None] * 6
    assert ag.shift_month(2026, 12, 1) == (2027, 1)
    assert ag.shift_month(2027, 1, -1) == (2026, 12)


def test_processor_items_for_unsigned_dpas_and_reviews_due() -> None:
    entries = [
        ag.ProcessorDue(1, "Kajabi LLC", date(2027, 6, 1), (("dpa", "DPA status: unknown"),)),
        ag.ProcessorDue(2, "Fiken AS", date(2026, 11, 30), ()),  # review within 5 working days
        ag.ProcessorDue(3, "Domeneshop AS", date(2027, 3, 1), ()),  # nothing due
        ag.ProcessorDue(4, "Zoom", None, (("transfer", "no safeguard"),)),  # no review date
        ag.ProcessorDue(5, "Stripe", date(2026, 11, 2), ()),  # review overdue
    ]
    items = {i.ref: i for i in ag.processor_items(entries, WED)}
    assert set(items) == {"Kajabi LLC", "Fiken AS", "Zoom", "Stripe"}
    assert (items["Kajabi LLC"].kind, items["Kajabi LLC"].date) == ("DPA", WED)
    assert items["Fiken AS"].detail == "review due Mon 30 Nov 2026"
    assert items["Zoom"].detail == "no review date set"
    assert items["Stripe"].late_days == (WED - date(2026, 11, 2)).days
    agenda = ag.full_agenda([], entries, WED)
    assert [i.ref for i in agenda.group("processors").items] == [
        "Stripe",
        "Kajabi LLC",
        "Zoom",
        "Fiken AS",
    ]
