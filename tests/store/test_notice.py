"""The privacy notice from the shipped registers: content, the gap check on the command line,
published versions, `--diff`, the agenda reminder and migration 0011 on an older database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ekko_tui.domain.notice import Facts, Table
from ekko_tui.store import notices, registers
from ekko_tui.store.db import applied_migrations, close_db, db, open_db
from ekko_tui.store.register_seed import seed_registers

TODAY = date(2026, 11, 25)


def seeded(db_path: Path, now) -> None:
    open_db(db_path)
    seed_registers(now, "test")


def test_shipped_registers_give_every_element_and_the_cookie_table(db, now) -> None:
    seed_registers(now, "test")
    n = notices.current_notice(TODAY)
    facts = {b.title: dict(b.rows) for b in n.sections[1].blocks if isinstance(b, Facts)}
    assert set(facts) == {a.name for a in registers.activities(TODAY)}
    assert "bokstav a" in facts["Nyhetsbrev og markedsføring på e-post"]["Behandlingsgrunnlag"]
    assert "bokføringsloven § 13" in dict(n.sections[4].blocks[1].rows)["Bokføring"]
    recipients = {row[0]: row for row in n.sections[2].blocks[1].rows}
    assert recipients["Kajabi LLC"][1:] == ("Databehandler", recipients["Kajabi LLC"][2], "USA")
    cookie_table = n.sections[7].blocks[2]
    assert isinstance(cookie_table, Table)
    by_name = {row[0]: row for row in cookie_table.rows}
    assert len(cookie_table.rows) == 9
    assert by_name["_ga"][1:] == (
        "Google Analytics — Google Ireland Limited",
        "Førstepart",
        "Besøksstatistikk: skille besøkende fra hverandre",
        "2 år",
        "Statistikk",
    )
    assert by_name["__stripe_sid"][5] == "Strengt nødvendig"
    # What the providers' documents do not say is marked, never filled in.
    assert by_name["_fbp"][4] == "⚠ MANGLER: varighet"
    gaps = [g.message for g in n.gaps]
    assert "Controller: no contact e-mail (Art. 13(1)(a)). Set it in ekko: key 4, then c." in gaps
    assert sum("duration unknown" in g for g in gaps) == 7
    assert any(g.startswith("Recipient 'Zoom Video Communications, Inc.' (US)") for g in gaps)


def test_migration_0011_keeps_cookies_of_an_older_database(tmp_path: Path, now) -> None:
    path = tmp_path / "old.db"
    open_db(path, upto="0006_erasure")
    db.execute_sql(
        "INSERT INTO register_cookie (key, name, provider_id, purpose, category, "
        "consent_required, updated_at) VALUES ('ga', 'Google Analytics', NULL, 'Statistikk', "
        "'statistics', 1, '2026-01-01 10:00:00')"
    )
    close_db()
    open_db(path)
    try:
        assert "0011_notice" in applied_migrations()
        (c,) = registers.cookies()
        assert (c.name, c.party, c.duration, c.service) == (
            "Google Analytics",
            "unknown",
            "unknown",
            "",
        )
        assert notices.last_publication() is None
    finally:
        close_db()


def replace_gaps(notice):
    from dataclasses import replace

    from ekko_tui.domain.notice import Gap

    return replace(notice, gaps=(Gap("controller", "x", "missing"),))
