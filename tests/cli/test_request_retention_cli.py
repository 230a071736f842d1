"""`ekko agenda` lists closed requests past retention; `ekko erase --expired` erases their
personal data (with the kept documents) and says how many."""

from __future__ import annotations

import json

from ekko_tui.__main__ import main
from ekko_tui.store.db import close_db, open_db
from ekko_tui.store.models import Request
from tests.store.test_request_retention import scenario


def _groups(capsys) -> dict:
    return {g["key"]: g for g in json.loads(capsys.readouterr().out)["groups"]}


def test_agenda_and_erase_expired(db_path, now, monkeypatch, capsys, tmp_path) -> None:
    open_db(db_path)
    try:
        ids = scenario(now, tmp_path)
        refs = {k: Request.get_by_id(v).ref for k, v in ids.items() if k != "subject"}
    finally:
        close_db()
    ekko = ["--db", str(db_path)]
    monkeypatch.setenv("EKKO_NOW", "2029-12-31T12:00:00+01:00")
    assert main([*ekko, "agenda", "--json"]) == 0
    assert _groups(capsys)["request_retention"]["items"] == []
    assert main([*ekko, "erase", "--expired"]) == 0
    capsys.readouterr()

    monkeypatch.setenv("EKKO_NOW", "2030-01-04T09:00:00+01:00")
    assert main([*ekko, "agenda", "--json"]) == 0
    items = _groups(capsys)["request_retention"]["items"]
    assert [(i["ref"], i["date"], i["source"]) for i in items] == [
        (refs["old"], "2029-12-31", "request_retention")
    ]
    assert "Bjørn" not in json.dumps(items, ensure_ascii=False)
    assert main([*ekko, "agenda"]) == 0
    text = capsys.readouterr().out
    assert "Requests past retention (1)" in text and refs["old"] in text
    assert "4 days late" in text

    assert main([*ekko, "erase", "--expired"]) == 0
    out = capsys.readouterr().out
    assert refs["old"] in out and refs["new_year"] not in out and refs["open"] not in out
    assert "1 closed request(s)" in out
    assert main([*ekko, "erase", "--expired"]) == 0
    assert refs["old"] not in capsys.readouterr().out  # nothing left to erase
    assert main([*ekko, "agenda", "--json"]) == 0
    assert _groups(capsys)["request_retention"]["items"] == []
    open_db(db_path)
    try:
        assert Request.get_by_id(ids["old"]).requester_name == ""
        assert Request.get_by_id(ids["new_year"]).requester_name == "Bjørn Håland"
        assert Request.get_by_id(ids["open"]).requester_name == "Bjørn Håland"
    finally:
        close_db()


def test_two_processes_sweep_once(db_path, now, monkeypatch, tmp_path) -> None:
    """Two `ekko erase --expired` at once: each request is erased once, one event each, the
    chain holds, and neither process shows a traceback."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from ekko_tui.store import audit
    from ekko_tui.store.models import Event
    from ekko_tui.store.settings import StoreSettings

    key = "0123456789abcdef" * 4
    open_db(db_path, settings=StoreSettings(db_key=key))  # what EKKO_DB_KEY gives the children
    try:
        ids = scenario(now, tmp_path)
    finally:
        close_db()
    root = Path(__file__).resolve().parents[2]
    env = dict(
        os.environ, EKKO_DB_KEY=key, EKKO_NOW="2031-01-04T09:00:00+01:00", PYTHONPATH=str(root)
    )
    command = [sys.executable, "-m", "ekko_tui", "--db", str(db_path), "erase", "--expired"]
    procs = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
    for code, out, err in results:
        assert "Traceback" not in err and "Traceback" not in out
        assert code == 0 or err.strip()  # a refusal says why
    assert any(code == 0 for code, _, _ in results)
    open_db(db_path, settings=StoreSettings(db_key=key))
    try:
        events = Event.select().where(Event.kind == "retention_erased")
        assert sorted(e.request_id for e in events) == sorted([ids["old"], ids["new_year"]])
        assert audit.verify_chain().ok
        assert Request.get_by_id(ids["open"]).requester_name == "Bjørn Håland"
        assert {Request.get_by_id(ids[k]).requester_name for k in ("old", "new_year")} == {""}
    finally:
        close_db()
