"""Forwarded messages as mail clients write them inline, in bokmål, nynorsk and English.

Gmail (`---------- Forwarded message ---------` / `---------- Videresendt melding ---------`),
Outlook (`________________________________` or `-----Original Message-----`, then
`Fra:`/`From:` and `Sendt:`/`Sent:`), Apple Mail (`Begin forwarded message:` / `Start på
videresendt melding:`) and Thunderbird (`-------- Forwarded Message --------`, tab-separated
header lines). A message forwarded as an attachment (message/rfc822) is read by domain.eml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import getaddresses

from ekko_tui.domain.mail_dates import parse_mail_date

_MARKERS = (
    # Gmail and Thunderbird, both languages; "Original Message" too (Outlook's older form).
    re.compile(
        r"^-{2,}\s*(?:forwarded message|videresendt melding|vidaresendt melding|"
        r"original message|opprinnelig melding|opphavleg melding)\s*-{2,}\s*$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:begin forwarded message|start på videresendt melding|"
        r"start på vidaresendt melding|videresendt melding)\s*:\s*$",
        re.IGNORECASE,
    ),
    re.compile(r"^_{16,}\s*$"),  # Outlook's rule line
)
_KEYS = {
    "from": "from",
    "fra": "from",
    "frå": "from",
    "von": "from",
    "date": "date",
    "dato": "date",
    "sent": "date",
    "sendt": "date",
    "subject": "subject",
    "emne": "subject",
    "to": "to",
    "til": "to",
    "cc": "cc",
    "kopi": "cc",
    "reply-to": "reply_to",
    "svar til": "reply_to",
}
_HEADER_LINE = re.compile(r"^\s*\**\s*([A-Za-zæøåÆØÅ -]{2,12}?)\s*:\**\s*(.*)$")
MAX_HEADER_LINES = 12


@dataclass(frozen=True)
class InlineForward:
    """The original message's header lines found in a forwarded body, and its own text."""

    sender_name: str
    sender_email: str  # lower case; "" when the client wrote only a name
    date_text: str
    date: datetime | None  # aware UTC, None when `date_text` cannot be read
    subject: str
    body: str  # the original message's text (below its header lines)


def _unquote(line: str) -> str:
    return re.sub(r"^(?:>\s?)+", "", line)


def find_inline_forwards(body: str) -> list[InlineForward]:
    """Every forward block in `body`, outermost first (a forward of a forward gives two)."""
    lines = [_unquote(line.rstrip("\r")) for line in body.split("\n")]
    found: list[InlineForward] = []
    for index, line in enumerate(lines):
        if not any(marker.match(line.strip()) for marker in _MARKERS):
            continue
        headers, end = _headers_after(lines, index + 1)
        if "from" not in headers:
            continue  # a rule line or a quote, not a forward
        name, addr = _address(headers["from"])
        date_text = headers.get("date", "")
        found.append(
            InlineForward(
                sender_name=name,
                sender_email=addr,
                date_text=date_text,
                date=parse_mail_date(date_text) if date_text else None,
                subject=headers.get("subject", ""),
                body="\n".join(lines[end:]).strip(),
            )
        )
    return found


def _headers_after(lines: list[str], start: int) -> tuple[dict[str, str], int]:
    """The `Key: value` lines after a marker (blank lines before them are skipped)."""
    index = start
    while index < len(lines) and not lines[index].strip():
        index += 1
    headers: dict[str, str] = {}
    last_key = ""
    read = 0
    while index < len(lines) and read < MAX_HEADER_LINES:
        line = lines[index]
        if not line.strip():
            break
        match = _HEADER_LINE.match(line)
        key = _KEYS.get(match.group(1).strip().lower()) if match else None
        if match and key:
            headers.setdefault(key, match.group(2).replace("\t", " ").strip(" *"))
            last_key = key
        elif last_key and line[:1] in (" ", "\t"):  # a folded (continued) header line
            headers[last_key] += " " + line.strip()
        else:
            break
        index += 1
        read += 1
    return headers, index


def _address(value: str) -> tuple[str, str]:
    """(name, e-mail) from `Name <a@b>`, `Name [mailto:a@b]`, `a@b` or only a name."""
    value = re.sub(r"\[mailto:([^\]]+)\]", r"<\1>", value).strip()
    pairs = getaddresses([value])
    if pairs and "@" in pairs[0][1]:
        name, addr = pairs[0]
        return name.strip().strip('"'), addr.strip().lower()
    bare = re.search(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", value)
    if bare:
        return value.replace(bare.group(0), "").strip(" <>\"'()"), bare.group(0).lower()
    return value.strip(" \"'"), ""
