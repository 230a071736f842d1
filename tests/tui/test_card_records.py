"""Pilot: the subject card shows the records system by system with the "since" date from the
export's own column, and every document in one table by date (also at 80×24)."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from ekko_tui.ui.screens.subject_card import SubjectCardScreen
from tests.records_scenario import seed_person

from .conftest import screen_text


@pytest.mark.parametrize("size", [(160, 50), (80, 24)])
async def test_card_records_and_documents(app, now, size) -> None:
    async with app.run_test(size=size) as pilot:
        sid = seed_person(now)
        app.push_screen(SubjectCardScreen(sid))
        await pilot.pause()
        assert isinstance(app.screen, SubjectCardScreen)
        records = app.screen.query_one("#card-records", Static)
        text = screen_text(app)
        lines = [" ".join(line.split()) for line in text.splitlines()]
        heads = [line for line in lines if " · since " in line]
        # One heading per system, the since date from the export's own created column.
        assert [h.split(" · ")[:2] for h in heads] == [
            ["Fiken", "since 02.09.2023"],
            ["Kajabi", "since 01.02.2024"],
            ["Stripe", "since 01.02.2024"],
            ["Zoom", "since 22.03.2025"],
        ]
        assert any("Card Last4" in line and "4242" in line for line in lines)
        assert any("Hvordan fant du oss? (custom_1)" in line for line in lines)
        # The documents by date, oldest first, each with its number and amount.
        docs = [line for line in lines if line[:2].isdigit() and line[2:3] == "."]
        numbers = [
            n
            for line in docs
            for n in ("10045", "10046", "ch_3Pa1", "ch_3Pa2", "901", "902")
            if f" {n} " in f" {line} "
        ]
        assert numbers[:3] == ["10045", "10046", "ch_3Pa1"]
        assert any("-1 490,00 NOK" in line and "10046" in line for line in docs)
        assert records.region.height > 0
