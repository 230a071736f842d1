"""The real `ekko` prints through a real CUPS queue (a private cupsd with a cups-pdf queue):
the printed PDF holds the letter's text and pages. cups-pdf re-renders what it gets, so the
text and page count are compared, not the bytes. The fake `lp` tests (tests/letters/
test_printing.py) keep the failure paths that a real queue cannot stage."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

from tests.e2e.conftest import ekko_command
from tests.e2e.cups import CupsQueue, cups_queue  # noqa: F401 (the session fixture)
from tests.tools import require_tool


def _ekko(queue: CupsQueue, db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ekko_command(), "--db", str(db), *argv],
        env=queue.env(dict(os.environ)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _pdftotext(path: Path) -> str:
    return subprocess.run(
        [require_tool("pdftotext", "poppler-utils"), "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_a_letter_printed_through_cups_pdf(cups_queue: CupsQueue, tmp_path: Path) -> None:  # noqa: F811
    db = tmp_path / "ekko.db"
    added = _ekko(
        cups_queue,
        db,
        "request",
        "add",
        "--type",
        "access",
        "--channel",
        "letter",
        "--from",
        "Čáhcegeaidnu 12, 9730 Kárášjohka",
        "--name",
        "Máret Ŋuvttoš-Ødegård",
        "--received",
        "2026-11-24 14:05",
    )
    assert added.returncode == 0, added.stderr
    before = set(cups_queue.out.glob("*.pdf"))
    out = tmp_path / "svar.pdf"
    note = "note=" + " ".join(f"Avsnitt {n} om behandlingen." for n in range(400))
    printed = _ekko(
        cups_queue, db, "letter", "2026-001", "--out", str(out), "--text", note, "--print",
        "--printer", "EkkoPDF",
    )  # fmt: skip
    assert printed.returncode == 0, printed.stderr
    pages = int(re.search(r"\t(\d+) page\(s\)", printed.stdout).group(1))  # type: ignore[union-attr]
    assert re.search(r"^printed\tEkkoPDF\tjob EkkoPDF-\d+$", printed.stdout, re.M)
    new = [p for p in cups_queue.wait_for_pdfs(len(before) + 1) if p not in before]
    assert len(new) == 1
    job = new[0]
    assert len(PdfReader(job).pages) == pages == len(PdfReader(out).pages) >= 2
    text = _pdftotext(job)
    original = _pdftotext(out)
    for fact in ("2026-001", "917 884 757", f"Side {pages} av {pages}", "9730 K"):
        assert fact in original and fact in text, fact
    # cups-pdf re-renders through Ghostscript, which keeps the glyphs but drops the text
    # mapping of letters outside ASCII (æøå, Sámi): the ASCII words come out in order, and
    # every page looks the same as the letter ekko made (grey levels, 50 dpi).
    assert _subsequence(_ascii_words(original), text.split())
    for page in range(1, pages + 1):
        made, came = _page_image(out, page, tmp_path), _page_image(job, page, tmp_path)
        # Within 2 grey levels (blurred, so anti-aliasing does not count), and far closer
        # to the letter than an empty page is.
        assert _difference(made, came) < min(2.0, _difference(made, None) / 2)


def _ascii_words(text: str) -> list[str]:
    return [w for w in text.split() if w.isascii() and w != "·"]


def _subsequence(words: list[str], within: list[str]) -> bool:
    rest = iter(within)
    return all(any(w == x for x in rest) for w in words)


def _page_image(pdf: Path, page: int, folder: Path) -> Path:
    prefix = folder / f"{pdf.stem}-{page}"
    subprocess.run(
        ["pdftoppm", "-r", "50", "-gray", "-f", str(page), "-l", str(page), "-png", "-singlefile"]
        + [str(pdf), str(prefix)],
        check=True,
    )
    return prefix.with_suffix(".png")


def _difference(a: Path, b: Path | None) -> float:
    """The mean grey-level difference of two page images, blurred by 2 px (0 = identical,
    255 = inverse); `b` None compares with an empty white page."""
    from PIL import Image, ImageChops, ImageFilter, ImageStat

    def grey(path: Path) -> Image.Image:
        with Image.open(path) as image:
            return image.convert("L").filter(ImageFilter.GaussianBlur(2))

    first = grey(a)
    second = grey(b) if b is not None else Image.new("L", first.size, 255)
    assert first.size == second.size
    return float(ImageStat.Stat(ImageChops.difference(first, second)).mean[0])


def test_an_unknown_queue_is_refused_and_the_letter_kept(
    cups_queue: CupsQueue,  # noqa: F811
    tmp_path: Path,
) -> None:
    db = tmp_path / "ekko.db"
    argv = ("request", "add", "--type", "erasure", "--channel", "phone", "--name", "Per")
    assert _ekko(cups_queue, db, *argv, "--received", "2026-11-24 10:00").returncode == 0
    before = set(cups_queue.out.glob("*.pdf"))
    out = tmp_path / "slett.pdf"
    result = _ekko(
        cups_queue, db, "letter", "2026-001", "--out", str(out), "--print", "--printer", "Nope"
    )
    assert result.returncode == 1
    assert "not printed" in result.stderr and "Traceback" not in result.stderr
    assert out.read_bytes().startswith(b"%PDF")  # saved and archived all the same
    assert set(cups_queue.out.glob("*.pdf")) == before
