"""`ekko processors` and `ekko ropa`: the processor register and the Art. 30 record from scripts."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ekko_tui.cli.errors import CliError
from ekko_tui.cli.processor_set import add_set_parser, cmd_processors_set
from ekko_tui.clock import Clock
from ekko_tui.domain.registers import DPA_STATUSES, ROLES, SAFEGUARDS, warning_summary


def add_parsers(sub: Any) -> None:
    """Add the register subcommands to the main parser's subparsers."""
    procs = sub.add_parser(
        "processors",
        help="list the processor register with its warnings; `processors set` records a "
        "transfer safeguard",
    )
    procs.add_argument("--json", action="store_true", help="machine-readable output")
    actions = procs.add_subparsers(dest="processors_action", metavar="{set}")
    add_set_parser(actions)
    ropa = sub.add_parser(
        "ropa", help="export the record of processing activities (Art. 30) as PDF or CSV"
    )
    ropa.add_argument(
        "--out", required=True, metavar="FILE", help="FILE.pdf or FILE.csv (format by extension)"
    )


def dispatch(args: argparse.Namespace, clock: Clock) -> int | None:
    """Run a register subcommand on the open database; None if the command is not ours."""
    if args.command not in ("processors", "ropa"):
        return None
    try:
        if args.command == "processors" and getattr(args, "processors_action", None) == "set":
            return cmd_processors_set(args, clock)
        if args.command == "processors":
            return cmd_processors(args, clock)
        return cmd_ropa(args, clock)
    except CliError as exc:
        print(f"ekko: {exc}", file=sys.stderr)
        return 2


def _date(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]


def cmd_processors(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.store import registers

    rows = registers.processors(clock.today())
    if args.json:
        out = [
            {
                "key": p.key,
                "system": p.system,
                "name": p.name,
                "entity": p.entity,
                "role": p.role,
                "org_nr": p.org_nr,
                "country": p.country,
                "service": p.service,
                "dpa_status": p.dpa_status,
                "dpa_date": _date(p.dpa_date),
                "dpa_link": p.dpa_link,
                "safeguard": p.safeguard,
                "dpf_checked_on": _date(p.dpf_checked_on),
                "subprocessor_link": p.subprocessor_link,
                "subprocessors_checked_on": _date(p.subprocessors_checked_on),
                "privacy_contact": p.privacy_contact,
                "next_review": _date(p.next_review),
                "warnings": [{"kind": w.kind, "message": w.message} for w in p.warnings],
            }
            for p in rows
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    for p in rows:
        dpa = DPA_STATUSES[p.dpa_status] + (f" {p.dpa_date}" if p.dpa_date else "")
        print(
            f"{p.key}\t{p.name}\t{ROLES[p.role]}\t{p.country or '?'}\t{dpa}\t"
            f"{SAFEGUARDS[p.safeguard]}\t{_date(p.next_review) or '-'}\t"
            + ("; ".join(w.message for w in p.warnings) or "ok")
        )
    print(f"{len(rows)} entries: {warning_summary([w for p in rows for w in p.warnings])}")
    return 0


def cmd_ropa(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.letters.ropa import write_ropa
    from ekko_tui.store import registers

    path = Path(args.out).expanduser()
    if path.suffix.lower() not in (".pdf", ".csv"):
        raise CliError(f"--out {args.out}: the file must end in .pdf or .csv.")
    if not path.parent.is_dir():
        raise CliError(f"--out {args.out}: the folder {path.parent} does not exist.")
    data = registers.ropa_data(clock.today())
    try:
        write_ropa(data, path)
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from exc
    print(f"{path}\t{len(data.entries)} activities")
    if not data.controller.email:
        print(
            "Note: the controller's contact e-mail is not recorded; "
            "set it in ekko (key 4, then c).",
            file=sys.stderr,
        )
    return 0
