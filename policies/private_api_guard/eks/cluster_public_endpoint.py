"""An EKS cluster's API server has no public endpoint (checkov CKV_AWS_39, Config eks-endpoint-no-public-access,
Prowler eks_cluster_not_publicly_accessible).

Advisory: it reports a public endpoint that ``publicAccessCidrs`` restricts to listed networks. Such an endpoint
is reachable only from those addresses, a control the program itself sets, so it is not reachable from the
internet at large; a private endpoint is still the stronger design. A public endpoint open to the world is the
mandatory ``aws-eks-cluster-disallow-world-endpoint``, so each cluster gets one finding.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation, world_covered
from private_api_guard.eks.endpoint import public_cidrs, public_endpoint

NAME = "aws-eks-cluster-disallow-public-endpoint"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    public, setting = public_endpoint(args.props)
    if not public:
        return
    cidrs, _ = public_cidrs(args.props)
    if world_covered(cidrs) is not None:
        return
    how = "" if setting is not None else " (EKS's default when unset)"
    report(violation("vpcConfig.endpointPublicAccess", setting, f"the Kubernetes API server has a public "
                     f"endpoint{how}, reachable over the internet from {', '.join(map(str, cidrs))}",
                     "set endpoint_public_access=False with endpoint_private_access=True and reach the API from the "
                     "VPC"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no EKS cluster keeps a public API endpoint restricted to listed CIDRs (a private "
                "endpoint only is preferred); a world-open one is the mandatory world-endpoint rule.",
    resource_types=(types.EKS_CLUSTER,),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Set vpc_config endpoint_public_access=False and endpoint_private_access=True; reach the API "
                      "through a VPN, Direct Connect, a bastion or an SSM session in the VPC.",
)
