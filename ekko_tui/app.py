"""EkkoApp: the modes (one per top-level screen), global keys and the command palette."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ekko_tui.clock import Clock, default_actor
from ekko_tui.store.db import close_db, current_key, open_db, opened
from ekko_tui.store.register_seed import seed_registers
from ekko_tui.ui.reminders import remind_deadlines
from ekko_tui.ui.screens.deadlines import DeadlinesScreen
from ekko_tui.ui.screens.inbox import InboxScreen
from ekko_tui.ui.screens.registers import RegistersScreen
from ekko_tui.ui.screens.search import SearchScreen

_NOT_IN_PALETTE = {"quit", "toggle_help", "command_palette", "back", "clear_find"}


class EkkoApp(App[None]):
    """The privacy desk."""

    TITLE = "ekko"
    CSS_PATH = "app.tcss"
    MODES = {
        "inbox": InboxScreen,
        "search": SearchScreen,
        "deadlines": DeadlinesScreen,
        "registers": RegistersScreen,
    }
    DEFAULT_MODE = "inbox"
    BINDINGS = [
        Binding("1", "switch_mode('inbox')", "Inbox", tooltip="The request inbox"),
        Binding("2", "switch_mode('search')", "Search", tooltip="Find a subject in every system"),
        Binding("3", "switch_mode('deadlines')", "Deadlines", tooltip="The legal calendar"),
        Binding("4", "switch_mode('registers')", "Registers", tooltip="Processors, Art. 30 record"),
        Binding("question_mark", "toggle_help", "Help", tooltip="Show or hide the keys"),
        Binding("q", "quit", "Quit", tooltip="Quit ekko"),
    ]

    def __init__(self, db_path: Path, clock: Clock, actor: str) -> None:
        super().__init__()
        self.db_path = db_path
        self.clock = clock
        self.actor = actor
        self.startup_warnings: list[str] = []
        self.startup_notes: list[str] = []

    def on_mount(self) -> None:
        for warning in self.startup_warnings:
            self.notify(warning, title="Database key", severity="warning", timeout=15, markup=False)
        for note in self.startup_notes:
            self.notify(note, title="Database key", timeout=15, markup=False)
        remind_deadlines(self)

    def notify(self, message: str, **kwargs: object) -> None:  # type: ignore[override]
        """Notifications carry user text (names, file names, errors): never Textual markup.

        Screens' `self.notify` passes markup=True explicitly, so it is overruled here, once.
        """
        kwargs["markup"] = False
        super().notify(message, **kwargs)  # type: ignore[arg-type]

    def action_recovery_sheet(self) -> None:
        """Write the recovery sheet (key + instructions) to a private temporary file to print:
        never beside the database, whose folder may be synced or backed up with it."""
        import os
        import tempfile

        from ekko_tui.letters.recovery import write_recovery_sheet
        from ekko_tui.store import audit, keys

        info = opened()
        if info is None or not info.encrypted:
            self.notify("This database is not encrypted: there is no key to print.")
            return
        fd, name = tempfile.mkstemp(prefix="ekko-recovery-sheet-", suffix=".pdf")
        os.close(fd)  # mkstemp made it readable by this user only
        out = Path(name)
        try:
            write_recovery_sheet(
                out,
                db_path=self.db_path,
                key=current_key(),
                key_where=info.key_where,
                now=self.clock.now(),
                fingerprint=keys.fingerprint(current_key()),
                seal=audit.seal_key(),
            )
        except OSError as exc:
            self.notify(f"Could not write {out}: {exc.strerror}", severity="error")
            return
        self.notify(
            f"Recovery sheet written to {out}. Print it, lock it away, delete the file.", timeout=20
        )
        self.inbox_request_id: int | None = None  # highlighted in the inbox / open in detail

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers Textual's commands, the recovery sheet, and every key binding of
        the current screen and the app."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Recovery sheet",
            "Write a PDF with the database key to print",
            self.action_recovery_sheet,
        )
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
    new = not path.exists()
    open_db(path)
    clock, actor = clock or Clock.from_env(), actor or default_actor()
    seed_registers(clock.now(), actor)  # first run only: the shipped registers from data/
    app = EkkoApp(path, clock, actor)
    info = opened()
    if info is not None and info.warning:
        app.startup_warnings.append(info.warning)
    if info is not None:
        app.startup_warnings.extend(info.notes)  # e.g. an erasure's compaction finished now
    if info is not None and info.encrypted and (new or info.converted):
        app.startup_notes.append(
            f"Your database is encrypted; its key is kept in {info.key_where}. Write a recovery "
            "sheet to print: ctrl+p → Recovery sheet (or `ekko key sheet --out FILE.pdf`)."
        )
    return app
