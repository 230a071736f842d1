"""One breach: the record in the Art. 33(5) order, the 72-hour clock, the timeline, and a key
for each step (assess, decide, notify, follow up, tell the people, close)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from ekko_tui.domain import breaches as br
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store import breaches as store
from ekko_tui.store.db import StoreError
from ekko_tui.ui.breach_forms import (
    BreachForm,
    BreachRecordValue,
    CloseBreachValue,
    DecisionValue,
    ExemptionValue,
    Field,
    FollowUpValue,
    NotifiedValue,
    PeopleToldValue,
    RiskValue,
    UnlinkValue,
)
from ekko_tui.ui.ekko_app import ekko_app
from ekko_tui.ui.format import oslo_time
from ekko_tui.ui.screens.breach_view import breach_facts, breach_head, breach_timeline, when

V = TypeVar("V")


class BreachDetailScreen(Screen[Any]):
    """The record of one breach, with its timeline."""

    BINDINGS = [
        Binding("escape", "back", "Back", tooltip="Back to the breach register"),
        Binding(
            "e", "edit", "Edit", tooltip="What happened, cause, period, data, counts, measures"
        ),
        Binding("a", "assess", "Assess", tooltip="Risk assessment: none, risk or high, and why"),
        Binding("d", "decide", "Decide", tooltip="Notify Datatilsynet or not (with the reason)"),
        Binding("o", "notified", "Notified", tooltip="Record the Altinn notice (time, reference)"),
        Binding("f", "follow_up", "Follow-up", tooltip="A later filing with more information"),
        Binding("t", "told", "People told", tooltip="The people affected were told (Art. 34)"),
        Binding("x", "exempt", "Not told", tooltip="Art. 34(3) ground for not telling them"),
        Binding("s", "link_subject", "Link", tooltip="Link an affected person (subject search)"),
        Binding("u", "unlink_subject", "Unlink", tooltip="Unlink an affected person"),
        Binding("c", "close_breach", "Close", tooltip="Close the record with lessons learned"),
        Binding("l", "letter", "Letter", tooltip="Art. 34 letter to the people affected"),
        Binding("p", "sheet", "Altinn sheet", tooltip="The fill-in sheet for Datatilsynet's form"),
    ]

    def __init__(self, ref: str) -> None:
        super().__init__()
        self.ref = ref

    ekko = ekko_app()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="breach-scroll"):
            yield Static("", id="breach-head")
            yield Static("", id="breach-facts")
            yield Static("", id="breach-timeline")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#breach-scroll").focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        d = store.breach_detail(self.ref)
        self.detail = d
        self.query_one("#breach-head", Static).update(breach_head(d, self.ekko.clock.now()))
        self.query_one("#breach-facts", Static).update(breach_facts(d))
        self.query_one("#breach-timeline", Static).update(breach_timeline(d))

    # --- forms ---------------------------------------------------------------------------------

    def _form(
        self,
        title: str,
        value_type: type[V],
        fields: tuple[Field, ...],
        save: Callable[[V], object],
        done: str,
        intro: str = "",
    ) -> None:
        def apply(v: V) -> bool:
            save(v)
            return True

        def closed(result: Any) -> None:
            if result:
                self.reload()
                self.notify(done)

        self.app.push_screen(
            BreachForm(
                apply,
                value_type=value_type,
                title=f"{self.ref}: {title}",
                fields=fields,
                intro=intro,
            ),
            closed,
        )

    def _now(self) -> datetime:
        return self.ekko.clock.now()

    def _moment(self, text: str, field: str = "at") -> datetime:
        local = br.parse_local(text, field)
        if local.ambiguous:
            self.notify(local.ambiguity_note(), severity="warning", timeout=10)
        return local.moment

    def action_back(self) -> None:
        self.app.pop_screen()

    def _record_options(self, current: str, kind: str) -> tuple[tuple[str, str], ...]:
        """Activities or data categories from the Art. 30 record, plus any already chosen."""
        from ekko_tui.store.registers import activities

        names: list[str] = []
        for activity in activities(self.ekko.clock.today()):
            if kind == "activities":
                names.append(activity.name)
            else:
                names += [c.strip() for c in activity.data_categories.split(",") if c.strip()]
        names += [v.strip() for v in current.replace(",", "\n").split("\n") if v.strip()]
        return tuple((n, n) for n in dict.fromkeys(names))

    def action_edit(self) -> None:
        d, f = self.detail, self.detail.fields
        picked = ("data_categories", "activities")
        fields = (
            *(
                Field(k, label, "text", f[k])
                for k, label in store.TEXT_FIELDS.items()
                if k not in picked
            ),
            *(
                Field(
                    k,
                    store.TEXT_FIELDS[k].replace(" (one per line)", "")
                    + " (from the Art. 30 record)",
                    "many",
                    ",".join(v.strip() for v in f[k].split("\n") if v.strip()),
                    self._record_options(f[k], k),
                )
                for k in picked
            ),
            Field(
                "source", "How EKKO learned of it", "choice", d.source, tuple(br.SOURCES.items())
            ),
            Field(
                "source_at",
                "The processor's notice time (Oslo, optional)",
                value=when(d.source_at).replace("—", ""),
            ),
            Field("types", "Type", "many", ",".join(d.row.types), tuple(br.BREACH_TYPES.items())),
            Field(
                "occurred_from",
                "Began (Oslo; empty: unknown)",
                value=when(d.occurred_from).replace("—", ""),
            ),
            Field(
                "occurred_to",
                "Ended (Oslo; empty: unknown or ongoing)",
                value=when(d.occurred_to).replace("—", ""),
            ),
            Field(
                "people_count",
                "Approximate number of people",
                value="" if d.people_count is None else str(d.people_count),
            ),
            Field(
                "records_count",
                "Approximate number of records",
                value="" if d.records_count is None else str(d.records_count),
            ),
        )

        def save(v: BreachRecordValue) -> list[str]:
            return store.update_details(
                self.ref, v.as_fields(), now=self._now(), actor=self.ekko.actor
            )

        self._form("the record", BreachRecordValue, fields, save, "Breach record saved.")

    def action_assess(self) -> None:
        f = self.detail.fields
        options = tuple((k, v) for k, v in br.RISKS.items() if k != "unassessed")
        self._form(
            "risk assessment",
            RiskValue,
            (
                Field("risk", "Risk to people's rights and freedoms", "choice", f["risk"], options),
                Field(
                    "risk_reason",
                    "Reasoning (what data, how many, how likely the harm)",
                    "text",
                    f["risk_reason"],
                ),
            ),
            lambda v: store.assess(
                self.ref, v.risk, v.risk_reason, now=self._now(), actor=self.ekko.actor
            ),
            "Assessment recorded.",
        )

    def action_decide(self) -> None:
        f = self.detail.fields
        options = tuple((k, v) for k, v in br.DECISIONS.items() if k != "undecided")
        self._form(
            "notify Datatilsynet?",
            DecisionValue,
            (
                Field("decision", "Decision", "choice", f["decision"], options),
                Field(
                    "decision_reason",
                    "Reason (required when not notifying, Art. 33(5))",
                    "text",
                    f["decision_reason"],
                ),
            ),
            lambda v: store.decide(
                self.ref, v.decision, v.decision_reason, now=self._now(), actor=self.ekko.actor
            ),
            "Decision recorded.",
        )

    def action_notified(self) -> None:
        row = self.detail.row
        intro = (
            f"Notify by {br.format_moment(row.notify_by)}. After that, Art. 33(1) requires the "
            "reasons for the delay."
        )

        def save(v: NotifiedValue) -> None:
            late = store.record_notified(
                self.ref,
                self._moment(v.at),
                v.reference,
                delay_reason=v.delay_reason,
                now=self._now(),
                actor=self.ekko.actor,
            )
            if late:
                self.notify("Recorded as late: the reasons are on the record.", severity="warning")

        self._form(
            "notice to Datatilsynet",
            NotifiedValue,
            (
                Field("at", "Sent (Oslo, YYYY-MM-DD HH:MM)", value=oslo_time(self._now())),
                Field("reference", "Altinn reference"),
                Field("delay_reason", "Reason for the delay (only if after 72 hours)", "text"),
            ),
            save,
            "Notification recorded: the 72-hour clock stops.",
            intro,
        )

    def action_follow_up(self) -> None:
        self._form(
            "follow-up filing (Art. 33(4))",
            FollowUpValue,
            (
                Field("at", "Sent (Oslo)", value=oslo_time(self._now())),
                Field("reference", "Reference (optional)"),
                Field("note", "What it added", "text"),
            ),
            lambda v: store.add_follow_up(
                self.ref,
                self._moment(v.at),
                v.reference,
                v.note,
                now=self._now(),
                actor=self.ekko.actor,
            ),
            "Follow-up recorded.",
        )

    def action_told(self) -> None:
        self._form(
            "the people affected were told",
            PeopleToldValue,
            (
                Field("at", "When (Oslo)", value=oslo_time(self._now())),
                Field("how", "How", "choice", "email", tuple(br.NOTICE_METHODS.items())),
                Field("to", "To whom", "text"),
            ),
            lambda v: store.record_people_notice(
                self.ref,
                self._moment(v.at),
                v.how,
                v.to,
                now=self._now(),
                actor=self.ekko.actor,
            ),
            "Notice to the people affected recorded.",
        )

    def action_exempt(self) -> None:
        f = self.detail.fields
        self._form(
            "not telling the people affected",
            ExemptionValue,
            (
                Field(
                    "ground",
                    "Art. 34(3) ground",
                    "choice",
                    f["art34_ground"],
                    tuple(br.ART34_GROUNDS.items()),
                ),
                Field("justification", "Justification", "text", f["art34_justification"]),
            ),
            lambda v: store.record_art34_exemption(
                self.ref, v.ground, v.justification, now=self._now(), actor=self.ekko.actor
            ),
            "Art. 34(3) ground recorded.",
        )

    def action_close_breach(self) -> None:
        self._form(
            "close the record",
            CloseBreachValue,
            (Field("lessons", "Lessons learned", "text"),),
            lambda v: store.close_breach(
                self.ref, v.lessons, now=self._now(), actor=self.ekko.actor
            ),
            "Breach closed.",
        )

    def action_link_subject(self) -> None:
        from ekko_tui.ui.screens.search import SubjectPickerScreen

        def picked(subject_id: int | None) -> None:
            if subject_id is None:
                return
            try:
                store.link_subject(self.ref, subject_id, now=self._now(), actor=self.ekko.actor)
            except (ValidationError, StoreError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.reload()
            self.notify(f"Subject #{subject_id} linked to {self.ref} as affected.")

        self.app.push_screen(
            SubjectPickerScreen("", title=f"Find a person affected by {self.ref}"), picked
        )

    def action_unlink_subject(self) -> None:
        subjects = self.detail.subjects
        if not subjects:
            self.notify("No person is linked to this breach.", severity="warning")
            return
        options = tuple((str(s.id), f"{s.name} (#{s.id})") for s in subjects)
        self._form(
            "unlink a person",
            UnlinkValue,
            (Field("subject", "Person", "choice", options[0][0], options),),
            lambda v: store.unlink_subject(
                self.ref, int(v.subject or 0), now=self._now(), actor=self.ekko.actor
            ),
            "Person unlinked.",
        )

    def action_letter(self) -> None:
        from ekko_tui.ui.screens.breach_papers import BreachLetterScreen

        self.app.push_screen(BreachLetterScreen(self.ref))

    def action_sheet(self) -> None:
        from ekko_tui.ui.screens.breach_papers import AltinnSheetScreen

        self.app.push_screen(AltinnSheetScreen(self.ref))
