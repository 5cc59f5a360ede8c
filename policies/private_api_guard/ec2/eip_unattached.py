"""Every Elastic IP is used (AWS Config eip-attached, Prowler ec2_elastic_ip_unassigned).

Advisory: an Elastic IP that no resource of the stack uses exposes nothing as configured, but it is a public
address waiting for a workload (anyone with ec2:AssociateAddress can bind it outside the program) and AWS bills it
while idle (https://aws.amazon.com/vpc/pricing/, public IPv4 addresses). "Used" means bound through the Eip's
``instance`` / ``networkInterface``, or named through property dependencies by any resource of the stack: a NAT
gateway's ``allocationId``, an ``ec2.EipAssociation``, a load balancer's ``subnetMappings``. An address kept for
another stack is exempted in the config.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard.apigateway.graph import decide_each
from private_api_guard.core import stack_policy, violation
from private_api_guard.ec2.elastic_ips import ElasticIpView

NAME = "aws-ec2-eip-disallow-unattached"
FIX = ("give it to the NAT gateway or load balancer it was allocated for (allocation_id=eip.id) or remove it; "
       "exempt an address kept for another stack with a reason in the policy config")


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    view = ElasticIpView(args.resources)

    def check(eip) -> None:
        if view.referrers.get(eip.urn) or view.bindings(eip):
            return
        report(violation("instance", None, "no resource of the stack uses the Elastic IP: neither the Eip binds it "
                         "(instance, networkInterface) nor does a NAT gateway, EipAssociation or load balancer name "
                         "it", FIX), eip.urn)

    decide_each(view.eips, check)


POLICY = stack_policy(
    name=NAME,
    description="Checks that every Elastic IP is bound by the Eip or used by a resource of the stack, such as a NAT "
                "gateway, an EipAssociation or a load balancer subnet mapping.",
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    remediation_steps="Pass the Elastic IP's id to the NAT gateway or load balancer it is for, or delete it; exempt "
                      "an address that another stack uses with a reason in this policy's config.",
)
