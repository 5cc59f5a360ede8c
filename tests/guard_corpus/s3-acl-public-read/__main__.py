"""Installer mirror, written the way the 2021 blog post showed: ACLs back on, then public-read."""

import pulumi
import pulumi_aws as aws

mirror = aws.s3.BucketV2("mirror", tags={"service": "downloads"})

ownership = aws.s3.BucketOwnershipControls(
    "mirror-ownership",
    bucket=mirror.id,
    rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership="ObjectWriter"),
)

# Keep public *policies* blocked, allow public ACLs.
access_block = aws.s3.BucketPublicAccessBlock(
    "mirror-access-block",
    bucket=mirror.id,
    block_public_acls=False,
    ignore_public_acls=False,
    block_public_policy=True,
    restrict_public_buckets=True,
)

acl = aws.s3.BucketAclV2(
    "mirror-acl",
    bucket=mirror.id,
    acl="public-read",
    opts=pulumi.ResourceOptions(depends_on=[ownership, access_block]),
)

aws.s3.BucketObjectv2(
    "installer",
    bucket=mirror.id,
    key="releases/latest/installer.sh",
    source=pulumi.StringAsset("#!/bin/sh\necho install\n"),
    acl="public-read",
    opts=pulumi.ResourceOptions(depends_on=[acl]),
)

pulumi.export("download_url", pulumi.Output.concat("https://", mirror.bucket_regional_domain_name,
                                                   "/releases/latest/installer.sh"))
