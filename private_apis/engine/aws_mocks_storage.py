"""Realistic outputs for the storage resources the pack's exposure rules reason about (registered on import).

S3 buckets and the sub-resources that make one public or keep it private, objects, and CloudFront distributions
with their origin access. Formats follow what the AWS provider computes: bucket domain names and website endpoints
as in terraform-provider-aws ``internal/service/s3`` (``bucketDomainName``, ``WebsiteDomainURL``,
``hostedZoneIDsMap``), CloudFront ids as the CloudFront API returns them.
"""

from __future__ import annotations

import string
from typing import Any

from private_apis.engine.aws_mocks import AwsMocks, _alnum, _builder, _hex

_UPPER = string.ascii_uppercase + string.digits

# Route 53 hosted zone ids of the S3 website endpoints, per region: what a bucket's ``hostedZoneId`` is
# (https://docs.aws.amazon.com/general/latest/gr/s3.html#s3_website_region_endpoints).
S3_WEBSITE_ZONE_IDS = {
    "us-east-1": "Z3AQBSTGFYJSTF", "us-east-2": "Z2O1EMRO9K5GLX", "us-west-1": "Z2F56UZL2M1ACD",
    "us-west-2": "Z3BJ6K6RIION7M", "ca-central-1": "Z1QDHH18159H29", "sa-east-1": "Z7KQH4QJS55SO",
    "eu-west-1": "Z1BKCTXD74EZPE", "eu-west-2": "Z3GKZC51ZF0DB4", "eu-west-3": "Z3R1K369G5AVDG",
    "eu-central-1": "Z21DNDUVLTQW6Q", "eu-north-1": "Z3BAZG2TWCNX0D", "eu-south-1": "Z30OZKI7KPW7MI",
    "ap-northeast-1": "Z2M4EHUR26P7ZW", "ap-northeast-2": "Z3W03O7B5YMIYP", "ap-northeast-3": "Z2YQB5RD63NC85",
    "ap-south-1": "Z11RGJOFQNVJUP", "ap-southeast-1": "Z3O0J2DXBE1FTB", "ap-southeast-2": "Z1WCIGYICN2BYD",
    "me-south-1": "Z1MPMWCPA7YB62", "af-south-1": "Z83WF9RJE8B12", "ap-east-1": "ZNB98KWMFR0R6",
}
# Regions whose website endpoint is ``s3-website-<region>`` (a dash); every later region uses
# ``s3-website.<region>`` (https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html).
_DASH_WEBSITE_REGIONS = frozenset({"ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "eu-west-1", "sa-east-1",
                                   "us-east-1", "us-gov-west-1", "us-west-1", "us-west-2"})
CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"
"""The one hosted zone id of every CloudFront distribution (Route 53 AliasTarget reference)."""


def website_domain(region: str) -> str:
    """The S3 website endpoint domain of a region."""
    if region in _DASH_WEBSITE_REGIONS:
        return f"s3-website-{region}.amazonaws.com"
    return f"s3-website.{region}.amazonaws.com"


def _region(m: AwsMocks, inputs: dict) -> str:
    # pulumi-aws 7 resources take a per-resource ``region`` that overrides the provider's.
    region = inputs.get("region")
    return region if isinstance(region, str) and region else m.region


def _bucket_name(inputs: dict) -> str:
    bucket = inputs.get("bucket")
    return bucket if isinstance(bucket, str) else ""


def _has_website(inputs: dict) -> bool:
    # Bucket takes one ``website`` block, the deprecated BucketV2 a list ``websites``.
    website = inputs.get("website")
    websites = inputs.get("websites")
    return bool(website) or (isinstance(websites, list) and any(websites))


