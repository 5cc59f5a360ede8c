"""No ACL makes a bucket or object public unless a control in the program stops it.

A stack policy over the per-bucket view (:mod:`private_api_guard.s3.bucket_view`): canned ACLs ``public-read``,
``public-read-write`` and ``authenticated-read`` (AuthenticatedUsers is every AWS account holder) and grants to
the ``AllUsers`` / ``AuthenticatedUsers`` groups, on ``BucketAcl``/``BucketAclV2`` (``acl`` and
``accessControlPolicy.grants``), the bucket's deprecated inline ``acl``/``grants``, and objects (``BucketObject``,
``BucketObjectv2``, ``ObjectCopy``). Mandatory unless the program disables ACLs (``BucketOwnershipControls``
``BucketOwnerEnforced``) or sets ``blockPublicAcls``/``ignorePublicAcls`` on the bucket's or the account's block;
behind one, ``aws-s3-bucket-enable-public-access-block`` reports it as advisory. S3's April 2023 defaults (ACLs
disabled, public access blocked) are not part of the program: ``BucketOwnershipControls`` with ``ObjectWriter`` or
``BucketOwnerPreferred`` turns ACLs back on, and a ``BucketPublicAccessBlock`` with false settings replaces the
block. (checkov CKV_AWS_20/57, AWS Config s3-bucket-public-read-prohibited / -write-prohibited, Prowler
s3_bucket_public_list_acl / s3_bucket_public_write_acl / s3_bucket_object_public, compliance-policies
s3-bucket-disallow-public-read.)
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, ReportViolation, Severity, StackValidationArgs

from private_api_guard.core import stack_policy, violation
from private_api_guard.s3.bucket_view import BucketView, Grant, S3Index, each_grant

NAME = "aws-s3-bucket-disallow-public-acl"
FIX = ("use the private ACL (or none) with aws.s3.BucketOwnershipControls(rule={'object_ownership': "
       "'BucketOwnerEnforced'}), and serve public content through CloudFront with an origin access control")
UNBLOCKED = ("; nothing in this program disables ACLs (BucketOwnershipControls BucketOwnerEnforced) or blocks public "
             "ACLs (blockPublicAcls or ignorePublicAcls)")
ENABLED = ("; {enablers}, which turns ACLs back on, and no public access block in this program blocks public ACLs "
           "(blockPublicAcls or ignorePublicAcls)")


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = S3Index(args.resources)

    def check(view: BucketView, grant: Grant) -> None:
        if index.stopper(grant, view) is None:
            enablers = index.acl_enablers(view)
            why = ENABLED.format(enablers=enablers) if enablers else UNBLOCKED
            report(violation(grant.field, grant.value, grant.problem + why, FIX), grant.resource.urn)

    each_grant(index, ("acl",), check)


POLICY = stack_policy(
    name=NAME,
    description="Checks that no S3 bucket or object ACL grants access to everyone or to every AWS account unless "
                "ownership controls or a public access block in the same program stop it.",
    validate=validate,
    enforcement_level=EnforcementLevel.MANDATORY,
    severity=Severity.CRITICAL,
    remediation_steps="Drop public canned ACLs and AllUsers/AuthenticatedUsers grants; add "
                      "aws.s3.BucketOwnershipControls(rule={'object_ownership': 'BucketOwnerEnforced'}) and "
                      "aws.s3.BucketPublicAccessBlock with all four settings true.",
)
