"""The mailbox settings (host, user, folders; never the password) and EKKO's own addresses."""

from __future__ import annotations

from dataclasses import dataclass

from ekko_tui.domain.requests import _EMAIL_RE, ValidationError
from ekko_tui.store.models import Setting
from ekko_tui.store.requests import write

# The inbox asks load_settings on start: the own-address helpers import the mail parsing
# (domain.intake: email, html) and the registers (store.registers) only when called
# (tests/unit/test_startup_imports.py).

PREFIX = "mail."
OWN_KEY = "intake.own_addresses"
SECURITIES = ("ssl", "starttls", "none")
DEFAULT_PORTS = {"ssl": 993, "starttls": 143, "none": 143}


@dataclass(frozen=True)
class MailSettings:
    """Where the mailbox is; the password is in the keychain (mailbox.password)."""

    host: str
    port: int
    user: str
    security: str
    folder: str
    done_folder: str

    @property
    def account(self) -> str:
        """The keychain entry's name: `user@host:port`."""
        return f"{self.user}@{self.host}:{self.port}"


def validate_settings(
    *, host: str, port: int | None, user: str, security: str, folder: str, done_folder: str
) -> MailSettings:
    """Check what `ekko mail setup` was given; ValidationError names the bad option."""
    host = host.strip()
    if not host or any(c.isspace() for c in host) or "/" in host:
        raise ValidationError("host", f"{host!r} is not a host name (e.g. imap.domeneshop.no).")
    if security not in SECURITIES:
        raise ValidationError("security", f"Use one of: {', '.join(SECURITIES)}.")
    port = DEFAULT_PORTS[security] if port is None else port
    if not 1 <= port <= 65535:
        raise ValidationError("port", f"{port} is not a port (1–65535).")
    user = user.strip()
    if not user:
        raise ValidationError("user", "Give the mailbox user (usually the e-mail address).")
    folder, done_folder = folder.strip(), done_folder.strip()
    if not folder or not done_folder:
        raise ValidationError("folder", "Give both the folder to read and the done folder.")
    if folder == done_folder:
        raise ValidationError("done_folder", "The done folder must differ from the folder read.")
    return MailSettings(host, port, user, security, folder, done_folder)


def save_settings(settings: MailSettings) -> None:
    values = {
        "host": settings.host,
        "port": str(settings.port),
        "user": settings.user,
        "security": settings.security,
        "folder": settings.folder,
        "done_folder": settings.done_folder,
    }
    with write():
        for key, value in values.items():
            Setting.insert(key=PREFIX + key, value=value).on_conflict_replace().execute()


def load_settings() -> MailSettings | None:
    """The stored mailbox, or None when `ekko mail setup` was never run."""
    rows = {
        r.key[len(PREFIX) :]: r.value
        for r in Setting.select().where(Setting.key.startswith(PREFIX))
    }
    if not rows.get("host") or not rows.get("user"):
        return None
    return MailSettings(
        host=rows["host"],
        port=int(rows.get("port") or 993),
        user=rows["user"],
        security=rows.get("security") or "ssl",
        folder=rows.get("folder") or "INBOX",
        done_folder=rows.get("done_folder") or "ekko/importert",
    )


def listed_own_addresses() -> tuple[str, ...]:
    """The addresses listed in the settings (`ekko mail own`)."""
    row = Setting.get_or_none(Setting.key == OWN_KEY)
    if row is None:
        return ()
    return tuple(a for a in row.value.split(",") if a)


def set_own_addresses(addresses: list[str]) -> tuple[str, ...]:
    """Replace the listed own addresses; each must be an e-mail address."""
    from ekko_tui.domain.intake import normalise_address

    cleaned: list[str] = []
    for raw in addresses:
        address = normalise_address(raw)
        if not _EMAIL_RE.match(address):
            raise ValidationError("own", f"{raw!r} is not an e-mail address.")
        if address not in cleaned:
            cleaned.append(address)
    with write():
        Setting.insert(key=OWN_KEY, value=",".join(cleaned)).on_conflict_replace().execute()
    return tuple(cleaned)


def own_addresses() -> tuple[str, ...]:
    """Every address of EKKO's own: the controller's e-mail, the listed ones, the mailbox user."""
    from ekko_tui.domain.intake import normalise_address
    from ekko_tui.store.registers import controller_profile

    found: list[str] = []
    profile_email = normalise_address(controller_profile().email)
    if profile_email:
        found.append(profile_email)
    found.extend(listed_own_addresses())
    settings = load_settings()
    if settings is not None and "@" in settings.user:
        found.append(normalise_address(settings.user))
    return tuple(dict.fromkeys(found))
