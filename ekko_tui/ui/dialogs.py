"""Modal forms. Each validates through the store call it is given, and stays open on an error."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.db import StoreError

Apply = Callable[[dict[str, Any]], Any]


class FormDialog(ModalScreen[Any]):
    """A titled form: Save runs `apply(values)`; a ValidationError is shown at the top.

    Built to fit 80×24: the title, the error and the buttons always show; the fields scroll
    between them. The error names a field whose widget id is the same (`ValidationError.field`),
    and focus moves there. Escape on a changed form asks before the changes are thrown away.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving (asks if changed)"),
        Binding("ctrl+s", "submit", "Save", tooltip="Save the form"),
    ]
    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog #dialog {
        width: 84; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    FormDialog #fields { height: auto; }
    FormDialog .title { text-style: bold; }
    FormDialog .field-label { color: $text-muted; margin-top: 1; width: 100%; }
    FormDialog .hint { color: $text-muted; }
    FormDialog #error { color: $error; text-style: bold; height: auto; }
    FormDialog #error.empty { display: none; }
    FormDialog #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    FormDialog #buttons Button { margin-left: 2; }
    FormDialog TextArea { height: 6; }
    FormDialog SelectionList { height: auto; max-height: 10; }
    """

    title_text = "Form"

    def __init__(self, apply: Apply, *, title: str | None = None, intro: str = "") -> None:
        super().__init__()
        self.apply = apply
        if title:
            self.title_text = title
        self.intro = intro
        self._initial_values: dict[str, Any] | None = None

    def fields(self) -> Iterable[Widget]:
        """The form's input widgets (with their labels)."""
        return ()

    def values(self) -> dict[str, Any]:
        """What the user entered, keyed by field name."""
        return {}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(Text(self.title_text), classes="title")
            yield Static("", id="error", classes="empty")
            with VerticalScroll(id="fields"):
                if self.intro:
                    yield Static(Text(self.intro), classes="hint", id="intro")
                yield from self.fields()
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        # Notifications shown earlier (the start-up notes) would cover the form's buttons and
        # error at 80×24: the form is where the eye is now.
        self.app.clear_notifications()
        fields = self.query_one("#fields", VerticalScroll)
        fields.can_focus = False
        first = next((w for w in fields.query("*") if w.focusable), None)
        if first is not None:
            first.focus()
        self._fit()
        self._initial_values = self.values()

    def on_resize(self) -> None:
        self._fit()

    def on_unmount(self) -> None:
        _refresh_toasts_behind(self)

    def _fit(self) -> None:
        """Give the fields what the screen leaves after title, error, buttons and footer."""
        fixed = 2 + 1 + 2 + 1  # border, title, buttons with margin, footer
        error = self.query_one("#error", Static)
        if not error.has_class("empty"):
            width = max(10, min(84, self.size.width) - 4)
            fixed += _lines(str(error.content), width)
        self.query_one("#fields").styles.max_height = max(3, self.size.height - fixed)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # An opened Select focuses its list (an OptionList inside the Select).
        if isinstance(event.widget, OptionList) and isinstance(event.widget.parent, Select):
            self._fit_open_list(event.widget, event.widget.parent, scroll=True)

    def _fit_open_list(self, options: OptionList, select: Select[Any], *, scroll: bool) -> None:
        """Keep an open dropdown inside the dialog, above the buttons: scroll the fields so the
        select moves up when the list would not fit under it, then cap the list's height (it
        scrolls) to the room left. Textual would otherwise lay it over the border and footer."""
        limit = self.query_one("#buttons").region.y
        wanted = min(12, options.option_count + 2)  # Select's own max-height; +2 for its border
        room = limit - select.region.bottom
        if room < wanted and scroll:
            fields = self.query_one("#fields", VerticalScroll)
            fields.scroll_to_widget(select, top=True, animate=False, immediate=True)
            self.call_after_refresh(self._fit_open_list, options, select, scroll=False)
            return
        options.styles.max_height = max(3, min(wanted, room))

    @staticmethod
    def label(text: str) -> Label:
        return Label(text, classes="field-label")

    def show_error(self, message: str, field: str | None = None) -> None:
        """Show the message at the top of the form and move focus to the offending field."""
        error = self.query_one("#error", Static)
        error.update(Text(message))
        error.set_class(not message, "empty")
        self._fit()
        if field:
            matches = self.query(f"#{field}")
            if matches:
                widget = matches.first()
                widget.focus()
                self.call_after_refresh(widget.scroll_visible)

    def changed(self) -> bool:
        """Whether the user has typed or chosen something since the form opened."""
        return self._initial_values is not None and self.values() != self._initial_values

    def action_submit(self) -> None:
        try:
            result = self.apply(self.values())
        except ValidationError as exc:
            self.show_error(exc.message, exc.field)
            return
        except StoreError as exc:
            self.show_error(str(exc))
            return
        self.dismiss(result if result is not None else True)

    def action_cancel(self) -> None:
        if not self.changed():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog("Throw away your changes?", "Nothing in this form has been saved."),
            answered,
        )

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()


