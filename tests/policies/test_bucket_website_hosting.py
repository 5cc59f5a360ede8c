from private_api_guard import types
from private_api_guard.s3.bucket_website_hosting import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource

MESSAGE = ("indexDocument is {\"suffix\": \"index.html\"}: the bucket serves an S3 website endpoint, which speaks only "
           "HTTP and answers only anonymous requests, so everything it serves must be public and travels unencrypted. "
           "Fix: serve the site through CloudFront (HTTPS) from the bucket's REST endpoint with an origin access "
           "control, and remove the website configuration.")


def test_metadata():
    assert POLICY.name == "aws-s3-bucket-disallow-website-hosting"
    assert POLICY.enforcement_level.value == "advisory"
    assert POLICY.description.startswith("Checks that")


def test_website_configurations_fail():
    for resource_type in (types.S3_BUCKET_WEBSITE_CONFIGURATION, types.S3_BUCKET_WEBSITE_CONFIGURATION_V2):
        result = run_resource(POLICY, resource_type, {"bucket": UNKNOWN, "indexDocument": {"suffix": "index.html"}})
        assert result.violations == [MESSAGE]


def test_inline_websites_fail():
    assert run_resource(POLICY, types.S3_BUCKET, {"website": {"indexDocument": "index.html"}}).violations == [
        MESSAGE.replace('indexDocument is {"suffix": "index.html"}', "website.indexDocument is 'index.html'")]
    result = run_resource(POLICY, types.S3_BUCKET_V2, {"websites": [{"indexDocument": "index.html"}]})
    assert result.violations[0].startswith("websites[0].indexDocument is 'index.html': ")


def test_redirect_only_and_plain_buckets_pass():
    assert run_resource(POLICY, types.S3_BUCKET_WEBSITE_CONFIGURATION_V2, {
        "bucket": "www.example.com", "redirectAllRequestsTo": {"hostName": "example.com"}}).violations == []
    assert run_resource(POLICY, types.S3_BUCKET, {"bucket": "b"}).violations == []
    assert run_resource(POLICY, types.S3_BUCKET_V2, {"websites": []}).violations == []


def test_unknown_index_document_cannot_be_decided():
    result = run_resource(POLICY, types.S3_BUCKET_WEBSITE_CONFIGURATION, {"indexDocument": UNKNOWN})
    assert result.unknown == "string value at .indexDocument can't be known during preview"
