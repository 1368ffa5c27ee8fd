"""Compile every locale/**/*.po into .mo with polib, so no machine needs GNU gettext installed.

`make run` and `make test` call this; the .mo files are build output (gitignored).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Python named placeholders, e.g. %(email)s or %(n)d, as Django's blocktranslate writes them.
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


class Command(BaseCommand):
    help = "Compile every django.po under LOCALE_PATHS into django.mo (pure Python, via polib)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Also fail when a catalogue has untranslated or fuzzy messages.",
        )

    def handle(self, *args: Any, check: bool = False, **options: Any) -> None:
        po_files = sorted(
            po for root in settings.LOCALE_PATHS for po in Path(root).glob("**/LC_MESSAGES/*.po")
        )
        if not po_files:
            raise CommandError(f"No .po files found under {list(map(str, settings.LOCALE_PATHS))}.")
        problems: list[str] = []
        for po_path in po_files:
            problems.extend(self._compile(po_path, check=check))
        if problems:
            raise CommandError("Translations not compiled:\n" + "\n".join(problems))

    def _compile(self, po_path: Path, *, check: bool) -> list[str]:
        try:
            catalogue = polib.pofile(str(po_path), check_for_duplicates=True)
        except (OSError, ValueError) as error:
            return [f"{po_path}: cannot be read: {error}"]
        problems = [f"{po_path}: {problem}" for problem in self._problems(catalogue, check=check)]
        if problems:
            return problems
        mo_path = po_path.with_suffix(".mo")
        catalogue.save_as_mofile(str(mo_path))
        translated = len(catalogue.translated_entries())
        total = len([entry for entry in catalogue if not entry.obsolete])
        self.stdout.write(
            f"Compiled {po_path} → {mo_path.name}: {translated} of {total} translated"
        )
        return []

    @staticmethod
    def _problems(catalogue: polib.POFile, *, check: bool) -> list[str]:
        problems = []
        if "Plural-Forms" not in catalogue.metadata:
            problems.append("the header has no Plural-Forms")
        for entry in catalogue:
            if entry.obsolete:
                continue
            if check and (entry.fuzzy or not entry.translated()):
                problems.append(f"line {entry.linenum}: not translated: {entry.msgid[:60]!r}")
            # A translation naming a placeholder the English lacks crashes the page (KeyError).
            allowed = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
            translations = [entry.msgstr, *entry.msgstr_plural.values()]
            for translation in translations:
                unknown = set(PLACEHOLDER.findall(translation)) - allowed
                if unknown:
                    problems.append(
                        f"line {entry.linenum}: unknown placeholder(s) {sorted(unknown)} "
                        f"in translation of {entry.msgid[:60]!r}"
                    )
        return problems
