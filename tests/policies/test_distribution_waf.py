from private_api_guard import types
from private_api_guard.cloudfront.distribution_waf import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource


def test_metadata():
    assert POLICY.name == "aws-cloudfront-distribution-enable-waf"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_distribution_without_web_acl_fails():
    for value in (None, "", " "):
        result = run_resource(POLICY, types.CLOUDFRONT_DISTRIBUTION, {"enabled": True, "webAclId": value})
        assert len(result.violations) == 1
    assert run_resource(POLICY, types.CLOUDFRONT_DISTRIBUTION, {}).violations == [
        "webAclId is unset: no AWS WAF web ACL filters the requests the distribution accepts from the internet. Fix: "
        "create an aws.wafv2.WebAcl with scope='CLOUDFRONT' (in us-east-1) and set web_acl_id=web_acl.arn."]


def test_distribution_with_web_acl_passes():
    arn = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
    assert run_resource(POLICY, types.CLOUDFRONT_DISTRIBUTION, {"webAclId": arn}).violations == []


def test_unknown_web_acl_cannot_be_decided():
    result = run_resource(POLICY, types.CLOUDFRONT_DISTRIBUTION, {"webAclId": UNKNOWN})
    assert result.unknown == "string value at .webAclId can't be known during preview"
