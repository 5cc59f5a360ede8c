"""Exports the output contract (:mod:`components.contract`) from the program."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from components.contract import CONTRACT_VERSION, SECTION_BY_NAME, Network, Stack, checked_outputs
from components.network import PrivateNetwork


def export_section(section: str, outputs: Mapping[str, Any]) -> None:
    """Export ``outputs`` under the contract's ``section``; keys the contract marks secret become secrets here,
    whatever the component handed over, so a secret can never leave as plain text."""
    secret = {key for key in SECTION_BY_NAME[section].keys if key.secret}
    for key, value in checked_outputs(section, outputs).items():
        pulumi.export(key, pulumi.Output.secret(value) if key in secret else value)


def stack_wide_outputs(topologies: Sequence[str]) -> dict[str, Any]:
    """The stack-wide keys (:class:`components.contract.Stack`)."""
    return {
        Stack.CONTRACT_VERSION: CONTRACT_VERSION,
        Stack.TOPOLOGIES: list(topologies),
        Stack.REGION: aws.get_region_output().region,
    }


def network_outputs(network: PrivateNetwork) -> dict[str, Any]:
    """The shared VPC's keys (:class:`components.contract.Network`)."""
    return {
        Network.VPC_ID: network.vpc_id,
        Network.VPC_CIDR: network.vpc_cidr,
        Network.PRIVATE_SUBNET_IDS: network.private_subnet_ids,
        Network.AVAILABILITY_ZONES: network.availability_zones,
    }
