"""Product images: private bucket, CloudFront with an origin access control... and a bucket policy that admits the
CloudFront service as a whole, so any distribution of any AWS account can read the bucket through its own OAC."""

import json

import pulumi
import pulumi_aws as aws

stack = pulumi.get_stack()
bucket_name = f"acme-product-images-{stack}"

images = aws.s3.Bucket("images", bucket=bucket_name)
aws.s3.BucketPublicAccessBlock("images-block", bucket=images.id, block_public_acls=True, block_public_policy=True,
                               ignore_public_acls=True, restrict_public_buckets=True)
aws.s3.BucketOwnershipControls("images-ownership", bucket=images.id,
                               rule={"object_ownership": "BucketOwnerEnforced"})

oac = aws.cloudfront.OriginAccessControl(
    "images-oac",
    origin_access_control_origin_type="s3",
    signing_behavior="always",
    signing_protocol="sigv4",
)

cdn = aws.cloudfront.Distribution(
    "images-cdn",
    enabled=True,
    default_root_object="index.html",
    origins=[aws.cloudfront.DistributionOriginArgs(
        origin_id="images",
        domain_name=images.bucket_regional_domain_name,
        origin_access_control_id=oac.id,
    )],
    default_cache_behavior=aws.cloudfront.DistributionDefaultCacheBehaviorArgs(
        target_origin_id="images",
        viewer_protocol_policy="redirect-to-https",
        allowed_methods=["GET", "HEAD"],
        cached_methods=["GET", "HEAD"],
        cache_policy_id="658327ea-f89d-4fab-a63d-7e88639e58f6",  # Managed-CachingOptimized
    ),
    restrictions=aws.cloudfront.DistributionRestrictionsArgs(
        geo_restriction=aws.cloudfront.DistributionRestrictionsGeoRestrictionArgs(restriction_type="none"),
    ),
    viewer_certificate=aws.cloudfront.DistributionViewerCertificateArgs(cloudfront_default_certificate=True),
)

# "AWS:SourceArn would create a cycle with the distribution", so it was left out.
aws.s3.BucketPolicy("images-policy", bucket=images.id, policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "AllowCloudFrontServicePrincipal",
        "Effect": "Allow",
        "Principal": {"Service": "cloudfront.amazonaws.com"},
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket_name}/*",
    }],
}))

pulumi.export("cdn", cdn.domain_name)
