"""``audit``: a deployed stack's live configuration, judged by the policy pack and compared with what it declared.

Each resource the stack owns is read with boto3 and translated into the pulumi-aws property bag of its type; the
bag replaces the recorded values of the properties read, so the pack judges the live stack with the same links
(property dependencies) as at preview time. Resources of types the audit does not read are judged as recorded
and listed as such. Findings of the audit itself (drift, a resource gone, a check that could not run, a live
resource the stack never declared) fail the audit like a mandatory violation.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from typing import Any

from private_apis.audit import read_apigateway, read_ec2, read_services
from private_apis.audit.aws import Aws, Gone, Unavailable, check_endpoint
from private_apis.audit.normalize import empty
from private_apis.audit.outputs_stack import state_from_outputs
from private_apis.audit.packs import PackOptions, project_for, run_packs, stack_config
from private_apis.audit.reading import Context, Drift, Extra, Live
from private_apis.engine.errors import EngineError
from private_apis.engine.preview import PreviewResult
from private_apis.engine.recorder import Graph, RecordedResource, secret
from private_apis.engine.render import mask_secrets
from private_apis.engine.secrets import SECRET_TEXT, masker, secret_strings
from private_apis.stack_state import StackState, load_stack_export

READERS = {**read_apigateway.READERS, **read_ec2.READERS, **read_services.READERS}
DRIFT: dict[str, dict[str, Drift]] = {**read_apigateway.DRIFT, **read_ec2.DRIFT, **read_services.DRIFT}


@dataclass
class AuditOptions:
    stack_export: str | None = None
    outputs: str | None = None
    region: str | None = None
    endpoint_url: str | None = None
    packs: PackOptions = field(default_factory=PackOptions)
    cwd: str = "."


@dataclass
class Finding:
    """Something the audit itself found: ``drift``, ``gone``, ``unverified`` or ``undeclared``."""

    kind: str
    urn: str
    type: str
    name: str
    message: str
    property: str | None = None
    recorded: Any = None
    live: Any = None
    secret: bool = False
    """True where the property is (partly) secret in the state: no value of it is shown."""


@dataclass
class AuditResult:
    state: StackState
    region: str
    judged: PreviewResult
    findings: list[Finding]
    audited: int
    state_only: list[RecordedResource]
    declared: bool
    calls: list[tuple[str, str]]

    @property
    def failed(self) -> bool:
        return bool(self.judged.mandatory or self.findings)


def _load(options: AuditOptions) -> tuple[StackState, bool]:
    if options.stack_export:
        return load_stack_export(options.stack_export, project_dir=options.cwd), True
    if options.outputs:
        return state_from_outputs(options.outputs), False
    raise EngineError("audit needs the stack's resources. Fix: pass --stack-export FILE (pulumi stack export) or "
                      "--outputs FILE (pulumi stack output --json).")


def _region(options: AuditOptions, state: StackState) -> str:
    region = options.region or state.region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
    if not region:
        raise EngineError(f"{state.source} does not say the stack's region. Fix: pass --region (e.g. --region "
                          "eu-west-1).")
    return region


def has_secret(value: Any) -> bool:
    """True where ``value`` holds a secret (``[secret]``) at any depth."""
    if value == SECRET_TEXT:
        return True
    if isinstance(value, dict):
        return any(has_secret(v) for v in value.values())
    if isinstance(value, list):
        return any(has_secret(v) for v in value)
    return False


def _merged(record: RecordedResource, bag: dict[str, Any]) -> RecordedResource:
    # A live value of a property the stack recorded as secret (in whole or in part) stays a secret: the pack sees
    # it in the secret envelope and every message quoting it is masked, as under preview.
    secret_keys = {k for k in bag if has_secret(record.inputs.get(k)) or has_secret(record.outputs.get(k))}
    live = {k: secret(v) if k in secret_keys and v is not None else v for k, v in bag.items()}

    def overlay(values: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in {**values, **live}.items() if v is not None}
    return dataclasses.replace(record, inputs=overlay(record.inputs), outputs=overlay(record.outputs))


def _masked_like(live: Any, recorded: Any) -> Any:
    """``live`` with ``[secret]`` wherever ``recorded`` has it: list items are paired with the recorded item they
    then equal (any order), else by position."""
    if recorded == SECRET_TEXT:
        return SECRET_TEXT
    if isinstance(recorded, dict) and isinstance(live, dict):
        return {k: _masked_like(v, recorded[k]) if k in recorded else v for k, v in live.items()}
    if isinstance(recorded, list) and isinstance(live, list):
        unused, out = list(range(len(recorded))), []
        for index, item in enumerate(live):
            match = next((i for i in unused if _masked_like(item, recorded[i]) == recorded[i]), None)
            if match is None and index in unused:
                match = index
            if match is None:
                out.append(item)
                continue
            unused.remove(match)
            out.append(_masked_like(item, recorded[match]))
        return out
    return live


def _extra_record(extra: Extra, state: StackState) -> RecordedResource:
    urn = f"urn:pulumi:{state.stack}::{state.project}::{extra.type}::{extra.name}"
    bag = {k: v for k, v in extra.bag.items() if v is not None}
    return RecordedResource(type=extra.type, name=extra.name, urn=urn, parent=extra.owner.parent, custom=True,
                            provider=extra.owner.provider, dependencies=sorted({u for v in extra.links.values()
                                                                               for u in v}),
                            property_dependencies=extra.links, inputs=bag, outputs=bag, source=extra.owner.source)


def drift_of(record: RecordedResource, live: Live, ctx: Context) -> list[Finding]:
    """Every property read live whose value differs from the stack's recorded input, both normalised."""
    findings = []
    for key, spec in DRIFT.get(record.type, {}).items():
        if key not in live.bag or record.inputs.get(key) == SECRET_TEXT:
            continue
        recorded, current = record.inputs.get(key), live.bag[key]
        hidden = has_secret(recorded)
        if hidden:
            # Only the parts the state does not hide can be compared; neither value may be shown.
            current = _masked_like(current, recorded)
        normalise = spec.normalise or (lambda value, _record, _ctx: value)
        try:
            before = normalise(spec.default if empty(recorded) else recorded, record, ctx)
        except (TypeError, ValueError, AttributeError, KeyError):
            raise EngineError(f"{record.urn} records {key} in a shape pulumi-aws does not write, so its drift "
                              "cannot be checked. Fix: pass the file `pulumi stack export` writes, unedited.") \
                from None
        after = normalise(spec.default if empty(current) else current, record, ctx)
        if before == after:
            continue
        if hidden:
            findings.append(Finding(kind="drift", urn=record.urn, type=record.type, name=record.name, property=key,
                                    secret=True, message=f"{key} changed (secret)"))
        else:
            findings.append(Finding(kind="drift", urn=record.urn, type=record.type, name=record.name, property=key,
                                    recorded=recorded, live=current,
                                    message=f"{key} drifted from what the stack declared"))
    return findings


