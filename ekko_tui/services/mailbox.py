"""The IMAP mailbox (imap-tools): log every new message as a request, then move it to a done
folder. Never deletes mail. The password lives in the keychain (keyring), or, where there is
no working keychain, in a file only the user can read (said once, at set-up), like the database
key; EKKO_MAIL_PASSWORD overrides both (scripts, servers).

This module knows IMAP and the keychain; what a message becomes is the `log` callable's job
(store.intake.log_eml), so it imports neither the store nor Textual.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import ssl
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import keyring
from platformdirs import user_cache_path, user_config_path

if TYPE_CHECKING:
    from ekko_tui.store.mail_settings import MailSettings

SERVICE = "ekko-mail"
ENV_PASSWORD = "EKKO_MAIL_PASSWORD"
TIMEOUT_SECONDS = 20.0


class MailboxError(Exception):
    """The mailbox cannot be used (login refused, no answer, TLS failed); says what to do."""


# --- the password -----------------------------------------------------------------------------


def password_file(account: str) -> Path:
    digest = hashlib.sha256(account.encode()).hexdigest()[:16]
    return user_config_path("ekko", appauthor=False) / "mail" / f"{digest}.password"


def store_password(account: str, password: str) -> tuple[str, str]:
    """Keep the password; returns (where it is, a warning when it is not in the keychain)."""
    reason = ""
    try:
        keyring.set_password(SERVICE, account, password)
        if keyring.get_password(SERVICE, account) == password:
            password_file(account).unlink(missing_ok=True)
            return "the system keychain", ""
        reason = "the keychain did not keep it"
    except Exception as exc:  # noqa: BLE001 - keychain backends raise their own error types
        reason = str(exc).split(".")[0].strip() or type(exc).__name__
    path = password_file(account)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, stat.S_IRWXU)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(password)
        os.chmod(path, 0o600)
    except OSError as exc:
        raise MailboxError(
            f"Neither the keychain ({reason}) nor the file {path} can hold the mailbox "
            f"password ({exc.strerror}). Set {ENV_PASSWORD} instead."
        ) from exc
    warning = (
        f"No working keychain ({reason}): the mailbox password is kept in {path}, readable "
        "only by you. Anyone who can read your files can read it."
    )
    return str(path), warning


def find_password(account: str, explicit: str = "") -> str | None:
    """The password of `account`: `explicit` (EKKO_MAIL_PASSWORD, from `Config`), else the
    keychain, then the file."""
    if explicit:
        return explicit
    try:
        stored = keyring.get_password(SERVICE, account)
        if stored:
            return stored
    except Exception:  # noqa: BLE001 - no keychain: try the file
        pass
    try:
        return password_file(account).read_text(encoding="utf-8") or None
    except OSError:
        return None


# --- one fetch at a time ------------------------------------------------------------------------


class FetchBusy(MailboxError):
    """Another ekko (the app's timer, a cron job) is fetching this mailbox right now."""


@contextlib.contextmanager
def fetch_lock(account: str) -> Iterator[None]:
    """Hold the mailbox's fetch lock, or raise FetchBusy. Two fetches at once would both move
    the same message and leave copies in the done folder; the OS frees the lock if a process
    dies, so a kill -9 never leaves it stuck."""
    digest = hashlib.sha256(account.encode()).hexdigest()[:16]
    path = user_cache_path("ekko", appauthor=False) / f"mail-{digest}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+b")
    try:
        try:
            _lock(handle)
        except OSError as exc:
            raise FetchBusy(
                "Another ekko is fetching this mailbox right now: try again in a moment."
            ) from exc
        yield
    finally:
        handle.close()  # closing releases the lock


def _lock(handle: Any) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


# --- talking to the server ---------------------------------------------------------------------


@dataclass
class Failed:
    uid: str
    subject: str
    reason: str


@dataclass
class FetchReport:
    """What one fetch did: new requests, messages already logged, messages left in place."""

    logged: list[tuple[str, Any]] = field(default_factory=list)  # (uid, the log result)
    already: list[tuple[str, Any]] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    moved_to: str = ""


@dataclass(frozen=True)
class TestReport:
    folders: tuple[str, ...]
    messages_waiting: int
    done_folder_exists: bool
    delimiter: str


