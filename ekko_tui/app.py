"""EkkoApp: the modes (one per top-level screen), global keys and the command palette."""

from __future__ import annotations

import gc
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input
from textual.worker import get_current_worker

from ekko_tui.clock import Clock, default_actor
from ekko_tui.config import Config
from ekko_tui.store.db import close_db, current_key, database_failure, open_db, opened
from ekko_tui.store.seed_state import is_seeded
from ekko_tui.ui.screens.inbox import InboxScreen

if TYPE_CHECKING:
    from ekko_tui.services.search_thread import SearchThread


# The inbox is the first screen; the other modes' modules (search, registers, deadlines,
# breaches: about a third of the start-up imports) are imported when the mode is first opened.
# A new mode follows the same pattern.
def _search_screen() -> Screen:
    from ekko_tui.ui.screens.search import SearchScreen

    return SearchScreen()


def _deadlines_screen() -> Screen:
    from ekko_tui.ui.screens.deadlines import DeadlinesScreen

    return DeadlinesScreen()


def _registers_screen() -> Screen:
    from ekko_tui.ui.screens.registers import RegistersScreen

    return RegistersScreen()


def _breaches_screen() -> Screen:
    from ekko_tui.ui.screens.breaches import BreachesScreen

    return BreachesScreen()


_NOT_IN_PALETTE = {"quit", "toggle_help", "command_palette", "back", "clear_find"}
# Textual's commands for its own default keys (tab, ctrl+c): not ekko's actions, and they showed
# twice ("Focus Next").
_TEXTUAL_NOT_IN_PALETTE = {"Focus Next", "Focus Previous", "Copy selected text"}


def declared_bindings(node: object) -> list[Binding]:
    """The key bindings ekko's own classes declare on `node` (not Textual's defaults)."""
    out: list[Binding] = []
    for cls in type(node).__mro__:
        if cls.__module__.startswith("ekko_tui"):
            out.extend(b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding))
    return out


