"""Request vocabulary (types, channels, statuses) and validation of what the user types."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from ekko_tui.domain.dates import DateFormatError, parse_day, split_date_time
from ekko_tui.domain.deadlines import EXTENSION_REASON_KINDS, OSLO

REQUEST_TYPES: dict[str, str] = {
    "access": "Access (Art. 15)",
    "rectification": "Rectification (Art. 16)",
    "erasure": "Erasure (Art. 17)",
    "restriction": "Restriction (Art. 18)",
    "portability": "Portability (Art. 20)",
    "objection": "Objection / unsubscribe (Art. 21)",
    "withdraw_consent": "Withdrawal of consent (Art. 7(3))",
    "other": "Other",
}
TYPE_SHORT: dict[str, str] = {
    "access": "access",
    "rectification": "rectify",
    "erasure": "erase",
    "restriction": "restrict",
    "portability": "port",
    "objection": "object",
    "withdraw_consent": "consent",
    "other": "other",
}
_TYPE_ALIASES = {
    "innsyn": "access",
    "retting": "rectification",
    "rectify": "rectification",
    "sletting": "erasure",
    "erase": "erasure",
    "delete": "erasure",
    "deletion": "erasure",
    "begrensning": "restriction",
    "restrict": "restriction",
    "dataportabilitet": "portability",
    "port": "portability",
    "protest": "objection",
    "object": "objection",
    "unsubscribe": "objection",
    "consent": "withdraw_consent",
    "withdraw": "withdraw_consent",
}

CHANNELS: dict[str, str] = {
    "email": "E-mail",
    "form": "Contact form",
    "phone": "Phone",
    "sms": "SMS",
    "facebook": "Facebook",
    "instagram": "Instagram",
    "letter": "Letter",
    "in_person": "In person",
}
_CHANNEL_ALIASES = {"e-mail": "email", "mail": "email", "in-person": "in_person", "post": "letter"}

STATUSES: dict[str, str] = {
    "new": "New",
    "in_progress": "In progress",
    "waiting": "Waiting for subject",
    "answered": "Answered",
    "partly_refused": "Partly refused",
    "refused": "Refused",
    "withdrawn": "Withdrawn",
}
OPEN_STATUSES = ("new", "in_progress", "waiting")
OUTCOMES = ("answered", "partly_refused", "refused", "withdrawn")

IDENTITY_STATUSES: dict[str, str] = {
    "unchecked": "Not checked",
    "verified": "Verified",
    "not_needed": "Not needed (already known)",
    "doubt": "Reasonable doubt",
    "failed": "Could not be verified",
}

PAUSE_KINDS: dict[str, str] = {
    "identity": "Identity check",
    "clarification": "Clarification",
}

# The rule's kinds (domain.deadlines), labelled for the forms.
EXTENSION_KINDS: dict[str, str] = dict(
    zip(
        EXTENSION_REASON_KINDS,
        ("Complexity of the request", "Number of requests"),
        strict=True,
    )
)

MAX_MESSAGE_CHARS = 8_000_000  # a 5 MB e-mail body is kept whole (issue 14)
MAX_NAME_CHARS = 200
MAX_CONTACT_CHARS = 320
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


class ValidationError(ValueError):
    """User input that cannot be stored; `field` names the input, the message says what to do."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class NewRequest:
    """A validated request, ready to be stored."""

    received_at: datetime  # aware, UTC
    channel: str
    types: tuple[str, ...]
    requester_name: str
    requester_contact: str
    message: str


def clean_text(text: str, *, multiline: bool) -> str:
    """Drop control characters (keeping newlines and tabs where multiline) and trim."""
    keep = {"\n", "\t"} if multiline else set()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Cc (control) and Cs (lone surrogates) go; Cf stays: it carries emoji joins and RTL marks.
    out = "".join(ch for ch in text if ch in keep or unicodedata.category(ch) not in ("Cc", "Cs"))
    return out.strip()


def format_ref(year: int, seq: int) -> str:
    """The human reference of a request: `2026-001`, numbered per year of receipt."""
    return f"{year}-{seq:03d}"


