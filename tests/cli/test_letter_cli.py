"""ekko letter: writing, printing through a fake lp, a copy of an archived letter."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ekko_tui.services import letter_archive as archive
from ekko_tui.store import letters as letters_store
from tests.store.test_letters_store import _request


def test_cli_letter(db_path: Path, tmp_path: Path, monkeypatch, now) -> None:
    from ekko_tui.__main__ import main
    from ekko_tui.store.db import close_db, open_db

    open_db(db_path)
    _request(now)
    close_db()
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    out = tmp_path / "svar.pdf"
    args = ["--db", str(db_path), "letter", "2026-001", "--out", str(out)]
    assert main(args + ["--text", "note=Hei <b>&"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(args + ["--print"]) == 1  # no lp: saved, archived, not printed
    assert main(["--db", str(db_path), "letter", "2099-001", "--out", str(out)]) == 2
    assert main(args + ["--kind", "refusal"]) == 2
    assert main(args[:-1] + [str(tmp_path / "svar.txt")]) == 2
    open_db(db_path)
    rows = letters_store.letters_for_request(1)
    assert len(rows) == 2 and rows[0].printed_at is None
    assert json.loads(json.dumps(rows[1].free_texts)) == {"note": "Hei <b>&"}
    close_db()


def test_cli_letter_print_with_fake_lp(db_path: Path, tmp_path: Path, monkeypatch, now) -> None:
    import stat

    from ekko_tui.__main__ import main
    from ekko_tui.store.db import close_db, open_db

    open_db(db_path)
    _request(now, types="erasure")
    letters_store.set_setting("printer", "Kontor", now=now, actor="t")
    close_db()
    folder = tmp_path / "bin"
    folder.mkdir()
    lp = folder / "lp"
    lp.write_text(
        '#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/args"\necho "request id is Kontor-5"\n'
    )
    lp.chmod(lp.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    out = tmp_path / "slett.pdf"
    code = main(["--db", str(db_path), "letter", "2026-001", "--out", str(out), "--print"])
    assert code == 0
    args = (folder / "args").read_text().splitlines()
    assert args[:2] == ["-d", "Kontor"] and args[-1] == str(out)
    open_db(db_path)
    row = letters_store.letters_for_request(1)[0]
    assert row.kind == "erasure"  # the request's type chose the kind
    assert row.printed_how == "Kontor, job Kontor-5"
    close_db()


def test_cli_copy_of_an_archived_letter(db_path: Path, tmp_path: Path, now, capsys) -> None:
    from ekko_tui.__main__ import main
    from ekko_tui.store.db import close_db, open_db

    open_db(db_path)
    _request(now)
    made = archive.generate(_request(now), "access", {}, now=now, actor="t")
    close_db()
    base = ["--db", str(db_path), "letter", "2026-002", "--out"]
    out = tmp_path / "kopi.pdf"
    assert main([*base, str(out), "--copy", str(made.row.id)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == made.row.sha256
    assert out.stat().st_mode & 0o777 == 0o600
    assert main([*base, str(out), "--copy", str(made.row.id)]) == 2  # exists: not overwritten
    other = tmp_path / "other.pdf"
    assert (
        main(["--db", str(db_path), "letter", "2026-001", "--out", str(other), "--copy", "1"]) == 2
    )
    assert main([*base, str(other), "--copy", "1", "--print"]) == 2
    assert not other.exists()