def _connect(settings: MailSettings) -> Any:
    from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted

    # imaplib's own default context checks no certificate: a verifying one, always (the
    # system's CAs; SSL_CERT_FILE adds a self-hosted server's CA).
    where = f"{settings.host}:{settings.port}"
    try:
        if settings.security == "ssl":
            return MailBox(
                settings.host,
                settings.port,
                timeout=TIMEOUT_SECONDS,
                ssl_context=ssl.create_default_context(),
            )
        if settings.security == "starttls":
            return MailBoxStartTls(
                settings.host,
                settings.port,
                timeout=TIMEOUT_SECONDS,
                ssl_context=ssl.create_default_context(),
            )
        return MailBoxUnencrypted(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
    except ssl.SSLCertVerificationError as exc:
        raise MailboxError(
            f"The certificate of {where} cannot be trusted ({exc.verify_message}): ekko did not "
            "send the password. For a server with its own CA, set SSL_CERT_FILE to it."
        ) from exc
    except TimeoutError as exc:
        raise MailboxError(
            f"The mail server {settings.host}:{settings.port} did not answer within "
            f"{TIMEOUT_SECONDS:.0f} seconds."
        ) from exc
    except ssl.SSLError as exc:
        raise MailboxError(
            f"TLS with {settings.host}:{settings.port} failed ({exc.reason or exc}): check "
            "--security (ssl on 993, starttls or none on 143)."
        ) from exc
    except OSError as exc:
        raise MailboxError(
            f"Cannot reach the mail server {settings.host}:{settings.port}: {exc.strerror or exc}."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - imaplib raises its own errors for a bad greeting
        if "TLS" in str(exc):
            raise MailboxError(
                f"{where} refused STARTTLS ({exc}): try --security ssl (port 993), or none on a "
                "trusted network."
            ) from exc
        raise MailboxError(f"{where} did not speak IMAP as expected ({exc}).") from exc


def _login(settings: MailSettings, password: str) -> Any:
    from imap_tools.errors import MailboxLoginError

    mailbox = _connect(settings)
    try:
        if (settings.user + password).isascii():
            mailbox.login(settings.user, password, initial_folder=None)
        else:  # LOGIN is ASCII only; AUTHENTICATE PLAIN carries UTF-8 (æøå in a password)
            mailbox.login_utf8(settings.user, password, initial_folder=None)
    except MailboxLoginError as exc:
        _quietly_close(mailbox)
        raise MailboxError(
            f"The mail server refused the login of {settings.user}: check the user and the "
            "password (ekko mail setup … --password-stdin)."
        ) from exc
    except Exception as exc:  # noqa: BLE001 - imaplib.error, socket errors, STARTTLS refusal
        _quietly_close(mailbox)
        raise MailboxError(f"Login to {settings.host} failed: {exc}.") from exc
    return mailbox


def _quietly_close(mailbox: Any) -> None:
    with contextlib.suppress(Exception):  # the connection is being thrown away
        mailbox.client.shutdown()


def _server_folder(name: str, delimiter: str) -> str:
    """`ekko/importert` in the server's own hierarchy delimiter (`.` on many servers)."""
    return name.replace("/", delimiter) if delimiter and delimiter != "/" else name


def _delimiter(mailbox: Any) -> str:
    listed = mailbox.folder.list()
    return listed[0].delim if listed and listed[0].delim else "/"


def _open(settings: MailSettings, password: str | None) -> Any:
    if password is None:
        raise MailboxError(
            f"No password is stored for {settings.account}: run `ekko mail setup` again."
        )
    mailbox = _login(settings, password)
    try:
        mailbox.folder.set(settings.folder)
    except Exception as exc:  # noqa: BLE001 - MailboxFolderSelectError and protocol errors
        _logout(mailbox)
        raise MailboxError(f"The folder {settings.folder!r} cannot be opened: {exc}.") from exc
    return mailbox


def _logout(mailbox: Any) -> None:
    try:
        mailbox.logout()
    except Exception:  # noqa: BLE001 - the work is done; a failed goodbye changes nothing
        _quietly_close(mailbox)


def test_mailbox(settings: MailSettings, password: str | None) -> TestReport:
    """Log in, list the folders, count what waits in the folder read."""
    mailbox = _open(settings, password)
    try:
        delimiter = _delimiter(mailbox)
        folders = tuple(f.name for f in mailbox.folder.list())
        waiting = len(mailbox.uids("ALL"))
        done = _server_folder(settings.done_folder, delimiter)
        return TestReport(folders, waiting, done in folders, delimiter)
    except MailboxError:
        raise
    except Exception as exc:  # noqa: BLE001 - a protocol error halfway
        raise MailboxError(f"The mail server stopped answering: {exc}.") from exc
    finally:
        _logout(mailbox)


def fetch_new(
    settings: MailSettings,
    password: str | None,
    log: Callable[[bytes], Any],
    *,
    not_mail: tuple[type[BaseException], ...] = (),
) -> FetchReport:
    """Log every message in the folder through `log(raw)` and move it to the done folder.

    `log` returns an object with a `duplicate` flag (already logged: moved too). An exception
    in `not_mail` leaves the message where it is and is reported; the others propagate (the
    database is busy: stop, nothing is moved that was not logged).
    """
    from imap_tools import MailMessage

    class _Raw(MailMessage):  # imap-tools parses; we keep the bytes for our own parser
        def __init__(self, fetch_data: list[Any]) -> None:
            super().__init__(fetch_data)
            self.raw: bytes = self._get_message_data_parts(fetch_data)[0]

    with fetch_lock(settings.account):
        return _fetch_locked(settings, password, log, not_mail, _Raw)


def _fetch_locked(
    settings: MailSettings,
    password: str | None,
    log: Callable[[bytes], Any],
    not_mail: tuple[type[BaseException], ...],
    message_class: type,
) -> FetchReport:
    mailbox = _open(settings, password)
    mailbox.email_message_class = message_class
    report = FetchReport()
    try:
        delimiter = _delimiter(mailbox)
        done = _server_folder(settings.done_folder, delimiter)
        report.moved_to = done
        if not mailbox.folder.exists(done):
            mailbox.folder.create(done)
        for message in mailbox.fetch(mark_seen=False, bulk=False):
            try:
                result = log(message.raw)
            except not_mail as exc:
                report.failed.append(Failed(message.uid or "?", message.subject, str(exc)))
                continue
            (report.already if getattr(result, "duplicate", False) else report.logged).append(
                (message.uid, result)
            )
            if message.uid:
                mailbox.move(message.uid, done)
    except MailboxError:
        raise
    except (TimeoutError, OSError) as exc:
        raise MailboxError(f"The mail server stopped answering: {exc}.") from exc
    except Exception as exc:
        from imap_tools.errors import ImapToolsError

        if isinstance(exc, ImapToolsError):
            raise MailboxError(f"The mail server refused: {exc}.") from exc
        raise
    finally:
        _logout(mailbox)
    return report