def _refresh_toasts_behind(modal: ModalScreen[Any]) -> None:
    """The screen behind a closing modal may still draw toasts cleared while the modal was up
    (Textual refreshes only the top screen's toasts): redraw them once the modal is gone."""
    app = modal.app
    app.call_after_refresh(app._refresh_notifications)


def _lines(text: str, width: int) -> int:
    """How many screen lines `text` takes wrapped at `width` (for sizing the form)."""
    import textwrap

    return sum(max(1, len(textwrap.wrap(part, width))) for part in text.split("\n"))


def choice_select(options: dict[str, str], value: str | None, id: str) -> Select[str]:
    """A Select of `code → label` options with `value` chosen (blank allowed if it is unknown)."""
    return Select(
        [(label, code) for code, label in options.items()],
        value=value if value in options else Select.NULL,
        allow_blank=value not in options,
        id=id,
    )


def select_value(widget: Select[str]) -> str:
    """The chosen code, or "" for the blank."""
    value = widget.value
    return value if isinstance(value, str) else ""


class RequestForm(FormDialog):
    """New request, or a correction of an existing one's intake fields."""

    title_text = "New request"

    def __init__(
        self,
        apply: Apply,
        *,
        channels: dict[str, str],
        types: dict[str, str],
        initial: dict[str, Any],
        title: str | None = None,
    ) -> None:
        super().__init__(apply, title=title)
        self.channels = channels
        self.types = types
        self.initial = initial

    def fields(self) -> Iterable[Widget]:
        init = self.initial
        yield self.label("Received (Oslo time: YYYY-MM-DD HH:MM or DD.MM.YYYY HH:MM)")
        yield Input(init.get("received", ""), id="received")
        yield self.label("Channel")
        yield choice_select(self.channels, init.get("channel", "email"), "channel")
        yield self.label("Type (space to tick; several allowed)")
        chosen = set(init.get("types", ()))
        yield SelectionList[str](
            *[(label, code, code in chosen) for code, label in self.types.items()], id="types"
        )
        yield self.label("Requester name")
        yield Input(init.get("requester_name", ""), id="requester_name")
        yield self.label("Contact (e-mail, phone or handle)")
        yield Input(init.get("requester_contact", ""), id="requester_contact")
        yield self.label("Message as received")
        yield TextArea(init.get("message", ""), id="message", soft_wrap=True)

    def values(self) -> dict[str, Any]:
        return {
            "received": self.query_one("#received", Input).value,
            "channel": select_value(self.query_one("#channel", Select)),
            "types": list(self.query_one("#types", SelectionList).selected),
            "requester_name": self.query_one("#requester_name", Input).value,
            "requester_contact": self.query_one("#requester_contact", Input).value,
            "message": self.query_one("#message", TextArea).text,
        }


class TypesDialog(FormDialog):
    title_text = "Request type"

    def __init__(self, apply: Apply, *, types: dict[str, str], chosen: Iterable[str]) -> None:
        super().__init__(apply)
        self.types = types
        self.chosen = set(chosen)

    def fields(self) -> Iterable[Widget]:
        yield self.label("Space ticks a type; a request may carry several.")
        yield SelectionList[str](
            *[(label, code, code in self.chosen) for code, label in self.types.items()], id="types"
        )

    def values(self) -> dict[str, Any]:
        return {"types": list(self.query_one("#types", SelectionList).selected)}


class IdentityDialog(FormDialog):
    title_text = "Identity check"

    def __init__(
        self, apply: Apply, *, statuses: dict[str, str], status: str, method: str, evidence: str
    ) -> None:
        super().__init__(
            apply,
            intro="Record how identity was checked. Never store a copy of an ID document; "
            "an ID copy is disproportionate when the requester is already known.",
        )
        self.statuses = statuses
        self.status = status
        self.method = method
        self.evidence = evidence

    def fields(self) -> Iterable[Widget]:
        yield self.label("Result")
        yield choice_select(self.statuses, self.status, "identity_status")
        yield self.label("Method (e.g. e-mail matches Kajabi member since 2021)")
        yield Input(self.method, id="identity_method")
        yield self.label("Evidence / note")
        yield TextArea(self.evidence, id="identity_evidence", soft_wrap=True)

    def values(self) -> dict[str, Any]:
        return {
            "status": select_value(self.query_one("#identity_status", Select)),
            "method": self.query_one("#identity_method", Input).value,
            "evidence": self.query_one("#identity_evidence", TextArea).text,
        }


