"""Amounts and moments as exports write them: `kr 1 490,00`, `2990.00`, `$242.00`,
`2025-03-14 09:12:44 +0100`, `2.9.2023`, `03/22/2025 07:13:27 PM`, `Mar 22, 2025 19:13:27`.

Pure: a moment without an offset is read in the zone the caller names (UTC for Stripe, the
host's zone for Zoom); every parser raises ValueError with what was wrong.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")

_CURRENCY_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "kr": "NOK", "nok": "NOK"}
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")


def parse_amount(raw: str) -> tuple[Decimal, str]:
    """An amount in major units and the currency its text names ('' if none).

    Accepts `1490.00`, `1 490,00` (space, no-break or thin space as thousands), `1.490,00`,
    `1,490.00`, `kr 1 490,00`, `-1 490,00`, `(1 490,00)`, `$242.00`, `NOK 99`, `1490,00 kr`.
    """
    text = raw.strip()
    if not text:
        raise ValueError("empty amount")
    currency = ""
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    for sign in ("-", "−", "–"):
        if text.startswith(sign):
            negative, text = True, text[len(sign) :].strip()
    m = re.match(r"^([A-Za-z]{2,3}|[$€£])\.?\s*", text)
    if m:
        currency = _CURRENCY_SIGNS.get(m.group(1).casefold(), m.group(1).upper())
        text = text[m.end() :]
    m = re.search(r"\s*([A-Za-z]{2,3}|[$€£])$", text)
    if m:
        currency = _CURRENCY_SIGNS.get(m.group(1).casefold(), m.group(1).upper())
        text = text[: m.start()]
    if text.startswith("-"):
        negative, text = True, text[1:]
    text = _SPACES.sub("", text)
    if not re.fullmatch(r"[\d.,]+", text) or not re.search(r"\d", text):
        raise ValueError(f"not an amount: {raw.strip()!r}")
    if "," in text and "." in text:
        # The later one is the decimal mark; the other groups thousands.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        if text.count(",") == 1 and len(tail) != 3:
            text = f"{head}.{tail}"  # decimal comma
        elif text.count(",") > 1 or len(tail) == 3 and head and len(head) <= 3:
            # 1,490 or 1,490,000: thousands (a decimal comma has two digits in exports)
            text = text.replace(",", "")
        else:
            text = f"{head}.{tail}"
    elif text.count(".") > 1:
        text = text.replace(".", "")  # 1.490.000 (thousands dots)
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {raw.strip()!r}") from exc
    return (-value if negative else value), currency


def to_minor(amount: Decimal) -> int:
    """Major units → minor units (øre, cent), rounded half away from zero."""
    return int((amount * 100).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


_ISO_TIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|UTC|[+-]\d{2}:?\d{2})?$"
)
_US_TIME = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
_NO_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?$")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_TEXT_TIME = re.compile(
    r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"\s*([AaPp][Mm])?)?$"
)


@lru_cache(maxsize=256)
def _offset(text: str) -> tzinfo:
    """The zone of an offset as written (+0100, +01:00, Z): a file repeats a few of them."""
    if text in ("Z", "UTC"):
        return UTC
    sign = 1 if text[0] == "+" else -1
    digits = text[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _hour(hour: int, ampm: str | None) -> int:
    if ampm is None:
        return hour
    if not 1 <= hour <= 12:
        raise ValueError(f"hour {hour} with {ampm.upper()}")
    return hour % 12 + (12 if ampm.casefold() == "pm" else 0)


def parse_moment(raw: str, zone: tzinfo) -> tuple[datetime | None, date]:
    """(aware UTC moment or None for a date alone, the date in Oslo) of an export's date.

    `zone` is where a time without an offset was written (UTC for Stripe; the host's zone for
    Zoom; Oslo for Fiken). ValueError for a date that does not exist or cannot be read.
    """
    text = raw.strip()
    parts: tuple[int, int, int, int | None, int, int]
    tz: tzinfo = zone
    if m := _ISO_TIME.match(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
        parts = (y, mo, d, int(m[4]) if m[4] else None, int(m[5] or 0), int(m[6] or 0))
        if m[7]:
            tz = _offset(m[7])
    elif m := _US_TIME.match(text):
        hour = _hour(int(m[4]), m[7]) if m[4] else None
        parts = (int(m[3]), int(m[1]), int(m[2]), hour, int(m[5] or 0), int(m[6] or 0))
    elif m := _NO_DATE.match(text):
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        parts = (year, int(m[2]), int(m[1]), int(m[4]) if m[4] else None, int(m[5] or 0), 0)
    elif m := _TEXT_TIME.match(text):
        month = _MONTHS.get(m[1].casefold())
        if month is None:
            raise ValueError(f"not a date: {text!r}")
        hour = _hour(int(m[4]), m[7]) if m[4] else None
        parts = (int(m[3]), month, int(m[2]), hour, int(m[5] or 0), int(m[6] or 0))
    else:
        raise ValueError(f"not a date: {text!r}")
    y, mo, d, hour, minute, second = parts
    try:
        if hour is None:
            return None, date(y, mo, d)
        local = datetime(y, mo, d, hour, minute, second, tzinfo=tz)
    except ValueError as exc:
        raise ValueError(f"no such date: {text!r}") from exc
    moment = local.astimezone(UTC)
    return moment, moment.astimezone(OSLO).date()


def iso_date(raw: str, zone: tzinfo) -> str:
    """The Oslo date of an export's date as ISO text, '' when it is empty or unreadable."""
    if not raw.strip():
        return ""
    try:
        return parse_moment(raw, zone)[1].isoformat()
    except ValueError:
        return ""


def earliest_date(values: list[str], zone: tzinfo) -> str:
    """The earliest readable Oslo date among an export row's date cells, as ISO ('' if none)."""
    found = [d for d in (iso_date(v, zone) for v in values if v) if d]
    return min(found) if found else ""
