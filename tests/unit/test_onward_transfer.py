"""The register's onward transfer (an EEA entity sending the data on outside the EEA) and the
category reason: validated like every other field, refused with a message naming the field."""

from __future__ import annotations

import pytest

from ekko_tui.domain.registers import validate_processor
from ekko_tui.domain.requests import ValidationError

from .test_registers_domain import form


def test_onward_transfer_of_an_eea_entity_is_kept() -> None:
    p = validate_processor(
        form(country="IE", safeguard="dpf", onward_entity=" Stripe, Inc. ", onward_country="us")
    )
    assert (p.onward_entity, p.onward_country) == ("Stripe, Inc.", "US")


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"country": "IE", "safeguard": "dpf", "onward_country": "USA"}, "onward_country", "two"),
        ({"country": "IE", "safeguard": "dpf", "onward_country": "SE"}, "onward_country", "EEA"),
        (
            {"country": "US", "safeguard": "dpf", "onward_entity": "X", "onward_country": "GB"},
            "onward_country",
            "itself outside the EEA",
        ),
        ({"country": "IE", "safeguard": "eea", "onward_country": "US"}, "safeguard", "onward"),
    ],
)
def test_bad_onward_transfer_is_refused(changes: dict, field: str, says: str) -> None:
    with pytest.raises(ValidationError) as bad:
        validate_processor(form(**changes))
    assert bad.value.field == field and says in str(bad.value)


def test_no_onward_fields_means_none_and_a_category_reason_is_kept() -> None:
    p = validate_processor(form(unnamed_reason="  Vi bruker rådgivere bare ved behov. "))
    assert (p.onward_entity, p.onward_country) == ("", "")
    assert p.unnamed_reason == "Vi bruker rådgivere bare ved behov."
