"""Instances require IMDSv2 (Config ec2-imdsv2-check, checkov CKV_AWS_79).

``metadataOptions.httpTokens`` must be ``required``, or the metadata endpoint disabled altogether
(``httpEndpoint: disabled``). A missing block fails: whether IMDSv1 stays on then depends on the AMI.
Launch templates are held to the same rule; an instance that sets no options of its own but names a
launch template takes them from the template, which this policy checks in its own right.
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import resource_policy, violation

NAME = "aws-ec2-instance-enable-imdsv2"


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    options = props.get("metadataOptions")
    if options is None and args.resource_type == types.INSTANCE and props.get("launchTemplate"):
        return
    if not isinstance(options, Mapping):
        options = {}
    if options.get("httpEndpoint") == "disabled":
        return
    tokens = options.get("httpTokens")
    if tokens != "required":
        report(violation("metadataOptions.httpTokens", tokens, "the instance metadata service accepts IMDSv1, so "
                         "one SSRF in the app hands out the instance role's credentials", "set "
                         "metadata_options={'http_tokens': 'required', 'http_put_response_hop_limit': 1}"))


POLICY = resource_policy(
    name=NAME,
    description="Checks that every instance and launch template requires IMDSv2 (metadataOptions.httpTokens "
                "'required') or disables the metadata endpoint.",
    resource_types=(types.INSTANCE, types.LAUNCH_TEMPLATE),
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set metadata_options={'http_tokens': 'required', 'http_endpoint': 'enabled', "
                      "'http_put_response_hop_limit': 1} on instances and launch templates.",
)
