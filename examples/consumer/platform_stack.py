"""The platform stack, read through a StackReference and checked against its output contract before use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi

from components.contract import ContractError, Iam, Key, Stack, check_compatible

REQUIRED_CONTRACT = "1.0"
"""The contract version this project was written against (docs/outputs.md of the platform project)."""


class PlatformStack:
    """Outputs of a private-apis stack; every value waits for the contract check, so nothing is created from the
    outputs of a stack that does not export contract 1.x or lacks a topology this project calls."""

    def __init__(self, config_key: str, stack_name: str, needs: Sequence[str]) -> None:
        self.name = stack_name
        self.reference = pulumi.StackReference(stack_name)
        self._config_key, self._needs = config_key, tuple(needs)
        self._checked = pulumi.Output.all(self.reference.get_output(Stack.CONTRACT_VERSION),
                                          self.reference.get_output(Stack.TOPOLOGIES)).apply(self._check)

    def _check(self, values: list[Any]) -> bool:
        version, topologies = values
        try:
            check_compatible(version, REQUIRED_CONTRACT)
        except ContractError as exc:
            raise pulumi.RunError(f"{self._config_key} ({self.name}): {exc}") from None
        missing = [t for t in self._needs if t not in (topologies or [])]
        if missing:
            raise pulumi.RunError(
                f"{self._config_key} ({self.name}): the stack does not deploy {', '.join(missing)} (it deploys "
                f"{', '.join(topologies or []) or 'nothing'}). Fix: point {self._config_key} at a stack whose "
                f"`topologies` include {', '.join(self._needs)}")
        return True

    def get(self, key: Key, *, optional: bool = False) -> pulumi.Output[Any]:
        """The output ``key``, once the contract check has passed.

        A key the stack does not export is an error naming the config key (a value missing here would otherwise
        surface as an obscure provider error, or a resource quietly landing in the default VPC), unless
        ``optional``, when it is None.
        """
        def value(values: list[Any]) -> Any:
            if values[1] is None and not optional:
                when = f" (it is exported when {key.when})" if key.when else ""
                raise pulumi.RunError(f"{self._config_key} ({self.name}): the stack exports no {key}{when}. Fix: point "
                                      f"{self._config_key} at a stack that exports it, or ask its owners to")
            return values[1]

        return pulumi.Output.all(self._checked, self.reference.get_output(key)).apply(value)

def check_api_key_parameter(name: str | None, expected: bool, config_key: str) -> str | None:
    """The platform's API key parameter name, if this project's ``iamApiKey`` agrees with the platform."""
    if expected and not name:
        raise pulumi.RunError(f"{config_key} is true, but the platform stack exports no {Iam.API_KEY_PARAMETER_NAME} "
                              f"(its API key is off). Fix: set {config_key} to false")
    if not expected and name:
        pulumi.log.warn(f"{config_key} is false, but the platform's IAM-only API requires an API key (parameter "
                        f"{name}); its calls will get 403 Forbidden. Fix: set {config_key} to true")
    return name
