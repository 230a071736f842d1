"""Register rules: org. number check digits, field validation, and each warning from a fixed day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ekko_tui.domain.register_entries import (
    parse_bases,
    validate_activity,
    validate_controller,
    validate_cookie,
)
from ekko_tui.domain.registers import (
    ProcessorFields,
    add_months,
    normalize_org_nr,
    processor_warnings,
    valid_norwegian_org_nr,
    validate_processor,
    warning_summary,
)
from ekko_tui.domain.requests import ValidationError

TODAY = date(2026, 11, 25)

CLEAN = ProcessorFields(
    key="kajabi",
    system="kajabi",
    name="Kajabi LLC",
    entity="Kajabi, LLC",
    role="processor",
    org_nr="",
    country="US",
    service="Courses",
    data_categories="Name, e-mail",
    subject_categories="Customers",
    dpa_status="signed",
    dpa_date=date(2021, 9, 27),
    dpa_link="",
    safeguard="scc",
    dpf_checked_on=None,
    subprocessor_link="",
    subprocessors_checked_on=None,
    privacy_contact="privacy@kajabi.com",
    next_review=date(2027, 1, 1),
    sources="",
    note="",
)


def kinds(p: ProcessorFields) -> list[str]:
    return [w.kind for w in processor_warnings(p, TODAY)]


def form(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        k: (v.isoformat() if isinstance(v, date) else v) for k, v in CLEAN.__dict__.items()
    }
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("org_nr", "ok"),
    [
        ("917884757", True),  # EKKO AS
        ("917884758", False),  # wrong check digit
        ("91788475", False),  # eight digits
        ("91788475A", False),
        ("123456785", True),  # weighted sum 138, 138 % 11 = 6, 11 - 6 = 5
    ],
)
def test_mod11(org_nr: str, ok: bool) -> None:
    assert valid_norwegian_org_nr(org_nr) is ok


def test_check_digit_ten_means_no_valid_number() -> None:
    # 00000006: weighted sum 12, 12 % 11 = 1, 11 - 1 = 10: no ninth digit makes it valid.
    assert not any(valid_norwegian_org_nr(f"00000006{d}") for d in range(10))


def test_normalize_org_nr() -> None:
    assert normalize_org_nr("NO 917 884 757 MVA") == "917884757"
    assert normalize_org_nr(" 917.884.757 ") == "917884757"
    assert normalize_org_nr("HRB 1234") == "HRB 1234"


def test_clean_entry_has_no_warnings() -> None:
    assert processor_warnings(CLEAN, TODAY) == ()
    assert warning_summary(()) == "no warnings"


@pytest.mark.parametrize("status", ["missing", "draft", "sent", "expired", "unknown"])
def test_dpa_warning_unless_signed(status: str) -> None:
    assert kinds(replace(CLEAN, dpa_status=status, dpa_date=None)) == ["dpa"]


def test_eea_recipient_category_with_unknown_safeguard_is_not_a_transfer() -> None:
    p = replace(CLEAN, role="recipient", country="NO", safeguard="unknown", dpa_status="unknown")
    assert kinds(p) == []


def test_dpa_not_needed_for_a_recipient_or_independent_controller() -> None:
    for role in ("recipient", "independent_controller"):
        assert kinds(replace(CLEAN, role=role, dpa_status="not_required", dpa_date=None)) == []


def test_joint_controller_needs_the_art_26_arrangement() -> None:
    warnings = processor_warnings(
        replace(CLEAN, role="joint_controller", dpa_status="unknown"), TODAY
    )
    assert [w.message for w in warnings] == ["Art. 26 arrangement status unknown — check"]


@pytest.mark.parametrize(
    ("country", "safeguard", "warns"),
    [
        ("US", "none", True),
        ("US", "unknown", True),
        ("US", "scc", False),
        ("US", "dpf", False),  # DPF has its own check date warning, tested below
        ("NO", "eea", False),
        ("IE", "eea", False),
        ("JP", "adequacy", False),
        ("", "unknown", True),  # unknown country: check where the data goes
        ("", "eea", True),
        ("IN", "adequacy", True),
        ("IE", "unknown", True),  # EEA entity, onward transfer not known
        ("IE", "dpf", False),  # EEA entity sending on to a DPF-listed parent
    ],
)
def test_transfer_warning(country: str, safeguard: str, warns: bool) -> None:
    p = replace(CLEAN, country=country, safeguard=safeguard, dpf_checked_on=TODAY)
    assert ("transfer" in kinds(p)) is warns


@pytest.mark.parametrize(
    ("checked", "warns"),
    [
        (None, True),
        (date(2025, 11, 24), True),  # more than 12 months before 25 Nov 2026
        (date(2025, 11, 25), False),  # exactly 12 months
        (date(2026, 6, 1), False),
    ],
)
def test_dpf_check_older_than_12_months(checked: date | None, warns: bool) -> None:
    p = replace(CLEAN, safeguard="dpf", dpf_checked_on=checked)
    assert kinds(p) == (["dpf"] if warns else [])


@pytest.mark.parametrize(
    ("review", "warns"),
    [(None, True), (date(2026, 11, 24), True), (TODAY, False), (date(2027, 3, 1), False)],
)
def test_review_overdue(review: date | None, warns: bool) -> None:
    assert kinds(replace(CLEAN, next_review=review)) == (["review"] if warns else [])


def test_summary_counts_each_kind() -> None:
    bad = replace(CLEAN, dpa_status="missing", dpa_date=None, safeguard="none", next_review=None)
    warnings = processor_warnings(bad, TODAY) + processor_warnings(CLEAN, TODAY)
    assert warning_summary(warnings) == (
        "1 no signed DPA · 1 third-country transfer without safeguard · 1 review overdue or not set"
    )


def test_valid_form_round_trips() -> None:
    assert validate_processor(form(), today=TODAY) == CLEAN


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": "  "}, "name", "Name is required"),
        ({"country": "NO", "safeguard": "eea", "org_nr": "917884758"}, "org_nr", "MOD11"),
        ({"dpa_date": "27/09/2021"}, "dpa_date", "YYYY-MM-DD"),
        ({"dpa_date": "2021-02-30"}, "dpa_date", "not a date that exists"),
        ({"dpa_date": ""}, "dpa_date", "signed agreement needs the date"),
        ({"dpa_date": "2027-01-01"}, "dpa_date", "in the future"),
        ({"dpa_status": "unknown"}, "dpa_date", "has no date"),
        ({"safeguard": "eea"}, "safeguard", "outside the EEA"),
        ({"safeguard": "adequacy"}, "safeguard", "choose EU–US DPF"),
        ({"dpf_checked_on": "2026-01-01"}, "dpf_checked_on", "only for the EU–US DPF"),
        ({"next_review": "next year"}, "next_review", "YYYY-MM-DD"),
        ({"country": "USA"}, "country", "two-letter"),
        ({"key": "Kajabi LLC"}, "key", "lower-case"),
        ({"role": "boss"}, "role", "Role: choose one of"),
        ({"dpa_link": "kajabi.com/dpa"}, "dpa_link", "https://"),
        ({"privacy_contact": "privacy@@kajabi.com"}, "privacy_contact", "not a valid e-mail"),
    ],
)
def test_invalid_fields_are_refused_with_a_message(
    changes: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as err:
        validate_processor(form(**changes), today=TODAY)
    assert err.value.field == field
    assert words in err.value.message


def test_norwegian_org_nr_is_normalised() -> None:
    f = validate_processor(form(country="NO", safeguard="eea", org_nr="917 884 757"), today=TODAY)
    assert f.org_nr == "917884757"


def test_lawful_bases() -> None:
    assert parse_bases("f, b") == ("b", "f")
    assert parse_bases("6(1)(c)") == ("c",)
    with pytest.raises(ValidationError, match="not one of a-f"):
        parse_bases("b,g")
    with pytest.raises(ValidationError, match="required"):
        parse_bases("")


def test_activity_recipients_must_be_in_the_register() -> None:
    values = {
        "key": "bookkeeping",
        "name": "Bookkeeping",
        "purpose": "Accounts",
        "lawful_basis": "c",
        "data_categories": "Invoices",
        "subject_categories": "Customers",
        "recipients": "fiken, nobody",
    }
    with pytest.raises(ValidationError) as err:
        validate_activity(values, known_recipients={"fiken"})
    assert err.value.field == "recipients" and "nobody" in err.value.message
    values["recipients"] = ["fiken"]
    assert validate_activity(values, known_recipients={"fiken"}).recipients == ("fiken",)


def test_only_necessary_cookies_skip_consent() -> None:
    values = {"key": "ga", "name": "GA", "provider": "google", "category": "statistics"}
    with pytest.raises(ValidationError, match="Only strictly necessary"):
        validate_cookie({**values, "consent_required": False}, known_providers={"google"})
    assert validate_cookie({**values, "consent_required": True}, known_providers={"google"})


def test_controller_profile_checks_org_nr_and_email() -> None:
    base = {"name": "EKKO AS", "org_nr": "917884757", "postcode": "1535", "email": ""}
    assert validate_controller(base).email == ""
    with pytest.raises(ValidationError, match="not an e-mail"):
        validate_controller({**base, "email": "post@ipogs..no"})
    with pytest.raises(ValidationError, match="MOD11"):
        validate_controller({**base, "org_nr": "917884750"})


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 25), -12) == date(2025, 11, 25)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_activity_warnings_name_missing_parts_and_unsafe_recipients() -> None:
    from ekko_tui.domain.register_entries import ActivityFields, activity_warnings

    a = ActivityFields(
        key="x",
        name="X",
        purpose="p",
        lawful_basis=("b",),
        basis_note="",
        data_categories="d",
        subject_categories="s",
        recipients=("zoom",),
        retention="",
        source="The customer",
        security="",
    )
    assert activity_warnings(a) == ("No retention rule",)
    assert activity_warnings(a, ["Zoom"]) == (
        "No retention rule",
        "Transfer without known safeguard: Zoom",
    )


def test_empty_key_is_made_from_the_name() -> None:
    f = validate_processor(form(key="", system="", name="Rådgiver Ærø & Søn AS"), today=TODAY)
    assert (f.key, f.system) == ("raadgiver_aero_son_as", "raadgiver_aero_son_as")
