"""The letter as the letter screen shows it, in the letter's own language."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from ekko_tui.letters.model import LetterData
from ekko_tui.letters.page_words import long_date, word


def preview(letter: LetterData) -> Group:
    """The letter as the screen shows it: every block in order, tables aligned, user text
    as plain Text (never markup)."""
    from rich import box
    from rich.table import Table as RichTable

    from ekko_tui.letters.model import Bullets, Heading, Para
    from ekko_tui.letters.model import Table as LetterTable

    parts: list[RenderableType] = [
        Text("\n".join(letter.recipient_lines), style="bold"),
        Text(
            f"\n{word('date', letter.lang)}: {long_date(letter.date, letter.lang)}    "
            f"{word('our_ref', letter.lang)}: {letter.ref}\n"
        ),
        Text(letter.title + "\n", style="bold underline"),
    ]
    for block in letter.blocks:
        if isinstance(block, Heading):
            parts.append(Text(block.text, style="bold cyan"))
        elif isinstance(block, Para):
            parts.append(Text(block.text + "\n"))
        elif isinstance(block, Bullets):
            parts.append(Text("\n".join(f"  • {item}" for item in block.items) + "\n"))
        elif isinstance(block, LetterTable):
            table = RichTable(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
            for column, width in zip(block.columns, block.widths, strict=True):
                table.add_column(Text(column), ratio=max(1, round(width * 100)))
            for row in block.rows:
                table.add_row(*(Text(cell) for cell in row))
            parts += [table, Text("")]
    parts.append(Text("\n".join(letter.closing)))
    if letter.attachments:
        parts.append(
            Text(f"\n{word('attachments', letter.lang)}: " + "; ".join(letter.attachments))
        )
    return Group(*parts)
