"""TextTable sizes its columns like a DataTable does, without Rich measuring each Text cell."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from ekko_tui.ui.widgets import text_table
from ekko_tui.ui.widgets.text_table import TextTable

ROWS: list[tuple[object, ...]] = [
    (Text("2026-00001"), Text("Ørjan Ødegård"), Text("")),
    (Text("2026-00002"), Text("漢字のなまえ"), None),  # double-width characters
    (Text("2026-3"), Text("Åse 🙂 Håland", style="bold"), Text("overdue", style="red")),
    (Text("x"), "[b]markup[/b] as a str", Text("two\nlines")),  # measured the DataTable's way
]


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield DataTable(id="plain")
        yield TextTable(id="text")

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            for label in ("Ref", "Name", "Note"):
                table.add_column(label, key=label.lower())
            table.add_rows(ROWS)


async def test_column_widths_equal_the_datatables() -> None:
    app = Tables()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        plain = app.query_one("#plain", DataTable)
        fast = app.query_one("#text", TextTable)
        widths = [c.content_width for c in plain.ordered_columns]
        assert [c.content_width for c in fast.ordered_columns] == widths
        # 'markup as a str' (15) beats 'Åse 🙂 Håland' (13) and 漢字のなまえ (12 cells)
        assert widths == [10, 15, 7]
        assert fast.virtual_size == plain.virtual_size
        assert fast.measured_rows == 1  # only the row with a str and a two-line Text


async def test_one_line_text_rows_are_not_measured_by_rich(monkeypatch) -> None:
    calls = []
    real = text_table.DataTable._update_dimensions

    def counting(self, new_rows):  # type: ignore[no-untyped-def]
        rows = list(new_rows)
        calls.append(len(rows))
        return real(self, rows)

    monkeypatch.setattr(text_table.DataTable, "_update_dimensions", counting)

    class Many(App[None]):
        def compose(self) -> ComposeResult:
            yield TextTable()

        def on_mount(self) -> None:
            table = self.query_one(TextTable)
            table.add_columns("A", "B")
            table.add_rows([(Text(f"row {i}"), Text("Æ" * (i % 7))) for i in range(500)])

    app = Many()
    async with app.run_test() as pilot:
        await pilot.pause()
        table = app.query_one(TextTable)
        assert table.row_count == 500
        assert [c.content_width for c in table.ordered_columns] == [7, 6]
        assert calls == [] and table.measured_rows == 0


async def test_cells_draw_and_size_as_the_text_they_stand_for() -> None:
    from ekko_tui.ui.widgets.text_table import Cell

    values = [("[b]Ørjan[/b]", "bold red"), ("bell\x07 and \x1b[31mescape", ""), ("漢字", "cyan")]
    cells = [Cell(v, s) for v, s in values]
    # Control codes go as Text drops them (the bell; Rich keeps ESC, and so does Text).
    assert [str(c) for c in cells] == [Text(v).plain for v, _ in values]
    assert str(cells[1]).startswith("bell and ")

    class Two(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(id="plain")
            yield TextTable(id="text")

        def on_mount(self) -> None:
            as_text = [c.__rich__() for c in cells]
            for table, row in (
                (self.query_one("#plain", DataTable), as_text),
                (self.query_one("#text", TextTable), cells),
            ):
                table.add_columns("A", "B", "C")
                table.add_row(*row)

    app = Two()
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        plain = app.query_one("#plain", DataTable)
        fast = app.query_one("#text", TextTable)
        assert (
            [c.content_width for c in fast.ordered_columns]
            == [c.content_width for c in plain.ordered_columns]
            == [12, 19, 4]  # ESC counts one cell, for Rich too
        )
        assert fast.measured_rows == 0
        # Drawn alike: the same text (markup shown as typed) and the same styles.
        assert [s.text for s in fast.render_lines(fast.region.reset_offset)] == [
            s.text for s in plain.render_lines(plain.region.reset_offset)
        ]
        assert "[b]Ørjan[/b]" in fast.render_line(1).text
