"""A PRIVATE API's resource policy admits VPCs and endpoints of the stack that can actually reach it.

A private API is invoked only through an interface VPC endpoint for ``execute-api``
(https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html). A policy that admits,
through ``aws:SourceVpc`` / ``aws:SourceVpce``, a VPC of this stack that has no such endpoint, or an endpoint of
this stack for another service (an S3 gateway endpoint, say), admits no call at all: it fails closed. That is a
mistake, not an exposure, hence advisory: the callers meant cannot reach the API.

What the policy admits is found two ways: the stack's ``VpcEndpoint`` and ``Vpc`` resources its value came from
(property dependencies of ``policy`` on the ``RestApiPolicy`` or the ``RestApi``, known in a first preview), and
the literal ids in its ``aws:SourceVpce`` / ``aws:SourceVpc`` conditions that name resources of this stack (by the
id in their ARN, in a normal preview). Ids from outside the stack (other teams' VPCs, which invoke through their
own endpoints) are legitimate here; rule ``aws-apigateway-restapipolicy-configure-source-restriction`` checks them
against ``allowedVpcIds`` / ``allowedVpcEndpointIds`` where those are configured.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from private_api_guard import types
from private_api_guard.apigateway.graph import Unknowns, is_private
from private_api_guard.core import (
    Described,
    StackIndex,
    dependencies,
    parse_json_document,
    stack_policy,
    statements,
    violation,
)
from private_api_guard.ec2.vpcendpoint_execute_api_interface import is_execute_api
from private_api_guard.iam_documents import SOURCE_KEYS, restrictions

NAME = "aws-apigateway-restapipolicy-configure-reachable-source"
FIX = ("add an aws.ec2.VpcEndpoint for com.amazonaws.<region>.execute-api (Interface) in that VPC, or admit the "
       "execute-api endpoint or VPC your callers really use")


def _arn_id(resource: PolicyResource) -> str | None:
    """The id at the end of a resource's ARN (``.../vpc/vpc-0abc``), or None while it is unknown."""
    try:
        arn = resource.props.get("arn")
    except UnknownValueError:
        return None
    return arn.rsplit("/", 1)[-1] if isinstance(arn, str) and "/" in arn else None


def _service(endpoint: PolicyResource) -> str:
    service = endpoint.props.get("serviceName")
    return service.strip() if isinstance(service, str) else ""


@dataclass
class _Network:
    """The stack's VPCs and endpoints by id, and which VPCs have an execute-api endpoint."""

    by_id: dict[str, PolicyResource] = field(default_factory=dict)
    reachable: set[str] = field(default_factory=set)
    """URNs of VPCs with an execute-api endpoint of the stack."""
    undecided: dict[str, UnknownValueError] = field(default_factory=dict)
    """URNs of VPCs with an endpoint whose service or VPC is unknown."""


def _network(index: StackIndex) -> _Network:
    network = _Network()
    vpcs = index.of(types.VPC)
    for resource in [*vpcs, *index.of(types.VPC_ENDPOINT)]:
        found = _arn_id(resource)
        if found:
            network.by_id[found] = resource
    for endpoint in index.of(types.VPC_ENDPOINT):
        unknown: UnknownValueError | None = None
        try:
            serves = is_execute_api(endpoint.props)
        except UnknownValueError as exc:
            serves, unknown = False, exc
        linked = [d for d in dependencies(endpoint, "vpcId") if d.resource_type == types.VPC]
        if not linked:
            try:
                literal = endpoint.props.get("vpcId")
            except UnknownValueError as exc:
                # In some VPC, maybe one of ours: only an execute-api endpoint (or a possible one) matters.
                literal, unknown = None, unknown or (exc if serves else None)
                serves = False
            if isinstance(literal, str) and literal in network.by_id:
                linked.append(network.by_id[literal])
        if unknown is not None:
            for vpc in linked or vpcs:
                network.undecided.setdefault(vpc.urn, unknown)
        elif serves:
            network.reachable.update(vpc.urn for vpc in linked)
    return network


def _admitted(carrier: PolicyResource, network: _Network) -> Iterator[PolicyResource]:
    """The stack's VPCs and endpoints the carrier's policy admits: its dependencies, then the literal ids it names.

    The dependencies come first, so they are judged even when the document itself is unknown (a first preview).
    """
    found = {d.urn: d for d in dependencies(carrier, "policy") if d.resource_type in (types.VPC, types.VPC_ENDPOINT)}
    yield from found.values()
    document = parse_json_document(carrier.props.get("policy"))
    for statement in statements(document):
        for values in restrictions(statement, SOURCE_KEYS).values():
            for value in values:
                resource = network.by_id.get(value)
                if resource is not None and resource.urn not in found:
                    found[resource.urn] = resource
                    yield resource


def _problem(source: PolicyResource, api: PolicyResource, network: _Network) -> tuple[str, str] | None:
    """(what is admitted, why no call can come from it), or None when it can reach the API."""
    if source.resource_type == types.VPC_ENDPOINT:
        if is_execute_api(source.props):
            return None
        service = _service(source) or "an unset service"
        return (f"VPC endpoint {source.name}", f"the endpoint serves {service}, not execute-api, so no call through "
                f"it can reach the PRIVATE API {api.name}")
    if source.urn in network.reachable:
        return None
    if source.urn in network.undecided:
        raise network.undecided[source.urn]
    return (f"VPC {source.name}", f"the VPC has no execute-api VPC endpoint in this stack, so no call from it can "
            f"reach the PRIVATE API {api.name} (a private API is invoked only through one)")


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    network = _network(index)
    attached = index.referrers((types.REST_API_POLICY,), "restApiId")
    unknowns = Unknowns()

    def check_carrier(api: PolicyResource) -> Callable[[PolicyResource], None]:
        def check(carrier: PolicyResource) -> None:
            for source in _admitted(carrier, network):
                found = _problem(source, api, network)
                if found:
                    what, why = found
                    report(violation("policy", Described(f"a document admitting {what} of this stack"),
                                     f"{why}; the policy fails closed, a mistake rather than an exposure", FIX),
                           carrier.urn)
        return check

    def check_api(api: PolicyResource) -> None:
        if is_private(api.props):
            unknowns.each([api, *attached.get(api.urn, [])], check_carrier(api))

    unknowns.each(index.of(types.REST_API), check_api)
    unknowns.raise_first()


POLICY = stack_policy(
    name=NAME,
    description="Checks that the resource policy of every PRIVATE REST API admits only VPCs of the stack that "
                "have an execute-api VPC endpoint, and only execute-api endpoints of the stack.",
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.LOW,
    remediation_steps="Create an execute-api interface VPC endpoint in every VPC the policy admits through "
                      "aws:SourceVpc, and name only execute-api endpoints in aws:SourceVpce.",
)
