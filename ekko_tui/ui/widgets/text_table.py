"""A DataTable of one-line text cells that sizes its columns without Rich's measuring.

Textual's DataTable works out column widths by measuring every cell of every new row through
Rich (`measure` asks the console for its options, which asks the terminal for its size, for
each cell): with 10,000 inbox rows of 8 cells that was 60% of opening the inbox. A one-line
`Text` is exactly as wide as `cell_len` of its plain text (what Rich's measure returns for it),
so this table reads that instead, and leaves every other kind of cell, and any row taller than
one line, to the DataTable's own measuring. Everything else (rendering, cursor, keys,
messages, scrolling, sorting) is the DataTable's.

`Cell` is such a one-line text that becomes a `Text` only when the table draws it: a table of
10,000 rows draws some 50, so building 80,000 Text objects up front was the other large cost
of opening the inbox.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.control import strip_control_codes
from rich.text import Text
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


class Cell:
    """User text and its style, never markup; drawn as `Text(plain, style, no_wrap=True,
    overflow="ellipsis")`. `str(cell)` is the plain text."""

    __slots__ = ("plain", "style")

    def __init__(self, value: str, style: str = "") -> None:
        self.plain = strip_control_codes(value)  # as Text does: a control code is never drawn
        self.style = style

    def __rich__(self) -> Text:
        return Text(self.plain, style=self.style, no_wrap=True, overflow="ellipsis")

    def __str__(self) -> str:
        return self.plain

    def __repr__(self) -> str:
        return f"Cell({self.plain!r}, {self.style!r})"


def text_width(cell: object) -> int | None:
    """The width a one-line Text or Cell (or an empty cell) takes; None for anything else."""
    if cell is None:
        return 0
    if type(cell) is Text or type(cell) is Cell:
        plain = cell.plain
        if "\n" not in plain and "\t" not in plain:
            return cell_len(plain)
    return None


class TextTable(DataTable[Text | Cell]):
    """A DataTable whose one-line Text and Cell rows are sized by their plain text's width."""

    measured_rows = 0  # rows measured the DataTable's way (tests guard that it stays small)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        columns = self.ordered_columns
        widths = [column.content_width for column in columns]
        keys = [column.key for column in columns]
        slow: list[RowKey] = []
        locations, rows, data = self._row_locations, self.rows, self._data
        for row_key in new_rows:
            if row_key not in locations:  # removed before the idle that sizes it
                continue
            row = rows[row_key]
            cells = data[row_key]
            measured = [text_width(cells.get(key)) for key in keys]
            if row.height != 1 or row.label is not None or None in measured:
                slow.append(row_key)
                continue
            for index, width in enumerate(measured):
                if width is not None and width > widths[index]:
                    widths[index] = width
        for column, width in zip(columns, widths, strict=True):
            column.content_width = width
        if slow:
            self.measured_rows += len(slow)
            super()._update_dimensions(slow)  # also sets the virtual size
            return
        total_width = sum(column.get_render_width(self) for column in self.columns.values())
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            total_width + self._row_label_column_width,
            self._total_row_height + header_height,
        )
