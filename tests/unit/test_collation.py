"""Names sort in Norwegian order: A–Z, then Æ, Ø, Å."""

from __future__ import annotations

from ekko_tui.domain.collation import collation_key


def test_norwegian_letters_come_after_z_in_their_order() -> None:
    names = ["Åse", "Øystein", "Ærlig", "Zorro", "anna", "Bjørn", "Bjarne", "Émile", "Eva"]
    assert sorted(names, key=collation_key) == [
        "anna", "Bjarne", "Bjørn", "Émile", "Eva", "Zorro", "Ærlig", "Øystein", "Åse",
    ]  # fmt: skip


def test_case_and_composition_do_not_matter() -> None:
    assert collation_key("ÅSE") == collation_key("åse") == collation_key("a\u030ase")
    assert collation_key("Ärlig") == collation_key("Ærlig")  # Swedish ä sorts as æ
    assert sorted(["Å", "Ø", "Æ"], key=collation_key) == ["Æ", "Ø", "Å"]


def test_calendar_titles_name_the_types_in_bokmal() -> None:
    from ekko_tui.calendar_ics import types_nb

    assert types_nb(("access",)) == "innsyn"
    assert types_nb(("access", "erasure")) == "innsyn og sletting"
    assert types_nb(("access", "erasure", "objection")) == "innsyn, sletting og protest"
