"""Order events for partners: "they publish from their own accounts, so allow any AWS principal, TLS only"."""

import pulumi
import pulumi_aws as aws

region = aws.get_region().region
account = aws.get_caller_identity().account_id
topic_name = "order-events"

order_events = aws.sns.Topic("order-events", name=topic_name, tags={"team": "orders"})

partner_access = aws.iam.get_policy_document_output(
    policy_id="order-events-partners",
    statements=[
        aws.iam.GetPolicyDocumentStatementArgs(
            sid="PartnersPublishAndSubscribe",
            effect="Allow",
            principals=[aws.iam.GetPolicyDocumentStatementPrincipalArgs(type="AWS", identifiers=["*"])],
            actions=["SNS:Publish", "SNS:Subscribe", "SNS:Receive"],
            # Named literally so the policy does not wait for the topic.
            resources=[f"arn:aws:sns:{region}:{account}:{topic_name}"],
            conditions=[aws.iam.GetPolicyDocumentStatementConditionArgs(
                test="Bool", variable="aws:SecureTransport", values=["true"])],
        ),
    ],
)

aws.sns.TopicPolicy("order-events-policy", arn=order_events.arn, policy=partner_access.json)

aws.sns.TopicSubscription("order-events-audit", topic=order_events.arn, protocol="email",
                          endpoint="orders-audit@example.com")

pulumi.export("topic_arn", order_events.arn)
