from private_api_guard import types
from private_api_guard.cloudfront.distribution_origin_access import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

DISTRIBUTION_URN = "urn:pulumi:test::private-apis::aws:cloudfront/distribution:Distribution::cdn"
NO_OAC = ("origins[0].originAccessControlId is unset: origin 'site' is an S3 bucket that CloudFront reads without an "
          "origin access control, so it works only if the bucket allows public reads, and anyone can bypass the "
          "distribution (its WAF, geo restrictions, signed URLs) through the S3 endpoint. Fix: create "
          "aws.cloudfront.OriginAccessControl(origin_access_control_origin_type='s3', signing_behavior='always', "
          "signing_protocol='sigv4'), set origin_access_control_id on the origin, and grant cloudfront.amazonaws.com "
          "s3:GetObject in the bucket policy with AWS:SourceArn = distribution.arn.")


def distribution(*origins, deps=None):
    return Res(types.CLOUDFRONT_DISTRIBUTION, "cdn", {"origins": list(origins)}, deps={"origins": deps or []})


def test_metadata():
    assert POLICY.name == "aws-cloudfront-distribution-enable-origin-access"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_s3_origin_without_access_control_fails():
    for domain in ("site-1234567.s3.eu-west-1.amazonaws.com", "site.s3.amazonaws.com",
                   "Site.S3-eu-west-1.amazonaws.com", "site.s3.dualstack.eu-west-1.amazonaws.com"):
        result = run_stack(POLICY, [distribution({"originId": "site", "domainName": domain})])
        assert result.violations == [NO_OAC], domain
        assert result.urns == [DISTRIBUTION_URN]


def test_unknown_domain_without_custom_config_is_an_s3_origin():
    result = run_stack(POLICY, [Res(types.S3_BUCKET, "site", {}),
                                distribution({"originId": "site", "domainName": UNKNOWN}, deps=["site"])])
    assert result.violations == [NO_OAC]


def test_origin_access_control_or_identity_passes_even_when_unknown():
    for origin in ({"originAccessControlId": "E2QWRUHAPOMQZL"}, {"originAccessControlId": UNKNOWN},
                   {"s3OriginConfig": {"originAccessIdentity": "origin-access-identity/cloudfront/E2QWRUHAPOMQZL"}},
                   {"s3OriginConfig": {"originAccessIdentity": UNKNOWN}}):
        assert run_stack(POLICY, [distribution({"originId": "site", "domainName": UNKNOWN, **origin})]
                         ).violations == [], origin


def test_website_endpoint_origins_fail():
    result = run_stack(POLICY, [distribution({"originId": "site", "domainName":
                                              "site.s3-website-eu-west-1.amazonaws.com",
                                              "customOriginConfig": {"originProtocolPolicy": "http-only"}})])
    assert result.violations == [
        "origins[0].domainName is 'site.s3-website-eu-west-1.amazonaws.com': origin 'site' is an S3 website endpoint, "
        "which CloudFront reaches anonymously over HTTP, so the bucket must be public and can be read around the "
        "distribution. Fix: point the origin at the bucket's bucket_regional_domain_name with an origin access "
        "control instead of its website endpoint, and keep the bucket private."]
    website = Res(types.S3_BUCKET_WEBSITE_CONFIGURATION, "site-website", {"bucket": UNKNOWN})
    unknown = run_stack(POLICY, [website, distribution({"originId": "site", "domainName": UNKNOWN,
                                                        "customOriginConfig": {}}, deps=["site-website"])])
    assert unknown.violations[0].startswith("origins[0].domainName is unset: origin 'site' is an S3 website endpoint")


def test_custom_and_vpc_origins_pass():
    assert run_stack(POLICY, [distribution(
        {"originId": "alb", "domainName": "app-1234.eu-west-1.elb.amazonaws.com",
         "customOriginConfig": {"originProtocolPolicy": "https-only"}},
        {"originId": "api", "domainName": UNKNOWN, "customOriginConfig": {"originProtocolPolicy": "https-only"}},
        {"originId": "vpc", "domainName": UNKNOWN, "vpcOriginConfig": {"vpcOriginId": UNKNOWN}},
        {"originId": "other", "domainName": "example.com"},
    )]).violations == []


def test_unknown_origins_cannot_be_decided():
    result = run_stack(POLICY, [Res(types.CLOUDFRONT_DISTRIBUTION, "cdn", {"origins": UNKNOWN})])
    assert result.unknown == "Array value at .origins can't be known during preview" or result.unknown
