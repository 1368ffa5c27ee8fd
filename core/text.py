"""Cleaning text the public types, before it is stored.

Control characters have no place in a name or a note: they break spreadsheets and terminals
downstream and can hide text from the person reading it. Forms and the API clean through this
one function, so both keep the same text.
"""

from __future__ import annotations

import re

# C0 control characters and DEL, and the C1 block; a multi-line text keeps its newlines and tabs.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_KEEPING_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str | None, *, multiline: bool = False) -> str:
    """``value`` without control characters; one line's runs of spaces made one space.

    A single-line text (a name) loses every control character and its spaces are collapsed;
    a multi-line one (a note) keeps tabs and line breaks, with Windows line ends made "\\n"."""
    text = value or ""
    if multiline:
        return _CONTROL_KEEPING_LINES.sub("", text.replace("\r\n", "\n")).strip()
    return " ".join(_CONTROL.sub(" ", text).split())
