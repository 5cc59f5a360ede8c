"""Errors the engine reports as one clear message (exit code 2), never as a traceback."""


class EngineError(Exception):
    """Bad input or a failing program/pack; the message says what failed and how to fix it."""
