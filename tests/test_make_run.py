"""What `make run` hands the server it starts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_links_in_printed_emails_follow_the_port_make_run_serves_on() -> None:
    # -n prints the commands without running them.
    printed = subprocess.run(  # noqa: S603 - fixed arguments
        ["make", "-n", "run", "PORT=8101"],  # noqa: S607
        cwd=REPO_DIR, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    server_line = next(line for line in printed.splitlines() if "runserver" in line)
    assert 'SITE_URL="${SITE_URL:-http://127.0.0.1:8101}"' in server_line
    assert server_line.endswith("runserver 127.0.0.1:8101")
