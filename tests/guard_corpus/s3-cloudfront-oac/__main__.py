"""Docs site: private bucket, CloudFront in front with an origin access control, and a bucket policy that admits
exactly this distribution (AWS:SourceArn). No WAF yet: that is advisory."""

import pulumi
import pulumi_aws as aws

site = aws.s3.Bucket("docs", force_destroy=True)

aws.s3.BucketPublicAccessBlock(
    "docs-block",
    bucket=site.id,
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)
aws.s3.BucketOwnershipControls("docs-ownership", bucket=site.id, rule={"object_ownership": "BucketOwnerEnforced"})

oac = aws.cloudfront.OriginAccessControl(
    "docs-oac",
    description="docs site",
    origin_access_control_origin_type="s3",
    signing_behavior="always",
    signing_protocol="sigv4",
)

cdn = aws.cloudfront.Distribution(
    "docs-cdn",
    enabled=True,
    is_ipv6_enabled=True,
    default_root_object="index.html",
    price_class="PriceClass_100",
    origins=[{
        "origin_id": "docs-bucket",
        "domain_name": site.bucket_regional_domain_name,
        "origin_access_control_id": oac.id,
    }],
    default_cache_behavior={
        "target_origin_id": "docs-bucket",
        "viewer_protocol_policy": "redirect-to-https",
        "allowed_methods": ["GET", "HEAD", "OPTIONS"],
        "cached_methods": ["GET", "HEAD"],
        "cache_policy_id": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        "compress": True,
    },
    restrictions={"geo_restriction": {"restriction_type": "none"}},
    viewer_certificate={"cloudfront_default_certificate": True},
)

aws.s3.BucketPolicy(
    "docs-policy",
    bucket=site.id,
    policy=pulumi.Output.json_dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "AllowCloudFrontServicePrincipalReadOnly",
            "Effect": "Allow",
            "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Action": "s3:GetObject",
            "Resource": pulumi.Output.concat(site.arn, "/*"),
            "Condition": {"StringEquals": {"AWS:SourceArn": cdn.arn}},
        }],
    }),
)

for page in ("index.html", "404.html"):
    aws.s3.BucketObjectv2(page, bucket=site.id, key=page, content=f"<p>{page}</p>", content_type="text/html")

pulumi.export("url", pulumi.Output.concat("https://", cdn.domain_name))
