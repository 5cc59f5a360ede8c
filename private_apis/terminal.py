"""Untrusted text made safe to print: control characters shown as escapes instead of acting on the terminal.

Used for what a server sends the client, and for what a program, a pack or a file puts into the engine's errors.

A response body, header, reason phrase or error message can carry ANSI escape sequences (``ESC [ ...``) that
recolour, move the cursor, rewrite earlier lines, set the window title or make some terminals answer with
typed-in text; a bare carriage return or backspace can overwrite what was printed. Escaping the introducing
control character (``\\x1b``) is enough to make every such sequence inert: what follows it is printable.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the Unicode bidi overrides and
# isolates, which reorder what is displayed ("Trojan Source").
_UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# On one line newlines are unsafe too: an embedded one would start a line that looks like the tool's own. That
# includes the separators str.splitlines() breaks at (U+2028, U+2029; the C0 and C1 ones are covered above).
_UNSAFE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control(text: str, *, multiline: bool = True) -> str:
    """``text`` with every control character written as ``\\xNN`` (``\\uNNNN`` for bidi controls).

    Tabs are kept; newlines too unless ``multiline`` is false (a status line, a header, an error message).
    Backslashes are not doubled, so the result stays readable; write the bytes to a file for the exact body.
    """
    return (_UNSAFE_TEXT if multiline else _UNSAFE_LINE).sub(_escape, text)
