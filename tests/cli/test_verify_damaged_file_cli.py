"""ekko verify on a damaged database file: one message, no traceback."""

from __future__ import annotations

from ekko_tui.__main__ import main
from ekko_tui.store.db import close_db, open_db
from tests.conftest import add_request, raw_connect
from tests.store.test_audit_evidence import trail  # noqa: F401, F811 (fixture)


def test_a_damaged_file_is_reported_without_a_traceback(
    trail,  # noqa: F811 (the fixture imported above)
    now,
    capsys,
    monkeypatch,
) -> None:
    plain = trail.with_name("plain.db")
    open_db(plain, encrypt=False)  # a plain file, so single pages can be hit
    for i in range(40):
        add_request(now, name=f"N{i}" * 50)
    close_db()
    con = raw_connect(plain)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(plain.read_bytes())
    page = 4096
    last = len(data) - page  # a data page of the request table; the schema stays readable
    for offset in range(last + 8, last + 3000):
        data[offset] = 0xA5
    plain.write_bytes(bytes(data))
    capsys.readouterr()
    monkeypatch.setenv("EKKO_ENCRYPTION", "off")  # the command opens it as the plain file it is
    code = main(["--db", str(plain), "verify"])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.out + captured.err
    assert "the database file is damaged (integrity check" in captured.out
