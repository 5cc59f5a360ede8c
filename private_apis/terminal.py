"""Untrusted text made safe to print: control characters shown as escapes instead of acting on the terminal.

Used for what a server sends the client, and for what a program, a pack or a file puts into the engine's errors.

A response body, header, reason phrase or error message can carry ANSI escape sequences (``ESC [ ...``) that
recolour, move the cursor, rewrite earlier lines, set the window title or make some terminals answer with
typed-in text; a bare carriage return or backspace can overwrite what was printed. Escaping the introducing
control character (``\\x1b``) is enough to make every such sequence inert: what follows it is printable.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI); the Unicode bidi controls, which
# reorder what is displayed ("Trojan Source"): the embeddings, overrides and isolates and the implicit marks (LRM
# U+200E, RLM U+200F, ALM U+061C), which flip the direction of the neutral characters around them; and the
# invisible formatting characters that hide text or make two different strings look the same: word joiner and
# invisible operators (U+2060-U+2064), and the zero-width no-break space / BOM (U+FEFF).
_HIDING = "\u061c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_UNSAFE_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_HIDING}]")
# On one line newlines are unsafe too: an embedded one would start a line that looks like the tool's own. That
# includes the separators str.splitlines() breaks at (U+2028, U+2029; the C0 and C1 ones are covered above).
_UNSAFE_LINE = re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029{_HIDING}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control(text: str, *, multiline: bool = True) -> str:
    """``text`` with every control character written as ``\\xNN`` (``\\uNNNN`` for bidi and invisible ones).

    Tabs are kept; newlines too unless ``multiline`` is false (a status line, a header, an error message).
    Backslashes are not doubled, so the result stays readable; write the bytes to a file for the exact body.
    """
    return (_UNSAFE_TEXT if multiline else _UNSAFE_LINE).sub(_escape, text)
