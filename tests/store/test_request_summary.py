"""One list projection of a request: the inbox and the agenda read the same RequestSummary."""

from __future__ import annotations

from dataclasses import replace

from ekko_tui.domain.request_list import RequestSummary
from ekko_tui.store import agenda, queries
from tests.conftest import add_request


def test_inbox_and_agenda_build_the_same_summary(db, now) -> None:
    ids = [
        add_request(now, "2026-10-20 10:00", "Åse", contact="ase@example.no"),
        add_request(now, "2026-11-24 09:00", "", contact="+4791234567", channel="sms"),
    ]
    today = now.date()
    inbox = {r.id: r for r in queries.request_rows(today)}
    agendas = {r.id: r for r in agenda.request_deadlines(today, with_revisions=True)}
    assert set(inbox) == set(agendas) == set(ids)
    for rid in ids:
        a, b = inbox[rid], agendas[rid]
        assert type(a) is type(b) is RequestSummary
        assert b.events >= 1  # the agenda asked for the timeline length; the inbox did not
        assert replace(b, events=0) == a
    assert inbox[ids[1]].requester == "+4791234567"  # no name: the contact
    assert inbox[ids[0]].overdue and inbox[ids[0]].received.isoformat() == "2026-10-20"
