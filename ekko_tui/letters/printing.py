"""Printing through CUPS: `lp` to print, `lpstat` to list printers. No ReportLab here."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

TIMEOUT_SECONDS = 30


class PrintError(Exception):
    """The letter was not printed; the message says why and where the PDF is."""


@dataclass(frozen=True)
class Printers:
    names: tuple[str, ...]
    default: str | None


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
    )


def list_printers() -> Printers:
    """The CUPS destinations and the default one; PrintError when CUPS is missing."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        raise PrintError(
            "No `lpstat` command: CUPS is not installed here, so no printer can be listed."
        )
    try:
        names = _run([lpstat, "-e"])
        default = _run([lpstat, "-d"])
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintError(f"`lpstat` did not answer: {exc}.") from exc
    found = tuple(line.split()[0] for line in names.stdout.splitlines() if line.strip())
    match = re.search(r"system default destination:\s*(\S+)", default.stdout)
    return Printers(found, match.group(1) if match else None)


def print_pdf(
    path: Path,
    printer: str | None,
    *,
    title: str = "",
    copies: int = 1,
    saved: str | None = None,
) -> str:
    """Send a PDF to `printer` (or the CUPS default) with `lp`; return the job id. `saved`
    tells the user where the letter is kept when printing fails (default: at `path`)."""
    saved = saved or f"The letter is saved at {path}."
    lp = shutil.which("lp")
    if lp is None:
        raise PrintError(f"No `lp` command: CUPS is not installed, nothing was printed. {saved}")
    if not path.is_file():
        raise PrintError(f"There is no PDF at {path} to print.")
    args = [lp]
    if printer:
        args += ["-d", printer]
    if title:
        args += ["-t", title]
    args += ["-n", str(copies), "-o", "media=A4", "--", str(path)]
    try:
        result = _run(args)
    except subprocess.TimeoutExpired as exc:
        raise PrintError(f"`lp` did not answer in {TIMEOUT_SECONDS} s. {saved}") from exc
    except OSError as exc:
        raise PrintError(f"`lp` could not be started: {exc}. {saved}") from exc
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip() or f"exit code {result.returncode}"
        if "no default destination" in reason.lower():
            reason = "no printer chosen and CUPS has no default printer"
        raise PrintError(f"The print job was refused ({reason}). {saved}")
    match = re.search(r"request id is (\S+)", result.stdout)
    return match.group(1) if match else result.stdout.strip()
