"""Dates as mail clients write them in forwarded headers, in bokmål, nynorsk and English.

`lør. 31. okt. 2026 kl. 22:41`, `fredag 16. oktober 2026 23:55`, `Friday, October 16, 2026
11:55 PM`, `31. oktober 2026 kl. 22:41:00 CET`, `Sat, 31 Oct 2026 22:41:00 +0100`, `16.10.2026
23:55`. A date without a zone is Oslo time (the mail client showed it to a Norwegian user).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from ekko_tui.domain.deadlines import OSLO

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("jan", "januar", "january"),
        ("feb", "februar", "february"),
        ("mar", "mars", "march"),
        ("apr", "april"),
        ("mai", "may"),
        ("jun", "juni", "june"),
        ("jul", "juli", "july"),
        ("aug", "august"),
        ("sep", "sept", "september"),
        ("okt", "oktober", "oct", "october"),
        ("nov", "november"),
        ("des", "desember", "dec", "december"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

_ZONES = {
    "utc": timedelta(0),
    "gmt": timedelta(0),
    "z": timedelta(0),
    "cet": timedelta(hours=1),
    "cest": timedelta(hours=2),
    "wet": timedelta(0),
    "bst": timedelta(hours=1),
    "est": timedelta(hours=-5),
    "edt": timedelta(hours=-4),
    "pst": timedelta(hours=-8),
    "pdt": timedelta(hours=-7),
}
_TIME = re.compile(r"(?<![\d.])(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?")
_OFFSET = re.compile(r"(?:utc|gmt)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b|([+-])(\d{2}):?(\d{2})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def parse_mail_date(text: str) -> datetime | None:
    """An aware UTC moment from a header date in any of the forms above, or None."""
    text = " ".join(text.split())
    if not text:
        return None
    rfc = _rfc2822(text)
    if rfc is not None:
        return rfc
    low = text.lower()
    found = _numeric_date(low)
    rest = found[3] if found else low
    hour = minute = second = 0
    time_match = _TIME.search(rest)
    if time_match:
        hour, minute = int(time_match.group(1)), int(time_match.group(2))
        second = int(time_match.group(3) or 0)
        meridian = (time_match.group(4) or "").replace(".", "")
        if meridian:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if meridian == "pm" else 0)
        rest = rest[: time_match.start()] + " " + rest[time_match.end() :]
    zone = _zone(rest)
    if found is None:
        found = _word_date(rest)
        if found is None:
            return None
        rest = found[3]
    year, month, day = found[0], found[1], found[2]
    try:
        naive = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    if zone is None:
        return naive.replace(tzinfo=OSLO).astimezone(UTC)
    return naive.replace(tzinfo=timezone(zone)).astimezone(UTC)


def _rfc2822(text: str) -> datetime | None:
    if not re.search(r"\d{1,2} [A-Za-z]{3} \d{4} \d{1,2}:\d{2}", text):
        return None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=OSLO)
    return parsed.astimezone(UTC)


def _numeric_date(low: str) -> tuple[int, int, int, str] | None:
    """(year, month, day, the text left over) from `2026-10-16` or `16.10.2026`."""
    iso = _ISO.search(low)
    if iso:
        rest = low[: iso.start()] + " " + low[iso.end() :]
        return int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), rest
    numeric = _NUMERIC.search(low)
    if numeric:
        rest = low[: numeric.start()] + " " + low[numeric.end() :]
        return int(numeric.group(3)), int(numeric.group(2)), int(numeric.group(1)), rest
    return None


def _word_date(low: str) -> tuple[int, int, int, str] | None:
    """(year, month, day, the text left over) from `31. okt. 2026` or `October 16, 2026`."""
    words = re.findall(r"[a-zæøå]+\.?|\d+\.?|[^\s]", low)
    month = year = day = None
    used: list[int] = []
    for index, word in enumerate(words):
        bare = word.rstrip(".")
        if month is None and bare in MONTHS:
            month = MONTHS[bare]
            used.append(index)
        elif year is None and re.fullmatch(r"\d{4}", bare):
            year = int(bare)
            used.append(index)
    if month is None or year is None:
        return None
    month_at = next(i for i in used if words[i].rstrip(".") in MONTHS)
    # The day is the number nearest the month: `31. okt.` (before) or `October 16,` (after).
    for index in (month_at - 1, month_at + 1):
        if 0 <= index < len(words) and re.fullmatch(r"\d{1,2}\.?", words[index]):
            day = int(words[index].rstrip("."))
            used.append(index)
            break
    if day is None:
        return None
    rest = " ".join(w for i, w in enumerate(words) if i not in used)
    return year, month, day, rest


def _zone(rest: str) -> timedelta | None:
    offset = _OFFSET.search(rest)
    if offset:
        sign_text, hours, minutes = (
            offset.group(1, 2, 3) if offset.group(1) else offset.group(4, 5, 6)
        )
        sign = -1 if sign_text == "-" else 1
        return sign * timedelta(hours=int(hours), minutes=int(minutes or 0))
    for word in re.findall(r"[a-z]+", rest):
        if word in _ZONES:
            return _ZONES[word]
    return None


def received_header_time(value: str) -> datetime | None:
    """The moment in a `Received:` header (the date after its last semicolon), aware UTC."""
    if ";" not in value:
        return None
    try:
        parsed = parsedate_to_datetime(value.rsplit(";", 1)[1].strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
