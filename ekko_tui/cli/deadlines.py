"""`ekko agenda` and `ekko calendar`: the deadlines agenda for cron, and the .ics export."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ekko_tui.clock import Clock, default_actor
from ekko_tui.config import Config
from ekko_tui.domain import agenda as ag
from ekko_tui.domain import deadlines as dl

COMMANDS = ("agenda", "calendar")


def add_parsers(sub: Any) -> None:
    """Add the subcommands to the main parser's subparsers."""
    agenda = sub.add_parser(
        "agenda", help="print what is overdue and due this week (for cron or a morning e-mail)"
    )
    agenda.add_argument("--json", action="store_true", help="machine-readable output")
    cal = sub.add_parser("calendar", help="write the deadlines as an iCalendar (.ics) file")
    cal.add_argument("file", metavar="FILE.ics", help="the file to write (re-export updates it)")


def run(args: argparse.Namespace, config: Config) -> int:
    """Run one of COMMANDS on the open database."""
    clock = config.clock
    if args.command == "agenda":
        return cmd_agenda(args, clock)
    return cmd_calendar(args, clock)


def item_json(item: ag.AgendaItem) -> dict[str, Any]:
    return {
        "ref": item.ref,
        "title": item.title,
        "kind": item.kind,
        "date": item.date.isoformat(),
        "date_text": dl.format_date(item.date),
        "working_days_left": item.working_days_left,
        "left": ag.left_label(item),
        "why": item.detail,
        "explanation": item.explanation,
        "status": item.status,
        "source": item.source,
        "attention": item.attention,
        "hours_left": item.hours_left,
    }


def agenda_json(agenda: ag.Agenda) -> dict[str, Any]:
    return {
        "today": agenda.today.isoformat(),
        "summary": ag.summary(agenda),
        "groups": [
            {
                "key": g.key,
                "title": g.title,
                "meaning": g.spec.meaning,
                "items": [item_json(i) for i in g.items],
            }
            for g in agenda.groups
        ],
    }


AGENDA_COLUMNS = ("Ref", "Date", "Left", "What", "Who", "Status")


def agenda_text(agenda: ag.Agenda) -> str:
    """The agenda as plain text: a summary line, then each non-empty group as an aligned table
    (a processor chore names the processor once, under Who), each row's reason under it."""
    lines = [f"ekko agenda for {dl.format_date(agenda.today)}"]
    lines.append(
        ag.summary(agenda)
        or f"Nothing overdue and nothing due within {ag.SOON_WORKING_DAYS} working days."
    )
    rows = [
        (
            "" if i.source == "processor" else i.ref,
            dl.format_date(i.date),
            ag.left_label(i),
            i.kind,
            i.title or i.ref or "—",
            i.status,
        )
        for g in agenda.groups
        for i in g.items
    ]
    widths = [max([len(h), *(len(r[n]) for r in rows)]) for n, h in enumerate(AGENDA_COLUMNS)]

    def line(cells: tuple[str, ...]) -> str:
        return "  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    for g in agenda.groups:
        if not g.items:
            continue
        lines += ["", f"{g.title} ({len(g.items)})", line(AGENDA_COLUMNS)]
        for i in g.items:
            lines.append(line(rows.pop(0)))
            lines.append(f"      {i.detail}")
    return "\n".join(lines)


def cmd_agenda(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.store.agenda import agenda

    result = agenda(clock.today(), clock.now())
    if args.json:
        print(json.dumps(agenda_json(result), ensure_ascii=False, indent=2))
    else:
        print(agenda_text(result))
    return 0


def cmd_calendar(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.services.calendar import export_calendar
    from ekko_tui.store.agenda import record_calendar_export

    now = clock.now()
    result = export_calendar(args.file, today=clock.today(), now=now)
    record_calendar_export(
        str(result.path),
        result.log_detail(),
        now=now,
        actor=default_actor(),
    )
    print(result.message())
    return 0
