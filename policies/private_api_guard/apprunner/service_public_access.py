"""App Runner services are private (no public endpoint).

Unset means public: "By default when you create an AWS App Runner service, the service is accessible over the
internet" (AWS App Runner Developer Guide, "Enabling Private endpoint for incoming traffic"); a public endpoint
"opens your service to any incoming traffic from the public internet" ("Setting up networking configurations for
incoming traffic"). App Runner has no authentication of its own in front of the application, and no security group
on a public endpoint, so a public service is reachable as configured, like an internet-facing load balancer.
``networkConfiguration.ingressConfiguration.isPubliclyAccessible=False`` (with an ``apprunner.VpcIngressConnection``)
keeps it to a VPC.
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation
from private_api_guard.public_flags import block, public_unless_false

NAME = "aws-apprunner-service-disallow-public-access"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = block(args.props, "networkConfiguration", "ingressConfiguration").get("isPubliclyAccessible")
    if public_unless_false(value):
        report(violation("networkConfiguration.ingressConfiguration.isPubliclyAccessible", value, "the service has a "
                         "public endpoint (App Runner's default when unset) that takes requests from anyone on the "
                         "internet, with no security group in front of it", "set is_publicly_accessible=False and "
                         "add an apprunner.VpcIngressConnection with an interface endpoint for "
                         "com.amazonaws.<region>.apprunner.requests in your VPC"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every App Runner service sets ingressConfiguration.isPubliclyAccessible to false; "
                "unset means a public endpoint, App Runner's default.",
    resource_types=(types.APPRUNNER_SERVICE,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set network_configuration={'ingress_configuration': {'is_publicly_accessible': False}} and "
                      "create an apprunner.VpcIngressConnection with a VPC interface endpoint for "
                      "com.amazonaws.<region>.apprunner.requests; for an approved public service add an exemption "
                      "with a reason.",
)
