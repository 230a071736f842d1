"""The subject card's records: what each system holds, field by field, with the date the
person became a customer there, and every document in one table by date (user text is data,
never markup: every value goes in as a plain Text)."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ekko_tui.domain.records import CATEGORIES, Document, SubjectRecords, SystemRecords
from ekko_tui.domain.subjects import SYSTEMS
from ekko_tui.ui.format import oslo_time


def system_name(system: str) -> str:
    """`Kajabi`, `Zoom`: the register's name for a system key, else the key capitalised."""
    return SYSTEMS.get(system) or system.capitalize()


def _day(value: object) -> str:
    return f"{value:%d.%m.%Y}" if value is not None else "—"


def amount_text(amount: Decimal | None, currency: str) -> str:
    """`1 490,00 NOK` (Norwegian grouping and decimal comma), or "—"."""
    if amount is None:
        return "—"
    whole = f"{abs(amount):,.2f}".replace(",", " ").replace(".", ",")
    return f"{'-' if amount < 0 else ''}{whole} {currency}".strip()


def system_heading(held: SystemRecords) -> Text:
    """`Kajabi · customer since 01.02.2024 · newest export 25.11.2026 · 1 record, 2 documents`."""
    text = Text(system_name(held.system), style="bold")
    text.append(f" · since {_day(held.since)}" if held.since else " · since —")
    if held.latest_export is not None:
        text.append(f" · newest export {oslo_time(held.latest_export)[:10]}", style="dim")
    if held.latest_export is not None and held.last_seen < held.latest_export:
        text.append(" · not in the newest export", style="yellow")
    text.append(f" · {len(held.records)} record(s), {len(held.documents)} document(s)", style="dim")
    return text


def system_fields(held: SystemRecords) -> Table:
    """Every field of the system's contact records, grouped by category."""
    table = Table(show_header=False, show_edge=False, box=None, expand=True, padding=(0, 1))
    table.add_column("Category", style="dim", no_wrap=True, ratio=2)
    table.add_column("Field", no_wrap=True, ratio=3, overflow="ellipsis")
    table.add_column("Value", ratio=4)
    for category, fields in held.by_category():
        label = CATEGORIES.get(category, category).split(" (")[0]
        for n, f in enumerate(fields):
            table.add_row(label if n == 0 else "", Text(f.label), Text(f.value))
    return table


def documents_table(documents: tuple[Document, ...]) -> Table:
    """Every document of every system, by date."""
    table = Table(title="Documents by date", title_justify="left", expand=True, show_edge=False)
    for label in ("Date", "System", "Document", "Number", "Amount", "Status"):
        table.add_column(
            label,
            no_wrap=label in ("Date", "Amount"),
            justify=("right" if label == "Amount" else "left"),
        )
    for d in documents:
        table.add_row(
            _day(d.on),
            system_name(d.system),
            d.kind_label,
            Text(d.number or "—"),
            amount_text(d.amount, d.currency),
            Text(d.status or "—"),
        )
    return table


def render_records(held: SubjectRecords) -> RenderableType:
    """The records section of the card (a line saying so when nothing was imported)."""
    if not held.systems:
        return Text("\nRecords: none imported yet (the exports' rows show here once imported).")
    parts: list[RenderableType] = [Text("\nRecords, system by system", style="bold underline")]
    for system in held.systems:
        parts.append(system_heading(system))
        if system.records:
            parts.append(system_fields(system))
    if held.documents:
        parts.append(Text(""))
        parts.append(documents_table(held.documents))
    return Group(*parts)
