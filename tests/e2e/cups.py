"""A real CUPS print queue for the printing tests: a private `cupsd` with its own ServerRoot and
spool in a temporary folder, listening on a Unix socket there (reach it with CUPS_SERVER), and
one cups-pdf queue that writes every job as a PDF into a temporary folder.

cups-pdf's backend must run as root (it is installed mode 0700) and reads its settings only from
/etc/cups, so the queue gets a cups-pdf *instance* (`cups-pdf:/NAME`, settings in
/etc/cups/cups-pdf-NAME.conf, a unique name removed afterwards) that sends its output, spool and
log to the temporary folder. Nothing of the system CUPS is touched: its cupsd is not started,
its queues and settings stay as they are.

Where cupsd cannot start (not installed, not root): skipped here with the reason; in CI (env CI
set) a failure, since `.ci/run` installs cups, cups-client, cups-bsd and printer-driver-cups-pdf.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CUPSD = "/usr/sbin/cupsd"
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd")
BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
PACKAGES = "cups cups-client cups-bsd printer-driver-cups-pdf"


@dataclass(frozen=True)
class CupsQueue:
    """The private server (CUPS_SERVER) and its one cups-pdf queue."""

    server: str  # the socket path, for CUPS_SERVER
    queue: str
    out: Path  # where cups-pdf writes each printed job
    log: Path

    def env(self, base: dict[str, str]) -> dict[str, str]:
        return {**base, "CUPS_SERVER": self.server}

    def wait_for_pdfs(self, count: int, seconds: float = 90.0) -> list[Path]:
        """The printed PDFs once `count` are complete (cups-pdf writes, then chmods them)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            done = sorted(self.out.glob("*.pdf"))
            jobs = subprocess.run(
                ["lpstat", "-o", self.queue],
                env=self.env(dict(os.environ)),
                capture_output=True,
                text=True,
                check=False,
            )
            if len(done) >= count and not jobs.stdout.strip():
                return done
            time.sleep(0.3)
        logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in self.log.glob("*"))
        raise AssertionError(f"cups-pdf wrote {len(list(self.out.glob('*.pdf')))} PDF(s):\n{logs}")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: .ci/run installs {PACKAGES} and runs as root")
    pytest.skip(f"{reason} (apt-get install {PACKAGES}; CI installs them)")


def _check_installed() -> None:
    missing = [str(p) for p in (Path(CUPSD), PPD, BACKEND) if not p.exists()]
    missing += [tool for tool in ("lp", "lpadmin", "lpstat") if shutil.which(tool) is None]
    if missing:
        _unavailable(f"CUPS is not installed here (missing {', '.join(missing)})")
    if os.geteuid() != 0:
        _unavailable("the cups-pdf backend runs only under a cupsd started as root")


def _write_config(root: Path) -> None:
    (root / "etc" / "cupsd.conf").write_text(
        f"Listen {root}/cups.sock\n"
        "LogLevel warn\nWebInterface No\nBrowsing Off\nDefaultShared No\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
    )
    (root / "etc" / "cups-files.conf").write_text(
        f"ServerRoot {root}/etc\nRequestRoot {root}/spool\nCacheDir {root}/cache\n"
        f"StateDir {root}/state\nTempDir {root}/tmp\nAccessLog {root}/log/access_log\n"
        f"ErrorLog {root}/log/error_log\nPageLog {root}/log/page_log\n"
        "SystemGroup root\nSandboxing Relaxed\n"
    )
    for name in ("raw.convs", "raw.types"):  # the system's MIME rules, if it has them
        if Path("/etc/cups", name).exists():
            shutil.copy(Path("/etc/cups", name), root / "etc" / name)


def _wait_until_running(env: dict[str, str], log: Path, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        ready = subprocess.run(["lpstat", "-r"], env=env, capture_output=True, text=True)
        if "is running" in ready.stdout and "not" not in ready.stdout:
            return
        time.sleep(0.2)
    errors = log.read_text(errors="replace") if log.exists() else "(no error log)"
    _unavailable(f"the private cupsd did not start: {errors[-500:]}")


@pytest.fixture(scope="session")
def cups_queue() -> Iterator[CupsQueue]:
    """A private cupsd with one cups-pdf queue, for the whole session."""
    _check_installed()
    root = Path(tempfile.mkdtemp(prefix="ekko-cups-"))
    instance = f"ekkotest{uuid.uuid4().hex[:10]}"
    instance_conf = Path(f"/etc/cups/cups-pdf-{instance}.conf")
    proc: subprocess.Popen[bytes] | None = None
    try:
        # cupsd runs its filters as the `lp` user: the folders must be passable for it.
        root.chmod(0o755)
        for sub in ("etc", "spool", "cache", "state", "log"):
            (root / sub).mkdir(mode=0o755)
        for sub in ("tmp", "out", "pdfspool"):
            (root / sub).mkdir()
            (root / sub).chmod(0o1777)
        _write_config(root)
        instance_conf.write_text(
            f"Out {root}/out\nSpool {root}/pdfspool\nLog {root}/log\nGrp root\n"
            "Label 0\nTitlePref 1\n"
        )
        env = {**os.environ, "CUPS_SERVER": f"{root}/cups.sock"}
        proc = subprocess.Popen(
            [CUPSD, "-f", "-c", f"{root}/etc/cupsd.conf", "-s", f"{root}/etc/cups-files.conf"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_until_running(env, root / "log" / "error_log", proc)
        queue = "EkkoPDF"
        added = subprocess.run(
            ["lpadmin", "-p", queue, "-E", "-v", f"cups-pdf:/{instance}", "-P", str(PPD)],
            env=env,
            capture_output=True,
            text=True,
        )
        if added.returncode != 0:
            _unavailable(f"lpadmin could not add the cups-pdf queue: {added.stderr.strip()}")
        yield CupsQueue(f"{root}/cups.sock", queue, root / "out", root / "log")
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        instance_conf.unlink(missing_ok=True)
        shutil.rmtree(root, ignore_errors=True)
