"""How an EKS cluster's API server endpoint is exposed (no policy of its own).

EKS defaults: "endpoint_public_access: Whether the Amazon EKS public API server endpoint is enabled. Default is
true"; "public_access_cidrs: ... EKS defaults this to a list with 0.0.0.0/0" (pulumi-aws 7 ``eks.Cluster``
docs). An empty list is sent as unset (the provider's ``GetOk``), so it also means the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from private_api_guard.core import as_list
from private_api_guard.public_flags import block, public_unless_false

DEFAULT_PUBLIC_CIDRS = ("0.0.0.0/0",)


def public_endpoint(props: Mapping[str, Any]) -> tuple[bool, Any]:
    """``(is the public endpoint on, the endpointPublicAccess value as set)``; unset means on."""
    value = block(props, "vpcConfig").get("endpointPublicAccess")
    return public_unless_false(value), value


def public_cidrs(props: Mapping[str, Any]) -> tuple[list[Any], Any]:
    """``(the CIDRs the public endpoint admits, the publicAccessCidrs value as set)``; unset or empty means world."""
    value = block(props, "vpcConfig").get("publicAccessCidrs")
    found = as_list(value)
    return (found or list(DEFAULT_PUBLIC_CIDRS)), value
