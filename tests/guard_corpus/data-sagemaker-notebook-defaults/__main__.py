"""Notebook for the churn-model experiments, as the SageMaker quick start writes it."""

import pulumi
from pulumi_aws import iam, s3, sagemaker


class ResearchNotebook(pulumi.ComponentResource):
    """A notebook instance with its execution role and a bucket for datasets."""

    def __init__(self, name: str, instance_type: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("research:index:Notebook", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        self.bucket = s3.Bucket(f"{name}-datasets", opts=child)
        trust = iam.get_policy_document(statements=[{
            "actions": ["sts:AssumeRole"],
            "principals": [{"type": "Service", "identifiers": ["sagemaker.amazonaws.com"]}],
        }])
        self.role = iam.Role(f"{name}-execution", assume_role_policy=trust.json, opts=child)
        iam.RolePolicy(f"{name}-datasets", role=self.role.id, policy=self.bucket.arn.apply(lambda arn: f"""{{
            "Version": "2012-10-17",
            "Statement": [{{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                           "Resource": ["{arn}", "{arn}/*"]}}]
        }}"""), opts=child)
        self.notebook = sagemaker.NotebookInstance(name, role_arn=self.role.arn, instance_type=instance_type,
                                                   volume_size=20, opts=child)
        self.register_outputs({"url": self.notebook.url})


churn = ResearchNotebook("churn", "ml.t3.medium")
pulumi.export("url", churn.notebook.url)
