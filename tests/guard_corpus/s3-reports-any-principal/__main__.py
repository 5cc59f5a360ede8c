"""Nightly report exports, "shared with partners": any AWS principal may list and read them."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
bucket_name = config.get("bucketName") or "acme-partner-reports-eu"

reports = aws.s3.Bucket(
    "reports",
    bucket=bucket_name,
    force_destroy=True,
    tags={"data-classification": "internal"},
)

aws.s3.BucketVersioning("reports-versioning", bucket=reports.id,
                        versioning_configuration={"status": "Enabled"})

read_for_partners = aws.iam.get_policy_document_output(statements=[
    aws.iam.GetPolicyDocumentStatementArgs(
        sid="PartnerList",
        effect="Allow",
        principals=[aws.iam.GetPolicyDocumentStatementPrincipalArgs(type="AWS", identifiers=["*"])],
        actions=["s3:ListBucket"],
        resources=[f"arn:aws:s3:::{bucket_name}"],
    ),
    aws.iam.GetPolicyDocumentStatementArgs(
        sid="PartnerRead",
        effect="Allow",
        principals=[aws.iam.GetPolicyDocumentStatementPrincipalArgs(type="AWS", identifiers=["*"])],
        actions=["s3:GetObject", "s3:GetObjectVersion"],
        resources=[f"arn:aws:s3:::{bucket_name}/exports/*"],
        # Only over TLS - but that restricts nobody.
        conditions=[aws.iam.GetPolicyDocumentStatementConditionArgs(
            test="Bool", variable="aws:SecureTransport", values=["true"])],
    ),
])

aws.s3.BucketPolicy("reports-policy", bucket=reports.id, policy=read_for_partners.json)

pulumi.export("bucket", reports.bucket)
