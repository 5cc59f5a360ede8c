"""The program lives in infra/ (Pulumi.yaml's main) and imports a package of its own from there."""

import pulumi
from storage.buckets import private_bucket

bucket = private_bucket("assets")
pulumi.export("bucket_arn", bucket.arn)
pulumi.export("topic_arn", bucket.notifications.arn)
