"""Exemptions fail closed: a blank reason, a broken pattern or a match-all exemption switches nothing off.

An exemption whose namePattern matches every name (``.*``, ``*``, ``.+``...) or whose tag is a stack-wide default
tag (``aws:defaultTags`` in the stack config, a provider's ``defaultTags``) is refused unless it says
``"scope": "all"``; a refused exemption exempts nothing, and the rule reports, after its own violations, one
message per refused exemption naming it and the fix. Resource and stack policies share the logic.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from private_api_guard import all_policies, core, types
from private_api_guard.apigateway.restapi_resource_policy import POLICY as STACK_POLICY
from private_api_guard.core import EXEMPTIONS_SCHEMA, MATCH_ALL_PROBES
from private_api_guard.ec2.securitygroup_world_ingress import POLICY
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import EnforcementLevel
from pulumi_policy.policy import _PolicyAnalyzerServicer
from pulumi_policy.proxy import UNKNOWN_OBJECT_VALUE

from tests.policies.policy_harness import AWS_PROVIDER, UNKNOWN, Res, aws_provider, run_resource, run_stack

RULE = {"type": "ingress", "cidrBlocks": ["0.0.0.0/0"]}
WORLD = ("cidrBlocks is '0.0.0.0/0': it admits ingress from the whole internet. Fix: admit only the client, "
         "load balancer or VPC ranges, or reference a security group.")
REFUSED = "the exemption was refused and exempts nothing, because "
NARROW = ("Fix: narrow it to the resources meant (a namePattern such as '^bastion-.*$', or a tag only they carry), or "
          'add "scope": "all" to the exemption if it really means every resource.')
MATCH_ALL = "namePattern matches every resource name, which would switch the rule off for the whole stack. "
BLANK = ("its reason is missing or blank, and an exemption must say why the rule does not apply. Fix: give the "
         "reason, such as the ticket that approved it.")
MISSING_POLICY = ("policy is unset: the API is PRIVATE and has no resource policy, inline or as a RestApiPolicy, so "
                  "its deployment fails. Fix: set policy on the RestApi or add an apigateway.RestApiPolicy with "
                  "rest_api_id=api.id that admits only your VPC endpoints.")
PRIVATE = {"endpointConfiguration": {"types": "PRIVATE"}}
DEFAULT_TAGS = {"aws:region": "eu-west-1", "aws:defaultTags": json.dumps({"tags": {"env": "dev", "owner": "platform"}})}


def refused(entry: dict[str, Any], why: str) -> str:
    return f"exemptions[0] is {json.dumps(entry, sort_keys=True)}: {REFUSED}{why}"


def run(entries: list[dict[str, Any]], *, name: str = "legacy-sg", props: dict[str, Any] | None = None,
        **kwargs: Any):
    return run_resource(POLICY, types.SECURITY_GROUP_RULE, RULE | (props or {}), name=name,
                        config={"exemptions": entries}, **kwargs)


@pytest.fixture(autouse=True)
def _no_stack_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PULUMI_CONFIG", raising=False)


# -- the schema the CLI and the offline engine validate the config against


def _schema_errors(entries: Any) -> list[str]:
    validator = jsonschema.Draft7Validator({"type": "object", "properties": {"exemptions": EXEMPTIONS_SCHEMA}})
    return [error.message for error in validator.iter_errors({"exemptions": entries})]


@pytest.mark.parametrize("reason", ["", " ", "\t\n ", None])
def test_schema_refuses_a_blank_reason(reason: Any) -> None:
    assert _schema_errors([{"namePattern": "legacy-sg", "reason": reason}])
    assert _schema_errors([{"namePattern": "legacy-sg"}]) == ["'reason' is a required property"]


@pytest.mark.parametrize("pattern", ["", "  "])
def test_schema_refuses_a_blank_name_pattern(pattern: str) -> None:
    assert _schema_errors([{"namePattern": pattern, "reason": "ticket OPS-12"}])


def test_schema_accepts_scope_all_only() -> None:
    assert _schema_errors([{"namePattern": ".*", "reason": "sandbox account", "scope": "all"}]) == []
    assert _schema_errors([{"namePattern": "legacy-.*", "reason": "ticket OPS-12"}]) == []
    assert _schema_errors([{"namePattern": ".*", "reason": "sandbox", "scope": "some"}]) == [
        "'some' is not one of ['all']"]
    assert _schema_errors([{"namePattern": "x", "reason": "y", "note": "z"}]) == [
        "Additional properties are not allowed ('note' was unexpected)"]


def test_every_policy_declares_the_schema_and_the_sdk_sends_it() -> None:
    policies = all_policies()
    assert all(p.config_schema.properties["exemptions"] is EXEMPTIONS_SCHEMA for p in policies)
    info = _PolicyAnalyzerServicer("private-api-guard", "0.0.1", policies, EnforcementLevel.ADVISORY) \
        .GetAnalyzerInfo(None, None)
    for policy in info.policies:
        exemption = policy.configSchema.properties["exemptions"]["items"]["properties"]
        assert exemption["reason"]["pattern"] == r"\S" and exemption["namePattern"]["pattern"] == r"\S"
        assert list(exemption["scope"]["enum"]) == ["all"]


# -- evaluation: a schema check may have been skipped, so the pack refuses on its own


@pytest.mark.parametrize("reason", ["", "   ", "\n", None, 7])
def test_a_blank_reason_exempts_nothing(reason: Any) -> None:
    entry = {"namePattern": "legacy-sg", "reason": reason}
    result = run([entry])
    assert result.violations == [WORLD, refused(entry, BLANK)]
    assert result.not_applicable is None


@pytest.mark.parametrize("reason", ["\u200b", "\u2800", "\u3164", "\u115f", "\u1160", "\uffa0", "\u2060",
                                    "\u2061", "\u2062", "\u2063", "\u2064", "\ufeff", "\u180e",
                                    "\u200b \u3164\u2800\ufeff", "-- . _ !"])
def test_a_reason_without_a_visible_letter_or_digit_exempts_nothing(reason: str) -> None:
    entry = {"namePattern": "legacy-sg", "reason": reason}
    assert _schema_errors([entry]) == []
    result = run([entry])
    assert result.violations == [WORLD, refused(entry, BLANK)]
    assert result.not_applicable is None


@pytest.mark.parametrize("reason", ["OPS-12", "\u200bticket 7", "7", "承認済み", "\u3164Ω"])
def test_a_reason_with_a_visible_letter_or_digit_applies(reason: str) -> None:
    result = run([{"namePattern": "legacy-sg", "reason": reason}])
    assert result.violations == []
    assert result.not_applicable == f"exempted by name pattern 'legacy-sg': {reason}"


def test_a_missing_reason_exempts_nothing_even_with_scope_all() -> None:
    entry = {"namePattern": ".*", "scope": "all"}
    assert run([entry]).violations == [WORLD, refused(entry, BLANK)]


@pytest.mark.parametrize("pattern", [".*", "*", ".+", "^.*$", "(.*)", "", " * ", "(?s).*", "[\\s\\S]*", ".*?", ".{0,}"])
def test_a_match_all_pattern_is_refused_without_scope(pattern: str) -> None:
    entry = {"namePattern": pattern, "reason": "legacy"}
    result = run([entry], name="anything-at-all")
    assert result.violations == [WORLD, refused(entry, MATCH_ALL + NARROW)]
    assert result.not_applicable is None


def test_the_refusal_message_in_full() -> None:
    assert run([{"namePattern": ".*", "reason": "legacy"}]).violations[1] == (
        'exemptions[0] is {"namePattern": ".*", "reason": "legacy"}: the exemption was refused and exempts nothing, '
        "because namePattern matches every resource name, which would switch the rule off for the whole stack. Fix: "
        "narrow it to the resources meant (a namePattern such as '^bastion-.*$', or a tag only they carry), or add "
        '"scope": "all" to the exemption if it really means every resource.')


@pytest.mark.parametrize("pattern", [".*", "*", ".+", "^.*$", "(.*)"])
def test_a_match_all_pattern_applies_with_scope_all(pattern: str) -> None:
    result = run([{"namePattern": pattern, "reason": "sandbox account, ticket SEC-1", "scope": "all"}],
                 name="anything-at-all")
    assert result.violations == []
    assert result.not_applicable == f"exempted stack-wide (scope all) by name pattern '{pattern}': sandbox account, " \
                                    "ticket SEC-1"


@pytest.mark.parametrize("pattern", ["legacy-.*", "legacy-sg", "(legacy|old)-.+", "^legacy-[a-z]+$", "[a-z-]*sg"])
def test_a_narrow_pattern_still_works(pattern: str) -> None:
    result = run([{"namePattern": pattern, "reason": "TICKET-42 until migration"}])
    assert result.violations == []
    assert result.not_applicable == f"exempted by name pattern '{pattern}': TICKET-42 until migration"


def test_a_narrow_pattern_that_does_not_match_says_nothing() -> None:
    assert run([{"namePattern": "legacy-.*", "reason": "TICKET-42"}], name="web-sg").violations == [WORLD]


@pytest.mark.parametrize("pattern", [".{1,199}", "[^\\n]{0,199}", "(?!q7R)(?!x{200}).*", ".{0,255}", "\\w[\\w.-]*",
                                     "[\\s\\S]+", "(?s).*", ".*?", "(a|.*)", ".{0,20}"])
def test_a_pattern_dodging_some_probes_is_still_refused(pattern: str) -> None:
    entry = {"namePattern": pattern, "reason": "legacy"}
    result = run([entry], name="anything-at-all")
    assert result.violations == [WORLD, refused(entry, MATCH_ALL + NARROW)]
    assert result.not_applicable is None


@pytest.mark.parametrize(("pattern", "name"), [("^bastion-.*$", "bastion-eu"), ("web-.*", "web-sg"),
                                               ("bridge-bastion", "bridge-bastion"), (".*-bastion", "ssh-bastion"),
                                               ("[a-z]+-db", "orders-db"), ("[a-z-]+", "legacy-sg")])
def test_a_narrow_pattern_is_not_mistaken_for_match_all(pattern: str, name: str) -> None:
    result = run([{"namePattern": pattern, "reason": "OPS-12"}], name=name)
    assert result.violations == []
    assert result.not_applicable == f"exempted by name pattern '{pattern}': OPS-12"


def test_the_probe_names_are_diverse() -> None:
    assert all(MATCH_ALL_PROBES) and len(set(MATCH_ALL_PROBES)) == len(MATCH_ALL_PROBES)
    assert [len(p) for p in MATCH_ALL_PROBES] == sorted(len(p) for p in MATCH_ALL_PROBES)
    assert {300, 1000} <= {len(p) for p in MATCH_ALL_PROBES}
    assert any(not p.isascii() and p.replace("-", "").replace("_", "").isalnum() for p in MATCH_ALL_PROBES)
    assert any(p.isalpha() and p.isupper() for p in MATCH_ALL_PROBES)
    assert any(p.isdigit() for p in MATCH_ALL_PROBES)
    long_ones = [p for p in MATCH_ALL_PROBES if len(p) >= 300]
    assert all(set(p) >= set("-_.") and any(c.isdigit() for c in p) and p[0].isalpha() for p in long_ones)


def test_the_probe_names_are_fixed() -> None:
    # The verdict on a pattern must not change between runs: nothing in the probes is drawn at random.
    assert MATCH_ALL_PROBES == core.MATCH_ALL_PROBES and core._mixed_name(1000) == core._mixed_name(1000)
    assert core._mixed_name(12) == "hSq1z-IgRp0y"


def test_a_narrow_pattern_is_tried_on_short_probes_only() -> None:
    tried: list[str] = []

    class Recording:
        def fullmatch(self, probe: str) -> None:
            tried.append(probe)

    assert core._matches_most_probes(Recording()) is False  # type: ignore[arg-type]
    assert tried == list(MATCH_ALL_PROBES[:len(MATCH_ALL_PROBES) - core._MATCH_ALL_QUORUM + 1])
    assert max(map(len, tried)) < 200


def test_an_invalid_pattern_is_refused_on_every_resource_the_rule_fails() -> None:
    entry = {"namePattern": "legacy-[", "reason": "typo"}
    assert run([entry], name="web-sg").violations == [WORLD, refused(
        entry, "namePattern is not a valid regular expression (unterminated character set at position 7). Fix: "
               "correct the expression; it must match the whole logical name.")]


def test_a_refused_exemption_does_not_hide_a_sound_one_after_it() -> None:
    result = run([{"namePattern": ".*", "reason": "everything"}, {"namePattern": "legacy-sg", "reason": "OPS-12"}])
    assert result.violations == []
    assert result.not_applicable == "exempted by name pattern 'legacy-sg': OPS-12"


def test_every_refused_exemption_is_reported() -> None:
    result = run([{"namePattern": ".*", "reason": "a"}, {"namePattern": "legacy-sg", "reason": ""}])
    assert result.violations == [
        WORLD,
        refused({"namePattern": ".*", "reason": "a"}, MATCH_ALL + NARROW),
        'exemptions[1] is {"namePattern": "legacy-sg", "reason": ""}: ' + REFUSED + BLANK,
    ]


def test_exemptions_only_matter_when_the_rule_fails() -> None:
    result = run_resource(POLICY, types.SECURITY_GROUP_RULE, {"type": "ingress", "cidrBlocks": ["10.0.0.0/8"]},
                          config={"exemptions": [{"namePattern": ".*", "reason": ""}]})
    assert result.violations == [] and result.not_applicable is None


@pytest.mark.parametrize("config", [{"exemptions": "legacy-sg"}, {"exemptions": [None, "x", 3]}, {"exemptions": None}])
def test_malformed_exemption_lists_exempt_nothing(config: dict[str, Any]) -> None:
    result = run_resource(POLICY, types.SECURITY_GROUP_RULE, RULE, name="legacy-sg", config=config)
    assert result.violations == [WORLD] and result.not_applicable is None


# -- stack-wide default tags


def default_tag_refusal(entry: dict[str, Any], source: str) -> str:
    return refused(entry, f"the tag is a stack-wide default tag ({source}), which every resource carries, so it "
                          f"would switch the rule off for the whole stack. {NARROW}")


def test_a_default_tag_of_the_stack_config_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps(DEFAULT_TAGS))
    entry = {"tag": "env=dev", "reason": "dev stack"}
    result = run([entry], props={"tags": {"env": "dev"}})
    assert result.violations == [WORLD, default_tag_refusal(entry, "aws:defaultTags in the stack config")]
    assert result.not_applicable is None


def test_a_default_tag_is_refused_even_on_a_resource_without_tags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps(DEFAULT_TAGS))
    entry = {"tag": "owner=platform", "reason": "platform owned"}
    assert run([entry]).violations == [WORLD, default_tag_refusal(entry, "aws:defaultTags in the stack config")]


def test_a_default_tag_applies_stack_wide_with_scope_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps(DEFAULT_TAGS))
    result = run([{"tag": "env=dev", "reason": "throwaway dev account", "scope": "all"}])
    assert result.violations == []
    assert result.not_applicable == "exempted stack-wide (scope all) by tag 'env=dev': throwaway dev account"


def test_a_tag_that_is_not_a_default_tag_still_works(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps(DEFAULT_TAGS))
    tags = {"env": "prod", "approved-bastion": "OPS-12"}
    for tag in ("approved-bastion=OPS-12", "env=prod"):
        result = run([{"tag": tag, "reason": "break-glass SSH"}], props={"tags": tags})
        assert result.violations == []
        assert result.not_applicable == f"exempted by tag '{tag}': break-glass SSH"


@pytest.mark.parametrize("raw", ["", "not json", "[1, 2]", '{"aws:defaultTags": "{broken"}',
                                 '{"aws:defaultTags": "[]"}', '{"aws:defaultTags": {"tags": "x"}}',
                                 '{"aws:defaultTags": "' + "[" * 5000 + '"}'])
def test_a_malformed_stack_config_means_no_default_tags(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("PULUMI_CONFIG", raw)
    result = run([{"tag": "env=dev", "reason": "OPS-7"}], props={"tags": {"env": "dev"}})
    assert result.violations == [] and result.not_applicable == "exempted by tag 'env=dev': OPS-7"


@pytest.mark.parametrize("default_tags", [{"tags": {"env": "dev"}}, json.dumps({"tags": {"env": "dev"}})],
                         ids=["object", "json-string"])
def test_a_default_tag_of_the_resource_provider_is_refused(default_tags: Any) -> None:
    entry = {"tag": "env=dev", "reason": "dev stack"}
    result = run([entry], props={"tags": {"env": "dev"}}, provider=aws_provider({"defaultTags": default_tags}))
    assert result.violations == [WORLD, default_tag_refusal(entry, "defaultTags of provider default_7_0_0")]


def test_an_unknown_provider_default_tags_refuses_tag_exemptions() -> None:
    entry = {"tag": "approved=OPS-12", "reason": "bastion"}
    result = run([entry], props={"tags": {"approved": "OPS-12"}},
                 provider=aws_provider({"defaultTags": UNKNOWN_OBJECT_VALUE}, name="eu"))
    assert result.violations == [WORLD, refused(
        entry, "defaultTags of provider eu cannot be known during preview, so the tag cannot be shown not to be on "
               'every resource. Fix: exempt the resource by namePattern instead, or add "scope": "all" to the '
               "exemption if it really means every resource.")]
    by_name = run([{"namePattern": "legacy-sg", "reason": "bastion"}],
                  provider=aws_provider({"defaultTags": UNKNOWN_OBJECT_VALUE}, name="eu"))
    assert by_name.violations == [] and by_name.not_applicable == "exempted by name pattern 'legacy-sg': bastion"


def test_another_providers_default_tags_do_not_count() -> None:
    result = run([{"tag": "env=dev", "reason": "OPS-7"}], props={"tags": {"env": "dev"}},
                 provider=aws_provider({"region": "eu-west-1"}))
    assert result.not_applicable == "exempted by tag 'env=dev': OPS-7"


# -- stack policies go through the same logic


def test_stack_policy_refuses_a_match_all_pattern() -> None:
    entry = {"namePattern": "*", "reason": "legacy"}
    result = run_stack(STACK_POLICY, [Res(types.REST_API, "api", PRIVATE)], config={"exemptions": [entry]})
    assert result.violations == [MISSING_POLICY, refused(entry, MATCH_ALL + NARROW)]
    assert result.urns == [f"urn:pulumi:test::private-apis::{types.REST_API}::api"] * 2
    assert result.not_applicable is None


def test_stack_policy_applies_a_match_all_pattern_with_scope_all() -> None:
    result = run_stack(STACK_POLICY, [Res(types.REST_API, "api", PRIVATE), Res(types.REST_API, "other", PRIVATE)],
                       config={"exemptions": [{"namePattern": ".*", "reason": "sandbox", "scope": "all"}]})
    assert result.violations == []
    assert result.not_applicable == ("api: exempted stack-wide (scope all) by name pattern '.*': sandbox; "
                                     "other: exempted stack-wide (scope all) by name pattern '.*': sandbox")


def test_stack_policy_refuses_a_default_tag_of_a_provider_in_the_stack() -> None:
    entry = {"tag": "env=dev", "reason": "dev"}
    stack = [Res(AWS_PROVIDER, "eu", {"defaultTags": json.dumps({"tags": {"env": "dev"}})}),
             Res(types.REST_API, "api", PRIVATE | {"tags": {"env": "dev"}})]
    result = run_stack(STACK_POLICY, stack, config={"exemptions": [entry]})
    assert result.violations == [MISSING_POLICY, default_tag_refusal(entry, "defaultTags of provider eu")]


def test_stack_policy_reads_the_provider_each_resource_uses() -> None:
    entry = {"tag": "env=dev", "reason": "dev"}
    stack = [Res(AWS_PROVIDER, "eu", {"defaultTags": {"tags": {"env": "dev"}}}),
             Res(types.REST_API, "api", PRIVATE | {"tags": {"env": "dev"}}, provider="eu")]
    result = run_stack(STACK_POLICY, stack, config={"exemptions": [entry]})
    assert result.violations == [MISSING_POLICY, default_tag_refusal(entry, "defaultTags of provider eu")]


def test_stack_policy_refuses_a_default_tag_of_the_stack_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps(DEFAULT_TAGS))
    entry = {"tag": "env=dev", "reason": "dev"}
    result = run_stack(STACK_POLICY, [Res(types.REST_API, "api", PRIVATE)], config={"exemptions": [entry]})
    assert result.violations == [MISSING_POLICY, default_tag_refusal(entry, "aws:defaultTags in the stack config")]


def test_stack_policy_narrow_exemptions_still_work() -> None:
    result = run_stack(STACK_POLICY, [Res(types.REST_API, "api", PRIVATE), Res(types.REST_API, "other", PRIVATE)],
                       config={"exemptions": [{"namePattern": "api", "reason": "OPS-7"}]})
    assert result.violations == [MISSING_POLICY]
    assert result.urns == [f"urn:pulumi:test::private-apis::{types.REST_API}::other"]
    assert result.not_applicable == "api: exempted by name pattern 'api': OPS-7"


def test_stack_policy_blank_reason_exempts_nothing() -> None:
    entry = {"tag": "policy-exempt=OPS-7", "reason": " "}
    result = run_stack(STACK_POLICY, [Res(types.REST_API, "api", PRIVATE | {"tags": {"policy-exempt": "OPS-7"}})],
                       config={"exemptions": [entry]})
    assert result.violations == [MISSING_POLICY, refused(entry, BLANK)]


def test_stack_policy_unknown_tags_exempt_nothing() -> None:
    result = run_stack(STACK_POLICY, [Res(types.REST_API, "api", PRIVATE | {"tags": UNKNOWN})],
                       config={"exemptions": [{"tag": "policy-exempt=OPS-7", "reason": "OPS-7"}]})
    assert result.violations == [MISSING_POLICY] and result.not_applicable is None


# -- through the SDK's real Analyzer servicer, as the CLI and the offline engine call it


def _servicer(config: dict[str, Any]) -> _PolicyAnalyzerServicer:
    servicer = _PolicyAnalyzerServicer("private-api-guard", "0.0.1", [POLICY], EnforcementLevel.ADVISORY)
    request = analyzer_pb2.ConfigureAnalyzerRequest()
    request.policyConfig[POLICY.name].properties.update(config)
    servicer.Configure(request, None)
    return servicer


def _analyze(servicer: _PolicyAnalyzerServicer, props: dict[str, Any],
             provider: dict[str, Any] | None = None) -> analyzer_pb2.AnalyzeResponse:
    request = analyzer_pb2.AnalyzeRequest(type=types.SECURITY_GROUP_RULE, name="legacy-sg",
                                          urn=f"urn:pulumi:dev::p::{types.SECURITY_GROUP_RULE}::legacy-sg")
    request.properties.update(props)
    if provider is not None:
        request.provider.type = AWS_PROVIDER
        request.provider.name = "default_7_0_0"
        request.provider.urn = f"urn:pulumi:dev::p::{AWS_PROVIDER}::default_7_0_0"
        request.provider.properties.update(provider)
    return analyzer_pb2.AnalyzeResponse.FromString(servicer.Analyze(request, None).SerializeToString())


def test_servicer_reports_the_refusal_after_the_violation() -> None:
    entry = {"namePattern": ".*", "reason": "legacy"}
    response = _analyze(_servicer({"exemptions": [entry]}), RULE)
    assert [d.message for d in response.diagnostics] == [
        f"{POLICY.description}\n{WORLD}", f"{POLICY.description}\n{refused(entry, MATCH_ALL + NARROW)}"]
    assert not response.not_applicable


def test_servicer_prints_a_stack_wide_exemption() -> None:
    response = _analyze(_servicer({"exemptions": [{"namePattern": ".*", "reason": "sandbox", "scope": "all"}]}), RULE)
    assert not response.diagnostics
    assert [(n.policy_name, n.reason) for n in response.not_applicable] == [
        (POLICY.name, "exempted stack-wide (scope all) by name pattern '.*': sandbox")]


def test_servicer_refuses_a_default_tag_of_the_request_provider() -> None:
    entry = {"tag": "env=dev", "reason": "dev"}
    response = _analyze(_servicer({"exemptions": [entry]}), RULE | {"tags": {"env": "dev"}},
                        provider={"defaultTags": json.dumps({"tags": {"env": "dev"}})})
    assert [d.message.split("\n", 1)[1] for d in response.diagnostics] == [
        WORLD, default_tag_refusal(entry, "defaultTags of provider default_7_0_0")]


def test_servicer_reads_default_tags_from_pulumi_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULUMI_CONFIG", json.dumps(DEFAULT_TAGS))
    entry = {"tag": "env=dev", "reason": "dev"}
    response = _analyze(_servicer({"exemptions": [entry]}), RULE | {"tags": {"env": "dev"}})
    assert [d.message.split("\n", 1)[1] for d in response.diagnostics] == [
        WORLD, default_tag_refusal(entry, "aws:defaultTags in the stack config")]
    assert _analyze(_servicer({"exemptions": [{"tag": "env=dev", "reason": "dev", "scope": "all"}]}),
                    RULE).not_applicable[0].reason == "exempted stack-wide (scope all) by tag 'env=dev': dev"

