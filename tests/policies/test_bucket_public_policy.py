import json

from private_api_guard import types
from private_api_guard.s3.bucket_public_policy import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

ARN = "arn:aws:s3:::site-1234567"
COMPLETE = {"blockPublicAcls": True, "blockPublicPolicy": True, "ignorePublicAcls": True, "restrictPublicBuckets": True}
POLICY_URN = "urn:pulumi:test::private-apis::aws:s3/bucketPolicy:BucketPolicy::site-policy"
PUBLIC_READ = ("policy.Statement[0].Principal is '*': it allows s3:GetObject on bucket 'site' to anyone, and no "
               "condition limits the caller to your network or organisation; no public access block in this program "
               "stops it (blockPublicPolicy or restrictPublicBuckets on the bucket's BucketPublicAccessBlock or an "
               "AccountPublicAccessBlock). Fix: limit the statement with a condition on aws:SourceVpce (a VPC "
               "endpoint), aws:PrincipalOrgID (your organisation) or AWS:SourceArn (a CloudFront distribution with an "
               "origin access control), or add aws.s3.BucketPublicAccessBlock(bucket=bucket.id) with all four "
               "settings true.")


def statement(**extra):
    return {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{ARN}/*", **extra}


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def stack(document, *extra, bucket_props=None):
    return [Res(types.S3_BUCKET, "site", {"bucket": "site-1234567", **(bucket_props or {})}),
            Res(types.S3_BUCKET_POLICY, "site-policy", {"bucket": UNKNOWN, "policy": document},
                deps={"bucket": ["site"]}), *extra]


def block(**settings):
    return Res(types.S3_BUCKET_PUBLIC_ACCESS_BLOCK, "site-block", {"bucket": UNKNOWN, **settings},
               deps={"bucket": ["site"]})


def test_metadata():
    assert POLICY.name == "aws-s3-bucket-disallow-public-policy"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_public_read_without_a_block_fails_on_the_policy_resource():
    result = run_stack(POLICY, stack(doc(statement())))
    assert result.violations == [PUBLIC_READ]
    assert result.urns == [POLICY_URN]


def test_a_block_with_false_or_unset_settings_does_not_stop_it():
    assert run_stack(POLICY, stack(doc(statement()), block(blockPublicPolicy=False))).violations == [PUBLIC_READ]
    assert run_stack(POLICY, stack(doc(statement()), block(blockPublicAcls=True, ignorePublicAcls=True))
                     ).violations == [PUBLIC_READ]


def test_block_public_policy_or_restrict_public_buckets_stops_it():
    assert run_stack(POLICY, stack(doc(statement()), block(**COMPLETE))).violations == []
    assert run_stack(POLICY, stack(doc(statement()), block(blockPublicPolicy=True))).violations == []
    assert run_stack(POLICY, stack(doc(statement()), block(restrictPublicBuckets=True))).violations == []


def test_an_account_block_stops_it_for_every_bucket():
    account = Res(types.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK, "account", dict(COMPLETE))
    assert run_stack(POLICY, stack(doc(statement()), account)).violations == []


def test_aws_star_any_account_and_not_principal_are_public():
    result = run_stack(POLICY, stack(doc(statement(Principal={"AWS": "*"}),
                                         statement(Principal={"AWS": ["arn:aws:iam::*:root"]}),
                                         {"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"},
                                          "Action": "s3:*", "Resource": "*"})))
    assert [v.split(":", 1)[0] for v in result.violations] == [
        "policy.Statement[0].Principal is {\"AWS\"", "policy.Statement[1].Principal is {\"AWS\"",
        "policy.Statement[2].NotPrincipal is {\"AWS\""]
    assert "to any AWS account" in result.violations[1]
    assert "admits everyone but the principals listed to s3:* on bucket 'site'" in result.violations[2]


def test_restricting_conditions_pass():
    for condition in ({"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}},
                      {"StringEquals": {"aws:SourceVpc": ["vpc-0a1b2c3d"]}},
                      {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
                      {"StringEquals": {"aws:PrincipalAccount": "123456789012"}},
                      {"ArnLike": {"aws:SourceArn": "arn:aws:cloudfront::123456789012:distribution/*"}},
                      {"StringEquals": {"AWS:SourceAccount": "123456789012"}},
                      {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/48"]}},
                      {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}):
        assert run_stack(POLICY, stack(doc(statement(Condition=condition)))).violations == [], condition


def test_conditions_that_restrict_nobody_fail():
    for condition in ({"StringLike": {"aws:SourceVpce": "vpce-*"}},
                      {"StringEqualsIfExists": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}},
                      {"ForAllValues:StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}},
                      {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}},
                      {"StringLike": {"aws:Referer": "https://www.example.com/*"}},
                      {"Bool": {"aws:SecureTransport": "true"}},
                      {"IpAddress": {"aws:SourceIp": ["0.0.0.0/1", "128.0.0.0/1"]}},
                      {"IpAddress": {"aws:SourceIp": "52.0.0.0/6"}},
                      {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
                      {"IpAddress": {"aws:SourceIp": "not-a-cidr"}}):
        assert len(run_stack(POLICY, stack(doc(statement(Condition=condition)))).violations) == 1, condition


def test_a_deny_unless_guard_keeps_the_allow_private():
    guard = {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [ARN, f"{ARN}/*"],
             "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}}}
    assert run_stack(POLICY, stack(doc(statement(), guard))).violations == []
    assert run_stack(POLICY, stack(doc(statement(), {**guard, "Resource": "*", "Condition": {
        "NotIpAddress": {"aws:SourceIp": "198.51.100.0/24"}}}))).violations == []


def test_a_guard_that_misses_actions_resources_or_requests_does_not_count():
    guard = {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
             "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"}}}
    for weak in ({**guard, "Action": "s3:PutObject"}, {**guard, "Resource": f"{ARN}/private/*"},
                 {**guard, "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0a1b2c3d4e5f67890"},
                                         "Bool": {"aws:SecureTransport": "false"}}},
                 {**guard, "Principal": {"AWS": "arn:aws:iam::123456789012:root"}},
                 {**guard, "Condition": {"ForAnyValue:StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}):
        assert run_stack(POLICY, stack(doc(statement(), weak))).violations == [PUBLIC_READ], weak


def test_deny_statements_and_specific_principals_pass():
    assert run_stack(POLICY, stack(doc(
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        statement(Principal={"AWS": "arn:aws:iam::123456789012:role/reader"}),
        statement(Principal={"Service": "logging.s3.amazonaws.com"}),
        statement(Principal={"AWS": "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL"}),
    ))).violations == []


def test_cloudfront_service_without_source_arn_fails_even_behind_a_block():
    result = run_stack(POLICY, stack(doc(statement(Principal={"Service": "cloudfront.amazonaws.com"})),
                                     block(**COMPLETE)))
    assert result.violations == [
        "policy.Statement[0].Principal is {\"Service\": \"cloudfront.amazonaws.com\"}: it allows s3:GetObject on "
        "bucket 'site' to the CloudFront service without an aws:SourceArn condition, so any distribution of any AWS "
        "account can serve the bucket. Fix: add a condition StringEquals AWS:SourceArn = distribution.arn (the "
        "distribution that uses the origin access control) to the statement."]
    scoped = statement(Principal={"Service": "cloudfront.amazonaws.com"}, Condition={
        "StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL"}})
    assert run_stack(POLICY, stack(doc(scoped))).violations == []


def test_inline_policy_of_the_bucket_as_object_or_string():
    bucket = [Res(types.S3_BUCKET_V2, "legacy", {"bucket": "legacy", "policy": {"Statement": [statement()]}})]
    result = run_stack(POLICY, bucket)
    assert result.urns == ["urn:pulumi:test::private-apis::aws:s3/bucketV2:BucketV2::legacy"]
    assert "on bucket 'legacy' to anyone" in result.violations[0]
    assert run_stack(POLICY, [Res(types.S3_BUCKET, "b", {"policy": doc(statement())})]).violations


def test_policy_linked_by_bucket_name_and_policy_of_a_bucket_outside_the_program():
    named = [Res(types.S3_BUCKET, "site", {"bucket": "acme-site"}),
             Res(types.S3_BUCKET_PUBLIC_ACCESS_BLOCK, "site-block", {"bucket": "acme-site", **COMPLETE}),
             Res(types.S3_BUCKET_POLICY, "site-policy", {"bucket": "acme-site", "policy": doc(statement())})]
    assert run_stack(POLICY, named).violations == []
    outside = [Res(types.S3_BUCKET_POLICY, "shared-policy", {"bucket": "team-b-bucket", "policy": doc(statement())})]
    assert "on bucket 'team-b-bucket' to anyone" in run_stack(POLICY, outside).violations[0]


def test_unknown_document_cannot_be_decided_but_other_buckets_are_checked():
    result = run_stack(POLICY, [
        *stack(UNKNOWN),
        Res(types.S3_BUCKET, "other", {"bucket": "other"}),
        Res(types.S3_BUCKET_POLICY, "other-policy", {"bucket": UNKNOWN, "policy": doc(statement())},
            deps={"bucket": ["other"]}),
    ])
    assert len(result.violations) == 1 and "bucket 'other'" in result.violations[0]
    assert result.unknown == "string value at .policy can't be known during preview"


def test_an_unknown_inline_policy_is_unset_unless_the_program_gave_it():
    # A real preview plans the provider-computed inline policy as unknown when the program leaves it unset.
    computed = [Res(types.S3_BUCKET, "site", {"bucket": "site-1234567", "policy": UNKNOWN, "acl": UNKNOWN})]
    result = run_stack(POLICY, computed)
    assert (result.violations, result.unknown) == ([], None)
    given = [Res(types.S3_BUCKET, "site", {"policy": UNKNOWN}, deps={"policy": ["other"]}),
             Res(types.S3_BUCKET, "other", {})]
    assert run_stack(POLICY, given).unknown == "string value at .policy can't be known during preview"


def test_unknown_block_setting_cannot_be_decided():
    result = run_stack(POLICY, stack(doc(statement()), block(blockPublicPolicy=UNKNOWN)))
    assert result.violations == []
    assert result.unknown == "string value at .blockPublicPolicy can't be known during preview"


def test_a_known_setting_that_stops_it_decides_despite_an_unknown_one():
    result = run_stack(POLICY, stack(doc(statement()), block(blockPublicPolicy=UNKNOWN, restrictPublicBuckets=True)))
    assert (result.violations, result.unknown) == ([], None)


def test_a_block_for_an_unknown_bucket_keeps_the_rule_from_deciding():
    stray = Res(types.S3_BUCKET_PUBLIC_ACCESS_BLOCK, "stray", {"bucket": UNKNOWN, **COMPLETE})
    result = run_stack(POLICY, stack(doc(statement()), stray))
    assert result.violations == []
    assert result.unknown == "string value at .bucket can't be known during preview"


def test_exemption_by_name():
    config = {"exemptions": [{"namePattern": "site-policy", "reason": "public downloads, ticket SEC-9"}]}
    result = run_stack(POLICY, stack(doc(statement())), config=config)
    assert result.violations == []
    assert result.not_applicable == ("site-policy: exempted by name pattern 'site-policy': public downloads, "
                                     "ticket SEC-9")
