"""Record text as a terminal may show it: control characters as codes, never as escape sequences."""

from __future__ import annotations

import re

_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
