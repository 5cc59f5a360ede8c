from private_api_guard import types
from private_api_guard.apigateway.stage_waf import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

API = Res(types.REST_API, "api", {})
STAGE = Res(types.STAGE, "stage", {"restApi": UNKNOWN, "stageName": "v1"}, deps={"restApi": ["api"]})
NO_WAF = ("webAclArn is unset: no web ACL association in this stack protects the stage. Fix: add "
          "aws.wafv2.WebAclAssociation(resource_arn=stage.arn, web_acl_arn=...).")


def test_metadata_disabled_by_default():
    assert POLICY.name == "aws-apigateway-stage-enable-waf"
    assert POLICY.enforcement_level.value == "disabled"
    assert POLICY.description.startswith("Checks that")


def test_stage_without_web_acl_fails():
    result = run_stack(POLICY, [API, STAGE])
    assert result.violations == [NO_WAF]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/stage:Stage::stage"]


def test_association_from_the_stage_passes():
    association = Res(types.WAFV2_WEB_ACL_ASSOCIATION, "waf", {"resourceArn": UNKNOWN, "webAclArn": UNKNOWN},
                      deps={"resourceArn": ["stage"]})
    assert run_stack(POLICY, [API, STAGE, association]).violations == []


def test_literal_stage_arn_passes():
    stage = Res(types.STAGE, "stage", {"restApi": "abc123", "stageName": "v1"})
    association = Res(types.WAFV2_WEB_ACL_ASSOCIATION, "waf", {
        "resourceArn": "arn:aws:apigateway:eu-west-1::/restapis/abc123/stages/v1", "webAclArn": UNKNOWN})
    assert run_stack(POLICY, [stage, association]).violations == []


def test_association_with_unknown_target_cannot_be_decided():
    association = Res(types.WAFV2_WEB_ACL_ASSOCIATION, "waf", {"resourceArn": UNKNOWN, "webAclArn": UNKNOWN})
    result = run_stack(POLICY, [API, STAGE, association])
    assert result.violations == []
    assert result.unknown == "string value at .resourceArn can't be known during preview"
