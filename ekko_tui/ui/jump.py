"""Jump from another screen to one request: the inbox mode, that row selected, its detail open."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ekko_tui.app import EkkoApp


async def show_request_in_inbox(app: EkkoApp, request_id: int) -> None:
    """Switch to the inbox, select the request (widening the filter if it hides it), open it."""
    from ekko_tui.ui.screens.detail import RequestDetailScreen
    from ekko_tui.ui.screens.inbox import InboxScreen

    await app.switch_mode("inbox")
    # A detail (or a form) left open in the inbox mode sits above the list: go back to the list.
    while len(app.screen_stack) > 1 and not isinstance(app.screen, InboxScreen):
        await app.pop_screen()
    inbox = app.screen
    if not isinstance(inbox, InboxScreen):
        return
    inbox.reveal_request(request_id)
    await app.push_screen(RequestDetailScreen(request_id))
