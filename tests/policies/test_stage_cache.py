from private_api_guard import types
from private_api_guard.apigateway.stage_cache import POLICY

from tests.policies.policy_harness import UNKNOWN, run_resource


def test_metadata_disabled_by_default():
    assert POLICY.name == "aws-apigateway-stage-enable-cache"
    assert POLICY.enforcement_level.value == "disabled"
    assert POLICY.description.startswith("Checks that")


def test_stage_without_cache_fails_when_enabled():
    assert run_resource(POLICY, types.STAGE, {}).violations == [
        "cacheClusterEnabled is unset: the stage has no cache cluster. Fix: set cache_cluster_enabled=True and "
        "cache_cluster_size, with encrypted method caching."]


def test_cached_stage_passes():
    assert run_resource(POLICY, types.STAGE, {"cacheClusterEnabled": True}).violations == []


def test_unknown_flag_cannot_be_decided():
    result = run_resource(POLICY, types.STAGE, {"cacheClusterEnabled": UNKNOWN})
    assert result.violations == []
    assert result.unknown == "string value at .cacheClusterEnabled can't be known during preview"
