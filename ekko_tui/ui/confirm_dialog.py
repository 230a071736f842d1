"""The yes/no dialog, and the two helpers every modal of ekko shares (toasts, wrapped lines)."""

from __future__ import annotations

import textwrap
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static


def refresh_toasts_behind(modal: ModalScreen[Any]) -> None:
    """The screen behind a closing modal may still draw toasts cleared while the modal was up
    (Textual refreshes only the top screen's toasts): redraw them once the modal is gone."""
    app = modal.app
    app.call_after_refresh(app._refresh_notifications)


def wrapped_lines(text: str, width: int) -> int:
    """How many screen lines `text` takes wrapped at `width` (for sizing a dialog)."""
    return sum(max(1, len(textwrap.wrap(part, width))) for part in text.split("\n"))


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no. The question comes first and is never clipped; details scroll under it."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog #dialog {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    ConfirmDialog #question { text-style: bold; height: auto; }
    ConfirmDialog #details { height: auto; margin-top: 1; }
    ConfirmDialog #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmDialog #buttons Button { margin-left: 2; }
    """

    def __init__(self, question: str, details: str = "") -> None:
        super().__init__()
        self.question = question
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.question), id="question")
            if self.details:
                with VerticalScroll(id="details"):
                    yield Static(Text(self.details))
            with Horizontal(id="buttons"):
                yield Button("Yes (y)", variant="warning", id="yes", compact=True)
                yield Button("No (n)", id="no", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.app.clear_notifications()  # nothing may cover the question or its answers
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def on_unmount(self) -> None:
        refresh_toasts_behind(self)

    def _fit(self) -> None:
        """The details get what the question, buttons and footer leave."""
        if not self.details:
            return
        width = max(10, min(72, self.size.width) - 4)
        fixed = 2 + wrapped_lines(self.question, width) + 1 + 2 + 1
        details = self.query_one("#details")
        details.styles.max_height = max(2, self.size.height - fixed)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
