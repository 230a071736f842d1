"""`ekko breach add|notified|sheet|letter` and `ekko breaches`: the breach register (Art. 33–34)
from scripts. The store and ReportLab are imported inside the handlers (a fast `--help`)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ekko_tui.clock import Clock, default_actor
from ekko_tui.config import Config

COMMANDS = ("breach", "breaches")


def add_parsers(sub: Any) -> None:
    """Add the subcommands to the main parser's subparsers."""
    breach = sub.add_parser("breach", help="log a personal data breach, record its notice")
    acts = breach.add_subparsers(dest="breach_command", metavar="ACTION", required=True)
    add = acts.add_parser("add", help="log a breach; prints its reference and notify-by time")
    add.add_argument(
        "--aware",
        required=True,
        help="when EKKO became aware, Oslo: 'YYYY-MM-DD HH:MM' (add CET/CEST in the repeated "
        "autumn hour)",
    )
    add.add_argument("--summary", required=True, help="what happened")
    add.add_argument("--source", default="self", help="self, processor or customer")
    add.add_argument(
        "--type", dest="types", default="", help="confidentiality,integrity,availability"
    )
    notified = acts.add_parser("notified", help="record the notice sent to Datatilsynet in Altinn")
    notified.add_argument("ref", metavar="REF")
    notified.add_argument("--at", required=True, help="when it was sent, Oslo: 'YYYY-MM-DD HH:MM'")
    notified.add_argument("--reference", required=True, help="the Altinn reference number")
    notified.add_argument(
        "--delay-reason", default="", help="required after 72 hours: why it is late (Art. 33(1))"
    )
    sheet = acts.add_parser("sheet", help="the Altinn fill-in sheet: PDF with --out, else text")
    sheet.add_argument("ref", metavar="REF")
    sheet.add_argument("--out", metavar="FILE.pdf", help="write the sheet as a PDF")
    letter = acts.add_parser("letter", help="write and archive the Art. 34 letter to a person")
    letter.add_argument("ref", metavar="REF")
    letter.add_argument("--subject", type=int, required=True, help="a linked subject's id")
    letter.add_argument("--address", default="", help="postal address lines, separated by ';'")
    letter.add_argument("--out", metavar="FILE.pdf", help="where to write (default: the archive)")
    letter.add_argument(
        "--lang",
        choices=("nb", "en"),
        default="nb",
        help="the letter's language: nb (bokmål, the default) or en (English, on request)",
    )
    lst = sub.add_parser("breaches", help="list breaches by notify-by, with hours left")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.add_argument("--all", action="store_true", help="include closed breaches")


def run(args: argparse.Namespace, config: Config) -> int:
    """Run one of COMMANDS on the open database (ValidationError → exit 2 in __main__)."""
    clock = config.clock
    if args.command == "breaches":
        return cmd_list(args, clock)
    handlers = {
        "add": cmd_add,
        "notified": cmd_notified,
        "sheet": cmd_sheet,
        "letter": cmd_letter,
    }
    return handlers[args.breach_command](args, clock)


def cmd_add(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.domain import breaches as br
    from ekko_tui.store import breaches as store

    now = clock.now()
    new, note = store.new_breach(
        aware=args.aware, summary=args.summary, now=now, source=args.source, types=args.types
    )
    if note:
        print(f"ekko: note: {note}", file=sys.stderr)
    ref = store.create_breach(new, now=now, actor=default_actor())
    deadline = br.notify_by(new.aware_at)
    print(f"{ref}\tnotify by {br.iso(deadline)}\t{br.left_text(deadline, now)}")
    return 0


def cmd_notified(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.domain import breaches as br
    from ekko_tui.domain.requests import ValidationError
    from ekko_tui.store import breaches as store

    now = clock.now()
    local = br.parse_local(args.at, "at")
    if local.ambiguous:
        print(f"ekko: note: {local.ambiguity_note()}", file=sys.stderr)
    try:
        late = store.record_notified(
            args.ref,
            local.moment,
            args.reference,
            delay_reason=args.delay_reason,
            now=now,
            actor=default_actor(),
        )
    except ValidationError as exc:
        if exc.field == "delay_reason":
            raise ValidationError(
                exc.field,
                "The notice went out after the 72 hours: give --delay-reason "
                "(Art. 33(1)). Nothing was stored.",
            ) from exc
        raise
    print(f"{args.ref.upper()}\tnotified {br.iso(local.moment)}" + ("\tlate" if late else ""))
    return 0


def cmd_sheet(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.letters.builder import letter_text
    from ekko_tui.letters.model import LetterError
    from ekko_tui.services import breach_files

    sheet = breach_files.sheet(args.ref, clock.today())
    for warning in sheet.warnings:
        print(f"ekko: note: {warning}", file=sys.stderr)
    if not args.out:
        print(letter_text(sheet))
        return 0
    target = breach_files.check_pdf_target(args.out)
    try:
        breach_files.save_file(breach_files.render(sheet)[0], target)
    except LetterError as exc:
        print(f"ekko: {exc.message}", file=sys.stderr)
        return 1
    print(target.resolve())
    return 0


def cmd_letter(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.letters.model import LetterError
    from ekko_tui.services import breach_files

    now = clock.now()
    try:
        out = breach_files.check_pdf_target(args.out) if args.out else None
        draft = breach_files.draft_letter(
            args.ref,
            args.subject,
            clock.today(),
            address=args.address.replace(";", "\n"),
            lang=args.lang,
        )
        for warning in draft.letter.warnings:
            print(f"ekko: note: {warning}", file=sys.stderr)
        letter_id, path = breach_files.archive_letter(
            draft, now=now, actor=default_actor(), out=out
        )
    except LetterError as exc:
        print(f"ekko: {exc.message}", file=sys.stderr)
        return 2
    where = str(path.resolve()) if path is not None else "archived in the database"
    print(f"letter #{letter_id}\t{where}")
    return 0


def breach_json(row: Any, now: Any) -> dict[str, Any]:
    from ekko_tui.domain import breaches as br

    return {
        "ref": row.ref,
        "aware_at": br.iso(row.aware_at),
        "notify_by": br.iso(row.notify_by),
        "hours_left": row.hours_left(now),
        "status": row.status,
        "summary": row.summary,
        "types": list(row.types),
        "risk": row.risk,
        "decision": row.decision,
        "notified_at": br.iso(row.notified_at) if row.notified_at else None,
        "altinn_ref": row.altinn_ref,
        "people_linked": row.people,
    }


def cmd_list(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.domain import breaches as br
    from ekko_tui.store import breaches as store

    now = clock.now()
    rows = store.breach_rows(include_closed=args.all)
    if args.json:
        print(json.dumps([breach_json(r, now) for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No open breaches." if not args.all else "No breaches recorded.")
        return 0
    for r in rows:
        left = br.left_text(r.notify_by, now) if br.clock_running(r.status) else "—"
        print(
            f"{r.ref}\t{br.iso(r.notify_by)}\t{left}\t{br.STATUSES[r.status]}\t"
            f"{r.summary.splitlines()[0][:60]}"
        )
    return 0
