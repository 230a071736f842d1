"""`ekko processors` and `ekko ropa` on a fresh database."""

from __future__ import annotations

import json

from ekko_tui.__main__ import main


def test_processors_json_lists_warnings(db_path, capsys) -> None:
    assert main(["--db", str(db_path), "processors", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    zoom = next(p for p in out if p["key"] == "zoom")
    assert zoom["country"] == "US" and zoom["dpa_status"] == "unknown"
    assert {w["kind"] for w in zoom["warnings"]} == {"dpa", "transfer", "review"}


def test_processors_text_ends_with_a_summary(db_path, capsys) -> None:
    assert main(["--db", str(db_path), "processors"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("kajabi\tKajabi LLC\tProcessor\tUS") for line in lines)
    assert lines[-1].startswith("10 entries: 7 no signed DPA")


def test_ropa_export_and_bad_target(db_path, tmp_path, capsys) -> None:
    out = tmp_path / "ropa.csv"
    assert main(["--db", str(db_path), "ropa", "--out", str(out)]) == 0
    assert out.exists()
    captured = capsys.readouterr()
    assert "8 activities" in captured.out
    assert "contact e-mail is not recorded" in captured.err
    assert main(["--db", str(db_path), "ropa", "--out", str(tmp_path / "r.txt")]) == 2
    assert "must end in .pdf or .csv" in capsys.readouterr().err
    assert main(["--db", str(db_path), "ropa", "--out", str(tmp_path / "no/r.pdf")]) == 2