def parse_types(values: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Turn `access,erasure` (or a list, or Norwegian words) into type codes."""
    if isinstance(values, str):
        values = [v for v in re.split(r"[,\s]+", values) if v]
    codes: set[str] = set()
    for raw in values:
        key = raw.strip().lower().replace(" ", "_")
        key = _TYPE_ALIASES.get(key, key)
        if key not in REQUEST_TYPES:
            raise ValidationError(
                "types", f"Unknown request type {raw!r}. Use one of: {', '.join(REQUEST_TYPES)}."
            )
        codes.add(key)
    if not codes:
        raise ValidationError("types", "Choose at least one request type.")
    return tuple(c for c in REQUEST_TYPES if c in codes)


def parse_channel(value: str) -> str:
    """A channel code from its code or a common spelling."""
    key = value.strip().lower().replace(" ", "_")
    key = _CHANNEL_ALIASES.get(key, key)
    if key not in CHANNELS:
        raise ValidationError(
            "channel", f"Unknown channel {value!r}. Use one of: {', '.join(CHANNELS)}."
        )
    return key


_DT_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def parse_received(text: str, *, now: datetime) -> datetime:
    """Parse a receipt time typed in Oslo time (`2026-11-24 14:05`, `24.11.2026 14:05`, or a
    date alone) into UTC."""
    text = text.strip()
    if not text:
        raise ValidationError("received", "Give the time the request arrived (YYYY-MM-DD HH:MM).")
    head, clock_part = split_date_time(text)
    if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d+", head):  # `30.11.2026 14:05`: Norwegian order
        try:
            day = parse_day(head)
        except DateFormatError as exc:
            raise ValidationError("received", exc.reason) from exc
        text = f"{day.isoformat()} {clock_part}".strip()
    parsed: datetime | None = None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            parsed = datetime.strptime(text, "%Y-%m-%d").replace(hour=12)
        except ValueError as exc:
            raise ValidationError("received", f"{text} is not a date that exists.") from exc
    else:
        try:
            aware = datetime.fromisoformat(text)
        except ValueError:
            aware = None
        if aware is not None and aware.tzinfo is not None:
            parsed = aware.astimezone(OSLO).replace(tzinfo=None)
        else:
            for fmt in _DT_FORMATS:
                try:
                    parsed = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
        if parsed is None:
            if re.match(r"\d{4}-\d{2}-\d{2}", text):
                raise ValidationError(
                    "received", f"{text!r} is not a date and time that exists (YYYY-MM-DD HH:MM)."
                )
            raise ValidationError(
                "received", f"{text!r} is not a time: write it as YYYY-MM-DD HH:MM (Oslo time)."
            )
    received = parsed.replace(tzinfo=OSLO).astimezone(UTC)
    if received > now.astimezone(UTC) + timedelta(minutes=5):
        raise ValidationError("received", "The receipt time is in the future.")
    if received.year < 2018:
        raise ValidationError("received", "The GDPR applies from 2018: check the year.")
    return received


def validate_new_request(
    *,
    received: str | datetime,
    channel: str,
    types: str | list[str] | tuple[str, ...],
    requester_name: str,
    requester_contact: str,
    message: str,
    now: datetime,
) -> NewRequest:
    """Check every field of a new request; raise ValidationError naming the first bad field."""
    if isinstance(received, datetime):
        if received.tzinfo is None:
            raise ValidationError("received", "The receipt time has no time zone.")
        received_at = received.astimezone(UTC)
        if received_at > now.astimezone(UTC) + timedelta(minutes=5):
            raise ValidationError("received", "The receipt time is in the future.")
    else:
        received_at = parse_received(received, now=now)
    channel_code = parse_channel(channel)
    type_codes = parse_types(types)
    name = clean_text(requester_name, multiline=False)
    contact = clean_text(requester_contact, multiline=False)
    text = clean_text(message, multiline=True)
    if not name and not contact:
        raise ValidationError("requester_name", "Give the requester's name or contact (or both).")
    if len(name) > MAX_NAME_CHARS:
        raise ValidationError(
            "requester_name", f"The name is longer than {MAX_NAME_CHARS} characters."
        )
    if len(contact) > MAX_CONTACT_CHARS:
        raise ValidationError("requester_contact", "The contact is too long for an address.")
    looks_like_email = "@" in contact[1:] and " " not in contact  # "@handle" is a social handle
    if looks_like_email and not _EMAIL_RE.match(contact):
        raise ValidationError("requester_contact", f"{contact!r} is not a valid e-mail address.")
    if len(text) > MAX_MESSAGE_CHARS:
        raise ValidationError(
            "message",
            f"The message has {len(text):,} characters; the limit is {MAX_MESSAGE_CHARS:,}. "
            "Save the rest as a file and note where it is.",
        )
    return NewRequest(received_at, channel_code, type_codes, name, contact, text)


def parse_date(text: str, field: str) -> date:
    """A date typed as YYYY-MM-DD or DD.MM.YYYY; ValidationError says what is wrong with it."""
    try:
        return parse_day(text)
    except DateFormatError as exc:
        raise ValidationError(field, exc.reason) from exc


def check_channel_contact(channel: str, contact: str) -> str:
    """Whether the requester's contact fits the channel: ValidationError where it cannot (an
    e-mail request whose contact is not an e-mail address), a warning where the answer will
    need more (a letter without a postal address); "" when it fits."""
    contact = contact.strip()
    if channel == "email" and contact and not _EMAIL_RE.match(contact):
        raise ValidationError(
            "requester_contact",
            f"The channel is e-mail but {contact!r} is not an e-mail address: give the "
            "address, or the channel it came by (--channel phone, sms, facebook, …).",
        )
    if channel == "letter" and not re.search(r"\b\d{4}\b", contact):
        return (
            "The request came by letter but no postal address (with postcode) was given: "
            "add it before you answer."
        )
    return ""
