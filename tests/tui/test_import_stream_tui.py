"""ctrl+o → Detect on a contact export (issue 15): the rows are counted as they are read (the
question names how many and how many will be skipped), then imported from the file."""

from __future__ import annotations

import pytest

from ekko_tui.store.record_models import SubjectRecord
from ekko_tui.store.subject_models import ImportRun, Subject
from ekko_tui.ui.dialogs import ConfirmDialog
from ekko_tui.ui.subject_dialogs import ImportReportScreen
from tests.store.test_import_stream import kajabi_file

from .test_import_detect import _open
from .test_search import until

ROWS = 600


@pytest.mark.parametrize("size", [(160, 45), (80, 24)])
async def test_detect_counts_the_rows_then_imports_them(app, tmp_path, size) -> None:
    path = tmp_path / "kajabi.csv"
    path.write_bytes(kajabi_file(ROWS) + b",,,,,,,,,,,,,,,\n" + b",,,nobody,,,,,,,,,,,,\n")
    async with app.run_test(size=size) as pilot:
        await _open(pilot, app, path)
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the question")
        assert "(kajabi)" in app.screen.question
        assert f"{ROWS + 2} row(s)" in app.screen.question
        assert "2 row(s) will be skipped" in app.screen.details
        assert Subject.select().count() == 0  # nothing stored before the answer
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ImportReportScreen), "the report")
        report = app.screen.report
        assert (report.rows, report.added, len(report.skipped)) == (ROWS + 2, ROWS, 2)
        assert [s.line for s in report.skipped] == [ROWS + 2, ROWS + 3]
        assert Subject.select().count() == ROWS and SubjectRecord.select().count() == ROWS
        assert ImportRun.get().rows == ROWS + 2


async def test_a_bad_quote_on_the_last_line_is_refused_at_detect(app, tmp_path) -> None:
    path = tmp_path / "kajabi.csv"
    path.write_bytes(kajabi_file(ROWS) + b'Kari,Kari,Nordmann,"kari@example.no,x\n')
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, app, path)
        await until(
            pilot,
            lambda: any(f"Line {ROWS + 2}:" in n.message for n in app._notifications),
            "the refusal",
        )
        assert not isinstance(app.screen, ConfirmDialog)
        assert Subject.select().count() == 0 and ImportRun.select().count() == 0
