"""CloudFront reads S3 origins through an origin access control (advisory).

An S3 origin without ``originAccessControlId`` (or the legacy ``s3OriginConfig.originAccessIdentity``) is fetched
anonymously: it works only if the bucket allows public reads, and then anyone can skip the distribution (its WAF,
geo restrictions, signed URLs) by calling S3 directly. An S3 website endpoint as a custom origin is the same, over
HTTP, and cannot use an origin access control at all
(https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).

A stack policy: an origin's ``domainName`` is usually a bucket output, unknown in a first preview, so an origin is
recognised by its domain (``<bucket>.s3[.<region>].amazonaws.com``, ``<bucket>.s3-website[-.]<region>...``) or, when
that is unknown, by its shape (no ``customOriginConfig``: CloudFront treats it as an S3 origin) and by the property
dependencies of ``origins`` (a website configuration behind a custom origin). An unknown origin access control id
counts as set: it comes from an OriginAccessControl being created. Advisory: the exposure itself is the bucket's
public policy, which ``aws-s3-bucket-disallow-public-policy`` reports as mandatory. (checkov CKV2_AWS_46, AWS Config
cloudfront-origin-access-identity-enabled / cloudfront-s3-origin-access-control-enabled, Prowler
cloudfront_distributions_s3_origin_access_control.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs
from pulumi_policy.proxy import UnknownValueError

from private_api_guard import types
from private_api_guard.apigateway.graph import decide_each
from private_api_guard.core import StackIndex, as_list, dependencies, stack_policy, violation
from private_api_guard.s3.bucket_view import BUCKET_TYPES, WEBSITE_TYPES, declared

NAME = "aws-cloudfront-distribution-enable-origin-access"
S3_WEBSITE = re.compile(r"\.s3-website[.-][a-z0-9.-]+\.amazonaws\.com(\.cn)?$")
S3_REST = re.compile(r"\.s3([.-][a-z0-9.-]+)?\.amazonaws\.com(\.cn)?$")
_UNKNOWN = object()
OAC_FIX = ("create aws.cloudfront.OriginAccessControl(origin_access_control_origin_type='s3', "
           "signing_behavior='always', signing_protocol='sigv4'), set origin_access_control_id on the origin, and "
           "grant cloudfront.amazonaws.com s3:GetObject in the bucket policy with AWS:SourceArn = distribution.arn")
WEBSITE_FIX = ("point the origin at the bucket's bucket_regional_domain_name with an origin access control instead "
               "of its website endpoint, and keep the bucket private")


def _read(mapping: Mapping[str, Any], key: str) -> Any:
    """A value, or ``_UNKNOWN`` when it cannot be known yet."""
    try:
        return mapping.get(key)
    except UnknownValueError:
        return _UNKNOWN


def _is_set(value: Any) -> bool:
    if value is _UNKNOWN:
        return True
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value != {} and value != []


def _has_access_control(origin: Mapping[str, Any]) -> bool:
    if _is_set(_read(origin, "originAccessControlId")):
        return True
    s3_config = _read(origin, "s3OriginConfig")
    if s3_config is _UNKNOWN:
        return True
    return isinstance(s3_config, Mapping) and _is_set(_read(s3_config, "originAccessIdentity"))


def _serves_website(distribution: PolicyResource) -> bool:
    """Whether the origins come from an S3 website configuration (or a bucket's inline website)."""
    for source in dependencies(distribution, "origins"):
        if source.resource_type in WEBSITE_TYPES:
            return True
        if source.resource_type in BUCKET_TYPES and (_is_set(declared(source, "website"))
                                                     or _is_set(declared(source, "websites"))):
            return True
    return False


def _kind(origin: Mapping[str, Any], distribution: PolicyResource) -> str | None:
    """``rest`` (an S3 REST origin), ``website`` (an S3 website endpoint) or None (anything else)."""
    if _read(origin, "vpcOriginConfig") is not None:
        return None
    custom = _read(origin, "customOriginConfig") is not None
    domain = _read(origin, "domainName")
    if isinstance(domain, str):
        lowered = domain.strip().lower().rstrip(".")
        if S3_WEBSITE.search(lowered):
            return "website"
        return "rest" if S3_REST.search(lowered) and not custom else None
    if domain is _UNKNOWN:
        if custom:
            return "website" if _serves_website(distribution) else None
        return "rest"
    return None


def _check(distribution: PolicyResource, report: ReportViolation) -> None:
    for index, origin in enumerate(as_list(distribution.props.get("origins"))):
        if not isinstance(origin, Mapping):
            continue
        kind = _kind(origin, distribution)
        name = _read(origin, "originId")
        label = f"origin '{name}'" if isinstance(name, str) else f"origin {index}"
        if kind == "rest" and not _has_access_control(origin):
            report(violation(f"origins[{index}].originAccessControlId", None,
                             f"{label} is an S3 bucket that CloudFront reads without an origin access control, so it "
                             "works only if the bucket allows public reads, and anyone can bypass the distribution "
                             "(its WAF, geo restrictions, signed URLs) through the S3 endpoint", OAC_FIX),
                   distribution.urn)
        elif kind == "website":
            domain = _read(origin, "domainName")
            report(violation(f"origins[{index}].domainName", None if domain is _UNKNOWN else domain,
                             f"{label} is an S3 website endpoint, which CloudFront reaches anonymously over HTTP, so "
                             "the bucket must be public and can be read around the distribution", WEBSITE_FIX),
                   distribution.urn)


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = StackIndex(args.resources)
    decide_each(index.of(types.CLOUDFRONT_DISTRIBUTION), lambda d: _check(d, report))


POLICY = stack_policy(
    name=NAME,
    description="Checks that CloudFront reads S3 origins through an origin access control (or identity), and not "
                "from an S3 website endpoint.",
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Use the bucket's bucket_regional_domain_name as origin domain_name with "
                      "origin_access_control_id=aws.cloudfront.OriginAccessControl(...).id, keep the bucket private "
                      "behind a complete public access block, and allow cloudfront.amazonaws.com in the bucket "
                      "policy with AWS:SourceArn = distribution.arn.",
)
