"""A bucket with its public access blocked, and a topic, in a component of this project."""

import pulumi
import pulumi_aws as aws


class PrivateBucket(pulumi.ComponentResource):
    def __init__(self, name: str) -> None:
        super().__init__("acme:storage:PrivateBucket", name)
        child = pulumi.ResourceOptions(parent=self)
        self.bucket = aws.s3.BucketV2(name, opts=child)
        aws.s3.BucketPublicAccessBlock(f"{name}-block", bucket=self.bucket.id, block_public_acls=True,
                                       block_public_policy=True, ignore_public_acls=True,
                                       restrict_public_buckets=True, opts=child)
        self.notifications = aws.sns.Topic(f"{name}-events", name=f"{name}-events", opts=child)
        self.arn = self.bucket.arn
        self.register_outputs({"arn": self.arn})


def private_bucket(name: str) -> PrivateBucket:
    return PrivateBucket(name)
