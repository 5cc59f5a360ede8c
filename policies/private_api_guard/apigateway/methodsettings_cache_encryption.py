"""Cached API responses are encrypted (policies/README.md#aws-apigateway-methodsettings-enable-cache-encryption).

The security half of awsguard ``apigateway-method-cached-and-encrypted`` / AWS Config
``api-gw-cache-enabled-and-encrypted`` / checkov CKV_AWS_308: a cache is not required
(``aws-apigateway-stage-enable-cache``, a cost opinion, is disabled), but when there is one it must be
encrypted. Two shapes, hence a stack policy:

* a MethodSettings with ``cachingEnabled`` must set ``cacheDataEncrypted``;
* a Stage with ``cacheClusterEnabled`` caches GET methods by default, unencrypted by default, so it
  needs a MethodSettings for ``*/*`` on that stage that sets ``cacheDataEncrypted`` (or turns
  caching off). A MethodSettings belongs to the stage whose ``stageName`` it came from, or, for a
  literal stage name, to the stage of that name on the same API.
"""

from __future__ import annotations

from collections.abc import Mapping

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs

from private_api_guard import types
from private_api_guard.apigateway.graph import Unknowns
from private_api_guard.core import StackIndex, dependencies, stack_policy, violation

NAME = "aws-apigateway-methodsettings-enable-cache-encryption"


def _settings(resource: PolicyResource) -> Mapping:
    found = resource.props.get("settings")
    return found if isinstance(found, Mapping) else {}


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    all_settings = index.of(types.METHOD_SETTINGS)
    linked = index.referrers((types.METHOD_SETTINGS,), "stageName")
    unknowns = Unknowns()

    def check_settings(method_settings: PolicyResource) -> None:
        settings = _settings(method_settings)
        if settings.get("cachingEnabled") is True and settings.get("cacheDataEncrypted") is not True:
            report(violation("settings.cacheDataEncrypted", settings.get("cacheDataEncrypted"), "caching is enabled "
                             "for these methods but the cached responses are stored unencrypted",
                             "set settings.cache_data_encrypted=True"), method_settings.urn)

    def settings_of(stage: PolicyResource) -> list[PolicyResource]:
        if linked.get(stage.urn):
            return linked[stage.urn]
        apis = {api.urn for api in dependencies(stage, "restApi")}
        same_api = [s for s in all_settings if apis & {api.urn for api in dependencies(s, "restApi")}]
        if not same_api:
            return []
        name = stage.props.get("stageName")
        return [s for s in same_api if not dependencies(s, "stageName") and s.props.get("stageName") == name]

    def check_stage(stage: PolicyResource) -> None:
        if stage.props.get("cacheClusterEnabled") is not True:
            return
        for method_settings in settings_of(stage):
            if method_settings.props.get("methodPath") != "*/*":
                continue
            settings = _settings(method_settings)
            if settings.get("cacheDataEncrypted") is True or settings.get("cachingEnabled") is False:
                return
        report(violation("cacheClusterEnabled", True, "the stage has a cache cluster but no MethodSettings for '*/*' "
                         "on it encrypts the cache, so GET responses are cached unencrypted", "add MethodSettings("
                         "method_path='*/*', settings={'caching_enabled': True, 'cache_data_encrypted': True}) "
                         "for this stage"), stage.urn)

    unknowns.each(all_settings, check_settings)
    unknowns.each(index.of(types.STAGE), check_stage)
    unknowns.raise_first()


POLICY = stack_policy(
    name=NAME,
    description="Checks that API Gateway caches are encrypted: method settings that enable caching set "
                "cacheDataEncrypted, and a stage with a cache cluster has encrypted '*/*' method settings.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.HIGH,
    remediation_steps="Set settings={'caching_enabled': True, 'cache_data_encrypted': True} on the MethodSettings "
                      "(method_path='*/*') of every stage with cache_cluster_enabled=True.",
)
