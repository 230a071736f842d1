"""`ekko notice`: the privacy notice and cookie declaration from the registers, its gap check and
what changed since the last published version. Heavy imports (ReportLab) stay in the handlers."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from ekko_tui.cli.errors import CliError
from ekko_tui.clock import Clock, default_actor
from ekko_tui.config import Config

COMMANDS = ("notice",)
FORMATS = (".html", ".htm", ".md", ".pdf")


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "notice",
        help="write the privacy notice and cookie declaration from the registers",
        description="Write the privacy notice (GDPR Art. 13/14) with its cookie declaration, "
        "check the registers for gaps, or show what changed since the last published version.",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--out", metavar="FILE", help="FILE.html, FILE.md or FILE.pdf (format by extension)"
    )
    what.add_argument(
        "--check", action="store_true", help="list what the registers lack; exit 1 if anything"
    )
    what.add_argument(
        "--diff",
        action="store_true",
        help="what changed since the last published notice; exit 1 if it changed",
    )
    p.add_argument("--lang", choices=("nb", "en"), default="nb", help="bokmål (nb) or English")
    p.add_argument(
        "--draft",
        action="store_true",
        help="with --out: write even with gaps, each marked (a draft is never recorded)",
    )


def run(args: argparse.Namespace, config: Config) -> int:
    clock = config.clock
    try:
        if args.check:
            return cmd_check(args, clock)
        if args.diff:
            return cmd_diff(args, clock)
        return cmd_write(args, clock)
    except CliError as exc:
        print(f"ekko: {exc}", file=sys.stderr)
        return 2


def _print_gaps(notice: Any, stream: Any) -> None:
    for gap in notice.gaps:
        print(f"gap: {gap.message}", file=stream)
    for warning in notice.warnings:
        print(f"warning: {warning}", file=stream)


def cmd_check(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.store.notices import current_notice

    notice = current_notice(clock.today(), args.lang)
    _print_gaps(notice, sys.stdout)
    if notice.gaps:
        print(
            f"{len(notice.gaps)} gaps: the notice is refused until they are fixed "
            "(--draft writes it with the gaps marked)."
        )
        return 1
    print(
        "No gaps: the notice can be published."
        + (f" {len(notice.warnings)} warnings." if notice.warnings else "")
    )
    return 0


def cmd_write(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.letters.notice_pdf import write_notice
    from ekko_tui.letters.notice_text import notice_markdown
    from ekko_tui.store.notices import current_notice, record_publication
    from ekko_tui.store.registers import controller_profile

    path = Path(args.out).expanduser()
    if path.suffix.lower() not in FORMATS:
        raise CliError(f"--out {args.out}: the file must end in .html, .md or .pdf.")
    if not path.parent.is_dir():
        raise CliError(f"--out {args.out}: the folder {path.parent} does not exist.")
    notice = current_notice(clock.today(), args.lang)
    if notice.gaps and not args.draft:
        _print_gaps(notice, sys.stderr)
        print(
            f"ekko: the notice is refused: {len(notice.gaps)} gaps in the registers (listed "
            "above). Fix them in ekko (key 4), or write a draft with --draft.",
            file=sys.stderr,
        )
        return 1
    try:
        digest = write_notice(notice, path, controller=controller_profile())
    except OSError as exc:
        raise CliError(f"cannot write {path}: {exc.strerror or exc}") from exc
    for warning in notice.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if notice.gaps:
        print(f"{path}\tdraft with {len(notice.gaps)} gaps marked (not recorded as published)")
        return 0
    recorded = record_publication(
        notice,
        notice_markdown(notice, dated=False),
        digest,
        str(path),
        now=clock.now(),
        actor=default_actor(),
    )
    state = "published version recorded" if recorded else "same content as the last published"
    print(f"{path}\tsha256 {digest}\t{state}")
    return 0


def cmd_diff(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.letters.notice_text import notice_markdown
    from ekko_tui.store.notices import current_notice, last_publication

    notice = current_notice(clock.today(), args.lang)
    last = last_publication(args.lang)
    if last is None:
        print(
            "No notice has been published from ekko yet: write one with `ekko notice --out FILE`."
        )
        return 1
    when = last.published_at.date().isoformat()
    if last.content_hash == notice.content_hash:
        print(f"No changes since the notice published on {when} (sha256 {last.file_hash[:12]}).")
        return 0
    now_text = notice_markdown(notice, dated=False)
    diff = difflib.unified_diff(
        last.text.splitlines(),
        now_text.splitlines(),
        fromfile=f"published {when}",
        tofile=f"registers {clock.today().isoformat()}",
        lineterm="",
    )
    for line in diff:
        print(line)
    print(f"The registers changed since the notice published on {when}: update the website.")
    if notice.gaps:
        print(f"Note: {len(notice.gaps)} gaps must be fixed before it can be published (--check).")
    return 1
