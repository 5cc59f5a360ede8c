"""escape_control: what a server sends cannot act on the terminal it is printed to."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from private_apis.terminal import escape_control


@pytest.mark.parametrize(("text", "shown"), [
    ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
    ("ok\rfake", "ok\\x0dfake"),
    ("a\bb\x00c\x7f", "a\\x08b\\x00c\\x7f"),
    ("\x9b2J one-byte CSI, \x85 NEL", "\\x9b2J one-byte CSI, \\x85 NEL"),
    ("abc\u202edcba", "abc\\u202edcba"),
    ("file\u200e.exe \u200fgnp \u061cx", "file\\u200e.exe \\u200fgnp \\u061cx"),
    ("ad\u2060min \u2061\u2062\u2063\u2064 \ufeffroot", "ad\\u2060min \\u2061\\u2062\\u2063\\u2064 \\ufeffroot"),
    ("lines\nand\ttabs stay", "lines\nand\ttabs stay"),
    ("plain é ü 漢字 {\"json\": 1}", "plain é ü 漢字 {\"json\": 1}"),
])
def test_control_characters_are_escaped(text, shown):
    assert escape_control(text) == shown


def test_one_line_escapes_newlines_but_keeps_tabs():
    assert escape_control("403\nHTTP 200 OK\tfake", multiline=False) == "403\\x0aHTTP 200 OK\tfake"


def _is_control(c: str) -> bool:
    code = ord(c)
    return (code < 0x20 or 0x7f <= code <= 0x9f or 0x202a <= code <= 0x202e or 0x2066 <= code <= 0x2069
            or code in (0x061c, 0x200e, 0x200f, 0xfeff) or 0x2060 <= code <= 0x2064)


@pytest.mark.parametrize("char", ["\u061c", "\u200e", "\u200f", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064",
                                  "\ufeff"])
def test_marks_and_invisible_characters_are_escaped_on_one_line_too(char):
    assert escape_control(f"a{char}b", multiline=False) == f"a\\u{ord(char):04x}b"


@given(st.text())
def test_the_result_holds_no_control_character_and_escaping_is_idempotent(text):
    line, block = escape_control(text, multiline=False), escape_control(text)
    assert not any(_is_control(c) for c in line if c != "\t")
    assert not any(_is_control(c) for c in block if c not in "\t\n")
    assert (escape_control(line, multiline=False), escape_control(block)) == (line, block)
