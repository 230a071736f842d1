"""Test e-mails written by the tests: forwards in every client style, in bokmål and English.

The scenario of issue 14: Kari's request reached EKKO on Saturday 31 October 2026 at 22:41
(Oslo); Lars Erik forwarded it from post@ipogs.no on Monday 23 November. The deadline runs
from 31 October (→ Monday 30 November), never from the forward (→ 23 December).
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP

OWN = "post@ipogs.no"
ORIGINAL_FROM = "Kari Nordmann <kari@example.no>"
ORIGINAL_BODY = "Hei,\nslett alt dere har om meg, og avmeld meg nyhetsbrevet.\nMvh Kari"
FORWARD_DATE = "Mon, 23 Nov 2026 09:12:00 +0100"
EXPECTED_DEADLINE = "2026-11-30"

_INLINE: dict[tuple[str, str], str] = {
    ("gmail", "en"): (
        "---------- Forwarded message ---------\n"
        f"From: {ORIGINAL_FROM}\n"
        "Date: Sat, Oct 31, 2026 at 10:41 PM\n"
        "Subject: Slett meg\n"
        f"To: <{OWN}>\n"
    ),
    ("gmail", "nb"): (
        "---------- Videresendt melding ---------\n"
        f"Fra: {ORIGINAL_FROM}\n"
        "Date: lør. 31. okt. 2026 kl. 22:41\n"
        "Subject: Slett meg\n"
        f"To: <{OWN}>\n"
    ),
    ("outlook", "en"): (
        "________________________________\n"
        f"From: {ORIGINAL_FROM}\n"
        "Sent: Saturday, October 31, 2026 10:41 PM\n"
        f"To: {OWN}\n"
        "Subject: Slett meg\n"
    ),
    ("outlook", "nb"): (
        "________________________________\n"
        f"Fra: {ORIGINAL_FROM}\n"
        "Sendt: lørdag 31. oktober 2026 22:41\n"
        f"Til: {OWN}\n"
        "Emne: Slett meg\n"
    ),
    ("apple", "en"): (
        "Begin forwarded message:\n\n"
        f"From: {ORIGINAL_FROM}\n"
        "Subject: Slett meg\n"
        "Date: 31 October 2026 at 22:41:00 CET\n"
        f"To: {OWN}\n"
    ),
    ("apple", "nb"): (
        "Start på videresendt melding:\n\n"
        f"Fra: {ORIGINAL_FROM}\n"
        "Emne: Slett meg\n"
        "Dato: 31. oktober 2026 kl. 22:41:00 CET\n"
        f"Til: {OWN}\n"
    ),
    ("thunderbird", "en"): (
        "-------- Forwarded Message --------\n"
        "Subject: \tSlett meg\n"
        "Date: \tSat, 31 Oct 2026 22:41:00 +0100\n"
        f"From: \t{ORIGINAL_FROM}\n"
        f"To: \t{OWN}\n"
    ),
    ("thunderbird", "nb"): (
        "-------- Videresendt melding --------\n"
        "Emne: \tSlett meg\n"
        "Dato: \t31.10.2026 22:41\n"
        f"Fra: \t{ORIGINAL_FROM}\n"
        f"Til: \t{OWN}\n"
    ),
}
STYLES = sorted(_INLINE)


def mail(
    *,
    sender: str,
    subject: str,
    body: str,
    date: str | None = "Tue, 24 Nov 2026 08:30:00 +0100",
    message_id: str | None = None,
    received: str | None = None,
) -> bytes:
    msg = EmailMessage()
    if received:
        msg["Received"] = received
    msg["From"] = sender
    msg["To"] = OWN
    if date:
        msg["Date"] = date
    msg["Subject"] = subject
    if message_id:
        msg["Message-ID"] = message_id
    msg.set_content(body)
    return msg.as_bytes(policy=SMTP)


def inline_forward(style: str, lang: str, *, message_id: str = "", date_line: str = "") -> bytes:
    """Lars Erik's forward of Kari's request, written as `style` writes it in `lang`."""
    block = _INLINE[(style, lang)]
    if date_line:
        block = "\n".join(
            date_line if line.split(":")[0].strip() in ("Date", "Dato", "Sent", "Sendt") else line
            for line in block.split("\n")
        )
    intro = "Se under." if lang == "nb" else "See below."
    prefix = "VS" if lang == "nb" and style == "outlook" else "Fwd"
    return mail(
        sender=f"Lars Erik Echoldt <{OWN}>",
        subject=f"{prefix}: Slett meg",
        body=f"{intro}\n\n{block}\n{ORIGINAL_BODY}\n\nSendt fra min iPhone",
        date=FORWARD_DATE,
        message_id=message_id or f"<fwd-{style}-{lang}@ipogs.no>",
    )


def attachment_forward(lang: str = "nb", *, original_date: str | None = None) -> bytes:
    """The same forward with the original attached as message/rfc822 (its own headers)."""
    original = EmailMessage()
    original["From"] = ORIGINAL_FROM
    original["To"] = OWN
    original["Date"] = original_date or "Sat, 31 Oct 2026 22:41:00 +0100"
    original["Subject"] = "Slett meg"
    original["Message-ID"] = "<original-kari@example.no>"
    original.set_content(ORIGINAL_BODY)
    outer = EmailMessage()
    outer["From"] = f"Lars Erik Echoldt <{OWN}>"
    outer["To"] = OWN
    outer["Date"] = FORWARD_DATE
    outer["Subject"] = "VS: Slett meg" if lang == "nb" else "Fwd: Slett meg"
    outer["Message-ID"] = f"<fwd-attachment-{lang}@ipogs.no>"
    outer.set_content("Se vedlegg." if lang == "nb" else "See attached.")
    outer.add_attachment(original)
    return outer.as_bytes(policy=SMTP)
