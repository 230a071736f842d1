"""The subject card's sections as Rich renderables: identifiers, holdings, requests (with
their letters) and merge suggestions. Plain data in (a `SubjectCard`), markup-free text out."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from ekko_tui.domain.requests import STATUSES
from ekko_tui.domain.subjects import IDENTIFIER_KINDS, SYSTEMS
from ekko_tui.store.letters import letters_for_requests
from ekko_tui.store.subject_queries import SubjectCard
from ekko_tui.ui.format import oslo_time, types_label


def render_identifiers(card: SubjectCard) -> Table:
    table = Table(title="Identifiers", title_justify="left", show_edge=False)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Value")
    table.add_column("System", no_wrap=True)
    for ident in card.identifiers:
        table.add_row(
            IDENTIFIER_KINDS.get(ident.kind, ident.kind),
            Text(ident.shown),
            SYSTEMS.get(ident.system, ident.system),
        )
    return table


def render_holdings(card: SubjectCard) -> Table:
    table = Table(title="Where their data is", title_justify="left", expand=True, show_edge=False)
    table.add_column("System", no_wrap=True)
    table.add_column("Categories")
    table.add_column("Their id there", no_wrap=True)
    table.add_column("First seen", no_wrap=True)
    table.add_column("Last seen", no_wrap=True)
    table.add_column("Import")
    for h in card.holdings:
        table.add_row(
            SYSTEMS.get(h.system, h.system),
            Text(", ".join(h.categories) or "—"),
            Text(h.external_id or "—"),
            oslo_time(h.first_seen)[:10],
            oslo_time(h.last_seen)[:10],
            Text(f"#{h.import_id} {h.import_file}" if h.import_id else "—"),
        )
    if not card.holdings:
        table.add_row("—", "no system holds data on them (as far as imports show)", "", "", "", "")
    return table


def render_requests(card: SubjectCard) -> Table | Text:
    if not card.requests:
        return Text("\nRequests: none linked. n logs one; l links the inbox's request.")
    table = Table(title="Requests and letters", title_justify="left", expand=True, show_edge=False)
    for label in ("Ref", "Received", "Type", "Status", "Letters"):
        table.add_column(label, no_wrap=(label != "Letters"))
    letters: dict[int, list[str]] = {}
    for letter in letters_for_requests([r.id for r in card.requests]):
        sent = f"sent {letter.sent_on:%Y-%m-%d}" if letter.sent_on else "not sent"
        letters.setdefault(letter.request_id, []).append(
            f"{letter.label} {oslo_time(letter.generated_at)[:10]} ({sent})"
        )
    for r in card.requests:
        table.add_row(
            r.ref,
            oslo_time(r.received_at),
            types_label(r.types),
            STATUSES.get(r.status, r.status),
            "; ".join(letters.get(r.id, [])) or "—",
        )
    return table


def render_suggestions(card: SubjectCard) -> Text:
    if not card.suggestions:
        return Text("")
    text = Text("\nPossible duplicates (m merges, d says they are different people)\n", "bold")
    for s in card.suggestions:
        text.append(f"  #{s.other_id} ")
        text.append(s.other_name or "(no name)")
        text.append(f" — {s.reason}\n", style="dim")
    return text
