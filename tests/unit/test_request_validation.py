"""What the user types into a request: every rejection says why."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ekko_tui.domain.requests import (
    MAX_MESSAGE_CHARS,
    ValidationError,
    parse_channel,
    parse_date,
    parse_received,
    parse_types,
    validate_new_request,
)

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def _validate(**kw):
    fields = dict(
        received="2026-11-24 14:05",
        channel="email",
        types="access",
        requester_name="Åse",
        requester_contact="",
        message="",
    )
    fields.update(kw)
    return validate_new_request(now=NOW, **fields)


def test_received_is_oslo_time_converted_to_utc() -> None:
    assert parse_received("2026-11-24 14:05", now=NOW) == datetime(2026, 11, 24, 13, 5, tzinfo=UTC)
    assert parse_received("2026-07-01T00:30", now=NOW) == datetime(2026, 6, 30, 22, 30, tzinfo=UTC)
    assert parse_received("2026-11-24", now=NOW) == datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
    assert parse_received("2026-11-24T14:05:00+00:00", now=NOW) == datetime(
        2026, 11, 24, 14, 5, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Give the time"),
        ("2026-02-30 10:00", "not a date and time that exists"),
        ("2026-02-30", "not a date that exists"),
        ("2026-11-24 25:00", "not a date and time that exists"),
        ("yesterday", "write it as YYYY-MM-DD HH:MM"),
        ("24/11/2026", "write it as YYYY-MM-DD HH:MM"),
        ("31.11.2026 10:00", "not a date that exists"),
        ("2026-12-24 10:00", "in the future"),
        ("2017-05-01 10:00", "GDPR applies from 2018"),
    ],
)
def test_bad_receipt_times(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        parse_received(text, now=NOW)
    assert info.value.field == "received"


def test_types_and_channels_accept_codes_and_norwegian_words() -> None:
    assert parse_types("sletting, innsyn") == ("access", "erasure")
    assert parse_types(["unsubscribe", "portability"]) == ("portability", "objection")
    assert parse_channel("E-mail") == "email"
    with pytest.raises(ValidationError, match="Unknown request type 'hugs'"):
        parse_types("access,hugs")
    with pytest.raises(ValidationError, match="at least one"):
        parse_types("")
    with pytest.raises(ValidationError, match="Unknown channel 'pigeon'"):
        parse_channel("pigeon")


def test_names_keep_markup_emoji_and_rtl_but_lose_control_characters() -> None:
    new = _validate(requester_name="  <b>Lise</b> & Co 🙂 يوسف\x07 ", message="Hei\r\nhei\x00")
    assert new.requester_name == "<b>Lise</b> & Co 🙂 يوسف"
    assert new.message == "Hei\nhei"


def test_requester_needs_a_name_or_contact_and_a_valid_email() -> None:
    with pytest.raises(ValidationError, match="name or contact"):
        _validate(requester_name=" ", requester_contact="")
    with pytest.raises(ValidationError, match="not a valid e-mail"):
        _validate(requester_contact="ase@@example.no")
    assert _validate(requester_contact="+47 912 34 567").requester_contact == "+47 912 34 567"
    assert _validate(requester_contact="fb: åse.b").requester_contact == "fb: åse.b"
    assert _validate(requester_contact="@ase.insta").requester_contact == "@ase.insta"


def test_a_one_megabyte_message_is_accepted_and_a_huge_one_refused() -> None:
    assert len(_validate(message="ø" * 1_000_000).message) == 1_000_000
    with pytest.raises(ValidationError, match="limit is"):
        _validate(message="x" * (MAX_MESSAGE_CHARS + 1))


def test_parse_date() -> None:
    assert parse_date(" 2026-01-12 ", "d").isoformat() == "2026-01-12"
    with pytest.raises(ValidationError, match="not a date that exists"):
        parse_date("2026-02-29", "d")
    assert parse_date("12.01.2026", "d").isoformat() == "2026-01-12"  # Norwegian, day first
    with pytest.raises(ValidationError, match="YYYY-MM-DD") as info:
        parse_date("12/01/2026", "d")
    assert info.value.field == "d"
