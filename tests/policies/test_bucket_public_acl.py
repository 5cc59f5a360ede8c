from private_api_guard import types
from private_api_guard.s3.bucket_public_acl import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
UNBLOCKED = ("; nothing in this program disables ACLs (BucketOwnershipControls BucketOwnerEnforced) or blocks public "
             "ACLs (blockPublicAcls or ignorePublicAcls). Fix: use the private ACL (or none) with "
             "aws.s3.BucketOwnershipControls(rule={'object_ownership': 'BucketOwnerEnforced'}), and serve public "
             "content through CloudFront with an origin access control.")
PUBLIC_READ = "acl is 'public-read': the canned ACL lets anyone read bucket 'mirror'" + UNBLOCKED


def bucket(**props):
    return Res(types.S3_BUCKET, "mirror", {"bucket": "mirror-1234567", **props})


def sub(resource_type, name, **props):
    return Res(resource_type, name, {"bucket": UNKNOWN, **props}, deps={"bucket": ["mirror"]})


def acl(**props):
    return sub(types.S3_BUCKET_ACL_V2, "mirror-acl", **props)


def ownership(value):
    return sub(types.S3_BUCKET_OWNERSHIP_CONTROLS, "mirror-ownership", rule={"objectOwnership": value})


def test_metadata():
    assert POLICY.name == "aws-s3-bucket-disallow-public-acl"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_read_acl_fails_on_the_acl_resource():
    result = run_stack(POLICY, [bucket(), acl(acl="public-read")])
    assert result.violations == [PUBLIC_READ]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:s3/bucketAclV2:BucketAclV2::mirror-acl"]


def test_ownership_controls_that_enable_acls_are_named():
    result = run_stack(POLICY, [bucket(), ownership("ObjectWriter"), acl(acl="public-read-write")])
    assert result.violations == [
        "acl is 'public-read-write': the canned ACL lets anyone read and write bucket 'mirror'; 'mirror-ownership' "
        "sets objectOwnership ObjectWriter, which turns ACLs back on, and no public access block in this program "
        "blocks public ACLs (blockPublicAcls or ignorePublicAcls). Fix: use the private ACL (or none) with "
        "aws.s3.BucketOwnershipControls(rule={'object_ownership': 'BucketOwnerEnforced'}), and serve public content "
        "through CloudFront with an origin access control."]


def test_grants_to_all_users_and_authenticated_users_fail():
    grants = [{"grantee": {"type": "Group", "uri": ALL_USERS}, "permission": "READ"},
              {"grantee": {"type": "Group", "uri": AUTHENTICATED}, "permission": "WRITE"},
              {"grantee": {"type": "CanonicalUser", "id": UNKNOWN}, "permission": "FULL_CONTROL"},
              {"grantee": {"type": "Group", "uri": "http://acs.amazonaws.com/groups/s3/LogDelivery"},
               "permission": "WRITE"}]
    result = run_stack(POLICY, [bucket(), sub(types.S3_BUCKET_ACL, "mirror-acl", accessControlPolicy={
        "owner": {"id": UNKNOWN}, "grants": grants})])
    assert result.violations == [
        f"accessControlPolicy.grants[0].grantee.uri is '{ALL_USERS}': the ACL grants READ on bucket 'mirror' to "
        "anyone" + UNBLOCKED,
        f"accessControlPolicy.grants[1].grantee.uri is '{AUTHENTICATED}': the ACL grants WRITE on bucket 'mirror' to "
        "any AWS account holder" + UNBLOCKED]


def test_inline_bucket_acl_grants_and_object_acls_fail():
    result = run_stack(POLICY, [
        bucket(acl="authenticated-read", grants=[{"type": "Group", "uri": ALL_USERS, "permissions": ["READ"]}]),
        sub(types.S3_BUCKET_OBJECT_V2, "installer", key="install.sh", acl="public-read"),
    ])
    assert [v.split(":", 1)[0] for v in result.violations] == [
        "acl is 'authenticated-read'", "grants[0].uri is 'http", "acl is 'public-read'"]
    assert "lets any AWS account holder read bucket 'mirror'" in result.violations[0]
    assert "lets anyone read object 'install.sh' of bucket 'mirror'" in result.violations[2]


def test_controls_that_stop_public_acls_pass():
    public = acl(acl="public-read")
    block = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
    assert run_stack(POLICY, [bucket(), ownership("BucketOwnerEnforced"), public]).violations == []
    assert run_stack(POLICY, [bucket(), public, sub(block, "b", blockPublicAcls=True)]).violations == []
    assert run_stack(POLICY, [bucket(), public, sub(block, "b", ignorePublicAcls=True)]).violations == []
    assert run_stack(POLICY, [bucket(), public, Res(types.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK, "acct", {
        "ignorePublicAcls": True})]).violations == []
    # Policy settings do not stop ACLs.
    assert run_stack(POLICY, [bucket(), public, sub(block, "b", blockPublicPolicy=True,
                                                    restrictPublicBuckets=True)]).violations == [PUBLIC_READ]


def test_private_acls_pass():
    for value in ("private", "log-delivery-write", "bucket-owner-full-control", None):
        assert run_stack(POLICY, [bucket(acl=value), acl(acl=value)]).violations == []


def test_unknown_acl_cannot_be_decided_but_other_resources_are_checked():
    result = run_stack(POLICY, [bucket(), acl(acl=UNKNOWN), sub(types.S3_BUCKET_OBJECT, "o", acl="public-read")])
    assert len(result.violations) == 1 and "object 'o' of bucket 'mirror'" in result.violations[0]
    assert result.unknown == "string value at .acl can't be known during preview"


def test_provider_computed_acls_left_unset_are_not_unknowns():
    result = run_stack(POLICY, [bucket(acl=UNKNOWN, grants=UNKNOWN), acl(acl="private", accessControlPolicy=UNKNOWN),
                                sub(types.S3_BUCKET_OBJECT_V2, "o", acl=UNKNOWN)])
    assert (result.violations, result.unknown) == ([], None)


def test_exemption_by_tag_on_the_object():
    config = {"exemptions": [{"tag": "public=approved", "reason": "release artefacts, ticket SEC-4"}]}
    result = run_stack(POLICY, [bucket(), sub(types.S3_BUCKET_OBJECT_V2, "installer", acl="public-read",
                                              tags={"public": "approved"})], config=config)
    assert result.violations == []
    assert result.not_applicable == "installer: exempted by tag 'public=approved': release artefacts, ticket SEC-4"
