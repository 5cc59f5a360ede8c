"""Buckets do not serve S3 website endpoints (advisory).

A website endpoint (``BucketWebsiteConfiguration``/``V2``, or the deprecated inline ``website`` of a Bucket and
``websites`` of a BucketV2) answers only over HTTP and only anonymous requests
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html), so whatever it serves needs a
public bucket policy, and goes out unencrypted. Advisory: the endpoint serves nothing unless the bucket is
public, which ``aws-s3-bucket-disallow-public-policy`` reports as mandatory when no block stops it. A
configuration that only redirects (``redirectAllRequestsTo``) serves no objects and passes. CloudFront with an
origin access control is AWS's recommended replacement
(https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).
(Prowler s3_bucket_website_hosting_disabled; checkov and AWS Config have no such check.)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi_policy import EnforcementLevel, ReportViolation, ResourceValidationArgs, Severity

from private_api_guard import types
from private_api_guard.core import as_list, resource_policy, violation
from private_api_guard.s3.bucket_view import BUCKET_TYPES, WEBSITE_TYPES

NAME = "aws-s3-bucket-disallow-website-hosting"
PROBLEM = ("the bucket serves an S3 website endpoint, which speaks only HTTP and answers only anonymous requests, "
           "so everything it serves must be public and travels unencrypted")
FIX = ("serve the site through CloudFront (HTTPS) from the bucket's REST endpoint with an origin access control, "
       "and remove the website configuration")


def _check(config: Any, prefix: str, report: ReportViolation) -> None:
    if not isinstance(config, Mapping):
        return
    index_document = config.get("indexDocument")
    if index_document is not None and index_document != "":
        report(violation(f"{prefix}indexDocument", index_document, PROBLEM, FIX))


def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
    props = args.props
    if args.resource_type in WEBSITE_TYPES:
        _check(props, "", report)
    elif args.resource_type == types.S3_BUCKET:
        _check(props.get("website"), "website.", report)
    else:
        for index, website in enumerate(as_list(props.get("websites"))):
            _check(website, f"websites[{index}].", report)


POLICY = resource_policy(
    name=NAME,
    description="Checks that no S3 bucket serves a website endpoint (HTTP only, anonymous requests only).",
    resource_types=(*WEBSITE_TYPES, *BUCKET_TYPES),
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Serve static sites through aws.cloudfront.Distribution with an "
                      "aws.cloudfront.OriginAccessControl on the bucket's bucket_regional_domain_name, keep the "
                      "bucket private, and drop aws.s3.BucketWebsiteConfiguration.",
)
