"""Read a saved or forwarded e-mail (.eml) into the fields of a new request."""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import HeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from ekko_tui.domain.mail_dates import received_header_time

MAX_EML_BYTES = 25 * 1024 * 1024


class EmlError(ValueError):
    """The file is not a usable e-mail; the message says why."""


@dataclass(frozen=True)
class ParsedMail:
    sender_name: str
    sender_email: str
    received_at: datetime | None  # aware UTC, from the Date header (None: none or unreadable)
    subject: str
    body: str
    attachments: tuple[str, ...]
    message_id: str = ""
    date_text: str = ""  # the Date header as written
    received_header_at: datetime | None = None  # the topmost Received: header's time, UTC
    warnings: tuple[str, ...] = ()  # what could not be read as sent (kept for the detail)
    attached_original: ParsedMail | None = None  # a message forwarded as an attachment


class _TextExtractor(HTMLParser):
    """HTML to readable plain text: block elements become line breaks, scripts are dropped."""

    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text of an HTML body."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t\xa0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


MAX_MULTIPARTS = 100


def parse_eml(raw: bytes) -> ParsedMail:
    """Parse the bytes of an .eml file; raise EmlError with a clear reason if it is not one."""
    if not raw.strip():
        raise EmlError("The file is empty: it is not an e-mail.")
    if len(raw) > MAX_EML_BYTES:
        raise EmlError(f"The file is larger than {MAX_EML_BYTES // (1024 * 1024)} MB.")
    # The e-mail parser recurses once per nested part: refuse absurd nesting before it does.
    if len(re.findall(rb"(?im)^content-type:\s*multipart/", raw)) > MAX_MULTIPARTS:
        raise EmlError(
            f"The message has more than {MAX_MULTIPARTS} nested parts (multipart): "
            "ekko does not read it."
        )
    try:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
    except RecursionError as exc:
        raise EmlError("The message is nested too deeply to read.") from exc
    assert isinstance(msg, EmailMessage)
    headers = _headers_8bit(raw) or msg
    if not headers.keys() or headers.get("From") is None:
        if b"\x00" in raw[:4096]:
            raise EmlError("The file is binary, not an e-mail (.eml) file.")
        raise EmlError(
            "No From header: this is not a saved e-mail. Save the message as .eml "
            '("Save as" / "Download original") and try again.'
        )
    mail = _from_message(msg, headers, depth=0)
    if not mail.sender_email:
        shown = str(headers.get("From", "")).strip().strip('"')
        raise EmlError(
            f"The From header ({shown}) has no e-mail address."
            if shown
            else "The From header has no e-mail address."
        )
    return mail


