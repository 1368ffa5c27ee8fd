"""Every string the code marks for translation has its Polish translation in locale/.

GNU gettext's xgettext (through Django's makemessages) collects the strings of a copy of the
repository; any it finds that the committed Polish catalogue does not translate fails the test.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

REPO_DIR = Path(__file__).resolve().parents[1]
CATALOGUE = Path("locale/pl/LC_MESSAGES/django.po")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)"),
]


def test_every_marked_string_has_a_polish_translation(tmp_path: Path) -> None:
    tracked = (
        subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "ls-files", "-z"],  # noqa: S607 - git from the PATH, as make does
            cwd=REPO_DIR,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        if (REPO_DIR / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_DIR / name, tmp_path / name)
    subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "makemessages", "-l", "pl", "--no-obsolete"],
        cwd=tmp_path, check=True, capture_output=True,
    )  # fmt: skip

    collected = polib.pofile(str(tmp_path / CATALOGUE))
    untranslated = sorted(
        f"{entry.msgid!r} ({entry.occurrences[0][0] if entry.occurrences else '?'})"
        for entry in collected
        if not entry.translated() and not entry.obsolete
    )
    assert untranslated == [], "no Polish for:\n" + "\n".join(untranslated)
