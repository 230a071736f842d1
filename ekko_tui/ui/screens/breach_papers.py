"""The breach papers on screen: the Altinn fill-in sheet (copyable text, PDF) and the Art. 34
letter to each person affected (preview, PDF into the archive, print, mark sent)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Label, Select, Static, TextArea

from ekko_tui.domain import breaches as br
from ekko_tui.domain.requests import ValidationError
from ekko_tui.letters.builder import letter_text
from ekko_tui.letters.model import LetterData, LetterError
from ekko_tui.letters.page_words import LANGUAGES
from ekko_tui.services import breach_files
from ekko_tui.store import breaches as store
from ekko_tui.store.db import StoreError
from ekko_tui.ui.breach_forms import BreachForm, Field, SentHowValue
from ekko_tui.ui.dialogs import select_value
from ekko_tui.ui.ekko_app import ekko_app


class _Papers(Screen[Any]):
    """Shared: the ref, the app, making (and saving) a PDF in a worker and printing one."""

    @dataclass
    class Rendered(Message):
        pdf: bytes | None  # None: it failed, `error` says why
        sha: str = ""
        pages: int = 0
        path: Path | None = None  # where it was saved, when asked
        error: str = ""

    @dataclass
    class Printed(Message):
        how: str
        error: str = ""

    def __init__(self, ref: str) -> None:
        super().__init__()
        self.ref = ref
        self.saved: bytes | None = None  # the PDF last saved or archived, for printing

    ekko = ekko_app()

    def status(self, text: str, style: str = "") -> None:
        self.query_one("#paper-status", Static).update(Text(text, style=style))

    @work(thread=True, exclusive=True, group="breach-pdf")
    def render_pdf(self, letter: LetterData, target: Path | None = None) -> None:
        """Make the PDF, and save it at `target` when given; answer with Rendered."""
        try:
            pdf, sha, pages = breach_files.render(letter)
            if target is not None:
                breach_files.save_file(pdf, target)
        except LetterError as exc:
            self.post_message(self.Rendered(None, error=exc.message))
            return
        except Exception as exc:  # a renderer failure must reach the user, not end the app
            self.post_message(self.Rendered(None, error=f"The PDF could not be made: {exc}"))
            return
        self.post_message(self.Rendered(pdf, sha, pages, target))

    def failed(self, error: str, *, timeout: float | None = None) -> bool:
        """Show a failure in the status line and as a notification; False when no error."""
        if not error:
            return False
        self.status(error, "bold red")
        if timeout is None:
            self.notify(error, severity="error")
        else:
            self.notify(error, severity="error", timeout=timeout)
        return True

    def print_saved(self, title: str) -> None:
        from ekko_tui.store.letters import get_setting
        from ekko_tui.ui.printer_choice import PRINTER_SETTING

        if self.saved is None:
            self.notify("Save the PDF first (ctrl+s).", severity="warning")
            return
        printer = get_setting(PRINTER_SETTING) or None
        self.status(f"Sending {title} to {printer or 'the default printer'}…")
        self._print(self.saved, printer, title)

    @work(thread=True, group="breach-print")
    def _print(self, pdf: bytes, printer: str | None, title: str) -> None:
        from ekko_tui.letters.printing import PrintError, print_pdf
        from ekko_tui.services.letter_archive import print_copy

        try:
            with print_copy(pdf) as path:
                job = print_pdf(path, printer, title=title, saved="It is kept in ekko.")
        except PrintError as exc:
            self.post_message(self.Printed("", str(exc)))
            return
        self.post_message(self.Printed(f"{printer or 'default printer'}, job {job}"))

    def action_back(self) -> None:
        self.app.pop_screen()


class AltinnSheetScreen(_Papers):
    """The record in the order of the Altinn form: select and copy, or save and print a PDF."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the breach"),
        Binding("ctrl+s", "save_pdf", "Save PDF", tooltip="Write the sheet as a PDF"),
        Binding("ctrl+t", "print_sheet", "Print", tooltip="Print the saved sheet (lp)"),
        Binding("ctrl+y", "copy_all", "Copy all", tooltip="Copy the whole sheet to the clipboard"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", id="paper-status")
        yield TextArea("", id="sheet-text", read_only=True, soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sheet = breach_files.sheet(self.ref, self.ekko.clock.today())
        self.query_one("#sheet-text", TextArea).load_text(letter_text(self.sheet))
        hint = (
            "Fill in Datatilsynet's form in Altinn from this text (select and copy, or ctrl+y). "
            "Afterwards record the Altinn reference: o in the breach."
        )
        warnings = "\n".join(self.sheet.warnings)
        self.status(hint + (f"\n{warnings}" if warnings else ""), "yellow" if warnings else "")
        self.query_one("#sheet-text", TextArea).focus()

    def action_save_pdf(self) -> None:
        target = breach_files.default_target(
            self.ref, "altinn-sheet", self.ekko.clock.now(), self.ekko.config.letters
        )
        self.status("Writing the PDF…")
        self.render_pdf(self.sheet, target)

    @on(_Papers.Rendered)
    def _written(self, message: _Papers.Rendered) -> None:
        if self.failed(message.error) or message.pdf is None:
            return
        self.saved = message.pdf
        self.status(f"Sheet saved: {message.path} ({message.pages} page(s)).")
        self.notify(f"Altinn sheet saved: {message.path}")

    def action_print_sheet(self) -> None:
        self.print_saved(f"{self.ref} Altinn sheet")

    @on(_Papers.Printed)
    def _printed(self, message: _Papers.Printed) -> None:
        if not self.failed(message.error, timeout=10):
            self.status(f"Printed on {message.how}.")

    def action_copy_all(self) -> None:
        self.app.copy_to_clipboard(letter_text(self.sheet))
        self.notify("The sheet is on the clipboard (if the terminal allows it).")


class BreachLetterScreen(_Papers):
    """The Art. 34 letter to one linked person: preview, save into the archive, print, sent."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the breach"),
        Binding("ctrl+s", "save_letter", "Archive", tooltip="Archive the PDF inside ekko"),
        Binding("ctrl+t", "print_letter", "Print", tooltip="Print the letter just archived (lp)"),
        Binding("ctrl+l", "mark_sent", "Sent", tooltip="Mark the letter just saved as sent"),
        Binding(
            "ctrl+g",
            "switch_language",
            "Language",
            tooltip="Write the letter in English, or back in bokmål (the default)",
        ),
    ]

    lang: reactive[str] = reactive("nb", init=False)

    def __init__(self, ref: str) -> None:
        super().__init__(ref)
        self.draft: breach_files.LetterDraft | None = None
        self.letter_id: int | None = None
        self.draft_subject: int | None = None
        self.draft_lang = "nb"

    def compose(self) -> ComposeResult:
        with Horizontal(id="letter-body"):
            yield TextArea("", id="preview", read_only=True, soft_wrap=True)
            with Vertical(id="side"):
                yield Static("", id="letter-lang")
                yield Label("To (a linked person)", classes="field-label")
                yield Select([], id="subject", allow_blank=True)
                yield Label("Postal address lines", classes="field-label")
                yield TextArea("", id="address", soft_wrap=True)
                yield Label("What they can do themselves (optional)", classes="field-label")
                yield TextArea("", id="advice", soft_wrap=True)
                yield Static("", id="paper-status")
        yield Footer()

    def on_mount(self) -> None:
        subjects = store.breach_detail(self.ref).subjects
        select = self.query_one("#subject", Select)
        select.set_options([(f"{s.name} (#{s.id})", str(s.id)) for s in subjects])
        if subjects:
            select.value = str(subjects[0].id)
        self.rebuild()

    def watch_lang(self) -> None:
        self.rebuild()

    def action_switch_language(self) -> None:
        """Bokmål ⇄ English (Art. 34 letters are bokmål unless the person asks for English)."""
        self.lang = "en" if self.lang == "nb" else "nb"
        self.notify(f"The letter is now in {LANGUAGES[self.lang]}.")

    def subject_id(self) -> int | None:
        value = select_value(self.query_one("#subject", Select))
        return int(value) if value else None

    def rebuild(self) -> None:
        """Build the letter from the record and the fields; show it or say what is missing."""
        preview = self.query_one("#preview", TextArea)
        other = "bokmål" if self.lang == "en" else "English"
        self.query_one("#letter-lang", Static).update(
            f"Language: {LANGUAGES[self.lang]} (ctrl+g: {other})"
        )
        sid = self.subject_id()
        self.draft = None
        if sid is None:
            preview.load_text("")
            self.status(
                "Link the people affected first (s in the breach detail): the letter goes to "
                "each of them.",
                "yellow",
            )
            return
        try:
            self.draft = breach_files.draft_letter(
                self.ref,
                sid,
                self.ekko.clock.today(),
                address=self.query_one("#address", TextArea).text,
                advice=self.query_one("#advice", TextArea).text,
                lang=self.lang,
            )
        except (LetterError, ValidationError) as exc:
            preview.load_text("")
            self.status(exc.message, "bold red")
            return
        preview.load_text(letter_text(self.draft.letter))
        self.status("\n".join(self.draft.letter.warnings), "yellow")

    @on(Select.Changed, "#subject")
    @on(TextArea.Changed, "#address")
    @on(TextArea.Changed, "#advice")
    def _changed(self) -> None:
        self.rebuild()

    def action_save_letter(self) -> None:
        self.rebuild()
        if self.draft is None:
            self.notify(
                "The letter is not complete: see the message on the right.", severity="error"
            )
            return
        self.draft_subject = self.draft.subject_id
        self.draft_lang = self.draft.letter.lang
        self.status("Making the PDF…")
        self.render_pdf(self.draft.letter)

    @on(_Papers.Rendered)
    def _rendered(self, message: _Papers.Rendered) -> None:
        if self.failed(message.error) or message.pdf is None:
            return
        try:
            self.letter_id = store.record_letter(
                self.ref,
                self.draft_subject,
                pdf=message.pdf,
                sha256=message.sha,
                pages=message.pages,
                size_bytes=len(message.pdf),
                now=self.ekko.clock.now(),
                actor=self.ekko.actor,
                lang=self.draft_lang,
            )
        except (ValidationError, StoreError) as exc:
            self.status(f"Not archived: {exc}", "bold red")
            return
        self.saved = message.pdf
        self.status(f"Letter #{self.letter_id} archived in ekko.\nSHA-256 {message.sha[:16]}…")
        self.notify(f"Letter #{self.letter_id} archived ({message.pages} page(s)).")

    def action_print_letter(self) -> None:
        self.print_saved(f"{self.ref} Art. 34")

    @on(_Papers.Printed)
    def _printed(self, message: _Papers.Printed) -> None:
        if self.failed(message.error, timeout=10):
            return
        if self.letter_id is not None:
            store.mark_letter(
                self.letter_id,
                printed_how=message.how,
                now=self.ekko.clock.now(),
                actor=self.ekko.actor,
            )
        self.status(f"Printed on {message.how}.")

    def action_mark_sent(self) -> None:
        if self.letter_id is None:
            self.notify("Save the letter first (ctrl+s).", severity="warning")
            return
        letter_id = self.letter_id

        def apply(v: SentHowValue) -> bool:
            store.mark_letter(
                letter_id, sent_how=v.how, now=self.ekko.clock.now(), actor=self.ekko.actor
            )
            return True

        def done(result: Any) -> None:
            if result:
                self.notify(f"Letter #{letter_id} marked sent.")
                self.status(f"Letter #{letter_id} marked sent.")

        options = tuple((k, v) for k, v in br.NOTICE_METHODS.items() if k != "public")
        self.app.push_screen(
            BreachForm(
                apply,
                value_type=SentHowValue,
                title=f"Letter #{letter_id}: how it was sent",
                fields=(Field("how", "How", "choice", "letter", options),),
            ),
            done,
        )
