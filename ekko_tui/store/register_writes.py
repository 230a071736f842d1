"""Every change to the registers: validated, one transaction, and an event that says what
changed (never personal data)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any, cast

from ekko_tui.domain import deadlines as dl
from ekko_tui.domain.register_entries import (
    CONTROLLER_FIELDS,
    ActivityFields,
    ControllerFields,
    CookieFields,
    validate_activity,
    validate_controller,
    validate_cookie,
    validate_email,
)
from ekko_tui.domain.registers import ProcessorFields, add_months, validate_processor
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store.models import Setting
from ekko_tui.store.register_models import (
    RegisterActivity,
    RegisterActivityRecipient,
    RegisterCookie,
    RegisterProcessor,
    RegisterShipped,
)
from ekko_tui.store.registers import (
    CONTROLLER_PREFIX,
    EMAIL_ASKED,
    EVENT_KIND,
    controller_profile,
    processor_keys,
)
from ekko_tui.store.requests import log_event, write
from ekko_tui.store.times import to_db


def _today(now: datetime) -> date:
    return now.astimezone(dl.OSLO).date()


# --- processors ------------------------------------------------------------------------------


def _changed(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [k for k in new if old.get(k) != new[k]]


def _mark_shipped(kind: str, key: str, state: str, now: datetime) -> None:
    RegisterShipped.update(state=state, decided_at=to_db(now)).where(
        (RegisterShipped.kind == kind) & (RegisterShipped.key == key)
    ).execute()


def store_processor(
    processor_id: int | None, f: ProcessorFields, now: datetime
) -> tuple[RegisterProcessor, list[str]]:
    """Insert or update inside the caller's transaction; returns the row and changed fields."""
    clash = RegisterProcessor.get_or_none(RegisterProcessor.key == f.key)
    if clash is not None and clash.id != processor_id:
        raise ValidationError("key", f"Key {f.key!r} is taken by {clash.name}. Choose another.")
    values = asdict(f)
    if processor_id is None:
        created: RegisterProcessor = RegisterProcessor.create(**values, updated_at=to_db(now))
        return created, list(values)
    row: RegisterProcessor | None = RegisterProcessor.get_or_none(
        RegisterProcessor.id == processor_id
    )
    if row is None:
        raise ValidationError("key", f"Register entry #{processor_id} no longer exists.")
    before = {k: getattr(row, k) for k in values}
    changed = _changed(before, values)
    labels = [_change_label(k, before[k], values[k]) for k in changed]
    for k in changed:
        setattr(row, k, values[k])
    if changed:
        row.updated_at = to_db(now)
        row.save()
    return row, labels


# Short, non-personal status fields whose old and new values the event shows.
_VALUE_FIELDS = {
    "role",
    "country",
    "dpa_status",
    "dpa_date",
    "safeguard",
    "dpf_checked_on",
    "subprocessors_checked_on",
    "next_review",
}


def _change_label(field: str, old: object, new: object) -> str:
    """`dpa_status unknown → signed` for status fields, the bare field name for free text."""
    if field not in _VALUE_FIELDS:
        return field
    return f"{field} {old or '—'} → {new or '—'}"


def _log_saved(
    label: str, key: str, *, new: bool, changed: list[str], now: datetime, actor: str
) -> None:
    """The register event of a save: added, or the fields changed (nothing if none did)."""
    if new:
        log_event(None, EVENT_KIND, f"{label} added: {key}", now=now, actor=actor)
    elif changed:
        detail = f"{label} {key} changed: {', '.join(changed)}"
        log_event(None, EVENT_KIND, detail, now=now, actor=actor)


def _delete_entry(row: Any, kind: str, *, now: datetime, actor: str) -> None:
    """Delete a register entry, remember the shipped one is unwanted, and log it."""
    _mark_shipped(kind, row.key, "deleted", now)
    row.delete_instance()
    log_event(None, EVENT_KIND, f"{kind.capitalize()} deleted: {row.key}", now=now, actor=actor)


def save_processor(
    processor_id: int | None, values: dict[str, Any], *, now: datetime, actor: str
) -> int:
    """Validate and store one entry (new when `processor_id` is None); returns its id."""
    f = validate_processor(values, today=_today(now))
    with write():
        row, changed = store_processor(processor_id, f, now)
        _log_saved(
            "Processor", f.key, new=processor_id is None, changed=changed, now=now, actor=actor
        )
    return int(row.id)


