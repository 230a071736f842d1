"""`ekko processors set KEY --safeguard CODE [--dpf-checked-on YYYY-MM-DD]`: record a transfer
safeguard from a script, with the same validation and audit event as the register screen's form."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import Any

from ekko_tui.cli.errors import CliError
from ekko_tui.clock import Clock, default_actor
from ekko_tui.domain.registers import SAFEGUARDS


def add_set_parser(actions: Any) -> None:
    """Add `processors set` under `ekko processors`."""
    codes = "\n".join(f"  {code:<9} {label}" for code, label in SAFEGUARDS.items())
    cmd = actions.add_parser(
        "set",
        help="record the transfer safeguard of one register entry",
        description="Record the transfer safeguard of one processor / recipient entry (KEY as "
        "`ekko processors` lists it). The same checks as the register screen's form apply, and "
        "the change is logged like a save there.",
        epilog=f"Safeguard codes:\n{codes}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cmd.add_argument("key", metavar="KEY", help="the entry's key, e.g. stripe")
    cmd.add_argument(
        "--safeguard",
        required=True,
        metavar="CODE",
        help=f"one of: {', '.join(SAFEGUARDS)} (see below)",
    )
    cmd.add_argument(
        "--dpf-checked-on",
        metavar="YYYY-MM-DD",
        help="the day the entity was found on the DPF list (only with --safeguard dpf)",
    )


def cmd_processors_set(args: argparse.Namespace, clock: Clock) -> int:
    """Change the safeguard (and DPF check date) of the entry KEY; every other field stays."""
    from ekko_tui.store import registers
    from ekko_tui.store.register_writes import save_processor

    today = clock.today()
    rows = {p.key: p for p in registers.processors(today)}
    entry = rows.get(args.key.strip().lower())
    if entry is None:
        raise CliError(
            f"No register entry has the key {args.key!r}. Keys: {', '.join(sorted(rows))}."
        )
    code = args.safeguard.strip().lower()
    if code not in SAFEGUARDS:
        raise CliError(
            f"--safeguard {args.safeguard!r} is not a safeguard code. Use one of: "
            f"{', '.join(SAFEGUARDS)}."
        )
    values: dict[str, Any] = asdict(entry.fields)
    values["safeguard"] = code
    if args.dpf_checked_on is not None:
        values["dpf_checked_on"] = args.dpf_checked_on
    elif code != "dpf":
        values["dpf_checked_on"] = None  # the date belongs to the DPF safeguard only
    save_processor(entry.id, values, now=clock.now(), actor=default_actor())
    saved = {p.key: p for p in registers.processors(today)}[entry.key]
    checked = f", DPF list checked {saved.dpf_checked_on}" if saved.dpf_checked_on else ""
    print(f"{saved.key}\t{saved.name}\t{SAFEGUARDS[saved.safeguard]}{checked}")
    for warning in saved.warnings:
        if warning.kind == "transfer":
            print(f"warning: {warning.message}", file=sys.stderr)
    return 0
