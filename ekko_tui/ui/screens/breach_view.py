"""What the breach detail screen shows, as Rich text: the head with the 72-hour clock, the
record in the Art. 33(5) order, and the timeline (user text is never markup)."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from ekko_tui.domain import breaches as br
from ekko_tui.store import breaches as store
from ekko_tui.ui.format import OVERDUE, SOON, oslo_time


def when(moment: datetime | None) -> str:
    """An Oslo time, or a dash for none."""
    return oslo_time(moment) if moment else "—"


def _block(title: str, value: str) -> Text:
    text = Text(f"{title}: ", style="bold")
    text.append(Text(value or "—"))
    return text


def breach_head(d: store.BreachDetail, now: datetime) -> Text:
    """The reference, status, awareness and notify-by, and the hours left or the notice."""
    row = d.row
    head = Text(f"{row.ref} · {br.STATUSES[row.status]}", style="bold")
    head.append(f"\nAware {br.format_moment(row.aware_at)}\nNotify by ")
    head.append(br.format_moment(row.notify_by), style="bold")
    hours = row.hours_left(now)
    if hours is not None:
        style = OVERDUE if hours < br.URGENT_HOURS else SOON
        head.append(f" · {br.left_text(row.notify_by, now)}", style=style)
    elif row.notified_at is not None:
        late = " (after 72 h)" if br.is_late(row.notified_at, row.aware_at) else ""
        head.append(f" · notified {when(row.notified_at)}{late}, Altinn {row.altinn_ref}")
    return head


def breach_facts(d: store.BreachDetail) -> Text:
    """The record, one block per Art. 33(5) item."""
    row = d.row
    f = d.fields
    types = ", ".join(br.BREACH_TYPES[t].split(" (")[0] for t in row.types)
    period = f"{when(d.occurred_from)} – {when(d.occurred_to)}" if d.occurred_from else "unknown"
    source = br.SOURCES.get(d.source, d.source) + (
        f" ({f['source_detail']})" if f["source_detail"] else ""
    )
    if d.source_at:
        source += f", their notice {when(d.source_at)}"
    people = ", ".join(f"{s.name} (#{s.id})" for s in d.subjects)
    lines = [
        _block("What happened", f["summary"]),
        _block("Cause", f["cause"]),
        _block("Source", source),
        _block("Period", period),
        _block("Type", types),
        _block("Data", f["data_categories"].replace("\n", ", ")),
        _block("Activities", f["activities"].replace("\n", ", ")),
        _block(
            "Affected",
            f"~{d.people_count if d.people_count is not None else '?'} people, "
            f"~{d.records_count if d.records_count is not None else '?'} records; "
            f"linked: {people or 'none'}",
        ),
        _block("Consequences", f["consequences"]),
        _block("Risk", f"{br.RISKS[f['risk']]}. {f['risk_reason']}".strip()),
        _block("Decision", f"{br.DECISIONS[f['decision']]}. {f['decision_reason']}".strip()),
        _block("Delay reason", f["delay_reason"]),
        _block(
            "Filings",
            "; ".join(f"{when(x.at)} {x.kind} {x.reference}".strip() for x in d.filings),
        ),
        _block("People told", told(d)),
        _block("Measures taken", f["measures_taken"]),
        _block("Measures planned", f["measures_planned"]),
        _block(
            "Letters",
            "; ".join(
                f"#{lt.id} {when(lt.generated_at)}" + (f" sent {lt.sent_how}" if lt.sent_at else "")
                for lt in d.letters
            ),
        ),
        _block("Closed", f"{when(d.closed_at)} {f['lessons']}".strip() if d.closed_at else ""),
    ]
    return Text("\n").join(lines)


def breach_timeline(d: store.BreachDetail) -> Text:
    """Every event of the breach, oldest first."""
    timeline = Text("\nTimeline", style="bold")
    for entry in d.timeline:
        timeline.append(f"\n{when(entry.at)}  {entry.actor}  ")
        timeline.append(Text(entry.detail))
    return timeline


def told(d: store.BreachDetail) -> str:
    """Whether and how the people affected were told (or the Art. 34(3) ground)."""
    f = d.fields
    if d.people_notice_at:
        return f"{when(d.people_notice_at)} by {f['people_notice_how']} to {f['people_notice_to']}"
    if f["art34_ground"]:
        return f"not told: {br.ART34_GROUNDS[f['art34_ground']]}. {f['art34_justification']}"
    return "no"
