"""One request as every list shows it: the inbox, the deadlines agenda and the calendar export.

The store builds one `RequestSummary` per request with `summarise` (its deadline computed once,
as of `today`); the screens and exporters read it and derive nothing of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain import lifecycle as lc
from ekko_tui.domain.requests import OPEN_STATUSES, TYPE_SHORT

# How many working days ahead counts as "due soon": the inbox's colours and counts, the agenda's
# group (here, not in domain.agenda, so the inbox starts without the agenda).
SOON_WORKING_DAYS = 5


def types_label(types: Sequence[str]) -> str:
    """Short type names joined: `access+erase`."""
    return "+".join(TYPE_SHORT.get(t, t) for t in types)


@dataclass(frozen=True)
class RequestSummary:
    """One request in a list: who, what, its status and its Art. 12(3) deadline as of a day."""

    id: int
    ref: str
    received_at: datetime  # aware UTC
    channel: str
    types: tuple[str, ...]
    requester_name: str
    requester_contact: str
    status: str  # a key of domain.requests.STATUSES
    identity_status: str
    deadline: dl.Deadline
    working_days_left: int  # from the day it was built for to the effective deadline
    past_deadline: bool  # the effective deadline's day is over (also on a weekend after it)
    pauses: tuple[dl.PausePeriod, ...] = ()
    types_suggested: bool = False  # read from the text at intake, not yet confirmed (key t)
    intake_warning: str = ""  # what intake could not trust (dates, broken body, no address)
    closed_on: date | None = None  # Oslo day it was closed
    events: int = 0  # timeline length, where asked for (the calendar's revision number)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def overdue(self) -> bool:
        return self.is_open and self.past_deadline

    @property
    def waiting(self) -> bool:
        return lc.is_waiting(self.status)

    @property
    def extended(self) -> bool:
        return self.deadline.extended is not None

    @property
    def received(self) -> date:
        """The Oslo date of receipt (day 0 of the deadline)."""
        return self.deadline.received

    @property
    def requester(self) -> str:
        """Name, or contact when there is no name."""
        return self.requester_name or self.requester_contact

    @property
    def waiting_since(self) -> date | None:
        """The day the open question went out, or None when not waiting."""
        open_pauses = [p.asked_on for p in self.pauses if p.answered_on is None]
        return max(open_pauses) if open_pauses else None


def summarise(
    *,
    id: int,
    ref: str,
    received_at: datetime,
    types: tuple[str, ...],
    requester_name: str,
    status: str,
    extended: bool,
    today: date,
    pauses: tuple[dl.PausePeriod, ...] = (),
    channel: str = "",
    requester_contact: str = "",
    identity_status: str = "",
    types_suggested: bool = False,
    intake_warning: str = "",
    closed_on: date | None = None,
    events: int = 0,
) -> RequestSummary:
    """A request's list projection as of `today`: its deadline computed here, once."""
    deadline = dl.compute_deadline(
        dl.oslo_date(received_at), pauses=pauses, extended=extended, today=today
    )
    return RequestSummary(
        id=id,
        ref=ref,
        received_at=received_at,
        channel=channel,
        types=types,
        requester_name=requester_name,
        requester_contact=requester_contact,
        status=status,
        identity_status=identity_status,
        deadline=deadline,
        working_days_left=dl.working_days_between(today, deadline.effective),
        past_deadline=deadline.effective < today,
        pauses=pauses,
        types_suggested=types_suggested,
        intake_warning=intake_warning,
        closed_on=closed_on,
        events=events,
    )