class EkkoApp(App[None]):
    """The privacy desk."""

    TITLE = "ekko"
    CSS_PATH = "app.tcss"  # the shared rules and the inbox's
    # Every other screen's rules: parsed just after the first frame (load_later_css), so the
    # start parses only what the inbox shows (tests/unit/test_startup_imports.py).
    LATER_CSS_PATH = Path(__file__).parent / "screens.tcss"
    MODES = {
        "inbox": InboxScreen,
        "search": _search_screen,
        "deadlines": _deadlines_screen,
        "registers": _registers_screen,
        "breaches": _breaches_screen,
    }
    DEFAULT_MODE = "inbox"
    BINDINGS = [
        Binding("1", "switch_mode('inbox')", "Inbox", tooltip="The request inbox"),
        Binding("2", "switch_mode('search')", "Search", tooltip="Find a subject in every system"),
        Binding("3", "switch_mode('deadlines')", "Deadlines", tooltip="The legal calendar"),
        Binding("4", "switch_mode('registers')", "Registers", tooltip="Processors, Art. 30 record"),
        Binding("5", "switch_mode('breaches')", "Breaches", tooltip="Breach register, 72-h clock"),
        Binding("question_mark", "toggle_help", "Help", tooltip="Show or hide the keys"),
        Binding("q", "quit", "Quit", tooltip="Quit ekko"),
    ]

    def __init__(
        self, db_path: Path, clock: Clock, actor: str, config: Config | None = None
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.clock = clock
        self.actor = actor
        # The run's configuration (the letters folder, an explicit mail password); the clock
        # and the actor above may override its own (tests).
        self.config = config or Config(db_path=db_path, clock=clock, actor=actor)
        self.startup_warnings: list[str] = []
        self.startup_notes: list[str] = []
        # The request highlighted in the inbox or open in its detail: the subject card's `l`
        # links it. Set by those screens only; None until one has shown a request.
        self.inbox_request_id: int | None = None
        # Where the daily automatic backup goes (None: no automatic backup, as in most tests).
        self.backups: Path | None = None
        self.backup_made: Path | None = None  # set by the worker when it wrote today's backup
        # The real `ekko` process freezes the start-up heap after the first paint (see
        # tune_gc_for_startup); tests leave the garbage collector alone.
        self.freeze_gc_after_start = False
        self._search_thread: SearchThread | None = None
        self.database_failure = ""  # why the desk stopped on a database error ("" = it did not)

    def search_thread(self) -> SearchThread:
        """The thread (and database connection) that runs search as you type, for the app's life."""
        if self._search_thread is None:
            from ekko_tui.services.search_thread import SearchThread  # first search, not start

            self._search_thread = SearchThread()
        return self._search_thread

    def on_mount(self) -> None:
        for warning in self.startup_warnings:
            self.notify(warning, title="Database key", severity="warning", timeout=15, markup=False)
        for note in self.startup_notes:
            self.notify(note, title="Database key", timeout=15, markup=False)
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        """Work that must not delay the first screen: the week's reminder (it computes every
        open request's deadline), the daily backup, then a frozen heap."""
        self.load_later_css()
        from ekko_tui.ui.reminders import remind_deadlines  # the agenda: not before the frame

        remind_deadlines(self)
        if self.backups is not None:
            self.run_worker(
                self._daily_backup,
                thread=True,
                name="daily-backup",
                group="backup",
                exit_on_error=False,
            )
        if self.freeze_gc_after_start:
            # Start-up objects (modules, widgets, the inbox rows) live as long as the app: keep
            # them out of every later collection.
            gc.collect()
            gc.freeze()

    def load_later_css(self) -> None:
        """Add the other screens' rules (screens.tcss) once, and restyle what is shown."""
        if self.stylesheet.has_source(str(self.LATER_CSS_PATH), ""):
            return
        self.stylesheet.read(self.LATER_CSS_PATH)
        self.refresh_css(animate=False)

    def _daily_backup(self) -> None:
        """Today's automatic backup with its integrity check, in a thread with its own
        connection (Peewee's connections are per thread); a failure is a warning."""
        from ekko_tui.store import backup
        from ekko_tui.store.db import StoreError, db

        assert self.backups is not None
        try:
            made = backup.daily_backup(self.backups, self.clock.today())
        except StoreError as exc:
            if not get_current_worker().is_cancelled:
                self.call_from_thread(
                    self.notify, str(exc), title="Backup", severity="warning", timeout=15
                )
            return
        finally:
            if not db.is_closed():
                db.close()  # this thread's connection only
        self.backup_made = made

    def notify(self, message: str, **kwargs: object) -> None:  # type: ignore[override]
        """Notifications carry user text (names, file names, errors): never Textual markup.

        Screens' `self.notify` passes markup=True explicitly, so it is overruled here, once.
        """
        kwargs["markup"] = False
        super().notify(message, **kwargs)  # type: ignore[arg-type]

    def _handle_exception(self, error: Exception) -> None:
        """A database that fails under a screen (a damaged page, a full disk, a lock held too
        long) ends the desk with the store's explanation and exit status 1, not a traceback:
        the screen that met it cannot go on, and its write was rolled back. Anything else is a
        bug and keeps Textual's traceback."""
        failure = database_failure(error)
        if failure is None:
            super()._handle_exception(error)
            return
        self.database_failure = str(failure)
        self.exit(return_code=1, message=Text(f"ekko stopped: {failure}"))

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

    async def action_switch_mode(self, mode: str) -> None:
        """Switch screens; the search (`2`) always lands in its box, never on a subject card
        left open there, where typed letters would run the card's keys."""
        self.load_later_css()  # a key typed ahead of the first frame: the screen's rules first
        await self.switch_mode(mode)
        if mode != "search":
            return
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        box = self.screen.query_one("#query", Input)
        box.focus()
        box.select_all()  # what is typed next replaces the last search

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    async def _in_mode(self, mode: str, action: str) -> None:
        """Run a screen's action from the palette: switch to its mode first."""
        await self.action_switch_mode(mode)
        await self.screen.run_action(action)

    def _choose_printer(self) -> None:
        from ekko_tui.ui.printer_choice import choose_printer

        choose_printer(self)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette: Textual's own commands, the global actions of every screen by name, and
        each key of the current screen and the app, with the key beside it; no duplicates."""
        for command in super().get_system_commands(screen):
            if command.title not in _TEXTUAL_NOT_IN_PALETTE:
                yield command
        for title, help_text, callback in (
            (
                "Recovery sheet",
                "Write a PDF with the database key to print",
                self.action_recovery_sheet,
            ),
            (
                "Import an export file",
                "Kajabi, Stripe, Fiken, newsletter or any CSV into the subject register · "
                "key ctrl+o in Search",
                lambda: self.call_later(self._in_mode, "search", "import_file"),
            ),
            (
                "Export deadlines to a calendar (.ics)",
                "Write the legal calendar to an iCalendar file · key e in Deadlines",
                lambda: self.call_later(self._in_mode, "deadlines", "export_calendar"),
            ),
            (
                "Export the Art. 30 record (ROPA)",
                "Save the record of processing activities as PDF or CSV · key w in Registers",
                lambda: self.call_later(self._in_mode, "registers", "export"),
            ),
            (
                "Choose the printer for letters",
                "The CUPS printer letters go to (lpstat) · key ctrl+r in a letter",
                self._choose_printer,
            ),
        ):
            yield SystemCommand(title, help_text, callback)
        seen: set[str] = set()
        for node in (screen, self):
            for binding in declared_bindings(node):
                if not binding.description or binding.action in _NOT_IN_PALETTE:
                    continue
                if binding.action in seen:
                    continue
                seen.add(binding.action)
                key = self.get_key_display(binding)
                yield SystemCommand(
                    binding.description,
                    f"{binding.tooltip or binding.description} · key {key}",
                    lambda node=node, action=binding.action: self.call_later(
                        node.run_action, action
                    ),
                )

    def on_unmount(self) -> None:
        if self._search_thread is not None:
            self._search_thread.close()
        close_db()


def tune_gc_for_startup() -> tuple[int, int, int]:
    """Collect the young generation less often while the app starts and fills its tables
    (most of those objects live as long as the app); returns the thresholds it replaced."""
    previous = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    return previous


def make_app(
    db_path: str | Path,
    *,
    config: Config | None = None,
    clock: Clock | None = None,
    actor: str | None = None,
    backups: Path | None = None,
    encrypt: bool | None = None,
) -> EkkoApp:
    """Open (and migrate) the database at `db_path` and build the app on it.

    `config` (from `Config.load`) gives the clock, the actor and the encryption choice;
    `clock`, `actor` and `encrypt` given alone override it (tests). Without either, the real
    clock and the login name. With `backups`, the app makes the day's automatic backup there
    after its first paint. `encrypt`: see open_db (None: the store's default).
    """
    path = Path(db_path)
    new = not path.exists()
    if config is not None:
        clock = clock or config.clock
        actor = actor or config.actor
        encrypt = config.encrypt if encrypt is None else encrypt
    open_db(path, settings=config.store if config is not None else None, encrypt=encrypt)
    clock, actor = clock or Clock(), actor or default_actor()
    if not is_seeded():  # first run only: the shipped registers from data/
        from ekko_tui.store.register_seed import seed_registers

        seed_registers(clock.now(), actor)
    app = EkkoApp(path, clock, actor, config)
    app.backups = backups
    info = opened()
    if info is not None and info.warning:
        app.startup_warnings.append(info.warning)
    if info is not None:
        app.startup_warnings.extend(info.notes)  # e.g. an erasure's compaction finished now
    if info is not None and info.copies_note:
        app.startup_notes.append(info.copies_note)
    if info is not None and info.encrypted and (new or info.converted):
        app.startup_notes.append(
            f"Your database is encrypted; its key is kept in {info.key_where}. Write a recovery "
            "sheet to print: ctrl+p → Recovery sheet (or `ekko key sheet --out FILE.pdf`)."
        )
    return app
