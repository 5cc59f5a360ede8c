"""Data lake zones: one bucket per zone, each with the full guardrail set, built in a loop from plain dicts."""

import json

import pulumi
import pulumi_aws as aws

ZONES = {
    "raw": {"retention_days": 30},
    "curated": {"retention_days": 365},
    "published": {"retention_days": 730},
}
org_id = pulumi.Config().get("orgId") or "o-a1b2c3d4e5"
buckets = {}

for zone, settings in ZONES.items():
    bucket = aws.s3.Bucket(f"lake-{zone}", bucket_prefix=f"acme-lake-{zone}-", tags={"zone": zone})
    aws.s3.BucketPublicAccessBlock(f"lake-{zone}-block", bucket=bucket.id, **{
        key: True for key in ("block_public_acls", "block_public_policy", "ignore_public_acls",
                              "restrict_public_buckets")})
    aws.s3.BucketOwnershipControls(f"lake-{zone}-ownership", bucket=bucket.id,
                                   rule={"object_ownership": "BucketOwnerEnforced"})
    aws.s3.BucketLifecycleConfiguration(f"lake-{zone}-lifecycle", bucket=bucket.id, rules=[{
        "id": "expire", "status": "Enabled", "filter": {},
        "expiration": {"days": settings["retention_days"]},
    }])
    aws.s3.BucketPolicy(f"lake-{zone}-policy", bucket=bucket.id, policy=bucket.arn.apply(lambda arn: json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            # Any principal of our organisation may read; nobody else.
            {"Sid": "OrgRead", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["s3:GetObject"],
             "Resource": f"{arn}/*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": org_id}}},
            {"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
             "Resource": [arn, f"{arn}/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        ],
    })))
    buckets[zone] = bucket.bucket

pulumi.export("buckets", buckets)
