"""The question before a no-data access answer: is none of these subjects the requester?"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.db import StoreError
from ekko_tui.store.no_data import confirm_none_is_the_person
from ekko_tui.ui.dialogs import ConfirmDialog
from ekko_tui.ui.ekko_app import ekko_of


def ask_none_match(
    screen: Screen[None], request_id: int, candidates: tuple[str, ...], done: Callable[[], None]
) -> None:
    """Ask y/n; on yes record the confirmation (audit trail), then call `done`."""
    app = ekko_of(screen)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        try:
            count = confirm_none_is_the_person(request_id, now=app.clock.now(), actor=app.actor)
        except (ValidationError, StoreError) as exc:
            screen.notify(str(exc), severity="error")
            return
        done()
        screen.notify(f"Recorded: none of {count} subject(s) is the requester.")

    screen.app.push_screen(
        ConfirmDialog(
            "Is none of these subjects the requester?",
            "\n".join(candidates)
            + "\n\nYes records it in the audit trail, and the no-data answer can be written. "
            "If one of them is the person, answer no and link them (s in the request detail).",
        ),
        answered,
    )