class PauseDialog(FormDialog):
    title_text = "Ask the subject (the clock stops)"

    def __init__(self, apply: Apply, *, kinds: dict[str, str], asked_on: str) -> None:
        super().__init__(
            apply,
            intro="Art. 12(6): while you wait for proof of identity or a clarification, "
            "the deadline is suspended from the day you ask until the day the answer arrives.",
        )
        self.kinds = kinds
        self.asked_on = asked_on

    def fields(self) -> Iterable[Widget]:
        yield self.label("What you asked for")
        yield choice_select(self.kinds, "identity", "kind")
        yield self.label("Sent on (YYYY-MM-DD or DD.MM.YYYY)")
        yield Input(self.asked_on, id="asked_on")
        yield self.label("Note (what you asked, how it was sent)")
        yield Input("", id="note")

    def values(self) -> dict[str, Any]:
        return {
            "kind": select_value(self.query_one("#kind", Select)),
            "asked_on": self.query_one("#asked_on", Input).value,
            "note": self.query_one("#note", Input).value,
        }


class DateDialog(FormDialog):
    """One date, e.g. the day the subject's answer arrived."""

    def __init__(
        self,
        apply: Apply,
        *,
        title: str,
        label: str,
        value: str,
        field: str = "date",
        intro: str = "",
    ) -> None:
        super().__init__(apply, title=title, intro=intro)
        self.date_label = label
        self.value = value
        self.field = field  # the widget id: the name the store's ValidationError uses

    def fields(self) -> Iterable[Widget]:
        yield self.label(self.date_label)
        yield Input(self.value, id=self.field)

    def values(self) -> dict[str, Any]:
        return {self.field: self.query_one(f"#{self.field}", Input).value}


class ExtendDialog(FormDialog):
    title_text = "Extend the deadline by two months"

    def __init__(self, apply: Apply, *, kinds: dict[str, str], decided_on: str, intro: str) -> None:
        super().__init__(apply, intro=intro)
        self.kinds = kinds
        self.decided_on = decided_on

    def fields(self) -> Iterable[Widget]:
        yield self.label("Reason (Art. 12(3): complexity or number of requests)")
        yield choice_select(self.kinds, "complexity", "kind")
        yield self.label("The concrete reasons, as the subject will read them")
        yield TextArea("", id="reason", soft_wrap=True)
        yield self.label(
            "Notice sent on (YYYY-MM-DD or DD.MM.YYYY; must be before the first deadline)"
        )
        yield Input(self.decided_on, id="decided_on")

    def values(self) -> dict[str, Any]:
        return {
            "kind": select_value(self.query_one("#kind", Select)),
            "reason": self.query_one("#reason", TextArea).text,
            "decided_on": self.query_one("#decided_on", Input).value,
        }


class CloseDialog(FormDialog):
    title_text = "Close the request"

    def __init__(self, apply: Apply, *, outcomes: dict[str, str]) -> None:
        super().__init__(apply)
        self.outcomes = outcomes

    def fields(self) -> Iterable[Widget]:
        yield self.label("Outcome")
        yield choice_select(self.outcomes, "answered", "outcome")
        yield self.label("Note (a refusal needs its reasons)")
        yield TextArea("", id="note", soft_wrap=True)

    def values(self) -> dict[str, Any]:
        return {
            "outcome": select_value(self.query_one("#outcome", Select)),
            "note": self.query_one("#note", TextArea).text,
        }


class NoteDialog(FormDialog):
    title_text = "Add a note to the timeline"

    def fields(self) -> Iterable[Widget]:
        yield TextArea("", id="note", soft_wrap=True)

    def values(self) -> dict[str, Any]:
        return {"note": self.query_one("#note", TextArea).text}


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
        _refresh_toasts_behind(self)

    def _fit(self) -> None:
        """The details get what the question, buttons and footer leave."""
        if not self.details:
            return
        width = max(10, min(72, self.size.width) - 4)
        fixed = 2 + _lines(self.question, width) + 1 + 2 + 1
        details = self.query_one("#details")
        details.styles.max_height = max(2, self.size.height - fixed)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
