"""Invoice events fan out to one queue per worker; each queue accepts messages only from the topic."""

import pulumi
import pulumi_aws as aws

invoices = aws.sns.Topic("invoices")

for worker in ("billing", "ledger", "notifications"):
    queue = aws.sqs.Queue(f"{worker}-queue", message_retention_seconds=345600, sqs_managed_sse_enabled=True)
    aws.sqs.QueuePolicy(
        f"{worker}-queue-policy",
        queue_url=queue.id,
        policy=pulumi.Output.json_dumps({
            "Version": "2012-10-17",
            "Statement": [{
                "Sid": "FromInvoicesTopic",
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": "sqs:SendMessage",
                "Resource": queue.arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": invoices.arn}},
            }],
        }),
    )
    aws.sns.TopicSubscription(f"{worker}-subscription", topic=invoices.arn, protocol="sqs", endpoint=queue.arn,
                              raw_message_delivery=True)

pulumi.export("topic_arn", invoices.arn)
