"""The one place that reads the real clock (and who is acting); the rest gets them passed in."""

from __future__ import annotations

import getpass
from datetime import UTC, date, datetime

from ekko_tui.domain.deadlines import OSLO


class Clock:
    """Real time, or a fixed moment (EKKO_NOW: tests, demos, reproducible runs)."""

    def __init__(self, fixed: datetime | None = None) -> None:
        self.fixed = fixed

    @classmethod
    def from_text(cls, raw: str) -> Clock:
        """A clock fixed at `raw` (EKKO_NOW: ISO 8601; a date alone means 12:00 Oslo), or the
        real clock when it is empty."""
        raw = raw.strip()
        if not raw:
            return cls()
        moment = datetime.fromisoformat(raw)
        if len(raw) == 10:
            moment = moment.replace(hour=12)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=OSLO)
        return cls(moment.astimezone(UTC))

    def now(self) -> datetime:
        """The current moment, aware, in UTC."""
        return self.fixed if self.fixed is not None else datetime.now(UTC)

    def today(self) -> date:
        """Today's date in Europe/Oslo."""
        return self.now().astimezone(OSLO).date()


def default_actor() -> str:
    """Who the timeline says acted: the login name, as no one else uses ekko."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "ekko"
