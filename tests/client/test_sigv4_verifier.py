"""The test verifier itself, against the worked examples AWS published for SigV4.

If these pass, a signature the verifier accepts is one AWS would compute, independently of botocore.
"""

from __future__ import annotations

import hashlib

from tests.client.sigv4_verifier import (
    canonical_query,
    canonical_request,
    signing_key,
    string_to_sign,
    uri_encode,
    verify,
)

SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

# AWS General Reference, "Signature Version 4 signing process" worked example (IAM ListUsers).
IAM_HEADERS = [("Host", "iam.amazonaws.com"),
               ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
               ("X-Amz-Date", "20150830T123600Z")]
IAM_TARGET = "/?Action=ListUsers&Version=2010-05-08"


def test_signing_key_matches_the_published_derivation():
    assert signing_key(SECRET, "20150830", "us-east-1", "iam").hex() == \
        "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"


def test_canonical_request_hash_matches_the_published_example():
    creq = canonical_request("GET", IAM_TARGET, IAM_HEADERS, ["content-type", "host", "x-amz-date"], b"")
    assert hashlib.sha256(creq.encode()).hexdigest() == \
        "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"
    assert string_to_sign("20150830T123600Z", "20150830/us-east-1/iam/aws4_request", creq).endswith(
        "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59")


def test_published_authorization_header_verifies_and_a_changed_query_does_not():
    auth = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
    headers = [*IAM_HEADERS, ("Authorization", auth)]
    kwargs = {"access_key": "AKIDEXAMPLE", "secret_key": SECRET, "session_token": None, "region": "us-east-1",
              "service": "iam"}
    assert verify("GET", IAM_TARGET, headers, b"", **kwargs).ok
    assert not verify("GET", "/?Action=ListUsers&Version=2010-05-09", headers, b"", **kwargs).ok
    assert not verify("POST", IAM_TARGET, headers, b"", **kwargs).ok


def test_test_suite_get_vanilla():
    headers = [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z"),
               ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                "SignedHeaders=host;x-amz-date, "
                "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")]
    assert verify("GET", "/", headers, b"", access_key="AKIDEXAMPLE", secret_key=SECRET, session_token=None,
                  region="us-east-1", service="service").ok


def test_encoding_rules():
    assert uri_encode("a b+c/ü~", keep_slash=True) == "a%20b%2Bc/%C3%BC~"
    assert uri_encode("a/b", keep_slash=False) == "a%2Fb"
    # Received query strings are decoded and re-encoded, then sorted by name and value.
    assert canonical_query("b=2&a=%7e&a=1&c=") == "a=1&a=~&b=2&c="
