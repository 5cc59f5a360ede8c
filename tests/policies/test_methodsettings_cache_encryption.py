from private_api_guard import types
from private_api_guard.apigateway.methodsettings_cache_encryption import POLICY

from tests.policies.policy_harness import UNKNOWN, Res, run_stack

API = Res(types.REST_API, "api", {})
CACHED_STAGE = Res(types.STAGE, "stage", {"stageName": "v1", "cacheClusterEnabled": True}, deps={"restApi": ["api"]})
PLAIN_STAGE = Res(types.STAGE, "stage", {"stageName": "v1"}, deps={"restApi": ["api"]})
UNENCRYPTED_STAGE = ("cacheClusterEnabled is true: the stage has a cache cluster but no MethodSettings for '*/*' on it "
                     "encrypts the cache, so GET responses are cached unencrypted. Fix: add MethodSettings("
                     "method_path='*/*', settings={'caching_enabled': True, 'cache_data_encrypted': True}) for this "
                     "stage.")


def settings(name="settings", path="*/*", deps=None, stage_name=UNKNOWN, **values):
    return Res(types.METHOD_SETTINGS, name, {"methodPath": path, "stageName": stage_name, "settings": values},
               deps=deps if deps is not None else {"restApi": ["api"], "stageName": ["stage"]})


def test_metadata():
    assert POLICY.name == "aws-apigateway-methodsettings-enable-cache-encryption"
    assert POLICY.enforcement_level.value == "mandatory"
    assert POLICY.description.startswith("Checks that")


def test_caching_without_encryption_fails():
    result = run_stack(POLICY, [API, PLAIN_STAGE, settings(path="users/GET", cachingEnabled=True)])
    assert result.violations == [
        "settings.cacheDataEncrypted is unset: caching is enabled for these methods but the cached responses are "
        "stored unencrypted. Fix: set settings.cache_data_encrypted=True."]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/methodSettings:MethodSettings::settings"]


def test_cache_cluster_without_encrypted_settings_fails():
    result = run_stack(POLICY, [API, CACHED_STAGE, settings(loggingLevel="ERROR")])
    assert result.violations == [UNENCRYPTED_STAGE]
    assert result.urns == ["urn:pulumi:test::private-apis::aws:apigateway/stage:Stage::stage"]
    assert run_stack(POLICY, [API, CACHED_STAGE]).violations == [UNENCRYPTED_STAGE]


def test_encrypted_or_uncached_passes():
    assert run_stack(POLICY, [API, CACHED_STAGE, settings(cachingEnabled=True, cacheDataEncrypted=True)]).violations \
        == []
    assert run_stack(POLICY, [API, CACHED_STAGE, settings(cachingEnabled=False)]).violations == []
    assert run_stack(POLICY, [API, PLAIN_STAGE, settings(cachingEnabled=False)]).violations == []


def test_literal_stage_name_on_the_same_api_links_settings():
    literal = settings(deps={"restApi": ["api"]}, stage_name="v1", cacheDataEncrypted=True)
    assert run_stack(POLICY, [API, CACHED_STAGE, literal]).violations == []
    other = settings(deps={"restApi": ["api"]}, stage_name="v2", cacheDataEncrypted=True)
    assert run_stack(POLICY, [API, CACHED_STAGE, other]).violations == [UNENCRYPTED_STAGE]


def test_unknown_encryption_flag_cannot_be_decided():
    result = run_stack(POLICY, [API, CACHED_STAGE, settings(cachingEnabled=True, cacheDataEncrypted=UNKNOWN)])
    assert result.violations == []
    assert result.unknown == "string value at .settings.cacheDataEncrypted can't be known during preview"
