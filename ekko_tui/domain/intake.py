"""From a parsed e-mail to the requester, the receipt time and the warnings of a new request.

The rules (issue 14): a forwarded message is logged as from its original sender at its original
time; EKKO's own addresses are never the requester; a `Date` that cannot be the receipt (in the
future, before 2018, years before the server got it) gives way to the topmost `Received:` time
or to now, with a warning — a real request is never refused for its date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ekko_tui.domain.deadlines import OSLO
from ekko_tui.domain.eml import EmlError, ParsedMail
from ekko_tui.domain.forward import find_inline_forwards

FUTURE_SLACK = timedelta(minutes=5)  # clocks differ by a little; more is a wrong clock
GDPR_START = datetime(2018, 1, 1, tzinfo=OSLO).astimezone(UTC)
TOO_OLD = timedelta(days=365)  # a Date a year or more before the server got the mail


@dataclass(frozen=True)
class Forwarding:
    """Who forwarded the request to EKKO, and when."""

    by: str  # e-mail (or name) of the forwarder
    at: datetime | None  # aware UTC: the forward's own Date
    style: str  # "inline" or "attachment"


@dataclass(frozen=True)
class IntakeMail:
    """What intake logs from one e-mail."""

    requester_name: str
    requester_contact: str
    received_at: datetime  # aware UTC
    subject: str
    body: str
    attachments: tuple[str, ...]
    message_id: str
    forwarded: Forwarding | None
    warnings: tuple[str, ...]  # about the message itself (broken body, sender without address)
    date_warnings: tuple[str, ...] = ()  # about the receipt time (moot when it is given)

    def message_text(self) -> str:
        """The message as stored: subject line, body, the attachments not stored."""
        parts = [f"Subject: {self.subject}" if self.subject else "", self.body]
        if self.attachments:
            parts.append("Attachments (not stored): " + "; ".join(self.attachments))
        return "\n\n".join(p for p in parts if p)


def normalise_address(value: str) -> str:
    return value.strip().strip("<>").strip().lower()


def _oslo(moment: datetime) -> str:
    return moment.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


def read_intake(
    mail: ParsedMail,
    *,
    now: datetime,
    own_addresses: Iterable[str],
    requester_given: bool = False,
) -> IntakeMail:
    """The request to log from `mail`; EmlError when no requester can be found in it (unless
    `requester_given`: the command line names the requester)."""
    own = {normalise_address(a) for a in own_addresses if a.strip()}
    now = now.astimezone(UTC)
    warnings = list(mail.warnings)
    forwarded: Forwarding | None = None
    name, contact, subject, body = mail.sender_name, mail.sender_email, mail.subject, mail.body
    original_date: datetime | None = None
    original_date_text = ""
    original = mail.attached_original
    # Only EKKO forwards a request on someone's behalf. A requester who forwards something
    # (their own earlier mail, a newsletter to stop) is the requester; with no own addresses
    # known yet, every forward is read as EKKO's.
    by_ekko = not own or mail.sender_email in own
    if not by_ekko:
        _note_foreign_forward(mail, own, warnings)
    elif original is not None and original.sender_email and original.sender_email not in own:
        forwarded = Forwarding(mail.sender_email, mail.received_at, "attachment")
        name, contact = original.sender_name, original.sender_email
        subject = original.subject or subject
        outer = mail.body.strip()
        body = original.body if not outer else f"{original.body}\n\n(Forwarded with: {outer})"
        original_date, original_date_text = original.received_at, original.date_text
        warnings.extend(original.warnings)
        if original_date is None:
            original_date_text = original_date_text or "(none)"
    else:
        for block in find_inline_forwards(mail.body):
            if block.sender_email in own or (not block.sender_email and not block.sender_name):
                continue
            forwarded = Forwarding(mail.sender_email, mail.received_at, "inline")
            name, contact = block.sender_name, block.sender_email
            subject = block.subject or _strip_forward_prefix(subject)
            body = block.body
            original_date, original_date_text = block.date, block.date_text or "(none)"
            if not block.sender_email:
                warnings.append(
                    "The forwarded message names its sender without an e-mail address: find "
                    "the address before you answer."
                )
            break
    if contact in own and not requester_given:
        raise EmlError(
            f"The message is from EKKO's own address {contact} and no original sender could be "
            "found in it: give the requester with --from (or forward the message as an "
            "attachment)."
        )
    date_warnings: list[str] = []
    if forwarded is not None:
        received_at = _forwarded_receipt(
            original_date, original_date_text, forwarded, mail, now, date_warnings
        )
    else:
        received_at = _direct_receipt(mail, now, date_warnings)
    return IntakeMail(
        requester_name=name,
        requester_contact=contact,
        received_at=received_at,
        subject=subject,
        body=body,
        attachments=mail.attachments,
        message_id=mail.message_id,
        forwarded=forwarded,
        warnings=tuple(warnings),
        date_warnings=tuple(date_warnings),
    )


def _note_foreign_forward(mail: ParsedMail, own: set[str], warnings: list[str]) -> None:
    """A requester's mail that holds a forward: say so, since the request may be older."""
    dates = [b.date for b in find_inline_forwards(mail.body) if b.sender_email not in own]
    if mail.attached_original is not None and mail.attached_original.sender_email not in own:
        dates.append(mail.attached_original.received_at)
    known = [d for d in dates if d is not None]
    if dates:
        when = f" of {_oslo(min(known))}" if known else ""
        warnings.append(
            f"The requester forwarded an earlier message{when}: check whether the request "
            "reached EKKO before this mail."
        )


