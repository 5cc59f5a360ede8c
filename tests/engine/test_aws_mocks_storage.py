"""The storage mocks answer in the formats S3 and CloudFront use, deterministically."""

import re

import pulumi
import pulumi_aws as aws
import pytest

from private_apis.testing import UNKNOWN, run_program

# The program reads the deprecated inline website outputs on purpose: the mocks answer them too.
pytestmark = pytest.mark.filterwarnings("ignore:website_endpoint is deprecated")


def program():
    site = aws.s3.Bucket("Site", website={"index_document": "index.html"})
    named = aws.s3.BucketV2("named", bucket="acme-named-bucket")
    prefixed = aws.s3.Bucket("prefixed", bucket_prefix="acme-logs-")
    website = aws.s3.BucketWebsiteConfiguration("named-website", bucket=named.id,
                                                index_document={"suffix": "index.html"})
    policy = aws.s3.BucketPolicy("named-policy", bucket=named.id, policy="{}")
    block = aws.s3.BucketPublicAccessBlock("named-block", bucket=named.id, block_public_acls=True)
    ownership = aws.s3.BucketOwnershipControls("named-ownership", bucket=named.id,
                                               rule={"object_ownership": "BucketOwnerEnforced"})
    acl = aws.s3.BucketAclV2("named-acl", bucket=named.id, acl="private")
    account = aws.s3.AccountPublicAccessBlock("account", block_public_acls=True)
    obj = aws.s3.BucketObjectv2("page", bucket=named.id, key="index.html", content="<p>hi</p>")
    oac = aws.cloudfront.OriginAccessControl("oac", origin_access_control_origin_type="s3",
                                             signing_behavior="always", signing_protocol="sigv4")
    oai = aws.cloudfront.OriginAccessIdentity("oai")
    cdn = aws.cloudfront.Distribution(
        "cdn", enabled=True,
        origins=[{"origin_id": "s3", "domain_name": named.bucket_regional_domain_name,
                  "origin_access_control_id": oac.id}],
        default_cache_behavior={"target_origin_id": "s3", "viewer_protocol_policy": "redirect-to-https",
                                "allowed_methods": ["GET", "HEAD"], "cached_methods": ["GET", "HEAD"]},
        restrictions={"geo_restriction": {"restriction_type": "none"}},
        viewer_certificate={"cloudfront_default_certificate": True})
    for key, value in {
        "site_bucket": site.bucket, "site_arn": site.arn, "site_domain": site.bucket_domain_name,
        "site_regional": site.bucket_regional_domain_name, "site_zone": site.hosted_zone_id,
        "site_endpoint": site.website_endpoint, "site_region": site.region, "named": named.bucket,
        "named_id": named.id, "prefixed": prefixed.bucket, "website_endpoint": website.website_endpoint,
        "website_domain": website.website_domain, "policy_id": policy.id, "block_id": block.id,
        "ownership_id": ownership.id, "acl_id": acl.id, "account_id": account.id, "object_etag": obj.etag,
        "object_id": obj.id, "oac_id": oac.id, "oac_arn": oac.arn, "oac_etag": oac.etag, "oai_id": oai.id,
        "oai_iam_arn": oai.iam_arn, "oai_path": oai.cloudfront_access_identity_path, "cdn_id": cdn.id,
        "cdn_arn": cdn.arn, "cdn_domain": cdn.domain_name, "cdn_zone": cdn.hosted_zone_id, "cdn_status": cdn.status,
        "cdn_etag": cdn.etag,
    }.items():
        pulumi.export(key, value)


def test_buckets_are_auto_named_lower_case_with_their_domains():
    out = run_program(program).outputs
    assert re.fullmatch(r"site-[0-9a-f]{7}", out["site_bucket"])
    bucket = out["site_bucket"]
    assert out["site_arn"] == f"arn:aws:s3:::{bucket}"
    assert out["site_domain"] == f"{bucket}.s3.amazonaws.com"
    assert out["site_regional"] == f"{bucket}.s3.eu-west-1.amazonaws.com"
    assert out["site_zone"] == "Z1BKCTXD74EZPE"
    assert out["site_region"] == "eu-west-1"
    assert out["site_endpoint"] == f"{bucket}.s3-website-eu-west-1.amazonaws.com"
    assert out["named"] == out["named_id"] == "acme-named-bucket"
    assert re.fullmatch(r"acme-logs-[0-9]{26}", out["prefixed"])


def test_website_endpoints_follow_the_region_style():
    assert run_program(program).outputs["website_endpoint"] == "acme-named-bucket.s3-website-eu-west-1.amazonaws.com"
    out = run_program(program, config={"aws:region": "eu-central-1"}).outputs
    assert out["website_endpoint"] == "acme-named-bucket.s3-website.eu-central-1.amazonaws.com"
    assert out["website_domain"] == "s3-website.eu-central-1.amazonaws.com"
    assert out["site_zone"] == "Z21DNDUVLTQW6Q"


def test_bucket_sub_resources_have_the_provider_ids():
    out = run_program(program).outputs
    assert out["policy_id"] == out["block_id"] == out["ownership_id"] == "acme-named-bucket"
    assert out["acl_id"] == "acme-named-bucket,private"
    assert out["account_id"] == "123456789012"
    assert out["object_id"] == "index.html" and re.fullmatch(r"[0-9a-f]{32}", out["object_etag"])


def test_cloudfront_ids_and_domains():
    out = run_program(program).outputs
    assert re.fullmatch(r"E[0-9A-Z]{13}", out["cdn_id"])
    assert out["cdn_arn"] == f"arn:aws:cloudfront::123456789012:distribution/{out['cdn_id']}"
    assert re.fullmatch(r"d[0-9a-z]{13}\.cloudfront\.net", out["cdn_domain"])
    assert out["cdn_zone"] == "Z2FDTNDATAQYW2" and out["cdn_status"] == "Deployed"
    assert re.fullmatch(r"E[0-9A-Z]{13}", out["cdn_etag"])
    assert re.fullmatch(r"E[0-9A-Z]{13}", out["oac_id"]) and out["oac_id"] != out["cdn_id"]
    assert out["oac_arn"] == f"arn:aws:cloudfront::123456789012:origin-access-control/{out['oac_id']}"
    assert out["oai_iam_arn"] == f"arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity {out['oai_id']}"
    assert out["oai_path"] == f"origin-access-identity/cloudfront/{out['oai_id']}"


def test_outputs_are_stable_and_unknown_in_a_first_preview():
    assert run_program(program).outputs == run_program(program).outputs
    first = run_program(program, first_preview=True).outputs
    assert first["cdn_id"] == UNKNOWN and first["site_bucket"] == UNKNOWN
    assert first["named"] == "acme-named-bucket"
