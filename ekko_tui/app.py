"""EkkoApp: the modes (one per top-level screen), global keys and the command palette."""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ekko_tui.clock import Clock
from ekko_tui.store.db import close_db, open_db
from ekko_tui.ui.screens.inbox import InboxScreen
from ekko_tui.ui.screens.search import SearchScreen

_NOT_IN_PALETTE = {"quit", "toggle_help", "command_palette", "back", "clear_find"}


class EkkoApp(App[None]):
    """The privacy desk."""

    TITLE = "ekko"
    CSS_PATH = "app.tcss"
    MODES = {"inbox": InboxScreen, "search": SearchScreen}
    DEFAULT_MODE = "inbox"
    BINDINGS = [
        Binding("1", "switch_mode('inbox')", "Inbox", tooltip="The request inbox"),
        Binding("2", "switch_mode('search')", "Search", tooltip="Find a subject in every system"),
        Binding("question_mark", "toggle_help", "Help", tooltip="Show or hide the keys"),
        Binding("q", "quit", "Quit", tooltip="Quit ekko"),
    ]

    def __init__(self, db_path: Path, clock: Clock, actor: str) -> None:
        super().__init__()
        self.db_path = db_path
        self.clock = clock
        self.actor = actor
        self.inbox_request_id: int | None = None  # highlighted in the inbox / open in detail

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every key binding of the current screen and the app."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding, node = active.binding, active.node
            if not isinstance(node, (Screen, App)) or not binding.description:
                continue
            if binding.action in seen or binding.action in _NOT_IN_PALETTE:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                binding.description,
                binding.tooltip or binding.description,
                lambda node=node, action=binding.action: self.call_later(node.run_action, action),
            )

    def on_unmount(self) -> None:
        close_db()


def make_app(
    db_path: str | Path, *, clock: Clock | None = None, actor: str | None = None
) -> EkkoApp:
    """Open (and migrate) the database at `db_path` and build the app on it."""
    path = Path(db_path)
    open_db(path)
    return EkkoApp(path, clock or Clock.from_env(), actor or default_actor())


def default_actor() -> str:
    """Who the timeline says acted: the login name, as no one else uses ekko."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "ekko"
