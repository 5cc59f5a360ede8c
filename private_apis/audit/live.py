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
from private_apis.audit.aws import Aws, Gone, Unavailable
from private_apis.audit.normalize import empty
from private_apis.audit.outputs_stack import state_from_outputs
from private_apis.audit.packs import PackOptions, project_for, run_packs, stack_config
from private_apis.audit.reading import Context, Drift, Extra, Live
from private_apis.engine.errors import EngineError
from private_apis.engine.preview import PreviewResult
from private_apis.engine.recorder import Graph, RecordedResource
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


def _merged(record: RecordedResource, bag: dict[str, Any]) -> RecordedResource:
    def overlay(values: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in {**values, **bag}.items() if v is not None}
    return dataclasses.replace(record, inputs=overlay(record.inputs), outputs=overlay(record.outputs))


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
        if key not in live.bag or record.inputs.get(key) == "[secret]":
            continue
        recorded, current = record.inputs.get(key), live.bag[key]
        normalise = spec.normalise or (lambda value, _record, _ctx: value)
        before = normalise(spec.default if empty(recorded) else recorded, record, ctx)
        after = normalise(spec.default if empty(current) else current, record, ctx)
        if before != after:
            findings.append(Finding(kind="drift", urn=record.urn, type=record.type, name=record.name, property=key,
                                    recorded=recorded, live=current,
                                    message=f"{key} drifted from what the stack declared"))
    return findings


def _read_all(ctx: Context, state: StackState, declared: bool
              ) -> tuple[list[RecordedResource], list[Finding], int, list[RecordedResource]]:
    resources, findings, audited, state_only = [], [], 0, []
    for record in state.resources:
        reader = READERS.get(record.type)
        if reader is None:
            resources.append(record)
            if record.custom:
                state_only.append(record)
            continue
        try:
            live = reader(ctx, record)
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
    return resources, findings, audited, state_only


def run_audit(options: AuditOptions) -> AuditResult:
    state, declared = _load(options)
    region = _region(options, state)
    aws = Aws(region, options.endpoint_url)
    ctx = Context(aws=aws, records=state.resources, region=region)
    resources, findings, audited, state_only = _read_all(ctx, state, declared)
    graph = Graph(project=state.project, stack=state.stack, resources=resources, stack_outputs=state.stack_outputs)
    judged = run_packs(graph, state.providers, stack_config(state.providers), options.packs,
                       project_for(options.cwd, state.project))
    return AuditResult(state=state, region=region, judged=judged, findings=findings, audited=audited,
                       state_only=state_only, declared=declared, calls=sorted(set(aws.calls)))
