"""An EKS cluster's public API endpoint is not open to the whole internet (checkov CKV_AWS_38,
Prowler eks_control_plane_endpoint_access_restricted).

Mandatory: with EKS's defaults (public endpoint on, ``publicAccessCidrs`` ``0.0.0.0/0``, see
:mod:`private_api_guard.eks.endpoint`) the Kubernetes API server accepts connections from anywhere; only
authentication stands between the internet and the control plane. The CIDRs are merged before the check
(:func:`private_api_guard.core.world_covered`), so a split such as ``0.0.0.0/1`` + ``128.0.0.0/1`` counts as
the world. A public endpoint restricted to listed networks is the advisory
``aws-eks-cluster-disallow-public-endpoint``.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation, world_covered
from private_api_guard.eks.endpoint import public_cidrs, public_endpoint

NAME = "aws-eks-cluster-disallow-world-endpoint"
FIX = ("set vpc_config endpoint_public_access=False with endpoint_private_access=True, or list only your own "
       "networks in public_access_cidrs")


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    public, setting = public_endpoint(args.props)
    if not public:
        return
    cidrs, value = public_cidrs(args.props)
    world = world_covered(cidrs)
    if world is None:
        return
    how = "is enabled" if setting is not None else "is enabled by default"
    admits = f"admit {world}, the whole internet" if value else f"default to {world}, the whole internet"
    report(violation("vpcConfig.publicAccessCidrs", value, f"the cluster's public API server endpoint {how} and its "
                     f"allowed CIDRs {admits}, so anyone can reach the Kubernetes control plane", FIX))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no EKS cluster has a public API endpoint open to the whole internet (EKS's default: "
                "endpointPublicAccess true, publicAccessCidrs 0.0.0.0/0).",
    resource_types=(types.EKS_CLUSTER,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set vpc_config={'endpoint_private_access': True, 'endpoint_public_access': False, ...} and "
                      "reach the API from the VPC (VPN, Direct Connect, a bastion or an SSM session), or keep the "
                      "public endpoint and set public_access_cidrs to your egress addresses only.",
)