def mark_reviewed(processor_id: int, *, now: datetime, actor: str, months: int = 12) -> date:
    """Record a review done today: the next one is due `months` later."""
    today = _today(now)
    due = add_months(today, months)
    with write():
        row = RegisterProcessor.get_or_none(RegisterProcessor.id == processor_id)
        if row is None:
            raise ValidationError("key", f"Register entry #{processor_id} no longer exists.")
        row.next_review = due
        row.updated_at = to_db(now)
        row.save()
        log_event(
            None,
            EVENT_KIND,
            f"Processor {row.key} reviewed on {today}; next review {due}",
            now=now,
            actor=actor,
        )
    return due


def mark_dpf_checked(processor_id: int, *, now: datetime, actor: str) -> date:
    """Record that the entity was found on the DPF list today (dataprivacyframework.gov)."""
    today = _today(now)
    with write():
        row = RegisterProcessor.get_or_none(RegisterProcessor.id == processor_id)
        if row is None:
            raise ValidationError("key", f"Register entry #{processor_id} no longer exists.")
        if row.safeguard != "dpf":
            raise ValidationError(
                "safeguard",
                f"{row.name} does not use the EU–US DPF safeguard: edit the entry (e) if it does.",
            )
        row.dpf_checked_on = today
        row.updated_at = to_db(now)
        row.save()
        log_event(
            None,
            EVENT_KIND,
            f"Processor {row.key}: DPF list checked on {today}",
            now=now,
            actor=actor,
        )
    return today


def processor_delete_refusal(processor_id: int) -> str | None:
    """Why the entry cannot be deleted (activities name it as recipient), or None."""
    row = RegisterProcessor.get_or_none(RegisterProcessor.id == processor_id)
    if row is None:
        return None
    users = (
        RegisterActivity.select(RegisterActivity.name)
        .join(RegisterActivityRecipient)
        .where(RegisterActivityRecipient.processor == row.id)
    )
    names = [a.name for a in users]
    if not names:
        return None
    return (
        f"{row.name} is a recipient in: {', '.join(names)}. Remove it from those activities first."
    )


def delete_processor(processor_id: int, *, now: datetime, actor: str) -> None:
    """Remove an entry that no activity names as recipient."""
    with write():
        row = RegisterProcessor.get_or_none(RegisterProcessor.id == processor_id)
        if row is None:
            return
        refusal = processor_delete_refusal(processor_id)
        if refusal:
            raise ValidationError("key", refusal)
        _delete_entry(row, "processor", now=now, actor=actor)


def store_activity(
    activity_id: int | None, f: ActivityFields, now: datetime
) -> tuple[RegisterActivity, list[str]]:
    """Insert or update an activity and its recipient links, inside the caller's transaction."""
    clash = RegisterActivity.get_or_none(RegisterActivity.key == f.key)
    if clash is not None and clash.id != activity_id:
        raise ValidationError("key", f"Key {f.key!r} is taken by {clash.name}. Choose another.")
    values = asdict(f)
    recipients = values.pop("recipients")
    values["lawful_basis"] = ",".join(f.lawful_basis)
    row: RegisterActivity
    if activity_id is None:
        row = RegisterActivity.create(**values, updated_at=to_db(now))
        changed = [*values, "recipients"]
        old_recipients: tuple[str, ...] = ()
    else:
        found: RegisterActivity | None = RegisterActivity.get_or_none(
            RegisterActivity.id == activity_id
        )
        if found is None:
            raise ValidationError("key", f"Activity #{activity_id} no longer exists.")
        row = found
        changed = _changed({k: getattr(row, k) for k in values}, values)
        for k in changed:
            setattr(row, k, values[k])
        old_recipients = tuple(
            p.key
            for p in RegisterProcessor.select(RegisterProcessor.key)
            .join(RegisterActivityRecipient)
            .where(RegisterActivityRecipient.activity == row.id)
            .order_by(RegisterActivityRecipient.position)
        )
        if old_recipients != tuple(recipients):
            changed.append("recipients")
        if changed:
            row.updated_at = to_db(now)
            row.save()
    if "recipients" in changed:
        RegisterActivityRecipient.delete().where(
            RegisterActivityRecipient.activity == row.id
        ).execute()
        ids = {
            p.key: p.id
            for p in RegisterProcessor.select().where(RegisterProcessor.key.in_(list(recipients)))
        }
        missing = [k for k in recipients if k not in ids]
        if missing:
            raise ValidationError(
                "recipients", f"Recipients not in the processor register: {', '.join(missing)}."
            )
        for pos, key in enumerate(recipients):
            RegisterActivityRecipient.create(activity=row.id, processor=ids[key], position=pos)
    return row, changed


