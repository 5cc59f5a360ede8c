"""The one error type for user mistakes in config or component arguments.

It subclasses ``pulumi.RunError`` because the Pulumi language host prints a RunError's message
without the program's traceback: a user who mistyped a CIDR sees one line naming the key and
the fix, under the real CLI and under the offline engine alike.
"""

from __future__ import annotations

import pulumi


class ConfigError(pulumi.RunError):
    """Invalid or contradictory configuration, raised before any resource is registered."""

    def __init__(self, key: str, problem: str, fix: str) -> None:
        self.key = key
        self.problem = problem
        self.fix = fix
        super().__init__(f"Invalid configuration '{key}': {problem}. Fix: {fix}")
