"""The register editors' values: one frozen dataclass per form, field names = widget ids; the
domain validates what `as_fields()` hands the store (a ValidationError names one of the fields)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ekko_tui.domain.requests import ValidationError


@dataclass(frozen=True)
class ProcessorValue:
    """Every field of a processor register entry, as typed (the domain validates the mapping)."""

    name: str
    key: str
    system: str
    role: str
    entity: str
    org_nr: str
    country: str
    onward_entity: str
    onward_country: str
    unnamed_reason: str
    service: str
    data_categories: str
    subject_categories: str
    dpa_status: str
    dpa_date: str
    dpa_link: str
    safeguard: str
    dpf_checked_on: str
    subprocessor_link: str
    subprocessors_checked_on: str
    privacy_contact: str
    next_review: str
    sources: str
    note: str

    def as_fields(self) -> dict[str, Any]:
        """What `register_writes.save_processor` validates."""
        return asdict(self)


@dataclass(frozen=True)
class ActivityValue:
    """A processing activity as typed; the bases and recipients are the ticked codes."""

    name: str
    key: str
    purpose: str
    lawful_basis: tuple[str, ...]
    basis_note: str
    data_categories: str
    subject_categories: str
    recipients: tuple[str, ...]
    retention: str
    source: str
    security: str

    def as_fields(self) -> dict[str, Any]:
        """What `register_writes.save_activity` validates (the bases comma-joined)."""
        out = asdict(self)
        out["lawful_basis"] = ",".join(self.lawful_basis)
        out["recipients"] = list(self.recipients)
        return out


@dataclass(frozen=True)
class CookieValue:
    name: str
    service: str
    key: str
    provider: str
    party: str
    purpose: str
    duration: str
    category: str
    consent_required: bool
    sources: str

    def as_fields(self) -> dict[str, Any]:
        """What `register_writes.save_cookie` validates."""
        return asdict(self)


@dataclass(frozen=True)
class ControllerValue:
    """The controller profile as typed: one field per entry of `CONTROLLER_FIELDS`."""

    name: str
    org_nr: str
    address: str
    postcode: str
    city: str
    country: str
    responsible: str
    website: str
    email: str

    def as_fields(self) -> dict[str, Any]:
        """What `register_writes.save_controller` validates."""
        return asdict(self)


@dataclass(frozen=True)
class EmailValue:
    email: str


@dataclass(frozen=True)
class OffersValue:
    """The ticked offers (`kind:key`); the others are declined."""

    offers: tuple[str, ...]


@dataclass(frozen=True)
class RopaExportValue:
    path: str

    def target(self) -> Path:
        """The file to write: .pdf or .csv, in a folder that exists."""
        path = Path(self.path.strip()).expanduser()
        if path.suffix.lower() not in (".pdf", ".csv"):
            raise ValidationError("path", "The file name must end in .pdf or .csv.")
        if not path.parent.is_dir():
            raise ValidationError("path", f"The folder {path.parent} does not exist.")
        return path
