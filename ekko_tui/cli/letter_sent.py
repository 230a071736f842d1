"""`ekko letter REF --sent YYYY-MM-DD [--how post|email|hand|other] [--no-follow-up]`: record
that the request's latest letter went out, with the same rules as the letter screen's "Sent"
(ctrl+l): the date is not in the future nor before the letter was written, a letter is marked
once, and by default sending it does what it means (an answer closes the request, a question
starts the pause, an extension notice records the extension), all in one transaction."""

from __future__ import annotations

import argparse

from ekko_tui.clock import Clock
from ekko_tui.domain.letters import DEFAULT_SEND_METHOD, LETTER_KINDS, SEND_METHODS
from ekko_tui.domain.requests import ValidationError, parse_date


def add_sent_arguments(letter: argparse.ArgumentParser) -> None:
    """The `--sent` options of `ekko letter`."""
    letter.add_argument(
        "--sent",
        metavar="YYYY-MM-DD",
        help="mark the request's latest letter as sent on that day (no new letter is made)",
    )
    letter.add_argument(
        "--how",
        choices=list(SEND_METHODS),
        help="with --sent: how it went out (default: by the channel the request came in on)",
    )
    letter.add_argument(
        "--no-follow-up",
        action="store_true",
        help="with --sent: only record the sending; do not close the request, start the pause "
        "or record the extension",
    )


def mark_latest_sent(args: argparse.Namespace, request_id: int, clock: Clock, actor: str) -> int:
    """Mark the newest archived letter of the request as sent; print what was recorded."""
    from ekko_tui.store import letters as archive
    from ekko_tui.store.queries import request_detail

    others = [
        flag
        for flag, given in (
            ("--out", args.out),
            ("--kind", args.kind),
            ("--text", args.text),
            ("--copy", args.copy is not None),
            ("--print", args.print),
            ("--printer", args.printer),
        )
        if given
    ]
    if others:
        raise ValidationError(
            "sent", f"--sent only records a letter as sent: drop {', '.join(others)}."
        )
    day = parse_date(args.sent, "sent_on")
    letters = archive.letters_for_request(request_id)
    if not letters:
        raise ValidationError(
            "letter",
            f"{args.ref} has no letter yet: make it first (ekko letter {args.ref} --out FILE.pdf).",
        )
    latest = letters[0]
    if latest.sent_on is not None:
        raise ValidationError(
            "letter",
            f"The latest letter of {args.ref} (#{latest.id}, {latest.label}) was already marked "
            f"sent on {latest.sent_on:%Y-%m-%d}.",
        )
    how = args.how
    if how is None:
        detail = request_detail(request_id, clock.today())
        channel = detail.row.channel if detail is not None else ""
        how = DEFAULT_SEND_METHOD.get(channel, "post")
    row = archive.mark_sent(
        latest.id, how, day, close=not args.no_follow_up, now=clock.now(), actor=actor
    )
    after = request_detail(request_id, clock.today())
    status = f"\trequest {after.row.status}" if after is not None else ""
    print(
        f"{row.ref}\tletter #{row.id} {LETTER_KINDS[row.kind].label}\tsent "
        f"{day:%Y-%m-%d} ({SEND_METHODS[how].lower()}){status}"
    )
    return 0
