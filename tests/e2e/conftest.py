"""Drive the real `ekko` command in a real terminal (tmux), as a person would."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import NOW
from tests.tools import require_tool


def ekko_command() -> str:
    """The `ekko` console script of the interpreter running the tests."""
    candidate = Path(sys.executable).parent / "ekko"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("ekko")
    if not found:
        pytest.fail("the `ekko` command is not installed: run `pip install .` first")
    return found


class Terminal:
    """One tmux session running one command, on its own server socket."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        require_tool("tmux", "tmux")
        self.socket = f"ekko-test-{uuid.uuid4().hex[:10]}"
        self.env = env
        self.cwd = cwd
        self.session = "ekko"

    def tmux(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def start(self, command: str, width: int = 160, height: int = 45) -> None:
        exports = " ".join(
            f"{k}={shlex.quote(v)}"
            for k, v in self.env.items()
            if k.startswith(("EKKO_", "XDG_", "HOME", "LANG", "LC_", "TERM", "PATH"))
        )
        self.tmux(
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            str(width),
            "-y",
            str(height),
            "-c",
            str(self.cwd),
            f"env {exports} {command}; sleep 30",
        )

    def keys(self, *keys: str) -> None:
        """Named keys (Enter, Tab, C-s, Escape …) one by one."""
        for key in keys:
            self.tmux("send-keys", "-t", self.session, key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        """Literal text, as typed."""
        self.tmux("send-keys", "-t", self.session, "-l", text)
        time.sleep(0.2)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear on screen within {timeout}s:\n{screen}")

    def wait_for_line(self, *parts: str, timeout: float = 20.0) -> str:
        """Wait until one line of the screen holds every part (a table row, not a toast that
        names the same reference and may still cover the row's right end); returns it."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            for line in screen.splitlines():
                if all(part in line for part in parts):
                    return line
            time.sleep(0.2)
        raise AssertionError(f"no line with {parts!r} within {timeout}s:\n{screen}")

    def wait_gone(self, text: str, timeout: float = 20.0) -> str:
        """Wait until `text` has left the screen (a modal closed). The next key must wait for
        it: under load, Escape and a key read together are one alt+key."""
        deadline = time.monotonic() + timeout
        screen = self.screen()
        while text in screen:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} still on screen after {timeout}s:\n{screen}")
            time.sleep(0.2)
            screen = self.screen()
        return screen

    def stop(self) -> None:
        self.tmux("kill-server", check=False)


@pytest.fixture
def terminal(tmp_path: Path, hermetic_env: Path) -> Iterator[Terminal]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(hermetic_env),
        "XDG_DATA_HOME": str(hermetic_env / ".local/share"),
        "XDG_CONFIG_HOME": str(hermetic_env / ".config"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm-256color",
        "EKKO_NOW": NOW.isoformat(),
        "EKKO_DB": str(tmp_path / "e2e.db"),
        "TMUX_TMPDIR": str(tmp_path),
    }
    term = Terminal(env, tmp_path)
    yield term
    term.stop()
