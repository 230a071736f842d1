"""Command line: `ekko` starts the desk; subcommands serve scripts, mail filters and cron."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

# Only what every command needs is imported here. Each subcommand imports its own modules
# (the store, Textual, letters) inside its handler, so `ekko --help` and `ekko deadline` start
# without them (tests/unit/test_cli_imports.py). New subcommands follow the same pattern; the
# cli/ modules keep their top level light, because build_parser needs their add_parsers.
# Starting the desk (`ekko`, `ekko --db PATH`, `ekko --demo`) builds no subcommand parser and
# imports no cli/ module but maintenance (tests/unit/test_startup_imports.py).
from ekko_tui.cli import maintenance as cli_maintenance
from ekko_tui.cli.desk_args import desk_parser, parse_desk_args
from ekko_tui.cli.errors import CliError
from ekko_tui.clock import Clock
from ekko_tui.config import Config
from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.requests import ValidationError

MAX_PAUSED_DAYS = 3653  # ten years: longer is a typing mistake, and would overflow dates


def build_parser() -> argparse.ArgumentParser:
    from ekko_tui.cli import breaches as cli_breaches
    from ekko_tui.cli import deadlines as cli_deadlines
    from ekko_tui.cli import erasure as cli_erasure
    from ekko_tui.cli import letters as cli_letters
    from ekko_tui.cli import mail as cli_mail
    from ekko_tui.cli import notice as cli_notice
    from ekko_tui.cli import registers as cli_registers
    from ekko_tui.cli import subjects as cli_subjects

    parser: argparse.ArgumentParser = desk_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    req = sub.add_parser("request", help="log requests from scripts and mail filters")
    req_sub = req.add_subparsers(dest="request_command", metavar="ACTION", required=True)
    add = req_sub.add_parser("add", help="log a new request")
    add.add_argument(
        "--eml", metavar="FILE", help="a saved or forwarded e-mail; - reads standard input"
    )
    add.add_argument(
        "--type",
        dest="types",
        help="access, rectification, erasure, restriction, "
        "portability, objection, withdraw_consent, other (comma-separated)",
    )
    add.add_argument(
        "--channel", help="email, form, phone, sms, facebook, instagram, letter, in_person"
    )
    add.add_argument(
        "--from", dest="sender", help="requester: 'Name <e-mail>', an e-mail or a phone"
    )
    add.add_argument("--name", help="requester name (if not in --from)")
    add.add_argument(
        "--received", help="receipt time, Oslo: YYYY-MM-DD HH:MM (default: now or the mail's Date)"
    )
    add.add_argument("--text", help="the message text")

    lst = sub.add_parser("requests", help="list requests with their deadlines")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.add_argument("--all", action="store_true", help="include closed requests")

    ddl = sub.add_parser("deadline", help="print the legal deadline for a receipt date")
    ddl.add_argument(
        "received", help="date the request reached EKKO: YYYY-MM-DD or DD.MM.YYYY (30.11.2026)"
    )
    ddl.add_argument(
        "--paused-days", type=int, default=0, help="calendar days the clock was stopped"
    )
    ddl.add_argument("--extended", action="store_true", help="with the two-month extension")
    ddl.add_argument("--explain", action="store_true", help="also print why")
    cli_maintenance.add_parsers(sub)
    cli_deadlines.add_parsers(sub)
    cli_registers.add_parsers(sub)
    cli_letters.add_parsers(sub)
    cli_subjects.add_parsers(sub)
    cli_erasure.add_parsers(sub)
    cli_notice.add_parsers(sub)
    cli_breaches.add_parsers(sub)
    cli_mail.add_parsers(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    desk = parse_desk_args(argv)
    if desk is not None:
        parser, args = None, desk
    else:
        parser = build_parser()
        args = parser.parse_args(argv)
    try:
        # The one place the environment is read: everything below gets the Config.
        config = Config.from_environment(db=args.db, demo=args.demo)
    except ValueError as exc:
        print(f"ekko: EKKO_NOW is not a date or time (ISO 8601): {exc}", file=sys.stderr)
        return 2
    if args.command == "deadline":  # pure calendar arithmetic: no database, no Textual
        try:
            return cmd_deadline(args)
        except CliError as exc:
            print(f"ekko: {exc}", file=sys.stderr)
            return exc.code
    from ekko_tui.store.db import DATABASE_ERRORS, StoreError, explain_database_error

    try:
        if config.demo:
            return run_demo(config)
        if args.command is None:
            return run_tui(config)
        handled = cli_maintenance.run(args, config)
        if handled is not None:
            return handled
        return run_store_command(args, parser or build_parser(), config)
    except CliError as exc:
        print(f"ekko: {exc}", file=sys.stderr)
        return exc.code
    except ValidationError as exc:
        print(f"ekko: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"ekko: {exc}", file=sys.stderr)
        return 1
    except DATABASE_ERRORS as exc:  # a damaged page anywhere: one line, never a traceback
        print(f"ekko: {explain_database_error(exc)}", file=sys.stderr)
        return 1
    return 2


def run_store_command(
    args: argparse.Namespace, parser: argparse.ArgumentParser, config: Config
) -> int:
    """Open the database, seed it on first run, and hand the command to its handler."""
    from ekko_tui.cli import breaches as cli_breaches
    from ekko_tui.cli import deadlines as cli_deadlines
    from ekko_tui.cli import erasure as cli_erasure
    from ekko_tui.cli import letters as cli_letters
    from ekko_tui.cli import mail as cli_mail
    from ekko_tui.cli import notice as cli_notice
    from ekko_tui.cli import registers as cli_registers
    from ekko_tui.cli import subjects as cli_subjects
    from ekko_tui.store.db import close_db, open_db, opened
    from ekko_tui.store.register_seed import seed_registers

    clock = config.clock
    first_run = not config.db_path.exists()
    open_db(config.db_path, settings=config.store)
    seed_registers(clock.now(), config.actor)  # first run only
    info = opened()
    # Said once, when the key file is made; later in `ekko key show` and the TUI's start-up
    # notes only, so scripts and cron jobs (`ekko agenda`) do not repeat it on stderr.
    if info is not None and info.warning and first_run:
        print(f"ekko: note: {info.warning}", file=sys.stderr)
    for note in info.notes if info is not None else ():  # e.g. a compaction finished now
        print(f"ekko: note: {note}", file=sys.stderr)
    if info is not None and info.copies_note:
        print(f"ekko: note: {info.copies_note}", file=sys.stderr)
    try:
        if args.command == "request":
            return cmd_request_add(args, config)
        if args.command == "requests":
            return cmd_requests(args, clock)
        if args.command in cli_deadlines.COMMANDS:
            return cli_deadlines.run(args, config)
        if (done := cli_registers.dispatch(args, clock)) is not None:
            return done
        if args.command == "letter":
            return cli_letters.run(args, clock, config.actor)
        if args.command in cli_erasure.COMMANDS:
            return cli_erasure.run(args, config)
        if args.command in cli_notice.COMMANDS:
            return cli_notice.run(args, config)
        if args.command in cli_subjects.COMMANDS:
            return cli_subjects.run(args, config)
        if args.command in cli_breaches.COMMANDS:
            return cli_breaches.run(args, config)
        if args.command in cli_mail.COMMANDS:
            return cli_mail.run(args, config)
    finally:
        close_db()
    parser.print_help()
    return 2


def run_tui(config: Config) -> int:
    from ekko_tui.app import make_app, tune_gc_for_startup

    tune_gc_for_startup()
    # The daily backup runs in a worker after the first paint (EkkoApp._after_first_paint).
    backups = cli_maintenance.backups_dir(config.db_path)
    app = make_app(config.db_path, config=config, backups=backups)
    app.freeze_gc_after_start = True
    app.run()
    return app.return_code or 0


def run_demo(config: Config) -> int:
    from ekko_tui.app import make_app
    from ekko_tui.demo.requests import seed
    from ekko_tui.demo.subjects import seed_subjects
    from ekko_tui.store.db import close_db

    clock = config.clock
    folder = Path(tempfile.mkdtemp(prefix="ekko-demo-"))
    try:
        # Synthetic data in a throwaway file: not encrypted (config.encrypt is False for the
        # demo), so no key is left in the keychain.
        app = make_app(folder / "demo.db", config=config)
        seed_subjects(clock.now())  # first, so intake links the demo requests to them
        seed(clock.now())
        from ekko_tui.demo.breaches import seed_breaches

        seed_breaches(clock.now())
        app.sub_title = "DEMO — a throwaway database"
        app.run()
    finally:
        close_db()
        shutil.rmtree(folder, ignore_errors=True)
    return app.return_code or 0


def cmd_deadline(args: argparse.Namespace) -> int:
    from ekko_tui.domain.dates import DateFormatError, parse_day

    try:
        received = parse_day(args.received)
    except DateFormatError as exc:
        raise CliError(exc.reason) from exc
    if args.paused_days < 0:
        raise CliError("--paused-days cannot be negative.")
    if args.paused_days > MAX_PAUSED_DAYS:
        raise CliError(
            f"--paused-days {args.paused_days} is more than {MAX_PAUSED_DAYS} days "
            "(ten years): no request is paused that long."
        )
    try:
        pauses = [
            dl.PausePeriod(received, received.fromordinal(received.toordinal() + args.paused_days))
        ]
        deadline = dl.compute_deadline(
            received, pauses=pauses if args.paused_days else (), extended=args.extended
        )
    except (OverflowError, ValueError) as exc:
        raise CliError(
            f"The deadline for {received.isoformat()} falls after the year 9999, the last "
            "date ekko can count."
        ) from exc
    print(deadline.effective.isoformat())
    if args.explain:
        print(deadline.explain())
    return 0


def _read_eml(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    path = Path(source)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {source}: {exc.strerror or exc}") from exc


def cmd_request_add(args: argparse.Namespace, config: Config) -> int:
    from ekko_tui.domain.eml import EmlError
    from ekko_tui.domain.requests import check_channel_contact, validate_new_request
    from ekko_tui.store import requests as store

    clock = config.clock
    now = clock.now()
    name = args.name or ""
    contact = ""
    if args.sender:
        from email.utils import parseaddr

        parsed_name, parsed_addr = parseaddr(args.sender)
        if "@" in args.sender and parsed_addr:
            name = name or parsed_name
            contact = parsed_addr
        else:
            contact = args.sender
    channel = args.channel or "email"
    if args.eml:
        from ekko_tui.cli.mail import print_intake
        from ekko_tui.store.intake import Overrides, log_eml

        raw = _read_eml(args.eml)
        given = Overrides(
            args.types or "", channel, contact, name, args.received or "", args.text or ""
        )
        try:
            result = log_eml(raw, now=now, actor=config.actor, overrides=given)
        except EmlError as exc:
            raise CliError(f"{args.eml}: {exc} Nothing was stored.") from exc
        print_intake(result)
        return 0
    if not args.types:
        raise CliError("give --type (or --eml FILE for an e-mail).")
    new = validate_new_request(
        received=args.received or now,
        channel=channel,
        types=args.types,
        requester_name=name,
        requester_contact=contact,
        message=args.text or "",
        now=now,
    )
    warning = check_channel_contact(new.channel, new.requester_contact)
    req = store.create_request(new, now=now, actor=config.actor, intake_warning=warning)
    from ekko_tui.store.queries import request_detail

    detail = request_detail(req.id, clock.today())
    assert detail is not None
    print(f"{req.ref}\tdeadline {detail.row.deadline.effective.isoformat()}")
    from ekko_tui.cli.subjects import print_intake_link

    print_intake_link(req.id)
    if warning:
        print(f"ekko: warning: {warning}", file=sys.stderr)
    return 0


def cmd_requests(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.store.queries import request_rows

    rows = request_rows(clock.today(), "all" if args.all else "open")
    if args.json:
        out = [
            {
                "ref": r.ref,
                "received_at": r.received_at.isoformat(),
                "channel": r.channel,
                "types": list(r.types),
                "requester": r.requester_name,
                "contact": r.requester_contact,
                "status": r.status,
                "deadline": r.deadline.effective.isoformat(),
                "first_deadline": r.deadline.first.isoformat(),
                "extended": r.extended,
                "paused_days": r.deadline.paused_days,
                "working_days_left": r.working_days_left,
                "why": r.deadline.explain(),
            }
            for r in rows
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No open requests.")
        return 0
    for r in rows:
        print(
            f"{r.ref}\t{r.deadline.effective.isoformat()}\t{r.working_days_left:>4} wd\t"
            f"{r.status}\t{','.join(r.types)}\t{r.requester_name or r.requester_contact}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
