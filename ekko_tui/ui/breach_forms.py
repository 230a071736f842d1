"""The breach register's forms: one form of typed fields (`Field`s laid out in order) whose value
is the frozen dataclass of that step, saved through a store call.

Every step has its own value class below; its field names are the `Field` keys (checked when the
form is built), so a `ValidationError` from the store names a widget of the form.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import Generic, TypeVar

from textual.widget import Widget
from textual.widgets import Input, SelectionList, TextArea

from ekko_tui.ui.form_dialog import FormDialog, choice_select

V = TypeVar("V")
R = TypeVar("R")


@dataclass(frozen=True)
class Field:
    """One input of a breach form: `line` (Input), `text` (TextArea), `choice` (Select) or
    `many` (SelectionList: the value's field is a tuple of the ticked codes)."""

    key: str
    label: str
    kind: str = "line"
    value: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (code, label)


@dataclass(frozen=True)
class NewBreachValue:
    aware: str
    summary: str
    source: str
    types: tuple[str, ...]


@dataclass(frozen=True)
class BreachRecordValue:
    """The record's free text (`store.breaches.TEXT_FIELDS`), source, types, period, counts."""

    summary: str
    cause: str
    source_detail: str
    data_categories: tuple[str, ...]
    activities: tuple[str, ...]
    relationship: str
    data_location: str
    consequences: str
    measures_taken: str
    measures_planned: str
    contact_person: str
    source: str
    source_at: str
    types: tuple[str, ...]
    occurred_from: str
    occurred_to: str
    people_count: str
    records_count: str

    def as_fields(self) -> dict[str, str]:
        """What `store.breaches.update_details` takes: the categories and activities chosen
        from the record one per line, the types comma-separated."""
        out: dict[str, str] = {}
        for f in dataclass_fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = ",".join(value) if f.name == "types" else "\n".join(value)
            out[f.name] = value
        return out


@dataclass(frozen=True)
class RiskValue:
    risk: str
    risk_reason: str


@dataclass(frozen=True)
class DecisionValue:
    decision: str
    decision_reason: str


@dataclass(frozen=True)
class NotifiedValue:
    at: str
    reference: str
    delay_reason: str


@dataclass(frozen=True)
class FollowUpValue:
    at: str
    reference: str
    note: str


@dataclass(frozen=True)
class PeopleToldValue:
    at: str
    how: str
    to: str


@dataclass(frozen=True)
class ExemptionValue:
    ground: str
    justification: str


@dataclass(frozen=True)
class CloseBreachValue:
    lessons: str


@dataclass(frozen=True)
class UnlinkValue:
    subject: str


@dataclass(frozen=True)
class SentHowValue:
    how: str


class BreachForm(FormDialog[V, R], Generic[V, R]):
    """A titled form of `Field`s read into `value_type`; `apply(value)` stores it, or raises."""

    DEFAULT_CSS = """
    BreachForm TextArea { height: 4; }
    """

    def __init__(
        self,
        apply: Callable[[V], R],
        *,
        value_type: type[V],
        title: str,
        fields: Iterable[Field],
        intro: str = "",
    ) -> None:
        super().__init__(apply, title=title, intro=intro, value_type=value_type)
        self.spec = tuple(fields)
        keys = sorted(f.key for f in self.spec)
        if keys != sorted(self.field_ids()):
            raise ValueError(f"{value_type.__name__} has fields {self.field_ids()}, not {keys}")

    def fields(self) -> Iterable[Widget]:
        for f in self.spec:
            yield self.label(f.label)
            if f.kind == "text":
                yield TextArea(f.value, id=f.key, soft_wrap=True)
            elif f.kind == "choice":
                yield choice_select(dict(f.options), f.value or None, f.key)
            elif f.kind == "many":
                chosen = {v for v in f.value.split(",") if v}
                yield SelectionList[str](
                    *[(label, code, code in chosen) for code, label in f.options], id=f.key
                )
            else:
                yield Input(f.value, id=f.key)