def _from_message(msg: EmailMessage, headers: EmailMessage, depth: int) -> ParsedMail:
    name, addr = _sender(headers)
    date_text = str(headers.get("Date", "") or "").strip()
    received_at = None
    warnings: list[str] = []
    if date_text:
        try:
            parsed = parsedate_to_datetime(date_text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:  # an unreadable Date is judged by domain.intake
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            received_at = parsed.astimezone(UTC)
    body, attachments, originals, body_warnings = _body(msg)
    warnings.extend(body_warnings)
    attached = None
    if originals and depth < 3:
        inner = originals[0]
        attached = _from_message(inner, inner, depth + 1)
    return ParsedMail(
        sender_name=name,
        sender_email=addr,
        received_at=received_at,
        subject=str(headers.get("Subject", "") or ""),
        body=body,
        attachments=attachments,
        message_id=str(headers.get("Message-ID", "") or "").strip(),
        date_text=date_text,
        received_header_at=_topmost_received(headers),
        warnings=tuple(warnings),
        attached_original=attached,
    )


def _topmost_received(msg: EmailMessage) -> datetime | None:
    """The time in the first (topmost) Received: header: when EKKO's own server got the mail."""
    for value in msg.get_all("Received") or ():
        moment = received_header_time(str(value))
        if moment is not None:
            return moment
    return None


def _header_block(raw: bytes) -> bytes:
    """The bytes before the first blank line."""
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    return raw[: min(ends)] if ends else raw


def _headers_8bit(raw: bytes) -> EmailMessage | None:
    """Headers written as raw UTF-8 (or cp1252) rather than RFC 2047 words, decoded properly."""
    block = _header_block(raw)
    if block.isascii():
        return None
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        text = block.decode("cp1252", errors="replace")
    parsed = HeaderParser(policy=email.policy.default).parsestr(text + "\n\n")
    return parsed if isinstance(parsed, EmailMessage) else None


def _sender(msg: EmailMessage) -> tuple[str, str]:
    header = msg["Reply-To"] if _is_form_mailer(msg) and msg.get("Reply-To") else msg["From"]
    try:
        addresses: tuple[Address, ...] = header.addresses  # type: ignore[union-attr]
        if addresses and "@" in addresses[0].addr_spec:
            return addresses[0].display_name, addresses[0].addr_spec.strip().lower()
    except (AttributeError, IndexError):
        pass
    pairs = getaddresses([str(header)])
    if pairs and "@" in pairs[0][1]:
        return pairs[0][0], pairs[0][1].strip().lower()
    return str(header or "").strip(), ""  # `From: Just A Name`: a name, no address


def _is_form_mailer(msg: EmailMessage) -> bool:
    sender = str(msg.get("From", "")).lower()
    return any(word in sender for word in ("noreply", "no-reply", "wordpress", "kajabi", "form"))


def _leaves(msg: EmailMessage) -> tuple[list[EmailMessage], list[EmailMessage]]:
    """The leaf parts in order, and the attached messages (message/rfc822), not descended into."""
    leaves: list[EmailMessage] = []
    attached: list[EmailMessage] = []
    stack: list[EmailMessage] = [msg]
    while stack:
        part = stack.pop()
        if part.get_content_type() == "message/rfc822" and part is not msg:
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, EmailMessage):
                attached.append(inner)
            continue
        if part.is_multipart():
            children = part.get_payload()
            if isinstance(children, list):
                stack.extend(reversed([c for c in children if isinstance(c, EmailMessage)]))
            continue
        leaves.append(part)
    return leaves, attached


def _broken_base64(part: EmailMessage) -> bool:
    if str(part.get("Content-Transfer-Encoding", "")).strip().lower() != "base64":
        return False
    raw = part.get_payload(decode=False)
    compact = re.sub(r"\s+", "", raw if isinstance(raw, str) else "")
    try:
        base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return True
    return False


def _body(
    msg: EmailMessage,
) -> tuple[str, tuple[str, ...], list[EmailMessage], list[str]]:
    attachments: list[str] = []
    plain: list[str] = []
    htmls: list[str] = []
    warnings: list[str] = []
    leaves, originals = _leaves(msg)
    for part in leaves:
        filename = part.get_filename()
        disposition = part.get_content_disposition()
        if filename or disposition == "attachment":
            payload = part.get_payload(decode=True) or b""
            attachments.append(
                f"{filename or 'unnamed'} ({part.get_content_type()}, {len(payload):,} bytes)"
            )
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html"):
            continue
        if _broken_base64(part):
            raw = part.get_payload(decode=False)
            warnings.append(
                "The message body's base64 encoding is broken: the raw text is kept as it came."
            )
            (plain if ctype == "text/plain" else htmls).append(str(raw))
            continue
        try:
            content = part.get_content()
        except (LookupError, UnicodeError, AssertionError):
            payload = part.get_payload(decode=True)
            content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        (plain if ctype == "text/plain" else htmls).append(str(content))
    for inner in originals:
        attachments.append(f"{inner.get('Subject', '') or 'message'} (message/rfc822)")
    if plain:
        body = "\n\n".join(p.strip() for p in plain)
    elif htmls:
        body = "\n\n".join(html_to_text(h) for h in htmls)
    else:
        body = ""
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    return body, tuple(attachments), originals, warnings
