"""Amounts and dates as exports write them (issue 13): table-driven."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from ekko_tui.domain.export_values import OSLO, parse_amount, parse_moment, to_minor
from ekko_tui.domain.record_fields import column_category, mask_card_number, row_fields


@pytest.mark.parametrize(
    ("raw", "amount", "currency"),
    [
        ("1490.00", "1490.00", ""),
        ("2990", "2990", ""),
        ("1 490,00", "1490.00", ""),
        ("1\u00a0490,00", "1490.00", ""),
        ("1\u202f490,00", "1490.00", ""),
        ("kr 1 490,00", "1490.00", "NOK"),
        ("kr. 1 490,00", "1490.00", "NOK"),
        ("1 490,00 kr", "1490.00", "NOK"),
        ("-1 490,00", "-1490.00", ""),
        ("−1 490,00", "-1490.00", ""),
        ("kr -1 490,00", "-1490.00", "NOK"),
        ("(1 490,00)", "-1490.00", ""),
        ("1.490,00", "1490.00", ""),
        ("1,490.00", "1490.00", ""),
        ("1,490", "1490", ""),
        ("12,5", "12.5", ""),
        ("$242.00", "242.00", "USD"),
        ("NOK 99", "99", "NOK"),
        ("0,00", "0.00", ""),
    ],
)
def test_amounts(raw, amount, currency):
    assert parse_amount(raw) == (Decimal(amount), currency)


@pytest.mark.parametrize("raw", ["", "abc", "1,2,3x", "kr", "--", "12:30"])
def test_not_amounts(raw):
    with pytest.raises(ValueError):
        parse_amount(raw)


def test_minor_units_round_half_up():
    assert to_minor(Decimal("1490.005")) == 149001
    assert to_minor(Decimal("-14.90")) == -1490


NY = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("raw", "zone", "moment", "day"),
    [
        # Stripe: UTC; a payment at 23:30 UTC on 31 Dec is 1 January in Oslo.
        ("2023-12-31 23:30:00", UTC, datetime(2023, 12, 31, 23, 30, tzinfo=UTC), date(2024, 1, 1)),
        ("2023-06-01 09:15", UTC, datetime(2023, 6, 1, 9, 15, tzinfo=UTC), date(2023, 6, 1)),
        # Kajabi: the site's offset is in the text; the zone given does not matter.
        (
            "2025-11-08 04:11:00 +0100",
            UTC,
            datetime(2025, 11, 8, 3, 11, tzinfo=UTC),
            date(2025, 11, 8),
        ),
        # Zoom: the host's zone.
        (
            "03/22/2025 07:01:00 PM",
            OSLO,
            datetime(2025, 3, 22, 18, 1, tzinfo=UTC),
            date(2025, 3, 22),
        ),
        ("03/22/2025 07:01:00 PM", NY, datetime(2025, 3, 22, 23, 1, tzinfo=UTC), date(2025, 3, 23)),
        (
            "03/22/2025 12:10:00 AM",
            OSLO,
            datetime(2025, 3, 21, 23, 10, tzinfo=UTC),
            date(2025, 3, 22),
        ),
        (
            "Mar 22, 2025 19:13:27",
            OSLO,
            datetime(2025, 3, 22, 18, 13, 27, tzinfo=UTC),
            date(2025, 3, 22),
        ),
        # Fiken: a date alone.
        ("2.9.2023", OSLO, None, date(2023, 9, 2)),
        ("31.12.2023", OSLO, None, date(2023, 12, 31)),
        ("2024-02-29", OSLO, None, date(2024, 2, 29)),
    ],
)
def test_moments(raw, zone, moment, day):
    assert parse_moment(raw, zone) == (moment, day)


@pytest.mark.parametrize(
    "raw",
    [
        "31.02.2023",
        "2023-02-29",
        "13/01/2025 10:00:00 AM",
        "yesterday",
        "Foo 1, 2024",
        "00/00/0000",
    ],
)
def test_dates_that_do_not_exist(raw):
    with pytest.raises(ValueError):
        parse_moment(raw, OSLO)


@pytest.mark.parametrize(
    ("header", "category"),
    [
        ("Email", "contact"),
        ("Customer Email", "contact"),
        ("Telefonnummer (phone_number)", "contact"),
        ("Adresse (address_line_1)", "address"),
        ("Card Last4", "card"),
        ("Card Exp Month", "card"),
        ("Card Address Zip", "card"),
        ("Products", "purchases"),
        ("Tags", "tags"),
        ("Last Sign In At", "login"),
        ("Hvordan fant du oss? (custom_1)", "form"),
        ("OPTIN_TIME", "consent"),
        ("CONFIRM_IP", "consent"),
        ("Checkout Promotional Consent", "consent"),
        ("Amount Refunded", "payments"),
        ("Statement Descriptor", "payments"),
        ("Brutto", "payments"),
        ("NOTES", "free_text"),
        ("Skostørrelse", "other"),
        ("favourite_colour (metadata)", "other"),
    ],
)
def test_column_categories(header, category):
    assert column_category(header) == category


def test_card_numbers_never_kept_whole():
    assert mask_card_number("4111 1111 1111 1111") == "•••• 1111"
    assert mask_card_number("4111-1111-1111-1111") == "•••• 1111"
    assert mask_card_number("4242") == "4242"
    assert mask_card_number("+47 912 34 567") == "+47 912 34 567"  # 10 digits: not a card
    fields = tuple(
        row_fields(("Card Number", "Note"), ("card", "other"), ("5555555555554444", "x"))
    )
    assert fields == (("card", "Card Number", "•••• 4444"), ("other", "Note", "x"))


def test_row_longer_than_header_keeps_extra_cells():
    assert tuple(row_fields(("A",), ("other",), ("1", "", "3"))) == (
        ("other", "A", "1"),
        ("other", "column 3", "3"),
    )
