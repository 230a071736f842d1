"""Pilot helpers: an app on a temporary database file with a fixed clock."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import DataTable

from ekko_tui.app import EkkoApp, make_app
from ekko_tui.clock import Clock
from ekko_tui.store.db import close_db


@pytest.fixture
def app(db_path: Path, clock: Clock):
    application = make_app(db_path, clock=clock, actor="lars")
    yield application
    close_db()


def table_rows(app: EkkoApp, selector: str = "#requests") -> list[list[str]]:
    """The visible text of every row of a DataTable on the current screen."""
    table = app.screen.query_one(selector, DataTable)
    out = []
    for row_key in table.rows:
        out.append([c.plain if isinstance(c, Text) else str(c) for c in table.get_row(row_key)])
    return out


def screen_text(app: EkkoApp) -> str:
    """The text of every Static on the current screen, rendered as the user reads it."""
    from io import StringIO

    from rich.console import Console
    from textual.widgets import Static

    out = StringIO()
    console = Console(file=out, width=200, color_system=None, legacy_windows=False)
    for widget in app.screen.query(Static):
        content = widget.content
        if isinstance(content, str):
            out.write(content + "\n")
        else:
            console.print(content)
    return out.getvalue()


def rendered(app: EkkoApp) -> str:
    """The top screen as the terminal shows it: one line of plain text per row of cells."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())