def _read_all(ctx: Context, state: StackState, declared: bool
              ) -> tuple[list[RecordedResource], list[Finding], int, list[RecordedResource]]:
    resources, findings, audited, state_only = [], [], 0, []
    default = ctx.aws
    for record in state.resources:
        reader = READERS.get(record.type)
        if reader is None:
            resources.append(record)
            if record.custom:
                state_only.append(record)
            continue
        # Each resource is read in the region of its own provider (one client set per region).
        ctx.aws = ctx.clients(state.regions.get(record.urn) or default.region)
        ctx.region = ctx.aws.region
        try:
            live = reader(ctx, record)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise EngineError(f"{state.source}: {record.urn} records values the audit cannot read "
                              f"({type(exc).__name__}: {' '.join(str(exc).split())[:200]}). Fix: pass the file "
                              "`pulumi stack export` writes, unedited.") from None
        except Gone as exc:
            findings.append(Finding(kind="gone", urn=record.urn, type=record.type, name=record.name,
                                    message=f"the stack owns it, but it no longer exists ({exc})"))
            continue
        except Unavailable as exc:
            # Judged as recorded so stack policies keep their links, but never passed: it is a finding.
            resources.append(record)
            findings.append(Finding(kind="unverified", urn=record.urn, type=record.type, name=record.name,
                                    message=f"the live check could not run: {exc}"))
            continue
        audited += 1
        resources.append(_merged(record, live.bag))
        if declared:
            findings.extend(drift_of(record, live, ctx))
        for extra in live.extras:
            resources.append(_extra_record(extra, state))
            if declared and not extra.declared_elsewhere:
                findings.append(Finding(kind="undeclared", urn=resources[-1].urn, type=extra.type, name=extra.name,
                                        property=extra.property, live=extra.bag,
                                        message=f"exists live in {extra.property} of {extra.owner.name}, but the "
                                                "stack does not declare it"))
    ctx.aws, ctx.region = default, default.region
    return resources, findings, audited, state_only


def _mask_value(value: Any, mask: Any) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {k: _mask_value(v, mask) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_value(v, mask) for v in value]
    return value


def _masked_findings(findings: list[Finding], mask: Any) -> list[Finding]:
    """Findings with every secret the run knows (recorded or read live under a secret property) masked."""
    return [dataclasses.replace(f, message=mask(f.message), recorded=_mask_value(f.recorded, mask),
                                live=_mask_value(f.live, mask)) for f in findings]


def run_audit(options: AuditOptions) -> AuditResult:
    state, declared = _load(options)
    region = _region(options, state)
    check_endpoint(options.endpoint_url)
    aws = Aws(region, options.endpoint_url)
    ctx = Context(aws=aws, records=state.resources, region=region)
    resources, findings, audited, state_only = _read_all(ctx, state, declared)
    calls = sorted({call for client in ctx.all_clients() for call in client.calls})
    graph = Graph(project=state.project, stack=state.stack, resources=resources, stack_outputs=state.stack_outputs)
    config = stack_config(state.providers)
    judged = mask_secrets(run_packs(graph, state.providers, config, options.packs,
                                    project_for(options.cwd, state.project)))
    findings = _masked_findings(findings, masker(secret_strings(graph, config)))
    return AuditResult(state=state, region=region, judged=judged, findings=findings, audited=audited,
                       state_only=state_only, declared=declared, calls=calls)
