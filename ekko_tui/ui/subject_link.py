"""The request detail's subject line and its keys: find and link the subject, or unlink."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen

from ekko_tui.domain.requests import ValidationError
from ekko_tui.domain.subjects import SYSTEMS
from ekko_tui.store import subjects as store
from ekko_tui.store.db import StoreError
from ekko_tui.store.subject_queries import RequestSubjectInfo, request_subject

if TYPE_CHECKING:
    from ekko_tui.app import EkkoApp

SUBJECT_BINDINGS = [
    Binding(
        "s",
        "find_subject",
        "Find subject",
        tooltip="Search the subject register (prefilled from the requester); link the one chosen",
    ),
    Binding("u", "unlink_subject", "Unlink", show=False, tooltip="Unlink the request's subject"),
]


def render_subject(info: RequestSubjectInfo | None) -> Text:
    """`Subject: Bjørn Håland (Kajabi, Stripe) — linked automatically …`, or the candidates."""
    text = Text("Subject   ", style="bold")
    if info is None:
        return text
    if info.subject is not None:
        s = info.subject
        text.append(Text(s.name or f"subject #{s.id}"))
        systems = ", ".join(SYSTEMS.get(x, x) for x in s.systems)
        text.append(f"  ({systems or 'no system'})")
        if info.automatic:
            text.append(
                "  linked automatically at intake: the sender's contact matches exactly one "
                "subject; u undoes",
                style="cyan",
            )
        else:
            text.append("  u unlinks", style="dim")
        return text
    if info.candidates:
        names = ", ".join(c.name or f"#{c.id}" for c in info.candidates[:3])
        more = f" and {len(info.candidates) - 3} more" if len(info.candidates) > 3 else ""
        text.append("not linked", style="yellow")
        text.append(
            Text(
                f" · {len(info.candidates)} possible (same {info.candidates_by}): "
                f"{names}{more} — s to choose"
            )
        )
        return text
    text.append("not linked · s searches the subject register", style="dim")
    return text


class SubjectLinkActions(Screen[Any]):
    """Mixed into the request detail: needs `request_id` and `refresh_requests()`."""

    request_id: int

    def refresh_requests(self, select_id: int | None = None) -> None:
        raise NotImplementedError

    def _ekko(self) -> EkkoApp:
        return cast("EkkoApp", self.app)

    def action_find_subject(self) -> None:
        from ekko_tui.store.queries import request_detail
        from ekko_tui.ui.screens.search import SubjectPickerScreen

        detail = request_detail(self.request_id, self._ekko().clock.today())
        if detail is None:
            return
        row = detail.row
        prefill = row.requester_contact if row.requester_contact else row.requester_name
        info = request_subject(self.request_id)
        if info is not None and info.candidates_by == "name":
            prefill = row.requester_name
        picker = SubjectPickerScreen(prefill, title=f"Find the subject of {row.ref}")
        rid, ref = row.id, row.ref

        def picked(subject_id: int | None) -> None:
            if subject_id is None:
                return
            try:
                store.link_request(
                    rid, subject_id, now=self._ekko().clock.now(), actor=self._ekko().actor
                )
            except (ValidationError, StoreError) as exc:
                self.notify(str(exc), severity="error")
                return
            self.refresh_requests(rid)
            self.notify(f"{ref} linked to subject #{subject_id}.")

        self.app.push_screen(picker, picked)

    def action_unlink_subject(self) -> None:
        info = request_subject(self.request_id)
        if info is None or info.subject is None:
            self.notify("This request has no subject linked.", severity="warning")
            return
        try:
            store.link_request(
                self.request_id, None, now=self._ekko().clock.now(), actor=self._ekko().actor
            )
        except (ValidationError, StoreError) as exc:
            self.notify(str(exc), severity="error")
            return
        self.refresh_requests(self.request_id)
        self.notify("Subject unlinked.")
