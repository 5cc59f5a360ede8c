"""After ``pulumi up``: the policy pack over a stack's recorded state (``analyze``) and over its live
configuration read with boto3 (``audit``). One rule set, two inputs."""
