"""Typed forms: every form's value is a frozen dataclass whose fields are the form's widget ids,
and an error from saving it focuses the widget it names (the request, register and calendar
forms are in test_small_screens.py; the breach and subject forms here)."""

from __future__ import annotations

import dataclasses
import importlib

import pytest
from textual.app import App
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from ekko_tui.domain.imports import MAP_FIELDS
from ekko_tui.domain.register_entries import CONTROLLER_FIELDS
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store import breaches as breach_store
from ekko_tui.ui.breach_forms import BreachForm, BreachRecordValue, Field, RiskValue
from ekko_tui.ui.form_dialog import FormDialog
from ekko_tui.ui.letter_values import NoticeSaveValue, PrinterValue, SaveAsValue, SendValue
from ekko_tui.ui.register_forms import (
    ACTIVITY_INPUTS,
    PROCESSOR_INPUTS,
    PROCESSOR_INPUTS_2,
    PROCESSOR_INPUTS_3,
)
from ekko_tui.ui.register_values import ActivityValue, ControllerValue, ProcessorValue
from ekko_tui.ui.screens.breach_detail import BreachDetailScreen
from ekko_tui.ui.screens.letter_dialogs import PrinterDialog, SaveAsDialog, SendDialog
from ekko_tui.ui.screens.notice import NoticeSaveDialog
from ekko_tui.ui.subject_dialogs import (
    IdentifiersDialog,
    IdentifiersValue,
    MappingDialog,
    MappingValue,
    parse_identifier_form,
)

FORM_MODULES = (
    "ekko_tui.ui.request_forms",
    "ekko_tui.ui.register_forms",
    "ekko_tui.ui.subject_dialogs",
    "ekko_tui.ui.calendar_dialog",
    "ekko_tui.ui.breach_forms",
    "ekko_tui.ui.screens.letter_dialogs",
    "ekko_tui.ui.screens.notice",
)


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_subclasses(sub)]
    return out


def typed_forms() -> list[type[FormDialog]]:
    for name in FORM_MODULES:
        importlib.import_module(name)
    return [c for c in _subclasses(FormDialog) if c.__module__ in FORM_MODULES]


def names(value_type: type) -> set[str]:
    return {f.name for f in dataclasses.fields(value_type)}


def test_every_form_of_the_typed_modules_has_a_frozen_dataclass_value() -> None:
    forms = typed_forms()
    assert len(forms) >= 21, [f.__name__ for f in forms]
    for form in forms:
        if form is BreachForm:
            continue  # its value type is given per step (checked below)
        assert form.Value is not None, form
        assert dataclasses.is_dataclass(form.Value), form
        assert form.Value.__dataclass_params__.frozen, form  # type: ignore[attr-defined]


def test_values_name_the_fields_the_domain_validates() -> None:
    assert names(ControllerValue) == set(CONTROLLER_FIELDS)
    assert names(MappingValue) == {f"map_{key}" for key in MAP_FIELDS}
    assert set(breach_store.TEXT_FIELDS) <= names(BreachRecordValue)
    inputs = PROCESSOR_INPUTS + PROCESSOR_INPUTS_2 + PROCESSOR_INPUTS_3
    assert names(ProcessorValue) == {f for f, _ in inputs} | {
        "role",
        "dpa_status",
        "safeguard",
        "note",
    }
    assert names(ActivityValue) == {f for f, _ in ACTIVITY_INPUTS} | {"lawful_basis", "recipients"}


def test_a_breach_form_whose_fields_differ_from_its_value_is_refused() -> None:
    with pytest.raises(ValueError, match="RiskValue"):
        BreachForm(
            lambda v: True,
            value_type=RiskValue,
            title="x",
            fields=(Field("risk", "Risk", "choice"), Field("reason", "Why", "text")),
        )


def test_values_are_frozen() -> None:
    value = MappingValue("", "", "", "e-post", "", "", "")
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.map_email = "x"  # type: ignore[misc]
    assert value.mapping() == {"email": "e-post"}


# --- the breach forms: each step's error focuses the widget it names -----------------------


def _set(widget, value: str) -> None:
    if isinstance(widget, TextArea):
        widget.text = value
    elif isinstance(widget, SelectionList):
        widget.deselect_all()
    elif isinstance(widget, Select):
        widget.value = value
    else:
        widget.value = value


BREACH_STEPS = [
    # (key on the breach, field id → value, the field the error names)
    ("a", {"risk": "high", "risk_reason": ""}, "risk_reason"),
    ("d", {"decision": "not_notify", "decision_reason": ""}, "decision_reason"),
    ("o", {"at": "not a time", "reference": "AR-1"}, "at"),
    ("o", {"reference": "AR-1", "delay_reason": ""}, "delay_reason"),  # after the 72 hours
    ("f", {"note": "More facts"}, "at"),  # not notified yet
    ("t", {"to": ""}, "to"),
    ("x", {"ground": "b", "justification": ""}, "justification"),
    ("c", {"lessons": ""}, "lessons"),
    ("e", {"people_count": "many"}, "people_count"),
]


