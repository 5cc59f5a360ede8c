"""Private API Guard: one policy per module under ``<service>/<resource>_<check>.py``.

Every module defines a module-level ``POLICY``; :func:`all_policies` finds them all, so a new
rule is registered by adding its module.
"""

from __future__ import annotations

import importlib
import pkgutil

from pulumi_policy import Policy

PACK_NAME = "private-api-guard"


def all_policies() -> list[Policy]:
    """Every policy of the pack, sorted by name."""
    policies: list[Policy] = []
    for info in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        module = importlib.import_module(info.name)
        policy = getattr(module, "POLICY", None)
        if isinstance(policy, Policy):
            policies.append(policy)
    return sorted(policies, key=lambda p: p.name)
