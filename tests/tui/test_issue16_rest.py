"""The last items of issue 16 at 80×24, read from the rendered screen: the search summary's
real total, Norwegian holiday names in the deadlines' Why, register tables and dropdowns that
fit."""

from __future__ import annotations

from datetime import datetime

from ekko_tui.domain.imports import parse_export
from ekko_tui.store import subject_imports
from tests.conftest import add_request

from .test_search import until
from .test_small_screens import SMALL, keys, lines, words


def seed_many(now: datetime, count: int) -> None:
    """`count` subjects all called Kari, through the real import path."""
    rows = ["Email Address\tFirst Name\tLast Name"]
    rows += [f"kari{i}@example.no\tKari\tNordmann{i:04d}" for i in range(count)]
    data = ("\n".join(rows) + "\n").encode()
    subject_imports.import_export(
        parse_export("newsletter", data),
        kind="newsletter",
        file_name="kari.tsv",
        sha256="kari",
        now=now,
        actor="lars",
    )


async def test_search_summary_gives_the_real_total_of_a_full_page(app, now) -> None:
    seed_many(now, 321)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "2")
        for key in ("k", "a", "r", "i"):
            await pilot.press(key)
        await until(pilot, lambda: "first 50 of 321" in lines(app)[0], "the real total")
        # One or two letters match by word start: counted too, not capped at a page.
        app.screen.query_one("#query").value = "no"
        await until(pilot, lambda: "first 50 of 321" in lines(app)[0], "the total of 'no'")
        # A page that is not full says how many were found.
        app.screen.query_one("#query").value = "nordmann0007"
        await until(pilot, lambda: "1 found for 'nordmann0007'" in words(app), "one found")


async def test_deadlines_why_names_holidays_in_bokmal(app, now) -> None:
    # Received 25 Nov: one month is Friday 25 December, 1. juledag, rolled to Monday 28.
    add_request(now, "2026-11-25 09:00", name="Kari", contact="kari@example.no")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "3")
        table = app.screen.query_one("#deadlines")
        row = next(n for n, line in enumerate(lines(app)) if "2026-001" in line) - 2
        table.move_cursor(row=row)
        await pilot.pause()
        text = words(app)
        assert "1. juledag" in text, text
        assert "Christmas" not in text


async def test_register_warnings_stay_in_view_at_80_columns(app) -> None:
    from ekko_tui.store import register_writes as writes

    writes.mark_email_asked()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "4")
        screen = lines(app)
        header = next(line for line in screen if "Name" in line and "Role" in line)
        assert "⚠" in header
        google = next(line for line in screen if "Google Ireland" in line)
        assert "⚠ 3" in google, google
        # The pane under the table lists each warning of the highlighted row.
        table = app.screen.query_one("#processor-table")
        names = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        table.move_cursor(row=names.index("Google Ireland Limited"))
        await pilot.pause()
        pane = [line.strip() for line in lines(app) if line.strip().startswith("⚠")]
        assert len(pane) >= 3 and "DPA status unknown — check" in words(app), pane
        await keys(pilot, "a")
        header = next(line for line in lines(app) if "Activity" in line and "Lawful" in line)
        assert "⚠" in header


def open_list_stays_inside(app, last_option: str) -> None:
    """The open dropdown's last option shows above Save/Cancel; the border and footer are
    whole (read from the rendered screen)."""
    screen = lines(app)
    save = next(n for n, line in enumerate(screen) if "Save (ctrl+s)" in line)
    option = next(n for n, line in enumerate(screen) if last_option in line)
    assert option < save, "\n".join(screen)
    bottom = app.screen.query_one("#dialog").region.bottom - 1
    # The bottom border is not covered.
    assert set(screen[bottom].strip().strip("█")) == {"▄"}, "\n".join(screen)
    assert "Dismiss menu" in screen[-1]  # the footer is not covered either


async def test_dropdowns_stay_inside_their_dialog(app) -> None:
    from textual.widgets import Select

    from ekko_tui.store import register_writes as writes

    writes.mark_email_asked()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await keys(pilot, "4", "e")
        for select_id, last_option in (
            ("role", "Recipient"),
            ("dpa_status", "not required"),
            ("safeguard", "Art. 49 derogation"),
        ):
            app.screen.query_one(f"#{select_id}", Select).focus()
            await keys(pilot, "enter")
            open_list_stays_inside(app, last_option)
            await keys(pilot, "escape")
        await keys(pilot, "escape")
        await keys(pilot, "escape")
        await keys(pilot, "1", "n")
        app.screen.query_one("#channel", Select).focus()
        await keys(pilot, "enter")
        open_list_stays_inside(app, "In person")
