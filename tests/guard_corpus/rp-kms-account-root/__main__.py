"""A key for the application's log groups: the account administers it, CloudWatch Logs encrypts with it."""

import pulumi
import pulumi_aws as aws

config = pulumi.Config()
retention_days = config.get_int("retentionDays") or 30

account_id = aws.get_caller_identity().account_id
region = aws.get_region().region
log_group_name = "/app/orders"

key_policy = aws.iam.get_policy_document(statements=[
    {
        "sid": "EnableIAMUserPermissions",
        "effect": "Allow",
        "principals": [{"type": "AWS", "identifiers": [f"arn:aws:iam::{account_id}:root"]}],
        "actions": ["kms:*"],
        "resources": ["*"],
    },
    {
        "sid": "AllowCloudWatchLogs",
        "effect": "Allow",
        "principals": [{"type": "Service", "identifiers": [f"logs.{region}.amazonaws.com"]}],
        "actions": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        "resources": ["*"],
        "conditions": [{
            "test": "ArnEquals",
            "variable": "kms:EncryptionContext:aws:logs:arn",
            "values": [f"arn:aws:logs:{region}:{account_id}:log-group:{log_group_name}"],
        }],
    },
])

logs_key = aws.kms.Key(
    "logs-key",
    description="Encrypts the orders application logs",
    enable_key_rotation=True,
    deletion_window_in_days=30,
    policy=key_policy.json,
)
aws.kms.Alias("logs-key-alias", name="alias/orders-logs", target_key_id=logs_key.key_id)

aws.cloudwatch.LogGroup("orders-logs", name=log_group_name, kms_key_id=logs_key.arn,
                        retention_in_days=retention_days)

pulumi.export("key_arn", logs_key.arn)
