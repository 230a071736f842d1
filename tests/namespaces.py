"""Tests that mount a private tmpfs need user namespaces (`unshare -rm`)."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def require_user_namespaces() -> None:
    """Fail without `unshare`; skip, with the kernel's reason, where user namespaces are
    switched off (some containers): the test cannot mount its small file system there."""
    if not shutil.which("unshare"):
        pytest.fail("unshare (util-linux) is needed to mount a private tmpfs for this test")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"user namespaces are not available here: {probe.stderr.decode().strip()}")
