"""The rule for every AWS resource type without a builder of its own: an id and an ARN in the service's format.

The ARN's service namespace is the one the service documents, which is not always the provider module's name
(``lb`` resources are ``elasticloadbalancing``, ``sfn`` is ``states``; Service Authorization Reference, "Actions,
resources, and condition keys"). IAM, Route 53 and CloudFront ARNs carry no region and S3's neither region nor
account (AWS General Reference, "Amazon Resource Names"). The resource part is the type name in kebab case and the
resource's name (its ``name`` or ``<type>Name`` input, else Pulumi's auto-name); a resource that has a name has it
as its id, as terraform-provider-aws sets most ids, and one that has none (attachments, associations) gets the
service's usual ``<initials>-<17 hex>`` form.
"""

from __future__ import annotations

import re
from typing import Any

from private_apis.engine.aws_mocks import AwsMocks, _hex

_SERVICES = {
    "lb": "elasticloadbalancing", "alb": "elasticloadbalancing", "elb": "elasticloadbalancing",
    "sfn": "states", "cognito": "cognito-idp", "efs": "elasticfilesystem", "vpc": "ec2", "ec2transitgateway": "ec2",
    "ec2clientvpn": "ec2", "apigatewayv2": "apigateway", "cloudwatch": "cloudwatch", "cloudhsmv2": "cloudhsm",
    "servicediscovery": "servicediscovery", "appautoscaling": "application-autoscaling", "autoscaling": "autoscaling",
    "networkfirewall": "network-firewall", "opensearch": "es", "elasticsearch": "es", "msk": "kafka",
    "cloudcontrol": "cloudformation", "directoryservice": "ds", "elasticbeanstalk": "elasticbeanstalk",
    "scheduler": "scheduler", "pipes": "pipes", "lex": "lex", "kinesisanalyticsv2": "kinesisanalytics",
}
# CloudWatch resources of the events and logs APIs live under those namespaces.
_CLOUDWATCH_PREFIXES = (("Event", "events"), ("Log", "logs"), ("QueryDefinition", "logs"))
_GLOBAL = {"iam", "route53", "cloudfront", "organizations", "shield", "globalaccelerator", "waf"}
_NAME_KEYS = ("name",)
# Resource parts whose documented form is not "<kebab-case type>/<name>".
_KINDS = {
    "aws:cloudwatch/eventRule:EventRule": "rule/", "aws:cloudwatch/metricAlarm:MetricAlarm": "alarm:",
    "aws:sfn/stateMachine:StateMachine": "stateMachine:", "aws:sfn/activity:Activity": "activity:",
    "aws:glue/job:Job": "job/", "aws:glue/catalogDatabase:CatalogDatabase": "database/",
    "aws:glue/crawler:Crawler": "crawler/", "aws:kinesis/stream:Stream": "stream/",
    "aws:ecr/repository:Repository": "repository/", "aws:cloudwatch/dashboard:Dashboard": "dashboard/",
    "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": "namespace/",
}


def _kebab(resource: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", resource).lower()


def service_of(module: str, resource: str) -> str:
    """The ARN service namespace of ``aws:<module>/...:<resource>``."""
    if module == "cloudwatch":
        return next((ns for prefix, ns in _CLOUDWATCH_PREFIXES if resource.startswith(prefix)), "cloudwatch")
    return _SERVICES.get(module, module)


def _given_name(inputs: dict[str, Any], resource: str) -> str | None:
    own = resource[0].lower() + resource[1:] + "Name"
    for key in (*_NAME_KEYS, own):
        value = inputs.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def generic_outputs(m: AwsMocks, seed: str, typ: str, name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """``id`` and ``arn`` of a custom resource of ``typ`` (an ``aws:`` token) that no builder knows."""
    module = typ.split(":")[1].split("/")[0]
    resource = typ.rsplit(":", 1)[-1]
    service = service_of(module, resource)
    given = _given_name(inputs, resource)
    ident = given or f"{name}-{_hex(seed, 7)}"
    kind = _KINDS.get(typ, f"{_kebab(resource)}/")
    if service == "s3":
        arn = f"arn:aws:s3:::{ident}"
    elif module in _GLOBAL:
        arn = f"arn:aws:{service}::{m.account}:{kind}{ident}"
    else:
        arn = f"arn:aws:{service}:{m.region}:{m.account}:{kind}{ident}"
    initials = "".join(c for c in resource if c.isupper()).lower() or resource[:3].lower()
    return {"id": given or f"{initials}-{_hex(seed, 17)}", "arn": arn}
