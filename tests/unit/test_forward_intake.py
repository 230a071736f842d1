"""Forwarded mail, own addresses and dates that cannot be the receipt (domain, no database)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ekko_tui.domain.eml import EmlError, parse_eml
from ekko_tui.domain.forward import find_inline_forwards
from ekko_tui.domain.intake import FUTURE_SLACK, read_intake
from ekko_tui.domain.mail_dates import parse_mail_date
from ekko_tui.domain.type_words import suggest_types
from tests import mails

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
ORIGINAL = datetime(2026, 10, 31, 21, 41, tzinfo=UTC)  # 22:41 in Oslo (CET)
FORWARDED = datetime(2026, 11, 23, 8, 12, tzinfo=UTC)


def intake(raw: bytes, own: tuple[str, ...] = (mails.OWN,), now: datetime = NOW):
    return read_intake(parse_eml(raw), now=now, own_addresses=own)


@pytest.mark.parametrize(("style", "lang"), mails.STYLES)
def test_inline_forward_logs_the_original_sender_and_time(style: str, lang: str) -> None:
    got = intake(mails.inline_forward(style, lang))
    assert (got.requester_name, got.requester_contact) == ("Kari Nordmann", "kari@example.no")
    assert got.received_at == ORIGINAL
    assert got.forwarded is not None
    assert (got.forwarded.by, got.forwarded.at, got.forwarded.style) == (
        mails.OWN,
        FORWARDED,
        "inline",
    )
    assert got.subject == "Slett meg"
    assert got.body.startswith("Hei,\nslett alt") and "Forwarded" not in got.body
    assert got.warnings == () and got.date_warnings == ()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_forward_as_attachment_uses_the_attached_headers(lang: str) -> None:
    got = intake(mails.attachment_forward(lang))
    assert got.requester_contact == "kari@example.no" and got.received_at == ORIGINAL
    assert got.forwarded is not None and got.forwarded.style == "attachment"
    assert got.body.startswith("Hei,\nslett alt")


def test_unreadable_original_date_falls_back_to_the_forward_and_warns() -> None:
    got = intake(mails.inline_forward("gmail", "nb", date_line="Date: en gang i høst"))
    assert got.requester_contact == "kari@example.no"
    assert got.received_at == FORWARDED
    assert len(got.date_warnings) == 1 and "en gang i høst" in got.date_warnings[0]
    assert "earlier" in got.date_warnings[0]


def test_original_date_after_the_forward_is_not_believed() -> None:
    got = intake(
        mails.inline_forward("gmail", "nb", date_line="Date: lør. 28. nov. 2026 kl. 10:00")
    )
    assert got.received_at == FORWARDED and len(got.date_warnings) == 1


def test_own_address_is_never_the_requester() -> None:
    plain = mails.mail(sender=f"Lars Erik <{mails.OWN}>", subject="Notat", body="Husk å ringe")
    with pytest.raises(EmlError, match="own address post@ipogs.no"):
        intake(plain)
    # Not an own address when nothing says so: logged as from the sender.
    assert intake(plain, own=()).requester_contact == mails.OWN
    # Case and angle brackets do not hide an own address.
    with pytest.raises(EmlError):
        intake(plain, own=("<POST@IPOGS.no>",))


def test_a_forward_of_a_forward_skips_own_addresses() -> None:
    body = parse_eml(mails.inline_forward("gmail", "en")).body  # holds Kari's block
    twice = mails.mail(
        sender="Kollega <kollega@ipogs.no>",
        subject="Fwd: Fwd: Slett meg",
        body=(
            "---------- Forwarded message ---------\n"
            f"From: Lars Erik <{mails.OWN}>\nDate: Mon, Nov 23, 2026 at 9:12 AM\n"
            f"Subject: Fwd: Slett meg\n\n{body}"
        ),
        date="Tue, 24 Nov 2026 10:00:00 +0100",
    )
    got = intake(twice, own=(mails.OWN, "kollega@ipogs.no"))
    assert got.requester_contact == "kari@example.no" and got.received_at == ORIGINAL


def test_a_plain_mail_is_not_a_forward() -> None:
    raw = mails.mail(sender="Ola <ola@example.no>", subject="Innsyn", body="Hei\n____\nMvh Ola")
    got = intake(raw)
    assert got.forwarded is None and got.requester_contact == "ola@example.no"
    assert got.received_at == datetime(2026, 11, 24, 7, 30, tzinfo=UTC)


SERVER = "from mx.example.net by mx.domeneshop.no; Tue, 24 Nov 2026 08:31:05 +0100"


@pytest.mark.parametrize(
    ("date", "received", "expected", "warned"),
    [
        # A wrong clock in the future: the server's time, else now; never refused.
        (
            "Sat, 24 Nov 2029 08:30:00 +0100",
            SERVER,
            datetime(2026, 11, 24, 7, 31, 5, tzinfo=UTC),
            True,
        ),
        ("Sat, 24 Nov 2029 08:30:00 +0100", None, NOW, True),
        # Four minutes ahead is clock drift, not a wrong clock.
        ("Wed, 25 Nov 2026 10:04:00 +0100", None, datetime(2026, 11, 25, 9, 4, tzinfo=UTC), False),
        # Years before the server got it, or before 2018: the server's time when there is one.
        (
            "Mon, 1 Jan 1900 00:00:00 +0000",
            SERVER,
            datetime(2026, 11, 24, 7, 31, 5, tzinfo=UTC),
            True,
        ),
        (
            "Fri, 3 Mar 2017 10:00:00 +0100",
            SERVER,
            datetime(2026, 11, 24, 7, 31, 5, tzinfo=UTC),
            True,
        ),
        (
            "Tue, 24 Nov 2020 08:30:00 +0100",
            SERVER,
            datetime(2026, 11, 24, 7, 31, 5, tzinfo=UTC),
            True,
        ),
        # ... and without one the given date, with a warning the inbox shows.
        ("Fri, 3 Mar 2017 10:00:00 +0100", None, datetime(2017, 3, 3, 9, 0, tzinfo=UTC), True),
        # An unreadable Date: the server's time or now, with a warning.
        ("yesterday-ish", None, NOW, True),
        (None, SERVER, datetime(2026, 11, 24, 7, 31, 5, tzinfo=UTC), True),
        # An ordinary Date a minute before the server got it: believed, no warning.
        (
            "Tue, 24 Nov 2026 08:30:00 +0100",
            SERVER,
            datetime(2026, 11, 24, 7, 30, tzinfo=UTC),
            False,
        ),
    ],
)
def test_dates_that_cannot_be_the_receipt(date, received, expected, warned) -> None:
    raw = mails.mail(
        sender="Ola <ola@example.no>", subject="x", body="x", date=date, received=received
    )
    got = intake(raw)
    assert got.received_at == expected
    assert bool(got.date_warnings) is warned


def test_a_server_clock_in_the_future_is_not_trusted_either() -> None:
    wrong_server = "from a by b; Sat, 24 Nov 2029 08:31:05 +0100"
    raw = mails.mail(
        sender="Ola <ola@example.no>",
        subject="x",
        body="x",
        date="Sat, 24 Nov 2029 08:30:00 +0100",
        received=wrong_server,
    )
    assert intake(raw).received_at == NOW


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lør. 31. okt. 2026 kl. 22:41", datetime(2026, 10, 31, 21, 41, tzinfo=UTC)),
        ("fredag 16. oktober 2026 23:55", datetime(2026, 10, 16, 21, 55, tzinfo=UTC)),
        ("Friday, October 16, 2026 11:55 PM", datetime(2026, 10, 16, 21, 55, tzinfo=UTC)),
        ("laurdag 31. oktober 2026 kl. 22.41", datetime(2026, 10, 31, 21, 41, tzinfo=UTC)),
        ("31 October 2026 at 22:41:00 GMT+1", datetime(2026, 10, 31, 21, 41, tzinfo=UTC)),
        ("31. oktober 2026 kl. 22:41:00 CEST", datetime(2026, 10, 31, 20, 41, tzinfo=UTC)),
        ("Sat, 31 Oct 2026 22:41:00 -0500", datetime(2026, 11, 1, 3, 41, tzinfo=UTC)),
        ("16.10.2026 23:55", datetime(2026, 10, 16, 21, 55, tzinfo=UTC)),
        ("2026-07-01 00:30", datetime(2026, 6, 30, 22, 30, tzinfo=UTC)),  # summer time
        ("Thu, Jan 1, 2026 at 12:05 AM", datetime(2025, 12, 31, 23, 5, tzinfo=UTC)),
        ("31. feb. 2026 kl. 10:00", None),
        ("13:61 i går", None),
        ("", None),
    ],
)
def test_dates_as_mail_clients_write_them(text: str, expected: datetime | None) -> None:
    assert parse_mail_date(text) == expected


def test_from_without_address_and_empty_reply_to() -> None:
    with pytest.raises(EmlError, match=r"\(Just A Name\) has no e-mail address"):
        parse_eml(b"From: Just A Name\nSubject: Slett meg\n\nSlett meg\n")
    raw = b"From: Nina <nina@example.no>\nReply-To: <>\nSubject: x\n\ny\n"
    assert parse_eml(raw).sender_email == "nina@example.no"


def test_broken_base64_body_is_kept_raw_with_a_warning() -> None:
    raw = (
        b"From: Ola <ola@example.no>\nDate: Tue, 24 Nov 2026 08:30:00 +0100\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        b"SGVpLCBzbGV0dCBtZWc!!*broken*\n"
    )
    got = intake(raw)
    assert got.body == "SGVpLCBzbGV0dCBtZWc!!*broken*"
    assert any("base64" in w for w in got.warnings)


def test_two_thousand_nested_multiparts_are_refused() -> None:
    parts = [b'From: a <a@example.no>\nContent-Type: multipart/mixed; boundary="b0"\n\n']
    for i in range(1, 2000):
        parts.append(f'--b{i - 1}\nContent-Type: multipart/mixed; boundary="b{i}"\n\n'.encode())
    parts.append(b"--b1999\nContent-Type: text/plain\n\nhi\n")
    with pytest.raises(EmlError, match="more than 100 nested parts"):
        parse_eml(b"".join(parts))


def test_nynorsk_forward() -> None:
    raw = mails.mail(
        sender=f"Lars Erik <{mails.OWN}>",
        subject="Vs: Gløym meg",
        body=(
            "---------- Vidaresendt melding ---------\n"
            "Frå: Kari Nordmann <kari@example.no>\n"
            "Dato: laurdag 31. oktober 2026 kl. 22:41\n"
            "Emne: Gløym meg\n\n"
            "Eg vil at de slettar alt."
        ),
        date=mails.FORWARD_DATE,
    )
    got = intake(raw)
    assert (got.requester_contact, got.received_at) == ("kari@example.no", ORIGINAL)
    assert got.subject == "Gløym meg" and got.body == "Eg vil at de slettar alt."


def test_a_requester_who_forwards_is_the_requester() -> None:
    newsletter_forward = mails.mail(
        sender="Ola <ola@example.no>",
        subject="Fwd: Tilbud!",
        body=(
            "Avmeld meg, takk.\n\n---------- Forwarded message ---------\n"
            "From: Butikken <news@butikk.example>\nDate: Mon, Nov 2, 2026 at 8:00 AM\n"
            "Subject: Tilbud!\n\nKjøp nå"
        ),
    )
    got = intake(newsletter_forward)
    assert got.forwarded is None and got.requester_contact == "ola@example.no"
    assert got.received_at == datetime(2026, 11, 24, 7, 30, tzinfo=UTC)
    assert got.body.startswith("Avmeld meg")
    assert any("forwarded an earlier message of 2026-11-02 08:00" in w for w in got.warnings)
    # With no own address known yet, a forward is read as EKKO's (best effort).
    assert intake(newsletter_forward, own=()).requester_contact == "news@butikk.example"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_hostile_text_never_breaks_the_readers(text: str) -> None:
    moment = parse_mail_date(text)
    assert moment is None or moment.tzinfo is not None
    for block in find_inline_forwards(text):
        assert block.date is None or block.date.tzinfo is not None
    assert suggest_types(text, text).types


@settings(max_examples=100, deadline=None)
@given(
    header=st.sampled_from(["From", "Fra", "Date", "Dato", "Sendt", "Emne"]),
    value=st.text(max_size=80).filter(lambda v: "\n" not in v and "\r" not in v),
)
def test_any_forward_header_value_is_read_or_ignored(header: str, value: str) -> None:
    body = (
        "---------- Videresendt melding ---------\nFra: Kari <kari@example.no>\n"
        f"{header}: {value}\n\nTekst"
    )
    raw = mails.mail(sender=f"Lars <{mails.OWN}>", subject="VS", body=body, date=mails.FORWARD_DATE)
    got = intake(raw)
    assert got.received_at <= NOW + FUTURE_SLACK
    assert got.requester_contact == "kari@example.no"  # the first From line counts
