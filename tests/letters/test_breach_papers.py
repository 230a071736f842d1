"""The breach papers as facts: the Altinn sheet in the form's order, the Art. 34 letter's
required content (Art. 34(2) with 33(3)(b)–(d)), escaping, and the PDFs."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from ekko_tui.domain.deadlines import OSLO
from ekko_tui.letters.breach_papers import (
    MISSING,
    BreachFacts,
    FilingFact,
    altinn_sheet,
    art34_letter,
)
from ekko_tui.letters.builder import letter_text
from ekko_tui.letters.model import Heading, LetterError
from ekko_tui.letters.render import render_bytes

from .profile import EKKO_CONTROLLER
from .scenario import NAME, TODAY


def oslo(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO).astimezone(UTC)


FULL = BreachFacts(
    ref="B-2026-03",
    aware_at=oslo("2026-10-23 10:00"),
    source="processor",
    source_detail="Kajabi",
    source_at=oslo("2026-10-23 08:12"),
    summary="A list of course buyers was sent to the wrong customer <b>&amp;</b>.",
    types=("confidentiality",),
    occurred_from=oslo("2026-10-22 21:00"),
    occurred_to=oslo("2026-10-22 21:05"),
    cause="Wrong attachment in a mail merge",
    data_categories="navn\ne-postadresse, kjøpt kurs",
    people_count=41,
    records_count=41,
    relationship="Kunder som har kjøpt kurs",
    data_location="Hos mottakeren, som har bekreftet sletting",
    consequences="Uønsket e-post; noen kan bli kjent med hvilke kurs du har kjøpt.",
    risk="high",
    risk_reason="Names tied to purchases",
    measures_taken="Mottakeren har slettet e-posten.",
    measures_planned="Vi går over til Kajabis egne utsendelser.",
    contact_person="Lars Erik Echoldt",
    notified_at=oslo("2026-10-26 09:30"),
    altinn_ref="AR-5550123",
    delay_reason="Waited for Kajabi's count",
    filings=(FilingFact(oslo("2026-10-26 09:30"), "notice", "AR-5550123", ""),),
)


def headings(letter) -> list[str]:
    return [b.text for b in letter.blocks if isinstance(b, Heading)]


def test_sheet_follows_the_altinn_form_order() -> None:
    sheet = altinn_sheet(FULL, EKKO_CONTROLLER, TODAY)
    assert headings(sheet)[:12] == [
        "1. Årsaken til bruddet",
        "2. Tidsrommet for bruddet",
        "3. Når bruddet ble oppdaget",
        "4. Antall berørte",
        "5. Hva som skjedde, og hvordan",
        "6. Typer personopplysninger",
        "7. Forholdet til de berørte",
        "8. Hvor opplysningene er nå",
        "9. Konsekvenser",
        "10. Tiltak",
        "11. Om de berørte er varslet",
        "12. Kontaktperson",
    ]
    text = letter_text(sheet)
    # high risk and nobody told yet: the only gap left
    assert sheet.warnings == ("Not recorded yet: whether those affected were told.",)
    assert MISSING not in text
    # the 72 hours across the autumn change: aware 23 Oct 10:00 → 26 Oct 09:00
    assert "23. oktober 2026 kl. 10:00" in text
    assert "26. oktober 2026 kl. 09:00" in text
    assert "Begrunnelse for forsinkelsen: Waited for Kajabi's count" in text  # 09:30 is late
    assert "Omtrent 41 personer, omtrent 41 registreringer" in text
    assert "  • e-postadresse" in text and "  • kjøpt kurs" in text
    assert "Kajabi" in text and "23. oktober 2026 kl. 08:12" in text
    assert "AR-5550123" in text
    assert "Ikke ennå" in text  # high risk, people not told yet


def test_sheet_names_the_gaps() -> None:
    bare = BreachFacts(
        ref="B-2026-01", aware_at=oslo("2026-11-24 10:00"), source="self", summary="Laptop lost"
    )
    sheet = altinn_sheet(bare, EKKO_CONTROLLER, TODAY)
    assert letter_text(sheet).count(MISSING) >= 5
    (warning,) = sheet.warnings
    for gap in ("cause", "when it happened", "number of people", "types of data", "measures"):
        assert gap in warning
    assert "Begrunnelse for forsinkelsen" not in letter_text(sheet)


def test_sheet_on_time_has_no_delay_paragraph() -> None:
    on_time = replace(FULL, notified_at=oslo("2026-10-26 09:00"))
    assert "forsinkelsen" not in letter_text(altinn_sheet(on_time, EKKO_CONTROLLER, TODAY))


def test_art34_letter_content() -> None:
    letter = art34_letter(FULL, EKKO_CONTROLLER, TODAY, name=NAME, address="Storgata 1\n1530 Moss")
    text = letter_text(letter)
    assert letter.recipient_lines == (NAME, "Storgata 1", "1530 Moss")
    assert headings(letter) == [
        "Hva som har skjedd",
        "Hva det kan bety for deg",
        "Hva vi har gjort, og hva vi skal gjøre",
        "Kontaktpunkt",
        "Klage",
    ]
    assert FULL.summary in text  # the nature of the breach, as data
    assert FULL.consequences in text
    assert FULL.measures_taken in text and FULL.measures_planned in text
    assert "Lars Erik Echoldt" in text and EKKO_CONTROLLER.email in text  # the contact point
    assert "Postboks 458 Sentrum" in text and "artikkel 34" in text
    assert "B-2026-03" in text
    assert letter.warnings == ()


def test_art34_letter_needs_consequences_and_measures() -> None:
    with pytest.raises(LetterError) as info:
        art34_letter(replace(FULL, consequences=" "), EKKO_CONTROLLER, TODAY, name=NAME)
    assert info.value.field == "consequences"
    with pytest.raises(LetterError):
        art34_letter(
            replace(FULL, measures_taken="", measures_planned=""), EKKO_CONTROLLER, TODAY, name=NAME
        )


def test_art34_letter_warns_when_not_required() -> None:
    letter = art34_letter(replace(FULL, risk="risk"), EKKO_CONTROLLER, TODAY, name=NAME)
    assert any("not assessed as high risk" in w for w in letter.warnings)
    assert any("No postal address" in w for w in letter.warnings)


def test_pdfs_render_text_with_markup_as_data() -> None:
    for letter in (
        altinn_sheet(FULL, EKKO_CONTROLLER, TODAY),
        art34_letter(FULL, EKKO_CONTROLLER, TODAY, name=NAME),
    ):
        pdf = render_bytes(letter, invariant=True)
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        assert "<b>&amp;</b>" in text.replace("\n", " ")
        assert "Årsaken" in text or NAME in text
        assert render_bytes(letter, invariant=True) == pdf  # byte-stable
