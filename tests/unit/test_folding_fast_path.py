"""The ASCII fast paths of value cleaning and folding (issue 15, import speed) give exactly
what the general path gives."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ekko_tui.domain import subjects as ds


def clean_reference(value: str) -> str:
    value = ds._INVISIBLE.sub("", value)
    value = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Zs", "Zl", "Zp") else ch for ch in value
    )
    return " ".join(value.split())


def strip_reference(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


ASCII = st.text(alphabet=st.characters(max_codepoint=127))
ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)))


@given(st.one_of(ASCII, ANY))
def test_clean_value_is_the_general_rule(value: str) -> None:
    assert ds.clean_value(value) == clean_reference(value)


@given(st.one_of(ASCII, ANY))
def test_strip_marks_is_the_general_rule(text: str) -> None:
    assert ds._strip_marks(text) == strip_reference(text)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  ola\t\x01hansen\x7f ", "ola hansen"),  # control characters become spaces
        ("ola\u00a0hansen\u200b", "ola hansen"),  # no-break space, zero-width space
        ("Åse  Ødegård", "Åse Ødegård"),
        ("plain@example.no", "plain@example.no"),
    ],
)
def test_clean_value_examples(raw: str, clean: str) -> None:
    assert ds.clean_value(raw) == clean


@pytest.mark.parametrize(
    ("name", "folded"), [("Ørjan", "orjan"), ("Åse", "ase"), ("José", "jose"), ("ola", "ola")]
)
def test_fold_examples(name: str, folded: str) -> None:
    assert ds.fold(name) == folded
