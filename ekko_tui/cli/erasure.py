"""`ekko erase SUBJECT --yes` and `ekko notices`: erasure from scripts, Art. 19 notices."""

from __future__ import annotations

import argparse
from datetime import date

from ekko_tui.clock import Clock, default_actor
from ekko_tui.config import Config
from ekko_tui.domain.requests import ValidationError, parse_date

# The store is imported inside the handlers (see cli_maintenance): --help stays light.

COMMANDS = ("erase", "notices")


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    e = sub.add_parser("erase", help="erase a subject: identifiers, holdings, requests' data")
    e.add_argument("subject", nargs="?", help="an e-mail, a phone number or a subject id (#12)")
    e.add_argument("--compact", action="store_true", help="only finish an interrupted compaction")
    e.add_argument("--yes", action="store_true", help="really erase (without it: show the plan)")
    e.add_argument("--request", metavar="REF", help="the erasure request this answers")
    e.add_argument(
        "--expired",
        action="store_true",
        help="erase the records kept under bokføringsloven § 13 whose keep-until date has "
        "passed, and the personal data of closed requests past their retention end",
    )
    n = sub.add_parser("notices", help="Art. 19 notices owed to recipients after erasures")
    n.add_argument("request", nargs="?", help="only this request's notices")
    n.add_argument(
        "--sent",
        metavar="DATE",
        help="record the request's notices as sent on DATE (YYYY-MM-DD or DD.MM.YYYY)",
    )


def run(args: argparse.Namespace, config: Config) -> int:
    clock = config.clock
    from ekko_tui.store import erasure
    from ekko_tui.store.queries import request_id_by_ref

    if args.command == "notices":
        return _notices(args, clock)
    if args.expired:
        if args.subject or args.compact or args.request:
            raise ValidationError("expired", "--expired takes no subject, --request or --compact.")
        count = erasure.erase_expired_kept(clock.today(), now=clock.now(), actor=default_actor())
        print(
            f"{count} kept record(s) past their keep-until date erased."
            if count
            else "No kept record is past its keep-until date."
        )
        from ekko_tui.store.request_retention import erase_requests_past_retention

        refs = erase_requests_past_retention(clock.today(), now=clock.now(), actor=default_actor())
        print(
            f"{len(refs)} closed request(s) past retention erased: {', '.join(refs)}."
            if refs
            else "No closed request is past its retention end."
        )
        return 0
    if args.compact:
        erasure.compact()
        print("Compacted: no deleted data is left in free pages or the WAL.")
        return 0
    if not args.subject:
        raise ValidationError("subject", "Name the subject: an e-mail, a phone or #id.")
    sid = erasure.find_subject(args.subject)
    request_id = None
    if args.request:
        request_id = request_id_by_ref(args.request)
        if request_id is None:
            raise ValidationError("request", f"There is no request {args.request}.")
    plan = erasure.plan_erasure(sid, clock.today(), request_id=request_id)
    if not args.yes:
        print(erasure.describe(plan))
        print("Nothing was erased. Run again with --yes to erase.")
        return 1
    done = erasure.erase_subject(
        sid,
        reason=erasure.REASON_REQUEST,
        now=clock.now(),
        actor=default_actor(),
        request_id=request_id,
    )
    print(erasure.describe(done))
    print(erasure.describe_backups(done))
    if done.compaction:
        print(f"NOT fully erased yet. {done.compaction}")
        return 1
    if not done.complete:
        print(
            "Erased from the database; NOT from every backup (listed above): erase or delete "
            "those yourself. The audit trail names the references only."
        )
        return 1
    print(
        "Erased. Gone from the database and every backup ekko made; the audit trail names "
        "the references only."
    )
    return 0


def _notices(args: argparse.Namespace, clock: Clock) -> int:
    from ekko_tui.store import erasure

    if args.sent:
        if not args.request:
            raise ValidationError("request", "Name the request whose notices were sent.")
        on: date = parse_date(args.sent, "sent")
        count = erasure.mark_notified(args.request, on, now=clock.now(), actor=default_actor())
        print(f"{count} notice(s) of {args.request} recorded as sent on {on}.")
        return 0
    rows = erasure.notices(args.request)
    if not rows:
        print("No notices.")
    for row in rows:
        when = f"sent {row.notified_on}" if row.notified_on else "NOT YET SENT"
        print(f"{row.request_ref or '–'}\t{row.processor}\t{when}")
    return 0
