"""Public access blocks keep all four settings on, and no public grant hides behind one (advisory).

A stack policy over the per-bucket view (:mod:`private_api_guard.s3.bucket_view`), reporting two things:

* a ``BucketPublicAccessBlock`` or ``AccountPublicAccessBlock`` with a setting false or unset. S3 turns all four
  on for every bucket created since April 2023, and a block resource replaces that default: pulumi-aws writes an
  unset setting as false ("Defaults to ``false``"), so declaring a block with settings left out switches them off;
* a public policy or ACL that only a control of the program stops (``blockPublicPolicy``,
  ``restrictPublicBuckets``, ``blockPublicAcls``, ``ignorePublicAcls``, ownership ``BucketOwnerEnforced``): one
  setting away from public, and where the control rejects the grant (BlockPublic*, ACLs disabled) the deployment
  fails. Unstopped grants are the mandatory rules' business (``aws-s3-bucket-disallow-public-policy``,
  ``aws-s3-bucket-disallow-public-acl``).

Advisory because nothing here is reachable as configured. (checkov CKV_AWS_53-56, CKV2_AWS_6; AWS Config
s3-bucket-level-public-access-prohibited, s3-account-level-public-access-blocks; Prowler
s3_bucket_level_public_access_block, s3_account_level_public_access_blocks.)
"""

from __future__ import annotations

from pulumi_policy import EnforcementLevel, PolicyResource, ReportViolation, Severity, StackValidationArgs

from private_api_guard.apigateway.graph import Unknowns
from private_api_guard.core import stack_policy, violation
from private_api_guard.s3.bucket_view import BLOCK_SETTINGS, BucketView, Grant, S3Index, each_grant, setting_value

NAME = "aws-s3-bucket-enable-public-access-block"
_SNAKE = {"blockPublicAcls": "block_public_acls", "blockPublicPolicy": "block_public_policy",
          "ignorePublicAcls": "ignore_public_acls", "restrictPublicBuckets": "restrict_public_buckets"}
GRANT_FIX = ("remove the public grant: the control only holds it back, and whoever relaxes the control exposes the "
             "bucket; serve public content through CloudFront with an origin access control")


def _check_block(block: PolicyResource, scope: str, report: ReportViolation) -> None:
    for setting in BLOCK_SETTINGS:
        value = setting_value(block, setting)
        if value is True:
            continue
        why = "pulumi-aws writes an unset setting as false, so " if value is None else ""
        report(violation(setting, value, f"{why}this block turns off for {scope} what S3 turns on for every new "
                         "bucket", f"set {_SNAKE[setting]}=True (keep all four settings true)"), block.urn)


def validate(args: StackValidationArgs, report: ReportViolation) -> None:
    index = S3Index(args.resources)
    unknowns = Unknowns()
    scopes: dict[str, tuple[PolicyResource, str]] = {}
    for view in index.all():
        for block in view.of("block"):
            scopes.setdefault(block.urn, (block, view.label))
    blocks = [*scopes.values(), *((block, "every bucket of the account") for block in index.account_blocks)]
    unknowns.each(blocks, lambda item: _check_block(item[0], item[1], report))

    def check(view: BucketView, grant: Grant) -> None:
        control = index.stopper(grant, view)
        if control is None:
            return
        fails = ", and S3 rejects the grant, so applying it fails the deployment" if control.rejects else ""
        report(violation(grant.field, grant.value, f"{grant.problem}; only {control.text} keeps it private{fails}",
                         GRANT_FIX), grant.resource.urn)

    unknowns.each([None], lambda _: each_grant(index, ("policy", "acl"), check))
    unknowns.raise_first()


POLICY = stack_policy(
    name=NAME,
    description="Checks that S3 public access blocks keep all four settings on, and that no public bucket policy "
                "or ACL relies on a public access block or ownership controls to stay private.",
    validate=validate,
    enforcement_level=EnforcementLevel.ADVISORY,
    severity=Severity.MEDIUM,
    remediation_steps="Declare aws.s3.BucketPublicAccessBlock(bucket=bucket.id, block_public_acls=True, "
                      "block_public_policy=True, ignore_public_acls=True, restrict_public_buckets=True) and remove "
                      "public grants the block would otherwise have to stop.",
)
