"""Parsing saved and forwarded e-mails into request fields."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ekko_tui.domain.eml import EmlError, html_to_text, parse_eml

PLAIN = (
    b"From: =?utf-8?q?=C3=85se_Bj=C3=B8rnstad?= <Ase.Bjornstad@Example.NO>\r\n"
    b"To: post@ipogs.no\r\n"
    b"Date: Sat, 31 Jan 2026 23:30:00 +0100\r\n"
    b"Subject: =?utf-8?q?Innsyn_i_opplysninger_om_meg?=\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n\r\n"
    b"Hei,\r\njeg vil vite hva dere har lagret om meg. \xf0\x9f\x99\x82\r\n"
)


def test_plain_mail_with_encoded_headers() -> None:
    mail = parse_eml(PLAIN)
    assert mail.sender_name == "Åse Bjørnstad"
    assert mail.sender_email == "ase.bjornstad@example.no"
    assert mail.received_at == datetime(2026, 1, 31, 22, 30, tzinfo=UTC)
    assert mail.subject == "Innsyn i opplysninger om meg"
    assert mail.body == "Hei,\njeg vil vite hva dere har lagret om meg. 🙂"
    assert mail.attachments == ()


def test_raw_utf8_and_cp1252_headers() -> None:
    utf8 = "From: Kåre Ås <kare@example.no>\nSubject: Slett meg\n\nTekst\n".encode()
    assert parse_eml(utf8).sender_name == "Kåre Ås"
    cp = "From: Kåre Ås <kare@example.no>\nSubject: Sletting\n\nTekst\n".encode("cp1252")
    assert parse_eml(cp).sender_name == "Kåre Ås"


def test_html_only_mail_becomes_text_and_attachments_are_listed() -> None:
    raw = (
        b"From: Ola <ola@example.no>\n"
        b"Date: Mon, 12 Jan 2026 09:00:00 +0000\n"
        b"MIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="XX"\n\n'
        b"--XX\n"
        b"Content-Type: text/html; charset=utf-8\n\n"
        b"<html><head><style>p{color:red}</style></head><body><p>Slett meg, takk.</p>"
        b"<p>Mvh&nbsp;Ola &amp; familien<br>Moss</p><script>alert(1)</script></body></html>\n"
        b"--XX\n"
        b"Content-Type: application/pdf\n"
        b'Content-Disposition: attachment; filename="pass.pdf"\n'
        b"Content-Transfer-Encoding: base64\n\n"
        b"JVBERi0xLjQK\n"
        b"--XX--\n"
    )
    mail = parse_eml(raw)
    assert mail.body == "Slett meg, takk.\n\nMvh Ola & familien\nMoss"
    assert mail.attachments == ("pass.pdf (application/pdf, 9 bytes)",)


def test_contact_form_mail_uses_reply_to() -> None:
    raw = (
        b"From: WordPress <noreply@ipogs.no>\nReply-To: Nina <nina@example.no>\n"
        b"Subject: Kontaktskjema\n\nJeg vil ha innsyn.\n"
    )
    mail = parse_eml(raw)
    assert (mail.sender_name, mail.sender_email) == ("Nina", "nina@example.no")
    assert mail.received_at is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"%PDF-1.4\x00\x00binary", "binary"),
        (b"Just some notes\nwithout headers\n", "No From header"),
        (b"From: \nSubject: x\n\nbody", "no e-mail address"),
    ],
)
def test_malformed_files_are_refused_with_a_reason(raw: bytes, message: str) -> None:
    with pytest.raises(EmlError, match=message):
        parse_eml(raw)


def test_html_to_text_keeps_markup_characters_literal() -> None:
    assert html_to_text("<p>&lt;b&gt;fet&lt;/b&gt; &amp; mer</p>") == "<b>fet</b> & mer"
