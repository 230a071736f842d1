"""ctrl+o on 'Detect': the app tells the export from its columns, says what it found and asks
before importing; an unknown file is refused with what to do; nothing stored on 'no'."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from ekko_tui.store.record_models import SubjectRecord
from ekko_tui.store.subject_models import Subject
from ekko_tui.ui.dialogs import ConfirmDialog, FormDialog
from ekko_tui.ui.subject_dialogs import ImportReportScreen
from tests import document_samples as S

from .conftest import screen_text
from .test_search import until


async def _open(pilot, app, path) -> None:
    await pilot.press("2")
    await pilot.pause()
    await pilot.press("ctrl+o")
    await pilot.pause()
    assert isinstance(app.screen, FormDialog)
    app.screen.query_one("#path", Input).value = str(path)  # kind left on "Detect"
    await pilot.press("ctrl+s")


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
async def test_detected_kind_is_named_then_imported_on_yes(app, tmp_path, size) -> None:
    path = tmp_path / "unified_payments.csv"
    path.write_bytes(S.stripe_payments(S.STRIPE_PAID, S.STRIPE_GUEST))
    async with app.run_test(size=size) as pilot:
        await _open(pilot, app, path)
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        assert app.screen.question.startswith(
            "unified_payments.csv is a Stripe payments export (stripe-payments)."
        )
        assert SubjectRecord.select().count() == 0  # nothing stored before the answer
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ImportReportScreen), "the report")
        assert "Documents: 2 new" in screen_text(app)
        assert SubjectRecord.select().count() == 2


async def test_answer_no_stores_nothing(app, tmp_path) -> None:
    path = tmp_path / "zoom.csv"
    path.write_text(S.ZOOM_WEBINAR)
    async with app.run_test(size=(160, 45)) as pilot:
        await _open(pilot, app, path)
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        assert "Zoom webinar attendee report" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert Subject.select().count() == 0


async def test_unknown_file_says_to_choose_the_system(app, tmp_path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text("Kolonne A,Kolonne B\n1,2\n")
    async with app.run_test(size=(160, 45)) as pilot:
        await _open(pilot, app, path)
        await until(
            pilot,
            lambda: any("Cannot tell which export" in n.message for n in app._notifications),
            "the error",
        )
        assert Subject.select().count() == 0


async def test_a_plain_list_with_an_e_mail_column_is_offered_as_a_newsletter_list(app, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Navn,E-post\nKari,kari@example.no\n")
    async with app.run_test(size=(160, 45)) as pilot:
        await _open(pilot, app, path)
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        assert "(newsletter)" in app.screen.question
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ImportReportScreen), "the report")
        assert Subject.select().count() == 1
