"""Lightsail container services publish no public endpoint.

A deployment's ``publicEndpoint`` names "the container that will serve as the public endpoint of the
deployment" (CreateContainerService, Lightsail API Reference): its port is served on the service's default
domain, ``https://<ServiceName>.<RandomGUID>.<AWSRegion>.cs.amazonlightsail.com``, to anyone. Without one, the
containers are reachable only through the service's private domain (``privateDomainName``,
``<service>.service.local``) from the account's Lightsail resources. Container services have no other network
control (no security groups, no VPC), so a public endpoint is reachable as configured.
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-lightsail-containerservice-disallow-public-endpoint"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    value = args.props.get("publicEndpoint")
    if isinstance(value, Mapping) and len(value):
        report(violation("publicEndpoint", value, "the deployment serves this container on the container service's "
                         "public HTTPS URL to anyone on the internet, with no network control in front of it",
                         "remove public_endpoint and call the containers privately through <service>.service.local "
                         "from Lightsail resources, or exempt an approved public service with a reason"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that no Lightsail container service deployment sets a publicEndpoint.",
    resource_types=(types.LIGHTSAIL_CONTAINER_DEPLOYMENT,),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Remove public_endpoint from the ContainerServiceDeploymentVersion; serve public traffic "
                      "through API Gateway or CloudFront in front of a private backend, or exempt the service with "
                      "a reason.",
)
