"""Reports which interpreter and environment run it: the project's own virtualenv, as the CLI would pick it."""

import os
import sys

import pulumi
import pulumi_aws as aws

queue = aws.sqs.Queue("jobs", sqs_managed_sse_enabled=True)
pulumi.export("prefix", sys.prefix)
pulumi.export("virtual_env", os.environ.get("VIRTUAL_ENV"))
pulumi.export("queue_url", queue.url)
