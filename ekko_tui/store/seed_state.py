"""Whether the shipped registers were loaded: one setting, checked at every start.

Kept apart from `register_seed` (the TOML reader and the register writers) so that a start on
a seeded database, the usual case, does not import them before the first paint.
"""

from __future__ import annotations

from ekko_tui.store.models import Setting

SEEDED = "registers.seeded"


def is_seeded() -> bool:
    return Setting.get_or_none(Setting.key == SEEDED) is not None
