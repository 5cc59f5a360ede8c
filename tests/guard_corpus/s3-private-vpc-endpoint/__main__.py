"""Batch inputs: a private bucket, every public access setting on, readable by anyone *through our VPC endpoint*
(the gateway endpoint is owned by the network team, so its id comes from config)."""

import json

import pulumi
from pulumi_aws import s3

config = pulumi.Config()
endpoint_id = config.get("s3EndpointId") or "vpce-0a1b2c3d4e5f67890"

inputs = s3.Bucket("batch-inputs", s3.BucketArgs(force_destroy=False, tags={"data-classification": "confidential"}))

block = s3.BucketPublicAccessBlock(
    "batch-inputs-block",
    s3.BucketPublicAccessBlockArgs(
        bucket=inputs.id,
        block_public_acls=True,
        block_public_policy=True,
        ignore_public_acls=True,
        restrict_public_buckets=True,
    ),
)

s3.BucketOwnershipControls(
    "batch-inputs-ownership",
    s3.BucketOwnershipControlsArgs(
        bucket=inputs.id,
        rule=s3.BucketOwnershipControlsRuleArgs(object_ownership="BucketOwnerEnforced"),
    ),
)

s3.BucketServerSideEncryptionConfiguration(
    "batch-inputs-sse",
    bucket=inputs.id,
    rules=[{"apply_server_side_encryption_by_default": {"sse_algorithm": "aws:kms"}, "bucket_key_enabled": True}],
)


def endpoint_only(arn: str) -> str:
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ReadThroughOurEndpoint",
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject", "s3:ListBucket"],
                "Resource": [arn, f"{arn}/*"],
                "Condition": {"StringEquals": {"aws:SourceVpce": endpoint_id}},
            },
            {
                "Sid": "DenyEverythingElse",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [arn, f"{arn}/*"],
                "Condition": {"StringNotEquals": {"aws:SourceVpce": endpoint_id}},
            },
            {
                "Sid": "TlsOnly",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [arn, f"{arn}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ],
    })


s3.BucketPolicy(
    "batch-inputs-policy",
    s3.BucketPolicyArgs(bucket=inputs.id, policy=inputs.arn.apply(endpoint_only)),
    opts=pulumi.ResourceOptions(depends_on=[block]),
)

pulumi.export("bucket", inputs.bucket)
