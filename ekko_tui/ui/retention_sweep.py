"""Enter on a closed request past its retention end (deadlines screen): erase the personal data
of every such request, after a y/n question."""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from ekko_tui.domain.request_retention import REQUEST_RECORD_YEARS
from ekko_tui.ui.ekko_app import ekko_of


def ask_erase_past_retention(screen: Screen[object], count: int, done: Callable[[], None]) -> None:
    """Ask y/n; on yes erase them (one transaction, then compaction), call `done`, and say how
    many were erased, or why compaction must wait."""
    from ekko_tui.store.db import StoreError
    from ekko_tui.store.request_retention import erase_requests_past_retention
    from ekko_tui.ui.dialogs import ConfirmDialog

    app = ekko_of(screen)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            refs = erase_requests_past_retention(
                app.clock.today(), now=app.clock.now(), actor=app.actor
            )
        except StoreError as exc:
            done()
            screen.notify(str(exc), severity="error", timeout=15)
            return
        done()
        screen.notify(f"Personal data of {len(refs)} closed request(s) erased.")

    screen.app.push_screen(
        ConfirmDialog(
            f"Erase the personal data of the {count} closed request(s) past retention?",
            f"They were kept {REQUEST_RECORD_YEARS} years after the year they closed "
            "(foreldelsesloven § 2). Name, contact, message, notes and letter copies go; the "
            "audit trail keeps the references only. Open requests are not touched.",
        ),
        answered,
    )
