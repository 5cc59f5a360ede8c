"""No bucket policy admits the public unless a control in the program stops it.

A stack policy over the per-bucket view (:mod:`private_api_guard.s3.bucket_view`): every ``BucketPolicy`` and
inline ``policy`` of a bucket is read; an Allow for everyone, any AWS account or a ``NotPrincipal`` that no
condition limits to fixed sources or principals, and no Deny-unless guards, is public (S3's own definition, see
the view). It is mandatory when no public access block of the program (the bucket's or the account's) sets
``blockPublicPolicy`` or ``restrictPublicBuckets``; behind one, ``aws-s3-bucket-enable-public-access-block``
reports it as advisory. S3's default block on buckets created since April 2023 does not count: it is not part of
the program, an older or imported bucket lacks it, and a ``BucketPublicAccessBlock`` replaces it.

The CloudFront service principal without ``aws:SourceArn`` is mandatory regardless of blocks: S3 does not call it
public, so no block stops it, and any distribution of any account can read the bucket.
(checkov CKV_AWS_70, AWS Config s3-bucket-public-read-prohibited / -write-prohibited, Prowler
s3_bucket_policy_public_write_access / s3_bucket_public_access.)
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard.core import stack_policy, violation
from private_api_guard.s3.bucket_view import BucketView, Grant, S3Index, each_grant

NAME = "aws-s3-bucket-disallow-public-policy"
FIX = ("limit the statement with a condition on aws:SourceVpce (a VPC endpoint), aws:PrincipalOrgID (your "
       "organisation) or AWS:SourceArn (a CloudFront distribution with an origin access control), or add "
       "aws.s3.BucketPublicAccessBlock(bucket=bucket.id) with all four settings true")
CLOUDFRONT_FIX = ("add a condition StringEquals AWS:SourceArn = distribution.arn (the distribution that uses the "
                  "origin access control) to the statement")
UNBLOCKED = ("; no public access block in this program stops it (blockPublicPolicy or restrictPublicBuckets "
             "on the bucket's BucketPublicAccessBlock or an AccountPublicAccessBlock)")


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = S3Index(args.resources)

    def check(view: BucketView, grant: Grant) -> None:
        if not grant.blockable:
            report(violation(grant.field, grant.value, grant.problem, CLOUDFRONT_FIX), grant.resource.urn)
        elif index.stopper(grant, view) is None:
            report(violation(grant.field, grant.value, grant.problem + UNBLOCKED, FIX), grant.resource.urn)

    each_grant(index, ("policy",), check)


POLICY = stack_policy(
    name=NAME,
    description="Checks that no S3 bucket policy admits everyone, any AWS account or any CloudFront distribution "
                "unless a public access block in the same program stops it.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Condition public statements on aws:SourceVpce, aws:PrincipalOrgID or AWS:SourceArn; serve "
                      "public content through CloudFront with an origin access control and a policy for "
                      "cloudfront.amazonaws.com scoped by AWS:SourceArn; add aws.s3.BucketPublicAccessBlock with "
                      "block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets true.",
)
