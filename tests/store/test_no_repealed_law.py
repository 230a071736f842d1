"""Every document ekko writes from the shipped registers (the privacy notice in each language
and format, every letter kind, the Art. 30 record) cites the law in force, never the repealed
personopplysningsloven of 2000 (§§ 18, 27, 28), ekomloven 2003 § 2-7 b, or "30 dager"."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from ekko_tui.domain.letters import LETTER_KINDS
from ekko_tui.letters.builder import build_letter
from ekko_tui.letters.context import context_for_request
from ekko_tui.letters.notice_pdf import notice_bytes
from ekko_tui.letters.render import render_bytes
from ekko_tui.letters.ropa import render_ropa_pdf, ropa_csv_text
from ekko_tui.store import notices, registers
from ekko_tui.store.register_seed import seed_registers
from tests.conftest import add_request
from tests.notice_helpers import complete_registers

TODAY = date(2026, 11, 25)
REPEALED = [
    re.compile(r"personopplysningslov\w*\s*(§+|paragraf)\s*(18|27|28)\b", re.I),
    re.compile(r"(§|paragraf)\s*(18|27|28)\b(?!\s*(nr|bokstav|\())", re.I),
    re.compile(r"LOV-2000-04-14-31", re.I),  # the 2000 act's identifier
    re.compile(r"2\s*-\s*7\s*b", re.I),  # ekomloven 2003 § 2-7 b
    re.compile(r"30\s+dager", re.I),
    re.compile(r"30\s+days", re.I),
]
FREE = {"reasons": "x", "question": "x", "granted": "x", "changes": "x", "details": "x"}


def offending(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [m.group(0) for rx in REPEALED for m in rx.finditer(flat)]


def pdf_text(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def test_the_scanner_catches_the_2019_notice() -> None:
    old = (
        "I henhold til personopplysningsloven § 18 har man krav på innsyn ... "
        "personopplysningslovens § 27 ... Lov om elektronisk kommunikasjon - § 2-7 b. "
        "Svar innen 30 dager."
    )
    assert offending(old) == [
        "personopplysningsloven § 18",
        "personopplysningslovens § 27",
        "§ 18",
        "§ 27",
        "2-7 b",
        "30 dager",
    ]
    assert offending("artikkel 12 nr. 3 … bokføringsloven § 13 … artikkel 6 nr. 1") == []


@pytest.mark.parametrize("complete", [False, True])
def test_notice_in_every_language_and_format(db, now, complete) -> None:
    seed_registers(now, "test")
    if complete:
        complete_registers(now)
    controller = registers.controller_profile()
    for lang in ("nb", "en"):
        notice = notices.current_notice(TODAY, lang)
        assert notice.complete is complete
        for suffix in (".html", ".md"):
            assert offending(notice_bytes(notice, suffix, controller=controller).decode()) == []
        assert offending(pdf_text(notice_bytes(notice, ".pdf", controller=controller))) == []


def test_every_letter_kind_and_the_art_30_record(db, now) -> None:
    seed_registers(now, "test")
    rid = add_request(now, types="access,erasure", contact="ase@example.no")
    ctx = context_for_request(rid, TODAY)
    for kind in LETTER_KINDS:
        letter = build_letter(kind, ctx, TODAY, FREE)
        assert offending(pdf_text(render_bytes(letter))) == [], kind
    ropa = registers.ropa_data(TODAY)
    buf = io.BytesIO()
    render_ropa_pdf(ropa, buf)
    assert offending(pdf_text(buf.getvalue())) == []
    assert offending(ropa_csv_text(ropa)) == []
