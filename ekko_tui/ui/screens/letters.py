"""Letters: pick a kind, preview the text, edit its free paragraphs, save, print, mark sent."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    DataTable,
    Label,
    Select,
    Static,
    TextArea,
)

from ekko_tui.domain.letters import LETTER_KINDS
from ekko_tui.domain.requests import ValidationError
from ekko_tui.letters.builder import build_letter, fields_for
from ekko_tui.letters.model import FreeField, LetterContext, LetterData, LetterError
from ekko_tui.letters.page_words import LANGUAGES
from ekko_tui.letters.printing import PrintError, print_pdf
from ekko_tui.services import letter_archive as archive
from ekko_tui.services.letter_context import context_for_request, proposed_language
from ekko_tui.store import letters as letter_store
from ekko_tui.store.db import StoreError
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.footer import KeyFooter
from ekko_tui.ui.format import oslo_time
from ekko_tui.ui.letter_sent_forms import mark_sent, save_as
from ekko_tui.ui.printer_choice import PRINTER_SETTING, choose_printer
from ekko_tui.ui.screens.letter_dialogs import (
    LetterKindDialog,
    PrinterDialog,
    SendDialog,
)
from ekko_tui.ui.screens.letter_preview import preview

if TYPE_CHECKING:
    pass

LANGUAGE_LABELS = {"nb": "Bokmål (norsk)", "en": "English"}

__all__ = ["LetterKindDialog", "LetterScreen", "PrinterDialog", "SendDialog", "preview"]


class LetterScreen(Screen[None]):
    """The letter of one request: its text, its free paragraphs, and its archive."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the request"),
        Binding(
            "ctrl+s", "generate", "Archive", tooltip="Make the PDF and archive it in the database"
        ),
        Binding("ctrl+t", "print_letter", "Print", tooltip="Print the highlighted letter (lp)"),
        Binding("ctrl+l", "mark_sent", "Sent", tooltip="Mark the highlighted letter as sent"),
        Binding(
            "ctrl+o",
            "save_as",
            "Save as",
            tooltip="Save a copy of the highlighted letter as a file",
        ),
        Binding("ctrl+r", "choose_printer", "Printer", tooltip="Choose the printer (lpstat)"),
        Binding(
            "ctrl+n",
            "none_match",
            "None is them",
            tooltip="Confirm that none of the subjects listed is the requester (no-data answer)",
        ),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+n is offered only while a no-data answer waits for unlinked candidates."""
        if action == "none_match":
            return bool(self.ctx is not None and self.ctx.no_data_candidates)
        return True

    @dataclass
    class Written(Message):
        rendered: archive.Rendered | None
        error: str = ""

    @dataclass
    class Printed(Message):
        letter_id: int
        how: str
        error: str = ""

    def __init__(self, request_id: int, kind: str) -> None:
        super().__init__()
        self.request_id = request_id
        self.kind = kind
        self.ctx: LetterContext | None = None
        self.letter: LetterData | None = None
        self.fields: tuple[FreeField, ...] = ()
        self.letter_ids: list[int] = []
        self.busy = False
        self.texts_written: dict[str, str] = {}
        self.lang = "nb"  # the letter's language: proposed from the request, chosen in the panel

    ekko = ekko_app()

    def compose(self) -> ComposeResult:
        with Horizontal(id="letter-body"):
            with VerticalScroll(id="preview"):
                yield Static(id="letter-text")
            with VerticalScroll(id="side"):
                yield Static(id="letter-head")
                yield Static(id="warnings")
                yield Static(id="status")
                yield DataTable(id="letters", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    async def on_mount(self) -> None:
        """Load the request's letter context, then add its free fields to the side panel."""
        try:
            today = self.ekko.clock.today()
            self.ctx = context_for_request(self.request_id, today)
            self.lang = proposed_language(self.request_id, today)
            self.fields = fields_for(self.kind, self.ctx, self.lang)
        except (ValidationError, LetterError) as exc:
            self.fields = ()
            await self.mount(Static(Text(str(exc)), id="letter-error"), before="#letter-body")
        if self.fields:
            await self.query_one("#side").mount_all(self._field_widgets(), before="#status")
        table = self.query_one("#letters", DataTable)
        for label in ("#", "Kind", "Generated", "Pages", "Printed", "Sent"):
            table.add_column(label)
        self.rebuild()
        self.refresh_archive()
        first = self.query("#side TextArea")
        if first:
            first.first().focus()

    def _field_widgets(self) -> list[Widget]:
        """The language choice, then a label and an input (a choice or a text area) for each
        free field of the letter."""
        proposed = " (proposed: the request is in English)" if self.lang == "en" else ""
        widgets: list[Widget] = [
            Label(Text(f"Language{proposed}"), classes="field-label"),
            Select(
                [(LANGUAGE_LABELS[code], code) for code in LANGUAGES],
                value=self.lang,
                allow_blank=False,
                id="letter-lang",
            ),
        ]
        for f in self.fields:
            widgets.append(
                Label(Text(f.label + (" *" if f.required else "")), classes="field-label")
            )
            if f.choices:
                widgets.append(
                    Select(
                        [(label, code) for code, label in f.choices],
                        value=f.default or f.choices[0][0],
                        allow_blank=False,
                        id=f"field-{f.key}",
                    )
                )
            else:
                area = TextArea(f.default, id=f"field-{f.key}", soft_wrap=True)
                area.styles.height = 6 if f.multiline else 3
                widgets.append(area)
        return widgets

    # --- the letter text -----------------------------------------------------------------------

    def free_texts(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for f in self.fields:
            widget = self.query_one(f"#field-{f.key}")
            if isinstance(widget, Select):
                value = widget.value
                values[f.key] = value if isinstance(value, str) else ""
            else:
                values[f.key] = cast(TextArea, widget).text
        return values

    def rebuild(self) -> None:
        """Build the letter from the current paragraphs and show its text (or what is missing)."""
        head = self.query_one("#letter-head", Static)
        if self.ctx is None:
            return
        head.update(Text(f"{self.ctx.request.ref} · {LETTER_KINDS[self.kind].label}", "bold"))
        try:
            self.letter = build_letter(
                self.kind, self.ctx, self.ekko.clock.today(), self.free_texts(), self.lang
            )
        except LetterError as exc:
            self.letter = None
            self.query_one("#warnings", Static).update(Text(exc.message, style="bold red"))
            return
        self.query_one("#letter-text", Static).update(preview(self.letter))
        warnings = "\n".join(f"! {w}" for w in self.letter.warnings)
        self.query_one("#warnings", Static).update(Text(warnings, style="yellow"))

    @on(TextArea.Changed)
    @on(Select.Changed)
    def _edited(self, event: TextArea.Changed | Select.Changed) -> None:
        if isinstance(event, Select.Changed) and event.select.id == "letter-lang":
            self._switch_language(event.value)
        self.rebuild()

    def _switch_language(self, value: object) -> None:
        """Use the chosen language; a paragraph still at its default takes the new default."""
        if self.ctx is None or not isinstance(value, str) or value == self.lang:
            return
        old = {f.key: f.default for f in self.fields}
        self.fields = fields_for(self.kind, self.ctx, value)
        self.lang = value
        for f in self.fields:
            widget = self.query_one(f"#field-{f.key}")
            if isinstance(widget, TextArea) and widget.text == old.get(f.key) != f.default:
                widget.text = f.default

    # --- the archive ---------------------------------------------------------------------------

    def refresh_archive(self, select_id: int | None = None) -> None:
        rows = letter_store.letters_for_request(self.request_id)
        table = self.query_one("#letters", DataTable)
        table.clear()
        self.letter_ids = [r.id for r in rows]
        for r in rows:
            table.add_row(
                Text(str(r.id)),
                Text(r.label),
                Text(oslo_time(r.generated_at)),
                Text(str(r.pages)),
                Text(oslo_time(r.printed_at) if r.printed_at else "–"),
                Text(f"{r.sent_on:%Y-%m-%d} {r.sent_how}" if r.sent_on else "–"),
            )
        if select_id in self.letter_ids:
            table.move_cursor(row=self.letter_ids.index(select_id))

    def highlighted(self) -> letter_store.LetterRow | None:
        table = self.query_one("#letters", DataTable)
        if not self.letter_ids or table.cursor_row is None:
            self.notify("No letter saved yet: ctrl+s writes the PDF first.", severity="warning")
            return None
        row = min(max(table.cursor_row, 0), len(self.letter_ids) - 1)
        return letter_store.letter_by_id(self.letter_ids[row])

    def status(self, text: str, style: str = "") -> None:
        self.query_one("#status", Static).update(Text(text, style=style))

    # --- actions -------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_none_match(self) -> None:
        from ekko_tui.ui.no_data_dialog import ask_none_match

        if self.ctx is not None and self.ctx.no_data_candidates:
            ask_none_match(self, self.request_id, self.ctx.no_data_candidates, self._reload_ctx)

    def _reload_ctx(self) -> None:
        """After a confirmation: read the context again and rebuild the letter."""
        self.ctx = context_for_request(self.request_id, self.ekko.clock.today())
        self.refresh_bindings()
        self.rebuild()

    def action_generate(self) -> None:
        if self.busy:
            self.notify("Still writing the previous letter…", severity="warning")
            return
        self.rebuild()
        if self.letter is None or self.ctx is None:
            self.notify(
                "The letter is not complete: see the message on the right.", severity="error"
            )
            return
        name = archive.file_name(self.ctx.request.ref, self.kind, self.ekko.clock.now())
        self.busy = True
        self.texts_written = self.free_texts()
        self.status("Making the PDF…")
        self._write(self.letter, self.ctx, name)

    @work(thread=True, exclusive=True, group="letter-write")
    def _write(self, letter: LetterData, ctx: LetterContext, name: str) -> None:
        try:
            rendered = archive.render_files(letter, ctx, name)
        except LetterError as exc:
            self.post_message(self.Written(None, exc.message))
            return
        except Exception as exc:  # a renderer failure must reach the user, not kill the app
            self.post_message(self.Written(None, f"The PDF could not be made: {exc}"))
            return
        self.post_message(self.Written(rendered))

    @on(Written)
    def _written(self, message: Written) -> None:
        self.busy = False
        if message.rendered is None:
            self.status(message.error, "bold red")
            self.notify(message.error, severity="error", timeout=10)
            return
        try:
            row = archive.record(
                self.request_id,
                self.kind,
                self.texts_written,
                message.rendered,
                now=self.ekko.clock.now(),
                actor=self.ekko.actor,
            )
        except (ValidationError, StoreError) as exc:
            error = f"Not archived, nothing was saved: {exc}"
            self.status(error, "bold red")
            self.notify(error, severity="error", timeout=10)
            return
        self.refresh_archive(row.id)
        extra = " with the data files (ZIP)" if message.rendered.attachment else ""
        self.status(
            f"Letter #{row.id} archived in the database{extra}: {row.pages} page(s), "
            f"SHA-256 {row.sha256[:16]}…\nctrl+o saves a copy as a file, ctrl+t prints it."
        )
        self.notify(f"Letter #{row.id} archived ({row.pages} page(s)).")

    def action_print_letter(self) -> None:
        row = self.highlighted()
        if row is None:
            return
        try:
            pdf = archive.archived_pdf(row.id)
        except (LetterError, ValidationError) as exc:
            message = exc.message
            self.status(f"Not printed: {message}", "bold red")
            self.notify(message, severity="error", timeout=12)
            return
        printer = letter_store.get_setting(PRINTER_SETTING) or None
        self.status(f"Sending letter #{row.id} to {printer or 'the default printer'}…")
        self._print(row.id, pdf, printer, f"{row.ref} {row.label}")

    @work(thread=True, group="letter-print")
    def _print(self, letter_id: int, pdf: bytes, printer: str | None, title: str) -> None:
        saved = f"Letter #{letter_id} is kept in the archive: ctrl+o saves a copy as a file."
        try:
            with archive.print_copy(pdf) as path:
                job = print_pdf(path, printer, title=title, saved=saved)
        except (PrintError, OSError) as exc:
            self.post_message(self.Printed(letter_id, "", str(exc)))
            return
        self.post_message(self.Printed(letter_id, f"{printer or 'default printer'}, job {job}"))

    @on(Printed)
    def _printed(self, message: Printed) -> None:
        if message.error:
            self.status(f"Not printed: {message.error}", "bold red")
            self.notify(message.error, severity="error", timeout=12)
            return
        try:
            letter_store.mark_printed(
                message.letter_id, message.how, now=self.ekko.clock.now(), actor=self.ekko.actor
            )
        except (ValidationError, StoreError) as exc:
            self.notify(str(exc), severity="error")
        self.refresh_archive(message.letter_id)
        self.status(f"Letter #{message.letter_id} printed ({message.how}).")
        self.notify(f"Printed: {message.how}.")

    def action_mark_sent(self) -> None:
        row = self.highlighted()
        if row is not None:
            mark_sent(self, row)

    def action_save_as(self) -> None:
        row = self.highlighted() if self.letter_ids else None
        if row is None:
            if not self.letter_ids:
                self.notify("No letter archived yet: ctrl+s makes it first.", severity="warning")
            return
        save_as(self, row)

    def action_choose_printer(self) -> None:
        choose_printer(self.ekko)
