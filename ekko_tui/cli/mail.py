"""`ekko mail setup|fetch|test|own`: the IMAP mailbox from the command line, and the lines
every e-mail intake prints (also `ekko request add --eml`)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from ekko_tui.cli.errors import CliError
from ekko_tui.clock import Clock, default_actor
from ekko_tui.config import Config

if TYPE_CHECKING:
    from ekko_tui.store.intake import IntakeResult

COMMANDS = ("mail",)


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    mail = sub.add_parser("mail", help="the IMAP mailbox: set up, fetch requests, test")
    actions = mail.add_subparsers(dest="mail_command", metavar="ACTION", required=True)
    setup = actions.add_parser("setup", help="store the mailbox settings and its password")
    setup.add_argument("--host", required=True, help="IMAP server, e.g. imap.domeneshop.no")
    setup.add_argument("--port", type=int, help="default 993 (ssl) or 143 (starttls, none)")
    setup.add_argument("--user", required=True, help="the mailbox login, e.g. post@ipogs.no")
    setup.add_argument("--security", choices=("ssl", "starttls", "none"), default="ssl")
    setup.add_argument("--folder", default="INBOX", help="the folder read (default INBOX)")
    setup.add_argument(
        "--done-folder",
        default="ekko/importert",
        help="where logged mail is moved (created if missing; default ekko/importert)",
    )
    setup.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    fetch = actions.add_parser("fetch", help="log every new message as a request")
    fetch.add_argument("--json", action="store_true", help="machine-readable output")
    actions.add_parser("test", help="check the login and the folders")
    own = actions.add_parser(
        "own", help="EKKO's own addresses (never a requester); no address: list them"
    )
    own.add_argument("addresses", nargs="*", metavar="ADDRESS")
    own.add_argument("--clear", action="store_true", help="forget the listed addresses")


def run(args: argparse.Namespace, config: Config) -> int:
    """Run `ekko mail …` on the open database; CliError for what the user must fix."""
    clock = config.clock
    from ekko_tui.services.mailbox import MailboxError

    try:
        if args.mail_command == "setup":
            return _setup(args)
        if args.mail_command == "own":
            return _own(args)
        if args.mail_command == "test":
            return _test(config.mail_password)
        return _fetch(args, clock, config.mail_password)
    except MailboxError as exc:
        raise CliError(str(exc), code=1) from exc


def _settings_or_fail():  # type: ignore[no-untyped-def]
    from ekko_tui.store.mail_settings import load_settings

    settings = load_settings()
    if settings is None:
        raise CliError(
            "No mailbox is set up: run `ekko mail setup --host HOST --user USER "
            "--password-stdin` first."
        )
    return settings


def _setup(args: argparse.Namespace) -> int:
    import getpass

    from ekko_tui.services.mailbox import store_password
    from ekko_tui.store.mail_settings import save_settings, validate_settings

    settings = validate_settings(
        host=args.host,
        port=args.port,
        user=args.user,
        security=args.security,
        folder=args.folder,
        done_folder=args.done_folder,
    )
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"Password for {settings.user} at {settings.host}: ")
    else:
        raise CliError("give the password with --password-stdin (standard input).")
    if not password:
        raise CliError("The password is empty: nothing was stored.")
    where, warning = store_password(settings.account, password)
    save_settings(settings)
    print(
        f"Mailbox {settings.user} at {settings.host}:{settings.port} ({settings.security}), "
        f"folder {settings.folder} → {settings.done_folder}. Password kept in {where}."
    )
    if warning:
        print(f"ekko: note: {warning}", file=sys.stderr)
    if settings.security == "none":
        print(
            "ekko: warning: --security none sends the password unencrypted; use it only on "
            "a local or trusted network.",
            file=sys.stderr,
        )
    print("Check it with: ekko mail test")
    return 0


def _own(args: argparse.Namespace) -> int:
    from ekko_tui.store.mail_settings import (
        listed_own_addresses,
        own_addresses,
        set_own_addresses,
    )

    if args.clear or args.addresses:
        set_own_addresses([] if args.clear else [*listed_own_addresses(), *args.addresses])
    for address in own_addresses():
        print(address)
    return 0


def _test(explicit_password: str) -> int:
    from ekko_tui.services.mailbox import find_password, test_mailbox

    settings = _settings_or_fail()
    report = test_mailbox(settings, find_password(settings.account, explicit_password))
    print(f"Login to {settings.host}:{settings.port} as {settings.user}: OK")
    print(f"Folders: {', '.join(report.folders) or '(none)'}")
    print(f"{settings.folder}: {report.messages_waiting} message(s) waiting")
    if report.done_folder_exists:
        print(f"Done folder {settings.done_folder}: exists")
    else:
        print(f"Done folder {settings.done_folder}: missing (the first fetch creates it)")
    return 0


def _fetch(args: argparse.Namespace, clock: Clock, explicit_password: str) -> int:
    from ekko_tui.domain.eml import EmlError
    from ekko_tui.domain.requests import ValidationError
    from ekko_tui.services.mailbox import FetchBusy, fetch_new, find_password
    from ekko_tui.store.intake import log_eml

    settings = _settings_or_fail()
    now, actor = clock.now(), default_actor()
    try:
        report = fetch_new(
            settings,
            find_password(settings.account, explicit_password),
            lambda raw: log_eml(raw, now=now, actor=actor),
            not_mail=(EmlError, ValidationError),
        )
    except FetchBusy as exc:  # the app's timer or another cron run: it does the work
        print(f"ekko: {exc}", file=sys.stderr)
        return 0
    if args.json:
        out = {
            "logged": [_result_json(r) for _, r in report.logged],
            "already_logged": [_result_json(r) for _, r in report.already],
            "left_in_folder": [
                {"uid": f.uid, "subject": f.subject, "reason": f.reason} for f in report.failed
            ],
            "done_folder": report.moved_to,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for _, result in report.logged:
            print_intake(result)
        print(
            f"Fetched {len(report.logged)} new, {len(report.already)} already logged "
            f"(moved to {report.moved_to}), {len(report.failed)} left in {settings.folder}."
        )
        for failed in report.failed:
            print(
                f"ekko: left in {settings.folder}: {failed.subject or '(no subject)'}: "
                f"{failed.reason}",
                file=sys.stderr,
            )
    return 1 if report.failed else 0


def _result_json(result: IntakeResult) -> dict[str, object]:
    return {
        "ref": result.ref,
        "deadline": result.deadline.isoformat(),
        "suggested_types": list(result.suggestion.types) if result.suggestion else None,
        "decided_by": result.suggestion.explain() if result.suggestion else None,
        "warnings": list(result.warnings),
        "forwarded_by": result.mail.forwarded.by if result.mail and result.mail.forwarded else None,
    }


def print_intake(result: IntakeResult) -> None:
    """What intake of one e-mail did: the ref and deadline, then notes on stderr."""
    if result.duplicate:
        print(f"{result.ref}\tdeadline {result.deadline.isoformat()}")
        print(
            f"ekko: this e-mail is already logged as {result.ref}: nothing new stored.",
            file=sys.stderr,
        )
        return
    print(f"{result.ref}\tdeadline {result.deadline.isoformat()}")
    from ekko_tui.cli.subjects import print_intake_link

    print_intake_link(result.request_id)
    mail = result.mail
    if mail is not None and mail.forwarded is not None:
        print(
            f"Forwarded by {mail.forwarded.by}: logged as from "
            f"{mail.requester_contact or mail.requester_name}, received {_oslo(result)} "
            "(the original's time).",
            file=sys.stderr,
        )
    if result.suggestion is not None:
        print(
            f"Type suggested from the text: {result.suggestion.explain()}. "
            "Confirm or change it in the inbox (key t).",
            file=sys.stderr,
        )
    for warning in result.warnings:
        print(f"ekko: warning: {warning}", file=sys.stderr)


def _oslo(result: IntakeResult) -> str:
    from ekko_tui.domain.deadlines import OSLO

    assert result.mail is not None
    return result.mail.received_at.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")
