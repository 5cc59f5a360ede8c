import json

from private_api_guard import types
from private_api_guard.s3.bucket_public_access_block import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

COMPLETE = {"blockPublicAcls": True, "blockPublicPolicy": True, "ignorePublicAcls": True, "restrictPublicBuckets": True}
PUBLIC = json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]})
BLOCK_URN = "urn:pulumi:test::private-apis::aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::site-block"


def sub(resource_type, name, **props):
    return Res(resource_type, name, {"bucket": UNKNOWN, **props}, deps={"bucket": ["site"]})


def site(*extra):
    return [Res(types.S3_BUCKET, "site", {"bucket": "site-1234567"}), *extra]


def test_metadata():
    assert POLICY.name == "aws-s3-bucket-enable-public-access-block"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_false_and_unset_settings_are_reported_per_setting():
    result = run_stack(POLICY, site(sub(types.S3_BUCKET_PUBLIC_ACCESS_BLOCK, "site-block", blockPublicAcls=True,
                                        ignorePublicAcls=True, blockPublicPolicy=False)))
    assert result.violations == [
        "blockPublicPolicy is false: this block turns off for bucket 'site' what S3 turns on for every new bucket. "
        "Fix: set block_public_policy=True (keep all four settings true).",
        "restrictPublicBuckets is unset: pulumi-aws writes an unset setting as false, so this block turns off for "
        "bucket 'site' what S3 turns on for every new bucket. Fix: set restrict_public_buckets=True (keep all four "
        "settings true)."]
    assert result.urns == [BLOCK_URN, BLOCK_URN]


def test_account_block_settings_are_checked():
    result = run_stack(POLICY, [Res(types.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK, "account", {**COMPLETE,
                                                                                     "ignorePublicAcls": False})])
    assert result.violations == [
        "ignorePublicAcls is false: this block turns off for every bucket of the account what S3 turns on for every "
        "new bucket. Fix: set ignore_public_acls=True (keep all four settings true)."]


def test_complete_blocks_and_buckets_without_blocks_pass():
    assert run_stack(POLICY, site(sub(types.S3_BUCKET_PUBLIC_ACCESS_BLOCK, "site-block", **COMPLETE))).violations == []
    assert run_stack(POLICY, site()).violations == []


def test_a_public_policy_held_back_only_by_a_block_is_reported():
    result = run_stack(POLICY, site(sub(types.S3_BUCKET_PUBLIC_ACCESS_BLOCK, "site-block", **COMPLETE),
                                    sub(types.S3_BUCKET_POLICY, "site-policy", policy=PUBLIC)))
    assert result.violations == [
        "policy.Statement[0].Principal is '*': it allows s3:GetObject on bucket 'site' to anyone, and no condition "
        "limits the caller to your network or organisation; only blockPublicPolicy of the public access block "
        "'site-block' keeps it private, and S3 rejects the grant, so applying it fails the deployment. Fix: remove "
        "the public grant: the control only holds it back, and whoever relaxes the control exposes the bucket; serve "
        "public content through CloudFront with an origin access control."]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:s3/bucketPolicy:BucketPolicy::site-policy"]


def test_restrict_public_buckets_alone_does_not_fail_the_deployment():
    result = run_stack(POLICY, site(sub(types.S3_BUCKET_PUBLIC_ACCESS_BLOCK, "site-block", **{
        **COMPLETE, "blockPublicPolicy": False}), sub(types.S3_BUCKET_POLICY, "site-policy", policy=PUBLIC)))
    assert result.violations[1].endswith("only restrictPublicBuckets of the public access block 'site-block' keeps it "
                                         "private. Fix: remove the public grant: the control only holds it back, and "
                                         "whoever relaxes the control exposes the bucket; serve public content through "
                                         "CloudFront with an origin access control.")


def test_a_public_acl_held_back_by_enforced_ownership_is_reported():
    result = run_stack(POLICY, site(sub(types.S3_BUCKET_OWNERSHIP_CONTROLS, "site-ownership",
                                        rule={"objectOwnership": "BucketOwnerEnforced"}),
                                    sub(types.S3_BUCKET_ACL, "site-acl", acl="public-read")))
    assert result.violations == [
        "acl is 'public-read': the canned ACL lets anyone read bucket 'site'; only objectOwnership BucketOwnerEnforced "
        "of 'site-ownership' (ACLs disabled) keeps it private, and S3 rejects the grant, so applying it fails the "
        "deployment. Fix: remove the public grant: the control only holds it back, and whoever relaxes the control "
        "exposes the bucket; serve public content through CloudFront with an origin access control."]


def test_unstopped_grants_are_left_to_the_mandatory_rules():
    assert run_stack(POLICY, site(sub(types.S3_BUCKET_POLICY, "site-policy", policy=PUBLIC),
                                  sub(types.S3_BUCKET_ACL, "site-acl", acl="public-read"))).violations == []


def test_unknown_setting_cannot_be_decided_but_the_rest_is_checked():
    result = run_stack(POLICY, [*site(sub(types.S3_BUCKET_PUBLIC_ACCESS_BLOCK, "site-block",
                                          **{**COMPLETE, "blockPublicAcls": UNKNOWN})),
                                Res(types.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK, "account", {})])
    assert len(result.violations) == 4 and all("every bucket of the account" in v for v in result.violations)
    assert result.unknown == "string value at .blockPublicAcls can't be known during preview"
