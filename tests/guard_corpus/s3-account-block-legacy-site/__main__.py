"""Account baseline: the account-wide S3 public access block, and the old campaign site still declared next to it.

The site's website hosting and public-read policy are held back by the account block (advisory findings), so
nothing is reachable: S3 refuses the public policy while the account blocks public policies."""

import pulumi_aws as aws

aws.s3.AccountPublicAccessBlock(
    "account-public-access-block",
    block_public_acls=True,
    block_public_policy=True,
    ignore_public_acls=True,
    restrict_public_buckets=True,
)

campaign = aws.s3.BucketV2("campaign-2019", bucket="acme-campaign-2019-eu")

aws.s3.BucketWebsiteConfigurationV2(
    "campaign-2019-website",
    bucket=campaign.bucket,
    index_document=aws.s3.BucketWebsiteConfigurationV2IndexDocumentArgs(suffix="index.html"),
)

aws.s3.BucketPolicy(
    "campaign-2019-policy",
    bucket=campaign.bucket,
    policy="""{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::acme-campaign-2019-eu/*"
    }
  ]
}""",
)

# www. only redirects to the apex: serves no objects.
www = aws.s3.BucketV2("campaign-2019-www", bucket="www.acme-campaign-2019-eu")
aws.s3.BucketWebsiteConfigurationV2(
    "campaign-2019-www-website",
    bucket=www.bucket,
    redirect_all_requests_to={"host_name": "acme-campaign-2019-eu", "protocol": "https"},
)
