"""Where screens find ekko's modal dialogs: the typed form base, the yes/no question and the
request's forms (each lives in a module of its own; this one only names them)."""

from __future__ import annotations

from ekko_tui.ui.confirm_dialog import ConfirmDialog
from ekko_tui.ui.form_dialog import FormDialog, choice_select, select_value, widget_value
from ekko_tui.ui.request_forms import (
    AnswerDialog,
    CloseDialog,
    ExtendDialog,
    IdentityDialog,
    NoteDialog,
    PauseDialog,
    RequestForm,
    RequestValue,
    TypesDialog,
)

__all__ = [
    "AnswerDialog",
    "CloseDialog",
    "ConfirmDialog",
    "ExtendDialog",
    "FormDialog",
    "IdentityDialog",
    "NoteDialog",
    "PauseDialog",
    "RequestForm",
    "RequestValue",
    "TypesDialog",
    "choice_select",
    "select_value",
    "widget_value",
]
