"""A real IMAP server for the mailbox tests: dovecot on 127.0.0.1, a free port, a temporary
config, one passwd-file user and a Maildir in tmp_path; stopped after the test.

Plaintext login is allowed (loopback only, `ssl = no`). As root, dovecot refuses to run its
login process or to open mail as root, so the Maildir belongs to `nobody`, and everything lives
in a temporary folder of its own (removed afterwards) that those processes can pass through.
Missing dovecot: skipped here, a failure in CI (`.ci/run` installs dovecot-imapd).
"""

from __future__ import annotations

import contextlib
import grp
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.tools import require_tool

USER = "post@ipogs.no"
PASSWORD = "hemmelig-ørret"


def dovecot_binary() -> str:
    return require_tool("dovecot", "dovecot-imapd", also=("/usr/sbin/dovecot",))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Dovecot:
    host: str
    port: int
    user: str
    password: str
    maildir: Path
    uid: int
    gid: int
    tls_port: int = 0  # the implicit-TLS (imaps) port, when started with TLS
    cert: Path | None = None  # the self-signed certificate (for 127.0.0.1) it presents

    def drop(self, raw: bytes, name: str | None = None) -> Path:
        """Deliver `raw` as a new message (written in tmp/, renamed into new/, as MDAs do)."""
        name = name or f"{time.time_ns()}.{uuid.uuid4().hex[:8]}.ekko-test"
        tmp = self.maildir / "tmp" / name
        tmp.write_bytes(raw)
        if os.geteuid() == 0:
            os.chown(tmp, self.uid, self.gid)
        target = self.maildir / "new" / name
        tmp.rename(target)
        return target

    def messages(self, folder: str = "INBOX") -> list[bytes]:
        """The messages in a folder as stored on disk (`ekko.importert` for a subfolder)."""
        base = self.maildir if folder == "INBOX" else self.maildir / f".{folder}"
        files = [p for sub in ("new", "cur") for p in sorted((base / sub).glob("*"))]
        return [p.read_bytes() for p in files if p.is_file()]

    def folders(self) -> list[str]:
        return sorted(p.name[1:] for p in self.maildir.glob(".*") if p.is_dir())


def _config(root: Path, port: int, uid: int, gid: int, tls_port: int = 0) -> str:
    if os.geteuid() == 0:
        internal, login = "dovecot", "dovenull"
        internal_group = "dovecot"
    else:
        internal = login = pwd.getpwuid(os.geteuid()).pw_name
        internal_group = grp.getgrgid(os.getegid()).gr_name
    return f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
{_ssl(root, tls_port)}
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{root}/mail/Maildir
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
"""


def _ssl(root: Path, tls_port: int) -> str:
    if not tls_port:
        return "ssl = no"
    return f"ssl = yes\nssl_cert = <{root}/cert.pem\nssl_key = <{root}/key.pem"


def _self_signed(root: Path) -> Path:
    """A certificate for 127.0.0.1 that no CA signed (openssl, as dovecot's own set-up uses)."""
    openssl = shutil.which("openssl")
    if not openssl:
        if os.environ.get("CI"):
            pytest.fail("openssl is missing (dovecot-imapd brings it with ssl-cert)")
        pytest.skip("openssl is not installed")
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(root / "key.pem"),
            "-out",
            str(root / "cert.pem"),
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return root / "cert.pem"


def _wait_for_port(port: int, log: Path, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    text = log.read_text(errors="replace") if log.exists() else "(no log)"
    raise AssertionError(f"dovecot did not start on port {port}:\n{text[-2000:]}")


@pytest.fixture(name="dovecot")
def dovecot_server(tmp_path: Path) -> Iterator[Dovecot]:
    yield from _serve(tmp_path, tls=False)


@pytest.fixture(name="dovecot_tls")
def dovecot_tls_server(tmp_path: Path) -> Iterator[Dovecot]:
    """The same server also offering TLS (STARTTLS and imaps) with a self-signed certificate."""
    yield from _serve(tmp_path, tls=True)


def _serve(tmp_path: Path, *, tls: bool) -> Iterator[Dovecot]:
    binary = dovecot_binary()
    if os.geteuid() == 0:
        # Its unprivileged processes cannot pass pytest's private (0700) base folder, which
        # every pytest run resets: as root, the server lives in its own temporary folder.
        root = Path(tempfile.mkdtemp(prefix="ekko-dovecot-"))
        os.chmod(root, 0o711)
    else:
        root = tmp_path / "dovecot"
    maildir = root / "mail" / "Maildir"
    for sub in ("new", "cur", "tmp"):
        (maildir / sub).mkdir(parents=True)
    (root / "run").mkdir()
    (root / "state").mkdir()
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n", encoding="utf-8")
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        uid, gid = nobody.pw_uid, nobody.pw_gid
        for path in [root / "mail", *(root / "mail").rglob("*")]:
            os.chown(path, uid, gid)
        os.chmod(root / "run", 0o755)
    else:
        uid, gid = os.geteuid(), os.getegid()
    cert = _self_signed(root) if tls else None
    pid_file = root / "run" / "master.pid"
    try:
        # A free port can be taken between the probe and dovecot's bind (other test runs share
        # the machine): try again on new ports.
        for attempt in range(3):
            port, tls_port = free_port(), (free_port() if tls else 0)
            if _start(binary, root, _config(root, port, uid, gid, tls_port), attempt == 2):
                break
        _wait_for_port(port, root / "dovecot.log")
        if tls_port:
            _wait_for_port(tls_port, root / "dovecot.log")
        yield Dovecot("127.0.0.1", port, USER, PASSWORD, maildir, uid, gid, tls_port, cert)
    finally:
        _stop(pid_file)
        if root != tmp_path / "dovecot":
            shutil.rmtree(root, ignore_errors=True)


def _start(binary: str, root: Path, config: str, last: bool) -> bool:
    """Start dovecot on `config`; False (or, on the last attempt, an error) if it fails."""
    conf = root / "dovecot.conf"
    conf.write_text(config, encoding="utf-8")
    errors = root / "start.err"
    # dovecot forks into the background; its daemon keeps the start command's stdout and stderr
    # open, so they go to a file, not to a pipe we would wait on.
    with errors.open("wb") as err:
        started = subprocess.run(
            [binary, "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=err,
            check=False,
            timeout=30,
        )
    if started.returncode == 0:
        return True
    _stop(root / "run" / "master.pid")
    if last:
        raise AssertionError(f"dovecot failed to start: {errors.read_text(errors='replace')}")
    return False


def _stop(pid_file: Path) -> None:
    try:
        pid = int(pid_file.read_text().strip())
    except (OSError, ValueError):
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
