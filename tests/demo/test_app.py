"""The demo app sits on top of everything: nothing imports it, and production leaves it out."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
STRONG_KEY = "k3Jq9vTn2Lx8Wp4Zr7Yb1Hs6Dm0Fc5Ga9Ue3Oi2Pl8Kj7Mn4Bv6Cx1Qw5Er9Ty2Ui7Op3"
IMPORTS_DEMO = re.compile(r"^\s*(from demo[\s.]|import demo\b)", re.MULTILINE)
# Only the demo itself, the tests and the benchmarks may import it.
MAY_IMPORT = {"demo", "tests", "benchmarks", "node_modules", ".venv", ".git", "static"}


def test_no_app_imports_the_demo():
    packages = [p for p in ROOT.iterdir() if p.is_dir() and p.name not in MAY_IMPORT]
    sources = [*ROOT.glob("*.py"), *(f for p in packages for f in p.rglob("*.py"))]
    importers = [
        str(path.relative_to(ROOT))
        for path in sources
        if IMPORTS_DEMO.search(path.read_text(encoding="utf-8"))
    ]

    assert importers == []


def test_production_leaves_the_demo_out():
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL", "REQUIRE_STAFF"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="fairs.example.org",
        DATABASE_URL="postgres://fairs:secret@db.internal:5432/fairs",
        CACHE_URL="redis://cache.internal:6379/0",
    )
    script = "import django; django.setup(); from django.conf import settings; "
    script += "print('demo' in settings.INSTALLED_APPS)"
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
