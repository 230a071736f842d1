"""Shared by the notice tests: fill in what the shipped registers leave for EKKO to check."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from ekko_tui.store import register_writes as writes
from ekko_tui.store import registers

# What EKKO would find when it checks (test values, not facts about the providers).
SAFEGUARDS = {"google": ("IE", "dpf"), "zoom": ("US", "dpf")}
COUNTRIES = {"accounting": "NO", "advisers": "NO"}
COOKIES = {
    "ipogs_login": {"name": "_kjb_session", "duration": "session"},
    "stripe": {"duration": "1y"},
    "stripe_sid": {"duration": "30min"},
    "facebook_pixel": {"duration": "90d"},
    "facebook_pixel_click": {"duration": "90d"},
    "instagram": {"name": "ig_embed", "duration": "13mo"},
    "google_ads": {"name": "_gcl_au", "duration": "90d"},
}


def processor_values(p: Any, **changes: Any) -> dict[str, Any]:
    values = {k: v for k, v in asdict(p.fields).items()}
    for k, v in list(values.items()):
        if isinstance(v, date):
            values[k] = v.isoformat()
        elif v is None:
            values[k] = ""
    values.update(changes)
    return values


def complete_registers(now: datetime, email: str = "post@ipogs.no") -> None:
    """Close every gap the notice check finds in the shipped registers."""
    writes.set_controller_email(email, now=now, actor="test")
    today = date(2026, 11, 25)
    for p in registers.processors(today):
        if p.key in SAFEGUARDS:
            country, safeguard = SAFEGUARDS[p.key]
            values = processor_values(p, country=country, safeguard=safeguard)
            values["dpf_checked_on"] = today.isoformat()
            writes.save_processor(p.id, values, now=now, actor="test")
        elif p.key in COUNTRIES:
            values = processor_values(p, country=COUNTRIES[p.key], safeguard="eea")
            writes.save_processor(p.id, values, now=now, actor="test")
    for c in registers.cookies():
        if c.key in COOKIES:
            values = {
                k: getattr(c, k)
                for k in (
                    "key", "name", "provider", "purpose", "category",
                    "consent_required", "service", "party", "duration", "sources",
                )
            }  # fmt: skip
            values.update(COOKIES[c.key])
            writes.save_cookie(c.id, values, now=now, actor="test")
