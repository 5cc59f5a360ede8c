"""What each topology module declares about itself (see components/topologies.py for the registry), and where
the stack deploys, which its args check in ``check_deployment_target``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from components.aws_context import aws_context
from components.contract import SECTION_BY_NAME, Section


@dataclass(frozen=True)
class TopologySpec:
    """How one topology is configured, built and exported."""

    name: str
    """Its name in the ``topologies`` config key and its output contract section."""
    resource_name: str
    """Name of its component resource (and prefix of every child's name)."""
    args_class: type
    """Its args class, the schema of its settings (see components/config_fields.py)."""
    component: type
    """Its ComponentResource class, called as ``component(resource_name, args)``."""
    outputs: Callable[[Any], Mapping[str, Any]]
    """The contract outputs of a built component."""
    public_subnets: Callable[[Any], bool] | None = None
    """Whether its args need public subnets in the shared VPC. Default: never."""

    @property
    def section(self) -> Section:
        """Its section of the output contract."""
        return SECTION_BY_NAME[self.name]

    @property
    def needs_network(self) -> bool:
        """Whether it lives in the shared VPC (the contract's section says so, as the network keys depend on it)."""
        return self.section.in_vpc

    def needs_public_subnets(self, args: Any) -> bool:
        return self.public_subnets is not None and self.public_subnets(args)


@dataclass(frozen=True)
class DeploymentTarget:
    """Where the stack deploys, as the provider answers: the region, and the account when a check needs it."""

    region: str
    where: str
    """How messages say where the region came from (``'aws:region' is eu-west-1``)."""
    account: str | None = None
    """The deploying account when the caller already knows it; by default ``account_id()`` asks the provider."""

    def account_id(self) -> str:
        """The account the provider deploys to: its credentials' account, as ``aws.get_caller_identity()`` answers
        (with ``aws:allowedAccountIds`` set, the provider runs in no other)."""
        return self.account or aws_context().account_id
