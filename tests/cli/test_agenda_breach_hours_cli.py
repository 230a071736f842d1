"""ekko agenda shows a breach's notify-by hours."""

from __future__ import annotations

import json
from pathlib import Path

from ekko_tui.__main__ import main


def test_cli_agenda_shows_breach_hours(capsys, db_path: Path, now) -> None:
    assert (
        main(
            [
                "--db",
                str(db_path),
                "breach",
                "add",
                "--aware",
                "2026-11-24 16:30",
                "--summary",
                "Wrong e-mail",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["--db", str(db_path), "agenda"]) == 0
    text = capsys.readouterr().out
    assert "1 breach notice(s) due (B-2026-01: 54 h left)" in text.splitlines()[1]
    assert "Breach notices due (72 hours) (1)" in text
    assert main(["--db", str(db_path), "agenda", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (item,) = data["groups"][0]["items"]
    assert (item["ref"], item["hours_left"], item["left"]) == ("B-2026-01", 54.5, "54 h")
