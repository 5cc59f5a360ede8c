"""API keys come with throttling: usage plans set limits, and key-protected APIs have a plan
(policies/README.md#aws-apigateway-usageplan-enable-throttling).

API keys exist for metering and throttling; a plan without limits, or an API whose methods require
keys but no plan is bound to it, gives keys without their purpose. A stack policy: a Method is
linked to its API through ``restApi``, a UsagePlan to the APIs of its ``apiStages``, both by property
dependencies; the operations of a RestApi's OpenAPI ``body`` are methods of that API. Per-method
``apiStages[].throttles`` cover only the listed methods, so the plan-level
``throttleSettings`` is what counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.apigateway import openapi
from private_api_guard.apigateway.graph import Unknowns
from private_api_guard.core import StackIndex, dependencies, stack_policy, violation

NAME = "aws-apigateway-usageplan-enable-throttling"


def _positive(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0


def has_limits(settings: Any) -> bool:
    """A throttle block with a positive rate or burst limit."""
    return isinstance(settings, Mapping) and (_positive(settings.get("rateLimit"))
                                              or _positive(settings.get("burstLimit")))


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    plans_of = index.referrers((types.USAGE_PLAN,), "apiStages")

    def check_plan(plan: PolicyResource) -> None:
        settings = plan.props.get("throttleSettings")
        if not has_limits(settings):
            report(violation("throttleSettings", settings, "the usage plan sets no rate or burst limit, so its API "
                             "keys are not throttled", "set throttle_settings with rate_limit and burst_limit"),
                   plan.urn)

    keyed: dict[str, tuple[PolicyResource, list[str]]] = {}

    def collect(method: PolicyResource) -> None:
        if method.props.get("apiKeyRequired") is not True:
            return
        for api in dependencies(method, "restApi"):
            if api.resource_type == types.REST_API:
                keyed.setdefault(api.urn, (api, []))[1].append(method.name)

    def collect_body(api: PolicyResource) -> None:
        found = openapi.read(api.props.get("body"))
        for operation in found.operations if found is not None else ():
            if operation.api_key_required:
                keyed.setdefault(api.urn, (api, []))[1].append(operation.label)

    def check_api(entry: tuple[PolicyResource, list[str]]) -> None:
        api, methods = entry
        if not plans_of.get(api.urn):
            report(violation("apiKeyRequired", True, f"methods {', '.join(methods)} of this API require an API key "
                             "but no usage plan is bound to a stage of the API", "add an apigateway.UsagePlan with "
                             "api_stages=[{api_id: api.id, stage: stage.stage_name}] and throttle_settings"),
                   api.urn)

    unknowns = Unknowns()
    unknowns.each(index.of(types.USAGE_PLAN), check_plan)
    unknowns.each(index.of(types.METHOD), collect)
    unknowns.each(index.of(types.REST_API), collect_body)
    unknowns.each(list(keyed.values()), check_api)
    unknowns.raise_first()


POLICY = stack_policy(
    name=NAME,
    description="Checks that every API Gateway usage plan sets throttle limits and that every API with "
                "key-required methods is bound to a usage plan.",
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Create aws.apigateway.UsagePlan(api_stages=[{'api_id': api.id, 'stage': stage.stage_name}], "
                      "throttle_settings={'rate_limit': ..., 'burst_limit': ...}, quota_settings=...) and bind "
                      "each key with a UsagePlanKey.",
)
