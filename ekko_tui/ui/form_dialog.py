"""The typed modal form every editor of ekko is built on.

A form is a `FormDialog[V, R]`: `V` is its value, a frozen dataclass whose field names are the
ids of the form's widgets (one dataclass per form, read from the widgets by `read_value`), and
`R` is what the form's `apply(value)` returns once the value is valid and stored; the dialog is a
`ModalScreen[R | None]` that dismisses with it (None: cancelled). `apply` runs inside the dialog:
a `ValidationError` keeps the form open, shows its message at the top and focuses the widget the
error names (`ValidationError.field` is a field of `V`, so a widget id of the form).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields as dataclass_fields
from dataclasses import is_dataclass
from typing import Any, ClassVar, Generic, TypeVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
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
from ekko_tui.ui.confirm_dialog import ConfirmDialog, refresh_toasts_behind, wrapped_lines

V = TypeVar("V")  # the form's value: a frozen dataclass named after the form
R = TypeVar("R")  # what applying the value returns; the dialog's result


def widget_value(widget: Widget) -> Any:
    """What one form widget holds: text, the chosen code ("" for the blank), the ticked codes
    (a tuple, in the list's order) or a checkbox's state."""
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, Select):
        return select_value(widget)
    if isinstance(widget, SelectionList):
        return tuple(widget.selected)
    if isinstance(widget, Checkbox):
        return widget.value
    raise TypeError(f"{type(widget).__name__} is not a form field")


class FormDialog(ModalScreen[R | None], Generic[V, R]):
    """A titled form: Save reads the value, runs `apply(value)`; an error is shown at the top.

    Built to fit 80×24: the title, the error and the buttons always show; the fields scroll
    between them. Escape on a changed form asks before the changes are thrown away. A subclass
    sets `Value` (its frozen dataclass) and yields one widget per field of it, with the field's
    name as the widget's id.
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
    # The form's value type: a frozen dataclass whose field names are the widget ids. A form
    # whose value is not a dataclass overrides `values()` instead.
    Value: ClassVar[type[Any] | None] = None

    def __init__(
        self,
        apply: Callable[[V], R],
        *,
        title: str | None = None,
        intro: str = "",
        value_type: type[V] | None = None,
    ) -> None:
        super().__init__()
        self.apply = apply
        # A form whose fields are given when it is built names its value type then.
        self.value_type: type[Any] | None = value_type or self.Value
        if title:
            self.title_text = title
        self.intro = intro
        self._initial_values: V | None = None

    def fields(self) -> Iterable[Widget]:
        """The form's input widgets (with their labels)."""
        return ()

    def field_ids(self) -> tuple[str, ...]:
        """The ids of the widgets the value is read from: the fields of `Value`."""
        if self.value_type is None or not is_dataclass(self.value_type):
            return ()
        return tuple(f.name for f in dataclass_fields(self.value_type))

    def values(self) -> V:
        """What the user entered: the form's `Value`, read from the widgets by field name."""
        if self.value_type is None:
            raise NotImplementedError(f"{type(self).__name__} sets no Value")
        read = {name: widget_value(self.query_one(f"#{name}")) for name in self.field_ids()}
        return cast(V, self.value_type(**read))

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
        refresh_toasts_behind(self)

    def _fit(self) -> None:
        """Give the fields what the screen leaves after title, error, buttons and footer."""
        fixed = 2 + 1 + 2 + 1  # border, title, buttons with margin, footer
        error = self.query_one("#error", Static)
        if not error.has_class("empty"):
            width = max(10, min(84, self.size.width) - 4)
            fixed += wrapped_lines(str(error.content), width)
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
        # None is the answer of a cancelled form: an `apply` that returns nothing saved anyway.
        self.dismiss(result if result is not None else cast(R, True))

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