def _strip_forward_prefix(subject: str) -> str:
    text = subject.strip()
    while True:
        low = text.lower()
        for prefix in ("fwd:", "fw:", "vs:", "vidaresend:", "videresend:", "wg:"):
            if low.startswith(prefix):
                text = text[len(prefix) :].strip()
                break
        else:
            return text


def _direct_receipt(mail: ParsedMail, now: datetime, warnings: list[str]) -> datetime:
    """The receipt of a mail sent straight to EKKO: its Date, unless that cannot be right."""
    server = mail.received_header_at
    if server is not None and server > now + FUTURE_SLACK:
        server = None  # the server's own clock is wrong too: do not trust it
    date = mail.received_at
    fallback, where = (server, "the time EKKO's mail server got it") if server else (now, "now")
    if date is None:
        shown = mail.date_text or "(none)"
        warnings.append(
            f"The message has no readable Date ({shown}): logged as received at "
            f"{_oslo(fallback)}, {where}. Check the receipt time."
        )
        return fallback
    if date > now + FUTURE_SLACK:
        warnings.append(
            f"The Date header ({_oslo(date)}) is in the future (the sender's clock is wrong): "
            f"logged as received at {_oslo(fallback)}, {where}."
        )
        return fallback
    if date < GDPR_START or (server is not None and date < server - TOO_OLD):
        if server is not None:
            warnings.append(
                f"The Date header ({_oslo(date)}) cannot be the receipt: logged as received "
                f"at {_oslo(server)}, when EKKO's mail server got it."
            )
            return server
        warnings.append(
            f"The Date header ({_oslo(date)}) is before 2018 and there is no Received header "
            "to check it against: the receipt time and deadline are probably wrong."
        )
    return date


def _forwarded_receipt(
    original: datetime | None,
    original_text: str,
    forwarded: Forwarding,
    mail: ParsedMail,
    now: datetime,
    warnings: list[str],
) -> datetime:
    """The receipt of a forwarded request: the original's date, checked against the forward."""
    forward_at = forwarded.at
    if forward_at is None or forward_at > now + FUTURE_SLACK:
        forward_at = mail.received_header_at or now
        if forward_at > now + FUTURE_SLACK:
            forward_at = now
    if original is None:
        warnings.append(
            f"The original date of the forwarded message ({original_text}) cannot be read: "
            f"logged at the forward's time, {_oslo(forward_at)}. The request may have arrived "
            "earlier: check the receipt time."
        )
        return forward_at
    if original > forward_at + FUTURE_SLACK:
        warnings.append(
            f"The forwarded message's date ({_oslo(original)}) is after the forward itself: "
            f"logged at the forward's time, {_oslo(forward_at)}. Check the receipt time."
        )
        return forward_at
    if original < GDPR_START:
        warnings.append(
            f"The forwarded message's date ({_oslo(original)}) is before 2018: the receipt "
            "time and deadline are probably wrong."
        )
    return original


def forward_note(forwarded: Forwarding) -> str:
    """The timeline line: `Forwarded by post@ipogs.no on 2026-11-23 09:12 (inline)`."""
    when = f" on {_oslo(forwarded.at)}" if forwarded.at else ""
    how = "as an attachment" if forwarded.style == "attachment" else "inline"
    return f"Forwarded by {forwarded.by}{when} ({how})"
