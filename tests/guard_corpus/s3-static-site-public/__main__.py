"""Marketing site: the classic S3 static website, public-read through a bucket policy."""

import pulumi
import pulumi_aws as aws

site = aws.s3.Bucket("site", tags={"team": "marketing"})

website = aws.s3.BucketWebsiteConfiguration(
    "site-website",
    bucket=site.id,
    index_document={"suffix": "index.html"},
    error_document={"key": "404.html"},
)

# The console's "Block all public access" has to go for a public website.
unblock = aws.s3.BucketPublicAccessBlock(
    "site-public-access",
    bucket=site.id,
    block_public_acls=False,
    block_public_policy=False,
    ignore_public_acls=False,
    restrict_public_buckets=False,
)

policy = aws.s3.BucketPolicy(
    "site-policy",
    bucket=site.id,
    policy=pulumi.Output.json_dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "PublicReadGetObject",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": pulumi.Output.concat(site.arn, "/*"),
        }],
    }),
    opts=pulumi.ResourceOptions(depends_on=[unblock]),
)

aws.s3.BucketObjectv2(
    "index",
    bucket=site.id,
    key="index.html",
    content="<h1>Hello</h1>",
    content_type="text/html",
)

pulumi.export("url", pulumi.Output.concat("http://", website.website_endpoint))
