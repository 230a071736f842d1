"""Dates as people type them in Norway and as ISO: one parser for the app and the command line.

Accepted: `2026-11-30` (ISO), `30.11.2026`, `30.11.26` (20xx) and `3.1.2027` (no leading
zeros). Day first, always: `01.02.2026` is 1 February. Pure: no clock, no store, no UI.
"""

from __future__ import annotations

import re
from datetime import date

DATE_HINT = "YYYY-MM-DD or DD.MM.YYYY"

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_NORWEGIAN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})", re.ASCII)


class DateFormatError(ValueError):
    """The text is not a date: `reason` says why, in words for the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_day(text: str) -> date:
    """The date in `text` (ISO or Norwegian day-first); DateFormatError says what is wrong."""
    raw = text.strip()
    iso = _ISO.fullmatch(raw)
    norwegian = None if iso else _NORWEGIAN.fullmatch(raw)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif norwegian:
        day, month, year = (int(g) for g in norwegian.groups())
        if len(norwegian.group(3)) == 2:
            year += 2000  # `30.11.26`: the GDPR era, never the 1900s
    else:
        raise DateFormatError(f"{raw!r} is not a date: write it as {DATE_HINT}.")
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DateFormatError(f"{raw} is not a date that exists: check day and month.") from exc


def split_date_time(text: str) -> tuple[str, str]:
    """`30.11.2026 14:05` → (`30.11.2026`, `14:05`); `2026-11-30T14:05` → the same split."""
    raw = text.strip()
    for sep in ("T", " "):
        head, found, tail = raw.partition(sep)
        if found and (_ISO.fullmatch(head) or _NORWEGIAN.fullmatch(head)):
            return head, tail.strip()
    return raw, ""
