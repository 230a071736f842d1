"""How the store keeps moments: naive UTC in the database, aware UTC everywhere else."""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(moment: datetime) -> datetime:
    """An aware moment as the database keeps it: naive, in UTC."""
    return moment.astimezone(UTC).replace(tzinfo=None)


def from_db(value: datetime | str) -> datetime:
    """A stored moment (naive UTC, or its text from raw SQL) as an aware UTC datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
