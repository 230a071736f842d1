"""`ekko letter REF [--kind KIND] [--lang nb|en] --out FILE.pdf [--print]`: the answer letter
from a script; `ekko letter REF --copy N --out FILE.pdf` writes a copy of an archived one;
`ekko letter REF --sent YYYY-MM-DD [--how HOW]` marks the latest letter sent (letter_sent.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from ekko_tui.cli.letter_sent import add_sent_arguments, mark_latest_sent
from ekko_tui.clock import Clock
from ekko_tui.domain.letters import LETTER_KINDS, default_kind
from ekko_tui.domain.requests import ValidationError
from ekko_tui.letters.page_words import LANGUAGES


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the `letter` subcommand."""
    letter = sub.add_parser(
        "letter",
        help="write (and print) the answer letter of a request as a PDF",
        description="Build the letter from the request and the registers, save it as a PDF, "
        "archive it with its SHA-256 on the request's timeline, and optionally print it; "
        "or, with --sent, record that the request's latest letter went out.",
    )
    letter.add_argument("ref", help="the request reference, e.g. 2026-014")
    letter.add_argument(
        "--kind",
        choices=list(LETTER_KINDS),
        metavar="KIND",
        help=f"{', '.join(LETTER_KINDS)} (default: the one that answers the request's type)",
    )
    letter.add_argument(
        "--out", metavar="FILE.pdf", help="where to save the PDF (required unless --sent)"
    )
    letter.add_argument(
        "--text",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="a free-text paragraph, e.g. --text 'reasons=…' (address, note, reasons, question, "
        "granted, changes, details, reason_kind)",
    )
    letter.add_argument(
        "--copy",
        metavar="N",
        type=int,
        help="write a copy of the request's archived letter #N to --out instead of a new letter",
    )
    letter.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        help="the letter's language: nb (bokmål, the default) or en (English)",
    )
    letter.add_argument(
        "--none-match",
        action="store_true",
        help="before a no-data access answer: record that none of the unlinked subjects that "
        "match the requester (listed when the letter is refused) is the person",
    )
    letter.add_argument("--print", action="store_true", help="send it to the printer with lp")
    letter.add_argument(
        "--printer", help="CUPS printer (default: the one chosen in ekko, or CUPS's)"
    )
    add_sent_arguments(letter)


def _texts(pairs: list[str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValidationError("text", f"--text {pair!r}: write it as KEY=VALUE.")
        texts[key.strip()] = value.replace("\\n", "\n")
    return texts


def run(args: argparse.Namespace, clock: Clock, actor: str) -> int:
    """Handle `ekko letter`; the database is open."""
    from ekko_tui.letters.model import LetterError
    from ekko_tui.letters.printing import PrintError, print_pdf
    from ekko_tui.services.letter_archive import generate
    from ekko_tui.services.letter_context import proposed_language
    from ekko_tui.store import letters as archive
    from ekko_tui.store.queries import request_detail, request_id_by_ref

    rid = request_id_by_ref(args.ref)
    if rid is None:
        raise ValidationError("ref", f"No request has the reference {args.ref!r}.")
    if args.sent is not None:
        return mark_latest_sent(args, rid, clock, actor)
    if args.how is not None or args.no_follow_up:
        raise ValidationError("sent", "--how and --no-follow-up go with --sent YYYY-MM-DD.")
    if not args.out:
        raise ValidationError("out", "Give --out FILE.pdf: where to save the letter.")
    detail = request_detail(rid, clock.today())
    assert detail is not None
    kind = args.kind or default_kind(detail.row.types)
    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".pdf":
        raise ValidationError("out", f"--out {args.out!r}: give a file name ending in .pdf.")
    now = clock.now()
    if args.copy is not None:
        if args.print or args.kind or args.text or args.lang:
            raise ValidationError(
                "copy",
                "--copy writes an archived letter as it is: no --kind, --text, --lang or --print "
                "with it.",
            )
        return _copy(args.copy, rid, out, now, actor)
    if args.none_match:
        from ekko_tui.store.no_data import confirm_none_is_the_person

        count = confirm_none_is_the_person(rid, now=now, actor=actor)
        print(
            f"Recorded: none of {count} matching subject(s) is the requester."
            if count
            else "No unlinked subject matches the requester: nothing to confirm.",
            file=sys.stderr,
        )
    lang = args.lang or "nb"
    if args.lang is None and proposed_language(rid, clock.today()) == "en":
        print(
            "note: the request is written in English: add --lang en for an English letter.",
            file=sys.stderr,
        )
    try:
        made = generate(rid, kind, _texts(args.text), now=now, actor=actor, out=out, lang=lang)
    except LetterError as exc:
        print(f"ekko: {exc.message} Nothing was saved.", file=sys.stderr)
        return 2
    for warning in made.letter.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    row = made.row
    print(f"{row.path}\t{row.pages} page(s)\tsha256 {row.sha256}")
    if made.attachment:
        print(f"{made.attachment}\tdata files (JSON + CSV)\tsha256 {row.attachment_sha256}")
    if not args.print:
        return 0
    printer = args.printer or archive.get_setting(archive.PRINTER_SETTING) or None
    assert made.pdf is not None  # --out is required: the copy exists
    try:
        job = print_pdf(made.pdf, printer, title=f"{row.ref} {LETTER_KINDS[kind].label}")
    except PrintError as exc:
        print(f"ekko: not printed: {exc}", file=sys.stderr)
        return 1
    archive.mark_printed(row.id, f"{printer or 'default printer'}, job {job}", now=now, actor=actor)
    print(f"printed\t{printer or 'default printer'}\tjob {job}")
    return 0


def _copy(letter_id: int, request_id: int, out: Path, now: datetime, actor: str) -> int:
    """`ekko letter REF --copy N --out FILE.pdf`: an archived letter, written where asked."""
    from ekko_tui.letters.model import LetterError
    from ekko_tui.services.letter_archive import save_copy
    from ekko_tui.store import letters as archive

    row = archive.letter_by_id(letter_id)
    if row is None or row.request_id != request_id:
        raise ValidationError("copy", f"The request has no letter #{letter_id}.")
    if out.exists():
        raise ValidationError("out", f"{out} exists: choose another file.")
    try:
        written = save_copy(letter_id, out, now=now, actor=actor)
    except LetterError as exc:
        print(f"ekko: {exc.message}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0
