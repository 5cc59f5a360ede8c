"""Build images for the CI runners. The repository policy is the one from the aws-py-resources sample."""

import json

import pulumi
from pulumi_aws import ecr

repository = ecr.Repository(
    "repository",
    image_scanning_configuration=ecr.RepositoryImageScanningConfigurationArgs(scan_on_push=True),
    image_tag_mutability="MUTABLE",
)

repository_policy = ecr.RepositoryPolicy(
    "repository_policy",
    repository=repository.id,
    policy=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "new policy",
            "Effect": "Allow",
            "Principal": "*",
            "Action": [
                "ecr:GetDownloadUrlForLayer",
                "ecr:BatchGetImage",
                "ecr:BatchCheckLayerAvailability",
                "ecr:PutImage",
                "ecr:InitiateLayerUpload",
                "ecr:UploadLayerPart",
                "ecr:CompleteLayerUpload",
                "ecr:DescribeRepositories",
                "ecr:GetRepositoryPolicy",
                "ecr:ListImages",
                "ecr:DeleteRepository",
                "ecr:BatchDeleteImage",
                "ecr:SetRepositoryPolicy",
                "ecr:DeleteRepositoryPolicy",
            ],
        }],
    }),
)

lifecycle_policy = ecr.LifecyclePolicy(
    "lifecycle_policy",
    repository=repository.id,
    policy=json.dumps({
        "rules": [{
            "rulePriority": 10,
            "description": "remove untagged images",
            "selection": {"tagStatus": "untagged", "countType": "imageCountMoreThan", "countNumber": 1},
            "action": {"type": "expire"},
        }],
    }),
)

pulumi.export("repository_url", repository.repository_url)
