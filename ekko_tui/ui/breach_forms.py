"""The breach register's forms: one generic form of typed fields, saved through a store call."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from textual.widget import Widget
from textual.widgets import Input, Select, SelectionList, TextArea

from ekko_tui.ui.dialogs import Apply, FormDialog, choice_select, select_value


@dataclass(frozen=True)
class Field:
    """One input of a breach form: `line` (Input), `text` (TextArea), `choice` (Select) or
    `many` (SelectionList, values joined with commas)."""

    key: str
    label: str
    kind: str = "line"
    value: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (code, label)


class BreachForm(FormDialog):
    """A titled form of `Field`s; `apply(values)` validates and stores, or raises."""

    DEFAULT_CSS = """
    BreachForm TextArea { height: 4; }
    """

    def __init__(
        self, apply: Apply, *, title: str, fields: Iterable[Field], intro: str = ""
    ) -> None:
        super().__init__(apply, title=title, intro=intro)
        self.spec = tuple(fields)

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

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in self.spec:
            if f.kind == "text":
                out[f.key] = self.query_one(f"#{f.key}", TextArea).text
            elif f.kind == "choice":
                out[f.key] = select_value(self.query_one(f"#{f.key}", Select))
            elif f.kind == "many":
                out[f.key] = ",".join(self.query_one(f"#{f.key}", SelectionList).selected)
            else:
                out[f.key] = self.query_one(f"#{f.key}", Input).value
        return out
