"""The platform's client test fixtures, reused: isolated AWS credentials, a SigV4-verifying API server and an SSM
moto server, all on 127.0.0.1."""

from tests.client.conftest import api_server, aws_env  # noqa: F401
from tests.client.test_ssm import moto_ssm, ssm  # noqa: F401
