"""Identifiers as they arrive in exports → one normal form; Norwegian folding; query parsing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekko_tui.domain import search_ranking as rank
from ekko_tui.domain import subjects as ds


@pytest.mark.parametrize(
    "raw",
    [
        "+4791234567",
        "+47 912 34 567",
        "912 34 567",
        "91234567",
        "0047 91234567",
        "4791234567",
        "tlf: 912 34 567",
        "Mobil: 912-34-567",
        "+47 (0) 912 34 567",
    ],
)
def test_norwegian_phone_forms_become_e164(raw: str) -> None:
    assert ds.normalize_phone(raw) == "+4791234567"


def test_foreign_phone_keeps_its_country() -> None:
    assert ds.normalize_phone("+46 70 123 45 67") == "+46701234567"
    assert ds.normalize_phone("0046 70 123 45 67") == "+46701234567"


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("4,79123E+09", "scientific notation"),
        ("9123456", "no country code"),
        ("+47 912 34 56 78", r"8 digits after \+47"),
        ("ring meg", "not a phone number"),
        ("", "no country code"),
    ],
)
def test_bad_phones_say_why(raw: str, why: str) -> None:
    with pytest.raises(ds.IdentifierError, match=why):
        ds.normalize_phone(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ola.Nordmann@Example.NO ", "ola.nordmann@example.no"),
        ("ola@example.no\u200b", "ola@example.no"),
        ("<OLA@EXAMPLE.NO>", "ola@example.no"),
        ("mailto:ola@example.no", "ola@example.no"),
        ("\ufeffola@example.no", "ola@example.no"),
    ],
)
def test_emails_are_normalised(raw: str, expected: str) -> None:
    assert ds.normalize_email(raw) == expected


@pytest.mark.parametrize(
    "raw", ["ola@@example.no", "ola..n@example.no", "ola@example", "ola", "ola@ex ample.no", ""]
)
def test_bad_emails_are_refused(raw: str) -> None:
    with pytest.raises(ds.IdentifierError):
        ds.normalize_email(raw)


def test_birth_dates() -> None:
    assert ds.normalize_birth_date("14.03.1985") == "1985-03-14"
    assert ds.normalize_birth_date("1985-3-4") == "1985-03-04"
    assert ds.display("birth_date", "1985-03-14") == "14.03.1985"
    with pytest.raises(ds.IdentifierError, match="exists"):
        ds.normalize_birth_date("30.02.1990")
    with pytest.raises(ds.IdentifierError, match="cannot be a birth date"):
        ds.normalize_birth_date("2027-01-01", today=date(2026, 11, 25))


def test_surname_first_is_swapped_once() -> None:
    assert ds.swap_surname_first("Håland, Bjørn") == "Bjørn Håland"
    assert ds.swap_surname_first("Bjørn Håland") == "Bjørn Håland"
    assert ds.swap_surname_first("A, B, C") == "A, B, C"


@pytest.mark.parametrize(
    ("text", "short", "long"),
    [
        ("Ørjan", "orjan", "oerjan"),
        ("Åse", "ase", "aase"),
        ("Bærum", "baerum", "baerum"),
        ("ÆRØ", "aero", "aeroe"),
        ("Čáhppes Đuolbbas", "cahppes duolbbas", "cahppes duolbbas"),
    ],
)
def test_folding(text: str, short: str, long: str) -> None:
    assert ds.fold(text) == short
    assert ds.fold_long(text) == long


def test_search_forms_hold_the_word_as_written_and_folded() -> None:
    assert ds.search_forms("name", "Åse Ås") == ("åse ås", "ase as", "aase aas")
    assert ds.search_forms("phone", "+4791234567") == ("4791234567", "91234567")
    assert "14.03.1985" in ds.search_forms("birth_date", "1985-03-14")


def test_phone_queries_become_digits() -> None:
    assert rank.parse_query("+47 912 34").words == ("4791234",)
    assert rank.parse_query("0047 912").words == ("47912",)
    assert rank.parse_query("Bjorn  Haland").words == ("bjorn", "haland")
    assert rank.parse_query("   ").is_empty


@given(st.text(max_size=40), st.sampled_from(["name", "email", "external_id"]))
def test_search_forms_are_the_text_as_written_and_both_foldings(text: str, kind: str) -> None:
    # The index holds these three spellings (ASCII text has one: it folds to itself).
    expected = dict.fromkeys(f for f in (text.casefold(), ds.fold(text), ds.fold_long(text)) if f)
    assert ds.search_forms(kind, text) == tuple(expected)
