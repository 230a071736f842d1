"""`ekko import KIND FILE` and `ekko search TEXT`: the subject register from the command line."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from ekko_tui.cli.errors import CliError
from ekko_tui.clock import Clock
from ekko_tui.domain.imports import (
    IMPORT_SYSTEMS,
    MAP_FIELDS,
    ImportFileError,
    guess_mapping,
    parse_export,
    parse_mapping,
    read_export_file,
    read_table,
)

COMMANDS = ("import", "search")


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `import` and `search` to the main parser's subcommands."""
    imp = sub.add_parser(
        "import",
        help="import a customer export (Kajabi, Stripe, Fiken, newsletter list, any CSV)",
        description="Import the people of one export file: all rows or, on any error, none. "
        "Re-importing the same file changes nothing but 'last seen'.",
    )
    imp.add_argument("kind", choices=list(IMPORT_SYSTEMS), help="what the file is")
    imp.add_argument("file", help="the exported CSV file")
    imp.add_argument(
        "--map",
        metavar="FIELD=HEADER,…",
        help=f"for csv: which column holds what; fields: {', '.join(MAP_FIELDS)} "
        "(e.g. --map 'email=E-post,name=Navn,phone=Mobil')",
    )
    imp.add_argument("--json", action="store_true", help="print the report as JSON")
    srch = sub.add_parser("search", help="find subjects by name, e-mail, phone, date or id")
    srch.add_argument("text", help="what to look for (any part; æøå or ASCII; typos tolerated)")
    srch.add_argument("--json", action="store_true", help="machine-readable output")
    srch.add_argument("--limit", type=int, default=50, help="at most this many (default 50)")


def run(args: argparse.Namespace, clock: Clock) -> int:
    """Run `import` or `search` on the open database."""
    if args.command == "import":
        return cmd_import(args, clock)
    return cmd_search(args)


def cmd_import(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.clock import default_actor
    from ekko_tui.store.marketing import without_marketing_suppressed
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
            mapping = guess_mapping(read_table(data).headers)
            if mapping:
                guessed = ", ".join(f"{field}={header}" for field, header in mapping.items())
                print(f"Guessed columns: {guessed} (override with --map)", file=sys.stderr)
        parsed = parse_export(args.kind, data, mapping)
    except ImportFileError as exc:
        raise CliError(f"{path.name}: {exc}") from exc
    report = import_export(
        without_marketing_suppressed(parsed),  # not those who objected to marketing
        kind=args.kind,
        file_name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        now=clock.now(),
        actor=default_actor(),
    )
    if args.json:
        out = {
            "import": report.import_id,
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
    for s in report.skipped:
        print(f"  row {s.line}: skipped: {s.reason}")
    for line, note in report.notes:
        print(f"  row {line}: {note}")
    return 0


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
