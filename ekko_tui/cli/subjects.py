"""`ekko import KIND FILE` and `ekko search TEXT`: the subject register from the command line."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from ekko_tui.cli.errors import CliError
from ekko_tui.clock import Clock
from ekko_tui.config import Config
from ekko_tui.domain.deadlines import OSLO

# Only the kinds' names at the top: every command builds this parser, and the import code
# (about 25 ms of imports) is loaded by `ekko import` alone.
from ekko_tui.domain.export_kinds import ALL_KINDS, MAP_FIELDS

COMMANDS = ("import", "search")


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `import` and `search` to the main parser's subcommands."""
    imp = sub.add_parser(
        "import",
        help="import an export: customers (Kajabi, Stripe, Fiken, newsletter, any CSV) or "
        "documents (stripe-payments, kajabi-transactions, fiken-invoices, zoom, mailchimp)",
        description="Import the people of one export file, with every column of every row "
        "as their records and the documents it holds (payments, invoices, meetings): all rows "
        "or, on any error, none. Re-importing the same file changes nothing.",
    )
    imp.add_argument("kind", choices=list(ALL_KINDS), help="what the file is")
    imp.add_argument("file", help="the exported CSV file")
    imp.add_argument(
        "--map",
        metavar="FIELD=HEADER,…",
        help=f"for csv: which column holds what; fields: {', '.join(MAP_FIELDS)} "
        "(e.g. --map 'email=E-post,name=Navn,phone=Mobil')",
    )
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="read and check the whole file and report what it would do; store nothing",
    )
    imp.add_argument(
        "--tz",
        metavar="ZONE",
        default="Europe/Oslo",
        help="for zoom: the host's time zone, in which the report's times are written "
        "(default Europe/Oslo)",
    )
    imp.add_argument(
        "--exported",
        metavar="YYYY-MM-DD",
        help="the day the file was exported (default: the file's modification time)",
    )
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    srch = sub.add_parser("search", help="find subjects by name, e-mail, phone, date or id")
    srch.add_argument("text", help="what to look for (any part; æøå or ASCII; typos tolerated)")
    srch.add_argument("--json", action="store_true", help="machine-readable output")
    srch.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")


def run(args: argparse.Namespace, config: Config) -> int:
    """Run `import` or `search` on the open database."""
    clock = config.clock
    if args.command == "import":
        return cmd_import(args, clock)
    return cmd_search(args)


def cmd_import(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.clock import default_actor
    from ekko_tui.domain.imports import (
        ImportFileError,
        guess_mapping,
        host_zone,
        parse_mapping,
        read_export_file,
        read_headers,
        stream_export,
    )
    from ekko_tui.store.subject_imports import import_export

    path = Path(args.file).expanduser()
    try:
        if args.map and args.kind != "csv":
            raise ImportFileError("--map is only for `ekko import csv`.")
        data = read_export_file(path)
        mapping = parse_mapping(args.map) if args.map else None
        if args.kind == "csv" and mapping is None:
            # As the app does: guess the columns from the headers, say what was guessed (on
            # stderr, so --json output stays clean); --map overrides the guess.
            mapping = guess_mapping(read_headers(data))
            if mapping:
                guessed = ", ".join(f"{field}={header}" for field, header in mapping.items())
                print(f"Guessed columns: {guessed} (override with --map)", file=sys.stderr)
        if args.tz != "Europe/Oslo" and args.kind != "zoom":
            raise ImportFileError("--tz is only for `ekko import zoom`.")
        # Every check of the file as a whole, before anything is stored; the rows are then
        # read again, one at a time, as they are stored (issue 15).
        parsed = stream_export(args.kind, data, mapping, zone=host_zone(args.tz))
        exported = _exported_at(args.exported, path)
        # The rows are read while they are stored: a refusal then (none is expected, the
        # file was checked) rolls the import back and is reported like the others.
        report = import_export(
            parsed,
            kind=args.kind,
            file_name=path.name,
            sha256=hashlib.sha256(data).hexdigest(),
            now=clock.now(),
            actor=default_actor(),
            exported_at=exported,
            dry_run=args.dry_run,
        )
    except ImportFileError as exc:
        raise CliError(f"{path.name}: {exc}") from exc
    if parsed.detail and not args.json:
        print(f"Read as: {parsed.detail}.", file=sys.stderr)
    if args.json:
        rc = report.records
        out = {
            "import": None if report.dry_run else report.import_id,
            "dry_run": report.dry_run,
            "kind": args.kind,
            "detected": parsed.detail,
            "exported_at": report.exported_at.isoformat() if report.exported_at else None,
            "records": {
                "added": rc.records_added,
                "updated": rc.records_updated,
                "unchanged": rc.records_unchanged,
            },
            "documents": {
                "added": rc.documents_added,
                "updated": rc.documents_updated,
                "unchanged": rc.documents_unchanged,
            },
            "file": report.file_name,
            "system": report.system,
            "encoding": report.encoding,
            "delimiter": report.delimiter,
            "rows": report.rows,
            "added": report.added,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped": [{"row": s.line, "reason": s.reason} for s in report.skipped],
            "notes": [{"row": line, "note": note} for line, note in report.notes],
            "merge_suggestions": report.suggestions,
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(report.summary())
    if report.records_summary():
        print(report.records_summary())
    for s in report.skipped:
        print(f"  row {s.line}: skipped: {s.reason}")
    for line, note in report.notes:
        print(f"  row {line}: {note}")
    return 0


def _exported_at(text: str | None, path: Path) -> datetime:
    """When the file was exported: `--exported` (noon in Oslo that day) or its mtime."""
    from ekko_tui.domain.imports import ImportFileError

    if text:
        try:
            day = date.fromisoformat(text)
        except ValueError as exc:
            raise ImportFileError(
                f"--exported: write the day as YYYY-MM-DD, not {text!r}."
            ) from exc
        return datetime(day.year, day.month, day.day, 12, tzinfo=OSLO)
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def cmd_search(args: argparse.Namespace) -> int:
    from ekko_tui.store.subject_queries import search_subjects

    if args.limit < 1:
        raise CliError("--limit must be at least 1.")
    result = search_subjects(args.text, limit=args.limit)
    if args.json:
        out = [
            {
                "id": h.id,
                "name": h.name,
                "organisation": h.organisation,
                "emails": list(h.emails),
                "phones": list(h.phones),
                "systems": list(h.systems),
                "requests": h.requests,
                "near_match": h.near,
                "score": h.score,
            }
            for h in result.hits
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not result.hits:
        print(f"No subject matches {args.text!r}.", file=sys.stderr)
        return 1
    for h in result.hits:
        mark = "≈ " if h.near else ""
        contact = ", ".join((*h.emails, *h.phones)) or "—"
        systems = ", ".join(h.systems) or "no system"
        print(f"#{h.id}\t{mark}{h.name or '(no name)'}\t{contact}\t{systems}")
    return 0


def print_intake_link(request_id: int) -> None:
    """After `ekko request add`: say on stderr whether the request was linked to a subject."""
    from ekko_tui.store.subject_queries import request_subject

    info = request_subject(request_id)
    if info is None:
        return
    if info.subject is not None:
        print(
            f"Linked to subject #{info.subject.id} {info.subject.name} (the sender's contact "
            "matches exactly one subject; unlink with u in the request detail).",
            file=sys.stderr,
        )
    elif info.candidates:
        print(
            f"Not linked: {len(info.candidates)} subject(s) match by {info.candidates_by}; "
            "choose in the request detail (s).",
            file=sys.stderr,
        )