@pytest.mark.parametrize(("key", "values", "field"), BREACH_STEPS)
async def test_every_breach_form_focuses_the_field_its_error_names(
    app, now, key: str, values: dict[str, str], field: str
) -> None:
    new, _ = breach_store.new_breach(aware="2026-11-20 09:00", summary="Laptop lost", now=now)
    ref = breach_store.create_breach(new, now=now, actor="t")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(BreachDetailScreen(ref))
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, BreachForm), form
        for widget_id, value in values.items():
            _set(form.query_one(f"#{widget_id}"), value)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # stays open
        assert str(form.query_one("#error").content)
        assert form.focused is form.query_one(f"#{field}"), (form.focused, field)


async def test_new_breach_form_focuses_the_awareness_time(app) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, BreachForm)
        form.query_one("#summary", TextArea).text = "Wrong recipient"
        form.query_one("#aware", Input).value = "yesterday-ish"
        form.query_one("#summary", TextArea).focus()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert form.focused is form.query_one("#aware")


# --- the subject forms, opened with the validators their screens use ---------------------


class FormHost(App[None]):
    def __init__(self, form: FormDialog) -> None:
        super().__init__()
        self.form = form
        self.result: object = None

    def on_mount(self) -> None:
        def done(result: object) -> None:
            self.result = result

        self.push_screen(self.form, done)


async def test_identifiers_form_focuses_the_external_ids() -> None:
    form = IdentifiersDialog(parse_identifier_form, initial={"name": "Kari"})
    async with FormHost(form).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        form.query_one("#external_id", TextArea).text = "cus_123 without its system"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form
        assert form.focused is form.query_one("#external_id")
        assert form.values() == IdentifiersValue("Kari", "", "", "", "cus_123 without its system")


async def test_mapping_form_focuses_the_email_column_and_returns_the_mapping() -> None:
    form = MappingDialog(MappingValue.mapping, headers=("Navn", "E-post"), guess={"name": "Navn"})
    host = FormHost(form)
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form
        assert form.focused is form.query_one("#map_email")
        form.query_one("#map_email", Select).value = "E-post"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert host.result == {"name": "Navn", "email": "E-post"}


def test_identifier_value_parses_into_triples() -> None:
    value = IdentifiersValue("Kari\n", "k@example.no", "", "01.02.1990", "stripe:cus_1")
    assert parse_identifier_form(value) == [
        ("name", "Kari", ""),
        ("email", "k@example.no", ""),
        ("birth_date", "01.02.1990", ""),
        ("external_id", "cus_1", "stripe"),
    ]


# --- the letter screen's forms and the notice's save form -----------------------------------


def _letter_forms(tmp_path):
    """(the form with the value checks its screen applies, the widget to spoil, the bad
    text, the field the error must name)."""
    exists = tmp_path / "taken.pdf"
    exists.write_bytes(b"%PDF")
    return [
        (
            SendDialog(lambda v: v.day() is not None, kind="access", sent_on="", follow_up=""),
            "sent_on",
            "31.02.2026",
            "sent_on",
        ),
        (
            SaveAsDialog(lambda v: (v.target(),), title="Save", value="", intro=""),
            "file",
            str(exists),
            "file",
        ),
        (
            PrinterDialog(lambda v: v.chosen(), printers={"pdf": "pdf"}, current="", intro=""),
            None,
            None,
            "printer",
        ),
        (
            NoticeSaveDialog(lambda v: v.target(), path="", draft=False),
            "path",
            str(tmp_path / "notice.docx"),
            "path",
        ),
    ]


@pytest.mark.parametrize("index", range(4))
async def test_letter_and_notice_forms_focus_the_field_their_error_names(
    tmp_path, index: int
) -> None:
    form, widget_id, bad, field = _letter_forms(tmp_path)[index]
    async with FormHost(form).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if widget_id is not None:
            form.query_one(f"#{widget_id}", Input).value = bad
        form.query_one("#cancel").focus()  # away from the field, so focusing it is the save's
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form  # stays open
        assert str(form.query_one("#error").content)
        assert form.focused is form.query_one(f"#{field}"), (form.focused, field)


async def test_mark_sent_value_carries_the_follow_up_only_when_it_is_offered(tmp_path) -> None:
    shown = SendDialog(lambda v: True, kind="refusal", sent_on="2026-11-25", follow_up="Close")
    async with FormHost(shown).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shown.values() == SendValue("post", "2026-11-25", True)
        assert shown.query_one("#follow_up", Checkbox).display
    hidden = SendDialog(lambda v: True, kind="access", sent_on="2026-11-25", follow_up="")
    async with FormHost(hidden).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert hidden.values() == SendValue("post", "2026-11-25", False)
        assert not hidden.query_one("#follow_up", Checkbox).display
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert pilot.app.result is True


def test_letter_values_check_what_save_writes(tmp_path) -> None:
    assert SaveAsValue(f" {tmp_path}/svar.PDF ").target() == tmp_path / "svar.PDF"
    for bad in ("", "  ", str(tmp_path / "svar.txt")):
        with pytest.raises(ValidationError) as caught:
            SaveAsValue(bad).target()
        assert caught.value.field == "file"
    assert NoticeSaveValue(str(tmp_path / "n.md")).target() == tmp_path / "n.md"
    with pytest.raises(ValidationError):
        NoticeSaveValue(str(tmp_path / "missing" / "n.html")).target()
    assert PrinterValue("pdf").chosen() == "pdf"
    assert SendValue("post", "25.11.2026", False).day().isoformat() == "2026-11-25"
