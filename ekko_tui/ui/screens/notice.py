"""The privacy notice preview (key N in the registers): the notice as the registers give it today,
its gaps, and saving it as HTML, Markdown or PDF."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from ekko_tui.domain.notice import Notice
from ekko_tui.store.db import StoreError
from ekko_tui.ui.dialogs import FormDialog
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.letter_values import NoticeSaveValue

_UNESCAPE = re.compile(r"\\([\\`*_\[\]<>|#])")
STYLES = {"# ": "bold underline", "## ": "bold", "### ": "bold italic", "> ": "red"}


def preview_text(markdown: str) -> Text:
    """The Markdown as the user reads it: headings styled, escapes removed, never markup.

    (Textual's Markdown widget takes seconds to lay out a notice this size; this is instant.)
    """
    out = Text()
    for line in markdown.splitlines():
        style = next((v for k, v in STYLES.items() if line.startswith(k)), "")
        if line.startswith("|---") or line == ">":
            continue
        line = line.removeprefix("> ")
        shown = _UNESCAPE.sub(r"\1", re.sub(r"^#+ ", "", line).replace("**", ""))
        if line.startswith("| "):
            style = "" if out.plain.endswith("|\n") else "bold"
        out.append(shown + "\n", style=style)
    return out


class NoticeSaveDialog(FormDialog[NoticeSaveValue, Path]):
    title_text = "Save the privacy notice"
    Value = NoticeSaveValue

    def __init__(self, apply: Any, *, path: str, draft: bool) -> None:
        intro = "The file name decides the format: .html (a page to paste into the website), "
        intro += ".md or .pdf."
        if draft:
            intro += " The registers have gaps: this saves a DRAFT with each gap marked, which "
            intro += "is not recorded as published."
        super().__init__(apply, intro=intro)
        self.path = path

    def fields(self) -> Iterable[Widget]:
        yield self.label("Save as")
        yield Input(self.path, id="path")


class NoticeScreen(ModalScreen[None]):
    """The notice in Markdown, the gaps on top; s saves, l switches bokmål / English."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", tooltip="Back to the registers"),
        Binding("s", "save", "Save", tooltip="Save as .html, .md or .pdf"),
        Binding("l", "language", "Bokmål/English", tooltip="Switch the notice's language"),
    ]
    DEFAULT_CSS = """
    NoticeScreen { background: $background 60%; }
    NoticeScreen #notice-gaps { height: auto; max-height: 6; padding: 0 1; }
    NoticeScreen #notice-scroll { border: round $primary; }
    """

    @dataclass
    class Saved(Message):
        notice: Notice
        path: Path
        digest: str
        error: str

    def __init__(self) -> None:
        super().__init__()
        self.lang = "nb"
        self.notice: Notice | None = None
        self.markdown = ""

    ekko = ekko_app()

    def compose(self) -> ComposeResult:
        yield Static("", id="notice-gaps")
        with VerticalScroll(id="notice-scroll"):
            yield Static("", id="notice-text")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#notice-scroll").focus()

    def reload(self) -> None:
        from ekko_tui.letters.notice_text import notice_markdown
        from ekko_tui.store.notices import current_notice, last_publication

        today = self.ekko.clock.today()
        try:
            self.notice = current_notice(today, self.lang)
        except StoreError as exc:
            self.query_one("#notice-gaps", Static).update(Text(str(exc), style="bold red"))
            return
        n = self.notice
        last = last_publication(self.lang)
        lines = Text()
        if n.gaps:
            lines.append(
                f"⚠ {len(n.gaps)} gaps: the notice can only be saved as a draft until they are "
                "fixed (listed at the top of the draft below).\n",
                style="bold red",
            )
        else:
            lines.append("No gaps: saving publishes this version.\n", style="bold green")
        for warning in n.warnings:
            lines.append(f"  ! {warning}\n", style="yellow")
        if last is None:
            lines.append("Never published from ekko.")
        elif last.content_hash == n.content_hash:
            lines.append(f"Same as the version published {last.published_at.date()}.")
        else:
            lines.append(f"Changed since the version published {last.published_at.date()}.")
        self.query_one("#notice-gaps", Static).update(lines)
        self.markdown = notice_markdown(n)
        self.query_one("#notice-text", Static).update(preview_text(self.markdown))

    def action_language(self) -> None:
        self.lang = "en" if self.lang == "nb" else "nb"
        self.reload()
        self.notify("English" if self.lang == "en" else "Bokmål", timeout=2)

    def action_save(self) -> None:
        if self.notice is None:
            return
        today = self.ekko.clock.today()
        stem = "personvernerklaering" if self.lang == "nb" else "privacy-notice"
        default = Path.home() / f"{stem}-{today.isoformat()}.html"
        notice = self.notice

        def apply(v: NoticeSaveValue) -> Path:
            return v.target()

        def chosen(path: Path | None) -> None:
            if path:
                from ekko_tui.store.registers import controller_profile

                self._write(notice, path, controller_profile())

        self.app.push_screen(
            NoticeSaveDialog(apply, path=str(default), draft=bool(notice.gaps)), chosen
        )

    @work(thread=True, exclusive=True, group="notice")
    def _write(self, notice: Notice, path: Path, controller: Any) -> None:
        """Render off the UI thread: plain data in, a message back (the store is not touched)."""
        from ekko_tui.letters.notice_pdf import write_notice

        try:
            digest = write_notice(notice, path, controller=controller)
        except (OSError, ValueError) as exc:
            self.post_message(self.Saved(notice, path, "", str(exc)))
            return
        self.post_message(self.Saved(notice, path, digest, ""))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        from ekko_tui.letters.notice_text import notice_markdown
        from ekko_tui.store.notices import record_publication

        if message.error:
            self.notify(f"Not saved: {message.error}", severity="error", timeout=10, markup=False)
            return
        notice = message.notice
        if notice.gaps:
            what = "Draft saved (gaps marked, not published)"
        else:
            try:
                recorded = record_publication(
                    notice,
                    notice_markdown(notice, dated=False),
                    message.digest,
                    str(message.path),
                    now=self.ekko.clock.now(),
                    actor=self.ekko.actor,
                )
            except StoreError as exc:
                self.notify(
                    f"Saved, but not recorded as published: {exc}",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
                return
            what = (
                "Privacy notice saved and recorded as published"
                if recorded
                else "Privacy notice saved (same content as the last published version)"
            )
        self.notify(f"{what}: {message.path}", timeout=8, markup=False)
        self.reload()