def save_activity(
    activity_id: int | None, values: dict[str, Any], *, now: datetime, actor: str
) -> int:
    """Validate and store one processing activity; returns its id."""
    f = validate_activity(values, known_recipients=processor_keys())
    with write():
        row, changed = store_activity(activity_id, f, now)
        _log_saved(
            "Activity", f.key, new=activity_id is None, changed=changed, now=now, actor=actor
        )
    return int(row.id)


def delete_activity(activity_id: int, *, now: datetime, actor: str) -> None:
    with write():
        row = RegisterActivity.get_or_none(RegisterActivity.id == activity_id)
        if row is not None:
            _delete_entry(row, "activity", now=now, actor=actor)


def store_cookie(
    cookie_id: int | None, f: CookieFields, now: datetime
) -> tuple[RegisterCookie, list[str]]:
    clash = RegisterCookie.get_or_none(RegisterCookie.key == f.key)
    if clash is not None and clash.id != cookie_id:
        raise ValidationError("key", f"Key {f.key!r} is taken by {clash.name}. Choose another.")
    provider = (
        RegisterProcessor.get_or_none(RegisterProcessor.key == f.provider) if f.provider else None
    )
    values = {
        "key": f.key,
        "name": f.name,
        "provider": provider.id if provider else None,
        "purpose": f.purpose,
        "category": f.category,
        "consent_required": f.consent_required,
        "service": f.service,
        "party": f.party,
        "duration": f.duration,
        "sources": f.sources,
    }
    if cookie_id is None:
        return RegisterCookie.create(**values, updated_at=to_db(now)), list(values)
    row = RegisterCookie.get_or_none(RegisterCookie.id == cookie_id)
    if row is None:
        raise ValidationError("key", f"Cookie #{cookie_id} no longer exists.")
    old = {k: getattr(row, k) for k in values if k != "provider"}
    old["provider"] = cast(Any, row).provider_id
    changed = _changed(old, values)
    for k in changed:
        setattr(row, k, values[k])
    if changed:
        row.updated_at = to_db(now)
        row.save()
    return row, changed


def save_cookie(cookie_id: int | None, values: dict[str, Any], *, now: datetime, actor: str) -> int:
    f = validate_cookie(values, known_providers=processor_keys())
    with write():
        row, changed = store_cookie(cookie_id, f, now)
        _log_saved("Cookie", f.key, new=cookie_id is None, changed=changed, now=now, actor=actor)
    return int(row.id)


def delete_cookie(cookie_id: int, *, now: datetime, actor: str) -> None:
    with write():
        row = RegisterCookie.get_or_none(RegisterCookie.id == cookie_id)
        if row is not None:
            _delete_entry(row, "cookie", now=now, actor=actor)


def store_controller(f: ControllerFields, *, only_missing: bool = False) -> list[str]:
    """Write the profile to settings inside the caller's transaction; returns changed fields."""
    current = controller_profile()
    changed = []
    for name in CONTROLLER_FIELDS:
        value = getattr(f, name)
        old = getattr(current, name)
        if only_missing and old:
            continue
        if old != value:
            Setting.replace(key=CONTROLLER_PREFIX + name, value=value).execute()
            changed.append(name)
    return changed


def save_controller(values: dict[str, Any], *, now: datetime, actor: str) -> None:
    """Validate and store the controller profile."""
    f = validate_controller(values)
    with write():
        changed = store_controller(f)
        if changed:
            log_event(
                None,
                EVENT_KIND,
                f"Controller profile changed: {', '.join(changed)}",
                now=now,
                actor=actor,
            )


def set_controller_email(email: str, *, now: datetime, actor: str) -> None:
    """Store the contact e-mail letters use (asked once when unknown)."""
    value = validate_email(email)
    with write():
        Setting.replace(key=CONTROLLER_PREFIX + "email", value=value).execute()
        log_event(None, EVENT_KIND, "Controller profile changed: email", now=now, actor=actor)


def mark_email_asked() -> None:
    """Remember that the user was asked for the contact e-mail, so ekko asks only once."""
    with write():
        Setting.replace(key=EMAIL_ASKED, value="1").execute()
