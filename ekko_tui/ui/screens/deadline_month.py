"""Month view: a calendar grid with the days that carry deadlines and the public holidays."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ekko_tui.domain import agenda as ag
from ekko_tui.domain import deadlines as dl
from ekko_tui.ui.footer import KeyFooter
from ekko_tui.ui.screens.deadlines import GROUP_STYLES

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Which group colours a day that carries several items: the most urgent wins.
_URGENCY = ("overdue", "today", "extension", "soon", "waiting", "later")
HOLIDAY = "bold red"


def _day_style(items: list[ag.AgendaItem]) -> str:
    groups = {i.group for i in items}
    for key in _URGENCY:
        if key in groups:
            return GROUP_STYLES.get(key, "") or "bold"
    return "bold"


def month_grid(agenda: ag.Agenda, month: date) -> Table:
    """The grid of one month: day numbers, deadline refs, holiday names; today reversed."""
    marks = ag.items_by_date(agenda.items())
    table = Table(show_lines=True, expand=True, title_justify="left", show_edge=True)
    for name in _WEEKDAYS:
        table.add_column(name, ratio=1, no_wrap=False)
    for week in ag.month_weeks(month.year, month.month):
        cells: list[Text] = []
        for day in week:
            if day is None:
                cells.append(Text(""))
                continue
            cell = Text()
            number_style = "dim" if day.weekday() >= 5 else ""
            holiday = dl.holiday_name_nb(day)
            if holiday:
                number_style = HOLIDAY
            if day == agenda.today:
                number_style += " reverse"
            cell.append(f"{day.day:>2}", style=number_style.strip())
            items = marks.get(day, [])
            if items:
                refs = sorted({i.ref for i in items})
                cell.append(f"  ●{len(refs)}", style=_day_style(items))
                for ref in refs[:2]:
                    cell.append(f"\n{ref}", style=_day_style([i for i in items if i.ref == ref]))
                if len(refs) > 2:
                    cell.append(f"\n+{len(refs) - 2} more")
            if holiday:
                cell.append(f"\n{holiday}", style=HOLIDAY)
            cells.append(cell)
        table.add_row(*cells)
    return table


def month_list(agenda: ag.Agenda, month: date) -> Text:
    """The month's deadlines and holidays, one line each, by date."""
    lines: list[tuple[date, int, Text]] = []
    titles = {g.key: g.title for g in agenda.groups}
    for item in agenda.items():
        if (item.date.year, item.date.month) != (month.year, month.month):
            continue
        what = "extension notice by" if item.group == "extension" else "deadline"
        line = Text(f"{dl.format_date(item.date)}  ", style="bold")
        line.append(f"{item.ref} {what}", style=GROUP_STYLES.get(item.group, ""))
        line.append(Text(f" · {item.kind} · {item.title or '—'} · {titles[item.group]}"))
        lines.append((item.date, 1, line))
    for week in ag.month_weeks(month.year, month.month):
        for day in week:
            name = dl.holiday_name_nb(day) if day is not None else None
            if day is not None and name:
                line = Text(f"{dl.format_date(day)}  ", style="bold")
                line.append(f"{name} (public holiday: not a working day)", style=HOLIDAY)
                lines.append((day, 0, line))
    out = Text()
    if not lines:
        out.append("No deadlines and no public holidays this month.", style="dim")
        return out
    for n, (_, _, line) in enumerate(sorted(lines, key=lambda x: (x[0], x[1]))):
        if n:
            out.append("\n")
        out.append(line)
    return out


class DeadlineMonthScreen(Screen[Any]):
    """One month at a time; ← → move by a month, t returns to this month."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the deadlines list"),
        # priority: the scrolling view under them has its own (hidden) left/right bindings,
        # which would otherwise win and keep ←/→ out of the footer.
        Binding("left", "shift(-1)", "Previous month", tooltip="The month before", priority=True),
        Binding("right", "shift(1)", "Next month", tooltip="The month after", priority=True),
        Binding("t", "this_month", "This month", tooltip="Back to the current month"),
    ]

    def __init__(self, agenda: ag.Agenda, month: date) -> None:
        super().__init__()
        self.agenda = agenda
        self.month = month.replace(day=1)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="month-scroll"):
            yield Static("", id="month-title")
            yield Static("", id="month-grid")
            yield Static("", id="month-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show()
        self.query_one("#month-scroll").focus()

    def show(self) -> None:
        title = Text(f"{self.month:%B %Y}", style="bold")
        title.append(
            "   ● deadlines (red overdue, yellow this week, magenta extension decision, "
            "cyan paused) · red day = public holiday · reversed = today",
            style="dim",
        )
        self.query_one("#month-title", Static).update(title)
        self.query_one("#month-grid", Static).update(month_grid(self.agenda, self.month))
        self.query_one("#month-list", Static).update(month_list(self.agenda, self.month))

    def action_shift(self, by: int) -> None:
        year, month = ag.shift_month(self.month.year, self.month.month, by)
        self.month = date(year, month, 1)
        self.show()

    def action_this_month(self) -> None:
        self.month = self.agenda.today.replace(day=1)
        self.show()

    def action_back(self) -> None:
        self.app.pop_screen()
