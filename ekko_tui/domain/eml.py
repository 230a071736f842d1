"""Read a saved or forwarded e-mail (.eml) into the fields of a new request."""

from __future__ import annotations

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

MAX_EML_BYTES = 25 * 1024 * 1024


class EmlError(ValueError):
    """The file is not a usable e-mail; the message says why."""


@dataclass(frozen=True)
class ParsedMail:
    sender_name: str
    sender_email: str
    received_at: datetime | None  # aware UTC, from the Date header
    subject: str
    body: str
    attachments: tuple[str, ...]


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


def parse_eml(raw: bytes) -> ParsedMail:
    """Parse the bytes of an .eml file; raise EmlError with a clear reason if it is not one."""
    if not raw.strip():
        raise EmlError("The file is empty: it is not an e-mail.")
    if len(raw) > MAX_EML_BYTES:
        raise EmlError(f"The file is larger than {MAX_EML_BYTES // (1024 * 1024)} MB.")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    headers = _headers_8bit(raw) or msg
    if not headers.keys() or headers.get("From") is None:
        if b"\x00" in raw[:4096]:
            raise EmlError("The file is binary, not an e-mail (.eml) file.")
        raise EmlError(
            "No From header: this is not a saved e-mail. Save the message as .eml "
            '("Save as" / "Download original") and try again.'
        )
    name, addr = _sender(headers)
    if not addr:
        raise EmlError("The From header has no e-mail address.")
    received_at = None
    if headers.get("Date"):
        try:
            parsed = parsedate_to_datetime(str(headers["Date"]))
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is None:
            raise EmlError(f"The Date header {str(headers['Date'])!r} is not a date.")
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        received_at = parsed.astimezone(UTC)
    body, attachments = _body(msg)
    subject = str(headers.get("Subject", "") or "")
    return ParsedMail(name, addr, received_at, subject, body, attachments)


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
        addresses: tuple[Address, ...] = header.addresses
        if addresses:
            return addresses[0].display_name, addresses[0].addr_spec.strip().lower()
    except (AttributeError, IndexError):
        pass
    pairs = getaddresses([str(header)])
    if pairs and pairs[0][1]:
        return pairs[0][0], pairs[0][1].strip().lower()
    return "", ""


def _is_form_mailer(msg: EmailMessage) -> bool:
    sender = str(msg.get("From", "")).lower()
    return any(word in sender for word in ("noreply", "no-reply", "wordpress", "kajabi", "form"))


def _body(msg: EmailMessage) -> tuple[str, tuple[str, ...]]:
    attachments: list[str] = []
    plain: list[str] = []
    htmls: list[str] = []
    for part in msg.walk():
        if part.is_multipart():
            continue
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
        try:
            content = part.get_content()
        except (LookupError, UnicodeError, AssertionError):
            payload = part.get_payload(decode=True)
            content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
        (plain if ctype == "text/plain" else htmls).append(str(content))
    if plain:
        body = "\n\n".join(p.strip() for p in plain)
    elif htmls:
        body = "\n\n".join(html_to_text(h) for h in htmls)
    else:
        body = ""
    return body.replace("\r\n", "\n").replace("\r", "\n").strip(), tuple(attachments)
