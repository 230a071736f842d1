"""The system tools some tests drive (tmux, poppler-utils, dovecot): in CI a missing one fails
the test (`.ci/run` installs them all); elsewhere it skips, naming the package to install."""

from __future__ import annotations

import os
import shutil

import pytest


def require_tool(name: str, package: str, *, also: tuple[str, ...] = ()) -> str:
    """The path of `name` (on PATH, or one of the paths in `also`), or fail/skip as above."""
    found = shutil.which(name) or next((p for p in also if os.access(p, os.X_OK)), None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: .ci/run installs {package} with apt-get")
        pytest.skip(f"{name} is not installed (apt-get install {package}); CI installs it")
    return found
