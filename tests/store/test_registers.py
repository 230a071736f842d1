"""The registers in the database: first-run load, edits that survive, offered (never forced)
shipped updates, the event log, and the read API other parts of ekko use."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from playhouse.test_utils import count_queries

from ekko_tui import paths
from ekko_tui.domain.requests import ValidationError
from ekko_tui.store import register_seed as seed
from ekko_tui.store import register_writes as writes
from ekko_tui.store import registers as store
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Event
from ekko_tui.store.register_models import RegisterActivity, RegisterCookie, RegisterProcessor

TODAY = date(2026, 11, 25)


@pytest.fixture
def seeded(db, now):
    assert seed.seed_registers(now, "lars") is True
    return db


def processor_form(p: store.ProcessorRow, **changes: object) -> dict[str, object]:
    values = {
        k: (v.isoformat() if isinstance(v, date) else v) for k, v in p.fields.__dict__.items()
    }
    values.update(changes)
    return values


def by_key(key: str) -> store.ProcessorRow:
    return next(p for p in store.processors(TODAY) if p.key == key)


def register_events() -> list[str]:
    return [e.detail for e in Event.select().where(Event.kind == "register").order_by(Event.id)]


def copy_of_shipped_data(tmp_path: Path) -> Path:
    folder = tmp_path / "release2"
    shutil.copytree(paths.data_dir(), folder)
    return folder


def test_shipped_data_is_valid_and_linked() -> None:
    shipped = seed.load_shipped()
    processors = shipped.of_kind("processor")
    keys = {e.key for e in processors}
    assert {"domeneshop", "zoom", "kajabi", "fiken", "stripe", "meta", "google"} <= keys
    assert {"accounting", "advisers", "authorities"} <= keys
    for e in processors:
        assert e.fields.system  # type: ignore[union-attr]
    activities = {e.key for e in shipped.of_kind("activity")}
    assert activities == {
        "customer_communication",
        "orders_delivery",
        "complaints",
        "bookkeeping",
        "newsletter",
        "surveys",
        "website_login",
        "analytics_marketing_cookies",
    }
    assert len(shipped.of_kind("cookie")) == 9
    assert shipped.controller["org_nr"] == "917884757"


def test_first_run_loads_everything_once(seeded, now) -> None:
    shipped = seed.load_shipped()
    assert RegisterProcessor.select().count() == len(shipped.of_kind("processor"))
    assert RegisterActivity.select().count() == len(shipped.of_kind("activity"))
    assert RegisterCookie.select().count() == len(shipped.of_kind("cookie"))
    profile = store.controller_profile()
    assert (profile.name, profile.org_nr, profile.city, profile.email) == (
        "EKKO AS",
        "917884757",
        "Moss",
        "",
    )
    assert seed.seed_registers(now, "lars") is False  # idempotent
    assert RegisterProcessor.select().count() == len(shipped.of_kind("processor"))
    assert register_events() == [
        "Registers loaded from shipped data: 10 processors, 8 activities, 9 cookies"
    ]
    assert seed.pending_offers() == ()


def test_unverified_facts_start_as_unknown_with_a_warning(seeded) -> None:
    zoom = by_key("zoom")
    assert (zoom.dpa_status, zoom.safeguard, zoom.country) == ("unknown", "unknown", "US")
    assert {w.kind for w in zoom.warnings} == {"dpa", "transfer", "review"}


def test_edit_survives_a_rerun(seeded, db_path, now) -> None:
    kajabi = by_key("kajabi")
    writes.save_processor(
        kajabi.id,
        processor_form(
            kajabi, dpa_status="signed", dpa_date="2021-09-27", next_review="2027-09-01"
        ),
        now=now,
        actor="lars",
    )
    close_db()
    open_db(db_path)
    assert seed.seed_registers(now, "lars") is False
    kajabi = by_key("kajabi")
    assert (kajabi.dpa_status, kajabi.dpa_date) == ("signed", date(2021, 9, 27))
    assert kajabi.warnings == ()
    assert seed.pending_offers() == ()
    assert register_events()[-1] == (
        "Processor kajabi changed: dpa_status unknown → signed, "
        "dpa_date — → 2021-09-27, next_review — → 2027-09-01"
    )


def test_new_shipped_entry_is_offered_not_forced(seeded, tmp_path, now) -> None:
    kajabi = by_key("kajabi")
    writes.save_processor(
        kajabi.id, processor_form(kajabi, service="My own words"), now=now, actor="lars"
    )
    folder = copy_of_shipped_data(tmp_path)
    text = (folder / "processors.toml").read_text(encoding="utf-8")
    text = text.replace(
        'service = "Kursplattform, nettsider, medlemsinnlogging, e-post til kontakter"',
        'service = "Course platform (release 2 wording)"',
    )
    text += (
        '\n[[processor]]\nkey = "postnord"\nname = "Example Post AS"\nrole = "processor"\n'
        'country = "NO"\ndpa_status = "unknown"\nsafeguard = "eea"\n'
    )
    (folder / "processors.toml").write_text(text, encoding="utf-8")
    release2 = seed.load_shipped(folder)

    offers = {o.key: o for o in seed.pending_offers(release2)}
    assert set(offers) == {"kajabi", "postnord"}
    assert offers["postnord"].change == "new"
    assert offers["kajabi"].change == "changed"
    assert offers["kajabi"].differences == ("service",)
    assert offers["kajabi"].label == (
        "Processor updated: Kajabi LLC — service (replaces the stored entry)"
    )
    # Offered only: nothing changed yet.
    assert RegisterProcessor.get_or_none(RegisterProcessor.key == "postnord") is None
    assert by_key("kajabi").service == "My own words"

    seed.accept_offer(offers["postnord"], now=now, actor="lars")
    seed.decline_offer(offers["kajabi"], now=now, actor="lars")
    assert by_key("postnord").name == "Example Post AS"
    assert by_key("kajabi").service == "My own words"  # the user's edit is kept
    assert seed.pending_offers(release2) == ()  # decided: not offered again
    assert register_events()[-2:] == [
        "Shipped processor new accepted: postnord",
        "Shipped processor changed declined: kajabi",
    ]


def test_deleted_shipped_entry_is_not_offered_again(seeded, now) -> None:
    cookie = next(c for c in store.cookies() if c.key == "google_ads")
    writes.delete_cookie(cookie.id, now=now, actor="lars")
    assert seed.pending_offers() == ()


def test_processor_in_use_cannot_be_deleted(seeded, now) -> None:
    with pytest.raises(ValidationError, match="Remove it from those activities first"):
        writes.delete_processor(by_key("fiken").id, now=now, actor="lars")


def test_invalid_edit_stores_nothing(seeded, now) -> None:
    fiken = by_key("fiken")
    before = len(register_events())
    with pytest.raises(ValidationError):
        writes.save_processor(
            fiken.id, processor_form(fiken, org_nr="917884758"), now=now, actor="x"
        )
    with pytest.raises(ValidationError, match="taken by"):
        writes.save_processor(fiken.id, processor_form(fiken, key="kajabi"), now=now, actor="x")
    assert by_key("fiken").org_nr == ""
    assert len(register_events()) == before


def test_activity_edit_changes_recipients(seeded, now) -> None:
    act = next(a for a in store.activities(TODAY) if a.key == "newsletter")
    values = {k: getattr(act, k) for k in act.__dataclass_fields__}
    values["lawful_basis"] = ",".join(act.lawful_basis)
    values["recipients"] = ["kajabi", "domeneshop"]
    writes.save_activity(act.id, values, now=now, actor="lars")
    act = next(a for a in store.activities(TODAY) if a.key == "newsletter")
    assert [r.key for r in act.recipient_rows] == ["kajabi", "domeneshop"]
    assert register_events()[-1] == "Activity newsletter changed: recipients"


def test_reads_do_not_grow_with_rows(seeded) -> None:
    with count_queries() as counter:
        store.activities(TODAY)
    assert counter.count <= 3
    with count_queries() as counter:
        store.cookies()
    assert counter.count <= 2


def test_read_api_for_other_helpers(seeded, now) -> None:
    stripe = [p.name for p in store.processor_by_system("stripe", TODAY)]
    assert stripe == ["Stripe Payments Europe, Limited"]
    assert len(store.reviews_due(TODAY)) == 10  # no review dates shipped
    writes.mark_reviewed(by_key("stripe").id, now=now, actor="lars")
    assert by_key("stripe").next_review == date(2027, 11, 25)
    assert "stripe" not in {p.key for p in store.reviews_due(TODAY)}
    assert "stripe" in {p.key for p in store.reviews_due(TODAY, within_days=366)}


def test_controller_email_is_validated_and_logged(seeded, now) -> None:
    with pytest.raises(ValidationError):
        writes.set_controller_email("lars@@ipogs.no", now=now, actor="lars")
    writes.set_controller_email(" lars@ipogs.no ", now=now, actor="lars")
    assert store.controller_profile().email == "lars@ipogs.no"
    assert register_events()[-1] == "Controller profile changed: email"


def test_shipped_change_already_made_by_the_user_is_not_offered(seeded, tmp_path, now) -> None:
    folder = copy_of_shipped_data(tmp_path)
    path = folder / "processors.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'service = "Kortbetaling (i kassen)"', 'service = "Card payments"'
        ),
        encoding="utf-8",
    )
    release2 = seed.load_shipped(folder)
    assert [o.key for o in seed.pending_offers(release2)] == ["stripe"]
    stripe = by_key("stripe")
    writes.save_processor(
        stripe.id, processor_form(stripe, service="Card payments"), now=now, actor="x"
    )
    assert seed.pending_offers(release2) == ()


def test_entry_history_keeps_kinds_and_keys_apart(seeded, now) -> None:
    stripe = by_key("stripe")
    writes.mark_reviewed(stripe.id, now=now, actor="lars")
    cookie = next(c for c in store.cookies() if c.key == "stripe")
    writes.delete_cookie(cookie.id, now=now, actor="lars")
    assert [h.detail for h in store.entry_history("processor", "stripe")] == [
        "Processor stripe reviewed on 2026-11-25; next review 2027-11-25"
    ]
    assert [h.detail for h in store.entry_history("cookie", "stripe")] == ["Cookie deleted: stripe"]
    assert store.entry_history("processor", "strip") == ()


def test_accept_all_refuses_an_activity_whose_recipient_was_not_ticked(
    seeded, tmp_path, now
) -> None:
    folder = copy_of_shipped_data(tmp_path)
    with (folder / "processors.toml").open("a", encoding="utf-8") as fh:
        fh.write(
            '\n[[processor]]\nkey = "mailer"\nname = "Example Mail AS"\nrole = "processor"\n'
            'country = "NO"\ndpa_status = "unknown"\nsafeguard = "eea"\n'
        )
    with (folder / "activities.toml").open("a", encoding="utf-8") as fh:
        fh.write(
            '\n[[activity]]\nkey = "mailings"\nname = "Mailings"\npurpose = "Send mail"\n'
            'lawful_basis = "a"\ndata_categories = "E-mail"\nsubject_categories = "Subscribers"\n'
            'recipients = "mailer"\n'
        )
    offers = {o.key: o for o in seed.pending_offers(seed.load_shipped(folder))}
    with pytest.raises(ValidationError, match="Mailings needs mailer"):
        seed.accept_all((offers["mailings"],), now=now, actor="lars")
    assert RegisterActivity.get_or_none(RegisterActivity.key == "mailings") is None
    assert seed.accept_all((offers["mailings"], offers["mailer"]), now=now, actor="lars") == 2
    act = next(a for a in store.activities(TODAY) if a.key == "mailings")
    assert [r.key for r in act.recipient_rows] == ["mailer"]
