"""How register rows look on screen: table columns, cells and the detail lines (plain Text)."""

from __future__ import annotations

from rich.text import Text

from ekko_tui.domain.register_entries import COOKIE_PARTIES, cookie_label
from ekko_tui.domain.registers import COOKIE_CATEGORIES, DPA_STATUSES, ROLES, SAFEGUARDS
from ekko_tui.domain.ropa import bases_label
from ekko_tui.store.registers import ActivityRow, CookieRow, ProcessorRow
from ekko_tui.ui.format import plain

WARN = "yellow"
OK = "green"
# (label, width; None = as wide as the content)
# Warnings are a count second from the left ("⚠ 2"), so they stay in view at 80 columns next
# to the fixed name; the pane under the table lists each warning.
PROCESSOR_COLUMNS = (
    ("Name", 28),
    ("⚠", 4),
    ("Role", 16),
    ("Country", 7),
    ("Service", 24),
    ("DPA", 18),
    ("Safeguard", 18),
    ("Review", 10),
)
ACTIVITY_COLUMNS = (
    ("Activity", 28),
    ("⚠", 4),
    ("Lawful basis", 12),
    ("Subjects", 24),
    ("Recipients", 36),
    ("Retention", 30),
)
COOKIE_COLUMNS = (
    ("Cookie", 22),
    ("Provider", 32),
    ("Category", 18),
    ("Consent", 11),
    ("Purpose", None),
)


def dpa_cell(p: ProcessorRow) -> str:
    """`signed 2021-09-27`, `unknown — check`."""
    return DPA_STATUSES[p.dpa_status] + (f" {p.dpa_date}" if p.dpa_date else "")


def safeguard_cell(p: ProcessorRow) -> str:
    """`EU–US DPF (checked 2026-01-10)`, `SCC 2021/914`."""
    text = SAFEGUARDS[p.safeguard]
    if p.safeguard == "dpf":
        text += f" (checked {p.dpf_checked_on})" if p.dpf_checked_on else " (never checked)"
    return text


def warnings_cell(messages: tuple[str, ...]) -> Text:
    """`⚠ 2` (the pane under the table says which), or `ok`."""
    if not messages:
        return plain("ok", OK)
    return plain(f"⚠ {len(messages)}", WARN)


def processor_cells(p: ProcessorRow) -> tuple[Text, ...]:
    return (
        plain(p.name),
        warnings_cell(tuple(w.message for w in p.warnings)),
        plain(ROLES[p.role]),
        plain(p.country or "?"),
        plain(p.service),
        plain(dpa_cell(p)),
        plain(safeguard_cell(p)),
        plain(p.next_review.isoformat() if p.next_review else "—"),
    )


def activity_cells(a: ActivityRow) -> tuple[Text, ...]:
    return (
        plain(a.name),
        warnings_cell(a.warnings),
        plain(", ".join(f"({b})" for b in a.lawful_basis)),
        plain(a.subject_categories),
        plain(", ".join(r.name for r in a.recipient_rows)),
        plain(a.retention or "—"),
    )


def cookie_cells(c: CookieRow) -> tuple[Text, ...]:
    return (
        plain(cookie_label(c)),
        plain(c.provider_name),
        plain(COOKIE_CATEGORIES.get(c.category, c.category)),
        plain("required" if c.consent_required else "not needed"),
        plain(c.purpose),
    )


def cookie_detail(c: CookieRow) -> list[str]:
    """Every field of a cookie entry and what the notice still lacks, for the pane."""
    lines = [
        f"{cookie_label(c)}  [{c.key}] · {c.provider_name} · "
        f"{COOKIE_PARTIES.get(c.party, c.party)} · duration {c.duration}",
        f"Purpose: {c.purpose or '—'}",
        f"Sources: {c.sources or '—'}",
    ]
    missing = [
        what
        for what, gap in (
            ("cookie name", c.name == "unknown"),
            ("duration", c.duration == "unknown"),
            ("first or third party", c.party == "unknown"),
        )
        if gap
    ]
    if missing:
        lines.append("⚠ Unknown — check: " + ", ".join(missing) + " (the notice needs them)")
    return lines


def processor_detail(p: ProcessorRow) -> list[str]:
    """Every field of an entry for the pane under the table, its warnings first (the table
    only counts them, and the pane's first lines are the ones always in view)."""
    return [
        f"{p.name}  [{p.key}; system {p.system}]  {ROLES[p.role]}",
        *[f"⚠ {w.message}" for w in p.warnings],
        f"Entity: {p.entity or '—'} · Org. nr: {p.org_nr or '—'} · "
        f"Country: {p.country or 'unknown'}",
        f"Service: {p.service} · Data: {p.data_categories}",
        f"Subjects: {p.subject_categories}",
        f"DPA: {dpa_cell(p)} {p.dpa_link}".rstrip(),
        f"Safeguard: {safeguard_cell(p)}",
        f"Sub-processors: {p.subprocessor_link or '—'} "
        f"(checked {p.subprocessors_checked_on or 'never'})",
        f"Privacy contact (Art. 19): {p.privacy_contact or '—'}",
        f"Next review: {p.next_review or '—'}",
        f"Sources: {p.sources or '—'}",
        f"Note: {p.note or '—'}",
    ]


def activity_detail(a: ActivityRow) -> list[str]:
    return [
        f"{a.name}  [{a.key}]",
        *[f"⚠ {w}" for w in a.warnings],
        f"Purpose: {a.purpose}",
        f"Lawful basis: {bases_label(a.lawful_basis)} — {a.basis_note}",
        f"Data: {a.data_categories} · Subjects: {a.subject_categories}",
        "Recipients: " + "; ".join(f"{r.name} ({r.country or '?'})" for r in a.recipient_rows),
        f"Retention: {a.retention or '—'}",
        f"Source: {a.source or '—'} · Security: {a.security or '—'}",
    ]
