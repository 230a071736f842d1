"""ekko import of a real cp1252 file."""

from __future__ import annotations

from pathlib import Path

from ekko_tui.__main__ import main
from tests.unit.test_import_faults import HEADER, rows, stored


def test_real_cp1252_file_still_imports(tmp_path: Path, capsys) -> None:
    db = tmp_path / "e.db"
    good = tmp_path / "fiken.csv"
    good.write_bytes((HEADER + rows(3)).encode("cp1252"))
    assert main(["--db", str(db), "import", "newsletter", str(good)]) == 0
    assert "cp1252" in capsys.readouterr().out
    assert stored(db) == (3, 1)
