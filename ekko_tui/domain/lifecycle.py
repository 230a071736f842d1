"""A request's status and the transitions between them, in one place.

new → in progress (on the first piece of work: a type, identity, extension, letter, resume)
open → waiting (a question to the subject pauses the clock) → in progress (the answer came)
open → answered / partly refused / refused / withdrawn (closed) → in progress (reopened)

The store applies these; the extension rule is `deadlines.extension_refusal`.
"""

from __future__ import annotations

from ekko_tui.domain.requests import OPEN_STATUSES, OUTCOMES, STATUSES


class TransitionError(ValueError):
    """A status change the lifecycle does not allow (a programming error, not user input)."""


def is_open(status: str) -> bool:
    """Open: new, in progress or waiting for the subject."""
    return status in OPEN_STATUSES


def is_waiting(status: str) -> bool:
    """Waiting: a question to the subject is unanswered, so the deadline clock is stopped."""
    return status == "waiting"


def after_work(status: str) -> str:
    """Working on a new request starts it; any other status stays."""
    return "in_progress" if status == "new" else status


def after_pause(status: str) -> str:
    """Asking the subject a question stops the clock."""
    _require(is_open(status), status, "pause")
    return "waiting"


def after_resume(status: str) -> str:
    """The subject's answer restarts the clock."""
    return "in_progress" if is_waiting(status) else status


def after_close(status: str, outcome: str) -> str:
    """Closing an open request sets its outcome."""
    _require(is_open(status) and outcome in OUTCOMES, status, f"close as {outcome}")
    return outcome


def after_reopen(status: str) -> str:
    """Reopening a closed request puts it back in progress (its deadline is unchanged)."""
    _require(status in STATUSES and not is_open(status), status, "reopen")
    return "in_progress"


def _require(allowed: bool, status: str, action: str) -> None:
    if not allowed:
        raise TransitionError(f"cannot {action} a request that is {status!r}")
