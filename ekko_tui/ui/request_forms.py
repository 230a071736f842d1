"""The request's forms: each a `FormDialog` whose value is a frozen dataclass of its own.

A value's field names are the form's widget ids; its validators turn the typed text into what
the store takes and raise `ValidationError` naming one of those fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from textual.widget import Widget
from textual.widgets import Input, SelectionList, TextArea

from ekko_tui.domain.requests import NewRequest, parse_date, parse_types, validate_new_request
from ekko_tui.ui.form_dialog import FormDialog, choice_select

R = TypeVar("R")


@dataclass(frozen=True)
class RequestValue:
    """A new request, or the corrected intake fields of one, as typed."""

    received: str
    channel: str
    types: tuple[str, ...]
    requester_name: str
    requester_contact: str
    message: str

    def validated(self, now: datetime) -> NewRequest:
        """Every field checked (the first bad one named), as the store takes it."""
        return validate_new_request(
            received=self.received,
            channel=self.channel,
            types=self.types,
            requester_name=self.requester_name,
            requester_contact=self.requester_contact,
            message=self.message,
            now=now,
        )


@dataclass(frozen=True)
class TypesValue:
    types: tuple[str, ...]

    def codes(self) -> tuple[str, ...]:
        return parse_types(self.types)


@dataclass(frozen=True)
class IdentityValue:
    identity_status: str
    identity_method: str
    identity_evidence: str


@dataclass(frozen=True)
class PauseValue:
    kind: str
    asked_on: str
    note: str

    def asked_date(self) -> date:
        return parse_date(self.asked_on, "asked_on")


@dataclass(frozen=True)
class AnswerValue:
    answered_on: str

    def answered_date(self) -> date:
        return parse_date(self.answered_on, "answered_on")


@dataclass(frozen=True)
class ExtendValue:
    kind: str
    reason: str
    decided_on: str

    def decided_date(self) -> date:
        return parse_date(self.decided_on, "decided_on")


@dataclass(frozen=True)
class CloseValue:
    outcome: str
    note: str


@dataclass(frozen=True)
class NoteValue:
    note: str


class RequestForm(FormDialog[RequestValue, R]):
    """New request, or a correction of an existing one's intake fields."""

    title_text = "New request"
    Value = RequestValue

    def __init__(
        self,
        apply: Callable[[RequestValue], R],
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


class TypesDialog(FormDialog[TypesValue, R]):
    title_text = "Request type"
    Value = TypesValue

    def __init__(
        self, apply: Callable[[TypesValue], R], *, types: dict[str, str], chosen: Iterable[str]
    ) -> None:
        super().__init__(apply)
        self.types = types
        self.chosen = set(chosen)

    def fields(self) -> Iterable[Widget]:
        yield self.label("Space ticks a type; a request may carry several.")
        yield SelectionList[str](
            *[(label, code, code in self.chosen) for code, label in self.types.items()], id="types"
        )


class IdentityDialog(FormDialog[IdentityValue, R]):
    title_text = "Identity check"
    Value = IdentityValue

    def __init__(
        self,
        apply: Callable[[IdentityValue], R],
        *,
        statuses: dict[str, str],
        status: str,
        method: str,
        evidence: str,
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


class PauseDialog(FormDialog[PauseValue, R]):
    title_text = "Ask the subject (the clock stops)"
    Value = PauseValue

    def __init__(
        self, apply: Callable[[PauseValue], R], *, kinds: dict[str, str], asked_on: str
    ) -> None:
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


class AnswerDialog(FormDialog[AnswerValue, R]):
    """The day the subject's answer arrived: the paused clock runs again."""

    title_text = "The subject answered"
    Value = AnswerValue

    def __init__(self, apply: Callable[[AnswerValue], R], *, label: str, value: str) -> None:
        super().__init__(apply)
        self.date_label = label
        self.value = value

    def fields(self) -> Iterable[Widget]:
        yield self.label(self.date_label)
        yield Input(self.value, id="answered_on")


class ExtendDialog(FormDialog[ExtendValue, R]):
    title_text = "Extend the deadline by two months"
    Value = ExtendValue

    def __init__(
        self,
        apply: Callable[[ExtendValue], R],
        *,
        kinds: dict[str, str],
        decided_on: str,
        intro: str,
    ) -> None:
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


class CloseDialog(FormDialog[CloseValue, R]):
    title_text = "Close the request"
    Value = CloseValue

    def __init__(self, apply: Callable[[CloseValue], R], *, outcomes: dict[str, str]) -> None:
        super().__init__(apply)
        self.outcomes = outcomes

    def fields(self) -> Iterable[Widget]:
        yield self.label("Outcome")
        yield choice_select(self.outcomes, "answered", "outcome")
        yield self.label("Note (a refusal needs its reasons)")
        yield TextArea("", id="note", soft_wrap=True)


class NoteDialog(FormDialog[NoteValue, R]):
    title_text = "Add a note to the timeline"
    Value = NoteValue

    def fields(self) -> Iterable[Widget]:
        yield TextArea("", id="note", soft_wrap=True)
