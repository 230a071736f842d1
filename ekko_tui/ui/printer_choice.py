"""Choosing the CUPS printer letters go to: `lpstat` in a worker thread, then a typed form
(from the letter screen's ctrl+r and the command palette, on any screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ekko_tui.letters.printing import PrintError, Printers, list_printers
from ekko_tui.store import letters as letter_store
from ekko_tui.store.letters import PRINTER_SETTING as PRINTER_SETTING
from ekko_tui.ui.letter_values import PrinterValue
from ekko_tui.ui.screens.letter_dialogs import PrinterDialog

if TYPE_CHECKING:
    from ekko_tui.app import EkkoApp


def choose_printer(app: EkkoApp) -> None:
    """Ask which CUPS printer letters go to (also from the command palette, on any screen).
    `lpstat` runs in a worker thread (a network printer asleep can keep it for seconds); the
    dialog opens when it answers."""

    def ask_cups() -> None:
        try:
            printers = list_printers()
        except PrintError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error", timeout=10)
            return
        app.call_from_thread(_offer_printers, app, printers)

    app.run_worker(ask_cups, thread=True, exclusive=True, group="printers", name="lpstat")


def _offer_printers(app: EkkoApp, printers: Printers) -> None:
    """The printer dialog over the printers CUPS listed."""
    if not printers.names:
        app.notify("CUPS lists no printers (lpstat -e): add one first.", severity="error")
        return
    current = letter_store.get_setting(PRINTER_SETTING) or printers.default or ""
    options = {
        name: name + (" (default)" if name == printers.default else "") for name in printers.names
    }

    def apply(v: PrinterValue) -> str:
        printer = v.chosen()
        letter_store.set_setting(PRINTER_SETTING, printer, now=app.clock.now(), actor=app.actor)
        return printer

    def done(result: Any) -> None:
        if result:
            app.notify(f"Letters print on {result}.")

    dialog = PrinterDialog(
        apply,
        printers=options,
        current=current,
        intro="ekko remembers the choice; without one, CUPS's default printer is used.",
    )
    app.push_screen(dialog, done)
