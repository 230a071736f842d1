"""The agenda's reminder that the published privacy notice no longer says what the registers
say (pure: the store passes the last publication's date and whether it is outdated)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.agenda import Agenda, AgendaGroup, AgendaItem, GroupSpec

NOTICE_GROUP = GroupSpec(
    "notice",
    "Privacy notice to update",
    "the registers changed after the last published privacy notice: the website must be "
    "updated (Art. 13/14)",
)


def notice_items(
    last_published: date | None, outdated: bool, complete: bool, today: date
) -> list[AgendaItem]:
    """One item when the registers now give another notice than the one last published."""
    if not outdated:
        return []
    if last_published is None:
        detail = "no privacy notice has been published from ekko yet"
    else:
        detail = f"the registers changed after the notice of {dl.format_date(last_published)}"
    todo = (
        "Write it with `ekko notice --out FILE` or N in the registers (key 4), and put it on "
        "the website."
        if complete
        else "Fix the gaps first (`ekko notice --check`), then write it and put it on the website."
    )
    return [
        AgendaItem(
            group=NOTICE_GROUP.key,
            date=today,
            ref="Privacy notice",
            title="ipogs.no",
            kind="notice",
            detail=detail,
            status="",
            working_days_left=0,
            source="notice",
            explanation=f"{detail[0].upper()}{detail[1:]}. {todo} `ekko notice --diff` shows "
            "what changed.",
        )
    ]


def with_notice(agenda: Agenda, items: list[AgendaItem]) -> Agenda:
    """The agenda with the notice group appended (empty when the notice is current)."""
    return replace(agenda, groups=(*agenda.groups, AgendaGroup(NOTICE_GROUP, tuple(items))))
