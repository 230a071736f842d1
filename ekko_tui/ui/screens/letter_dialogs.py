"""The modal dialogs of the letter screen: choose the kind, mark sent, choose the printer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList
from textual.widgets.option_list import Option

from ekko_tui.domain.letters import LETTER_KINDS, SEND_METHODS
from ekko_tui.ui.dialogs import FormDialog, choice_select
from ekko_tui.ui.letter_values import PrinterValue, SaveAsValue, SendValue


class LetterKindDialog(ModalScreen[str | None]):
    """Choose which letter to write; the one that answers the request type is highlighted."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Close without choosing")]
    DEFAULT_CSS = """
    LetterKindDialog { align: center middle; }
    LetterKindDialog #dialog {
        width: 70; height: auto; border: thick $primary; background: $surface; padding: 1 2;
    }
    LetterKindDialog OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, ref: str, default: str) -> None:
        super().__init__()
        self.ref = ref
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(f"Letter for {self.ref}: which kind?"), classes="title")
            yield OptionList(
                *[Option(k.label, id=k.code) for k in LETTER_KINDS.values()], id="kinds"
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = list(LETTER_KINDS).index(self.default)
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class SendDialog(FormDialog[SendValue, bool]):
    """Record how and when a letter went out, and whether that ends the step it belongs to."""

    title_text = "Mark the letter as sent"
    Value = SendValue

    def __init__(
        self, apply: Any, *, kind: str, sent_on: str, follow_up: str, method: str = "post"
    ) -> None:
        super().__init__(apply, intro=f"{LETTER_KINDS[kind].label}.")
        self.sent_on = sent_on
        self.follow_up = follow_up
        self.method = method

    def fields(self) -> Any:
        yield self.label("How it was sent")
        yield choice_select(SEND_METHODS, self.method, "how")
        yield self.label("Sent on (YYYY-MM-DD or DD.MM.YYYY)")
        yield Input(self.sent_on, id="sent_on")
        # Shown (and ticked) only when sending ends a step; hidden, it stays False.
        box = Checkbox(self.follow_up, value=bool(self.follow_up), id="follow_up")
        box.display = bool(self.follow_up)
        yield box


class SaveAsDialog(FormDialog[SaveAsValue, tuple[Path, ...]]):
    """Where to write a copy of an archived letter."""

    title_text = "Save a copy as a file"
    Value = SaveAsValue

    def __init__(self, apply: Any, *, title: str, value: str, intro: str) -> None:
        super().__init__(apply, title=title, intro=intro)
        self.value = value

    def fields(self) -> Any:
        yield self.label("File (PDF; a portability ZIP is written beside it)")
        yield Input(self.value, id="file")


class PrinterDialog(FormDialog[PrinterValue, str]):
    title_text = "Printer for letters"
    Value = PrinterValue

    def __init__(self, apply: Any, *, printers: dict[str, str], current: str, intro: str) -> None:
        super().__init__(apply, intro=intro)
        self.printers = printers
        self.current = current

    def fields(self) -> Any:
        yield self.label("CUPS printer (lpstat)")
        yield choice_select(self.printers, self.current, "printer")


def follow_up_label(kind: str, extended: bool) -> str:
    """What marking this kind as sent will also do, in the words of the checkbox."""
    spec = LETTER_KINDS[kind]
    if spec.outcome:
        return f"Close the request as {spec.outcome.replace('_', ' ')}"
    if spec.starts_pause:
        return "Start the pause: the clock stops from the day it was sent"
    if spec.extends and not extended:
        return "Record the two-month extension (notice dated the day it was sent)"
    return ""
