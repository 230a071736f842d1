"""The request lifecycle: each status change and the extension rule, stated once in domain/."""

from __future__ import annotations

from datetime import date

import pytest

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain import lifecycle as lc
from ekko_tui.domain.requests import OPEN_STATUSES, OUTCOMES


@pytest.mark.parametrize(
    ("status", "work", "resume"),
    [
        ("new", "in_progress", "new"),
        ("in_progress", "in_progress", "in_progress"),
        ("waiting", "waiting", "in_progress"),
        ("answered", "answered", "answered"),
    ],
)
def test_work_and_resume(status: str, work: str, resume: str) -> None:
    assert lc.after_work(status) == work
    assert lc.after_resume(status) == resume


@pytest.mark.parametrize("status", OPEN_STATUSES)
def test_open_requests_pause_and_close(status: str) -> None:
    assert lc.is_open(status)
    assert lc.after_pause(status) == "waiting"
    for outcome in OUTCOMES:
        assert lc.after_close(status, outcome) == outcome
    with pytest.raises(lc.TransitionError):
        lc.after_reopen(status)


@pytest.mark.parametrize("status", OUTCOMES)
def test_closed_requests_only_reopen(status: str) -> None:
    assert not lc.is_open(status) and not lc.is_waiting(status)
    assert lc.after_reopen(status) == "in_progress"
    with pytest.raises(lc.TransitionError):
        lc.after_pause(status)
    with pytest.raises(lc.TransitionError):
        lc.after_close(status, "answered")


def test_close_needs_an_outcome() -> None:
    with pytest.raises(lc.TransitionError):
        lc.after_close("in_progress", "waiting")


# Received Tue 3 Nov 2026: first deadline Thu 3 Dec 2026.
RECEIVED = date(2026, 11, 3)


@pytest.mark.parametrize(
    ("on", "already", "allowed"),
    [
        (date(2026, 11, 20), False, True),
        (date(2026, 12, 3), False, True),  # on the first deadline itself: still in time
        (date(2026, 12, 4), False, False),  # the day after: too late
        (date(2026, 11, 20), True, False),  # once only
    ],
)
def test_extension_refusal(on: date, already: bool, allowed: bool) -> None:
    deadline = dl.compute_deadline(RECEIVED, pauses=[], extended=False, today=on)
    assert deadline.first == date(2026, 12, 3)
    refusal = dl.extension_refusal(deadline, already_extended=already, on=on)
    assert (refusal is None) == allowed
    with_reason = {"reason_kind": "complexity", "reason": "Mange systemer"}
    if allowed:
        dl.check_extension(deadline, decided_on=on, already_extended=already, **with_reason)
    else:
        with pytest.raises(dl.DeadlineError):
            dl.check_extension(deadline, decided_on=on, already_extended=already, **with_reason)