@_builder("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
def _bucket(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    explicit = inputs.get("bucket")
    prefix = inputs.get("bucketPrefix")
    if isinstance(explicit, str) and explicit:
        bucket = explicit
    elif isinstance(prefix, str) and prefix:
        # The provider appends a 26-digit unique id to bucket_prefix.
        bucket = f"{prefix}{int(_hex(seed, 20), 16) % 10**26:026d}"[:63]
    else:
        # Pulumi auto-naming: the logical name, lower-cased (bucket names allow no capitals), a dash, 7 hex.
        bucket = f"{name.lower()}-{_hex(seed, 7)}"[:63]
    region = _region(m, inputs)
    computed: dict[str, Any] = {
        "id": bucket, "bucket": bucket, "arn": f"arn:aws:s3:::{bucket}", "region": region, "bucketRegion": region,
        "bucketDomainName": f"{bucket}.s3.amazonaws.com",
        "bucketRegionalDomainName": f"{bucket}.s3.{region}.amazonaws.com",
        "hostedZoneId": S3_WEBSITE_ZONE_IDS.get(region, f"Z{_alnum(region, 13, _UPPER)}"),
        "tagsAll": dict(inputs.get("tags") or {}),
    }
    if _has_website(inputs):
        computed["websiteDomain"] = website_domain(region)
        computed["websiteEndpoint"] = f"{bucket}.{website_domain(region)}"
    return computed


def _bucket_scoped_id(inputs: dict, *extra: Any) -> str:
    """The provider's id for a bucket sub-resource: the bucket, then the expected owner and extras, comma-joined."""
    parts = [_bucket_name(inputs)]
    owner = inputs.get("expectedBucketOwner")
    if isinstance(owner, str) and owner:
        parts.append(owner)
    parts.extend(str(e) for e in extra if e)
    return ",".join(parts)


@_builder("aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
          "aws:s3/bucketOwnershipControls:BucketOwnershipControls")
def _bucket_setting(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    return {"id": _bucket_name(inputs), "region": _region(m, inputs)}


@_builder("aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2")
def _bucket_acl(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    acl = inputs.get("acl") if isinstance(inputs.get("acl"), str) else ""
    return {"id": _bucket_scoped_id(inputs, acl), "region": _region(m, inputs)}


@_builder("aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration",
          "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2")
def _bucket_website(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    region = _region(m, inputs)
    return {"id": _bucket_scoped_id(inputs), "region": region, "websiteDomain": website_domain(region),
            "websiteEndpoint": f"{_bucket_name(inputs)}.{website_domain(region)}"}


@_builder("aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock")
def _account_block(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    account = inputs.get("accountId") if isinstance(inputs.get("accountId"), str) else m.account
    return {"id": account, "accountId": account}


@_builder("aws:s3/bucketObject:BucketObject", "aws:s3/bucketObjectv2:BucketObjectv2",
          "aws:s3/objectCopy:ObjectCopy")
def _object(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    key = inputs.get("key") if isinstance(inputs.get("key"), str) else name
    version = _alnum(seed + "version", 32, string.ascii_letters + string.digits + "._")
    return {"id": key, "key": key, "etag": _hex(seed + "etag", 32), "versionId": version,
            "arn": f"arn:aws:s3:::{_bucket_name(inputs)}/{key}",
            "storageClass": inputs.get("storageClass") or "STANDARD",
            "contentType": inputs.get("contentType") or "binary/octet-stream"}


def _cloudfront_id(seed: str) -> str:
    """A CloudFront id: E and 13 upper-case letters and digits (distributions, OAC, OAI)."""
    return f"E{_alnum(seed, 13, _UPPER)}"


@_builder("aws:cloudfront/distribution:Distribution")
def _distribution(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _cloudfront_id(seed)
    return {"id": rid, "arn": f"arn:aws:cloudfront::{m.account}:distribution/{rid}",
            "domainName": f"d{_alnum(seed + 'domain', 13)}.cloudfront.net", "hostedZoneId": CLOUDFRONT_ZONE_ID,
            "status": "Deployed", "etag": _cloudfront_id(seed + "etag"),
            "callerReference": f"terraform-{_hex(seed, 26)}",
            "lastModifiedTime": "2026-01-01 00:00:00.000 +0000 UTC", "inProgressValidationBatches": 0,
            "trustedSigners": [{"enabled": False, "items": []}], "trustedKeyGroups": [{"enabled": False, "items": []}],
            "tagsAll": dict(inputs.get("tags") or {})}


@_builder("aws:cloudfront/originAccessControl:OriginAccessControl")
def _origin_access_control(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _cloudfront_id(seed)
    return {"id": rid, "arn": f"arn:aws:cloudfront::{m.account}:origin-access-control/{rid}",
            "etag": _cloudfront_id(seed + "etag")}


@_builder("aws:cloudfront/originAccessIdentity:OriginAccessIdentity")
def _origin_access_identity(m: AwsMocks, seed: str, name: str, inputs: dict) -> dict:
    rid = _cloudfront_id(seed)
    return {"id": rid, "arn": f"arn:aws:cloudfront::{m.account}:origin-access-identity/{rid}",
            "iamArn": f"arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity {rid}",
            "cloudfrontAccessIdentityPath": f"origin-access-identity/cloudfront/{rid}",
            "callerReference": f"terraform-{_hex(seed, 26)}", "etag": _cloudfront_id(seed + "etag")}
