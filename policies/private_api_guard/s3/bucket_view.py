"""One view per S3 bucket across its sub-resources, shared by the S3 rules (no policy of its own).

A bucket is made public, or kept private, by several resources that point at it through their ``bucket`` input:
``BucketPolicy``, ``BucketAcl``/``BucketAclV2``, ``BucketPublicAccessBlock``, ``BucketOwnershipControls``,
``BucketWebsiteConfiguration``/``V2`` and objects with their own ACL (``BucketObject``, ``BucketObjectv2``,
``ObjectCopy``); the bucket itself may carry the deprecated inline ``policy``, ``acl``, ``grants`` and
``website``/``websites``; an ``AccountPublicAccessBlock`` covers every bucket of the account. Sub-resources are
linked through the property dependencies of ``bucket`` (known in a first preview, when the names are not), else
by the bucket name they give.

What counts as public follows S3's own definition ("The meaning of public",
https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status),
as :mod:`private_api_guard.resource_policies` implements it for every resource policy: an Allow for everyone
(``"*"``, ``{"AWS": "*"}``, a wildcard account, or any ``NotPrincipal``) is public unless a condition limits it to
fixed sources or principals (here also ``s3:DataAccessPointArn``/``Account``) or to narrow ``aws:SourceIp``
ranges, or a Deny-unless guard over the same actions and resources keeps it private. One grant S3 does not call
public is treated as one: the CloudFront service principal without ``aws:SourceArn``/``aws:SourceAccount``, which
lets any distribution of any account read the bucket through an origin access control (the confused deputy the
CloudFront developer guide's "Restricting access to an Amazon S3 origin" warns about); Block Public Access does not
stop it.

Controls, as S3 applies them:

* a public policy is stopped by ``blockPublicPolicy`` (S3 rejects the PUT) or ``restrictPublicBuckets`` (only the
  owner account and AWS services may use it), of the bucket's block or an account block in the program;
* a public ACL is stopped by ``blockPublicAcls`` (S3 rejects the PUT), ``ignorePublicAcls``, or ownership
  controls ``BucketOwnerEnforced`` (ACLs disabled: S3 rejects any ACL but the owner's).

Since April 2023 S3 creates every bucket with all four block settings on and ACLs disabled
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/create-bucket-overview.html), but that default is not part of
the program: a bucket created earlier or imported has neither, and a ``BucketPublicAccessBlock`` replaces it, with
each setting the program leaves unset written as false (pulumi-aws: "Defaults to ``false``"). So only controls
the program declares count; a public grant no declared control stops is public as configured.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pulumi_policy import PolicyResource
from pulumi_policy.proxy import UnknownValueError

from private_api_guard import types
from private_api_guard.apigateway.graph import decide_each
from private_api_guard.core import as_list, parse_json_document, statements
from private_api_guard.iam_documents import strings
from private_api_guard.resource_policies import RESTRICTING_KEYS as COMMON_KEYS
from private_api_guard.resource_policies import (
    SERVICE_SOURCE_KEYS,
    Vocabulary,
    declared,
    describe_actions,
    known_string,
    public_statement,
    restricts,
    service_principals,
    unguarded_allows,
)

BUCKET_TYPES = (types.S3_BUCKET, types.S3_BUCKET_V2)
POLICY_TYPES = (types.S3_BUCKET_POLICY,)
ACL_TYPES = (types.S3_BUCKET_ACL, types.S3_BUCKET_ACL_V2)
BLOCK_TYPES = (types.S3_BUCKET_PUBLIC_ACCESS_BLOCK,)
OWNERSHIP_TYPES = (types.S3_BUCKET_OWNERSHIP_CONTROLS,)
WEBSITE_TYPES = (types.S3_BUCKET_WEBSITE_CONFIGURATION, types.S3_BUCKET_WEBSITE_CONFIGURATION_V2)
OBJECT_TYPES = (types.S3_BUCKET_OBJECT, types.S3_BUCKET_OBJECT_V2, types.S3_OBJECT_COPY)
_KINDS = {**{t: "policy" for t in POLICY_TYPES}, **{t: "acl" for t in ACL_TYPES},
          **{t: "block" for t in BLOCK_TYPES}, **{t: "ownership" for t in OWNERSHIP_TYPES},
          **{t: "website" for t in WEBSITE_TYPES}, **{t: "object" for t in OBJECT_TYPES}}
_CONTROL_KINDS = frozenset({"block", "ownership"})

BLOCK_SETTINGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
POLICY_SETTINGS = ("blockPublicPolicy", "restrictPublicBuckets")
ACL_SETTINGS = ("blockPublicAcls", "ignorePublicAcls")
ENFORCED = "BucketOwnerEnforced"

# Canned ACLs and grantee groups that admit everyone, or every AWS account holder
# (https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl).
PUBLIC_CANNED_ACLS = {"public-read": "anyone", "public-read-write": "anyone",
                      "authenticated-read": "any AWS account holder"}
PUBLIC_GROUPS = {"allusers": "anyone", "authenticatedusers": "any AWS account holder"}
_GROUP_PREFIX = "acs.amazonaws.com/groups/global/"

RESTRICTING_KEYS = COMMON_KEYS | {"s3:dataaccesspointarn", "s3:dataaccesspointaccount"}
VOCABULARY = Vocabulary(keys=RESTRICTING_KEYS, every_action=("*", "s3:*"))
"""What restricts a public bucket-policy statement: the common keys and S3's access-point keys."""
CLOUDFRONT_SERVICE = "cloudfront.amazonaws.com"


@dataclass
class BucketView:
    """A bucket and the resources that shape its access. ``bucket`` is None for a bucket outside the program."""

    label: str
    bucket: PolicyResource | None = None
    parts: dict[str, list[PolicyResource]] = field(default_factory=dict)

    def of(self, kind: str) -> list[PolicyResource]:
        return self.parts.get(kind, [])


@dataclass(frozen=True)
class Grant:
    """One public grant: the field and value that grant it, what it admits, and whether Block Public Access
    (the bucket's or the account's) can stop it."""

    resource: PolicyResource
    field: str
    value: Any
    problem: str
    kind: str
    """``policy`` or ``acl``: which controls stop it."""
    blockable: bool = True


@dataclass(frozen=True)
class Control:
    """A declared control that stops a public grant: the setting (``blockPublicPolicy``, ``objectOwnership``...)
    and a description naming the resources that set it."""

    setting: str
    text: str

    @property
    def rejects(self) -> bool:
        """Whether S3 rejects the grant outright, so applying it fails the deployment.

        BlockPublicPolicy and BlockPublicAcls reject the PUT of a public policy or ACL; with ACLs disabled S3 rejects
        every ACL but bucket-owner-full-control (AccessControlListNotSupported).
        """
        return self.setting in ("blockPublicPolicy", "blockPublicAcls", "objectOwnership")


class S3Index:
    """Every bucket of a stack with its sub-resources, and the account-level blocks; built once per policy run."""

    def __init__(self, resources: Iterable[PolicyResource]) -> None:
        self.views: dict[str, BucketView] = {}
        self.account_blocks: list[PolicyResource] = []
        self._unlinked_control: UnknownValueError | None = None
        by_name: dict[str, BucketView] = {}
        subs: list[tuple[str, PolicyResource]] = []
        for resource in resources:
            if resource.resource_type in BUCKET_TYPES:
                view = BucketView(f"bucket '{resource.name}'", resource)
                self.views[resource.urn] = view
                name = known_string(resource.props, "bucket")
                if name is not None:
                    by_name.setdefault(name, view)
            elif resource.resource_type == types.S3_ACCOUNT_PUBLIC_ACCESS_BLOCK:
                self.account_blocks.append(resource)
            elif resource.resource_type in _KINDS:
                subs.append((_KINDS[resource.resource_type], resource))
        for kind, resource in subs:
            for view in self._views_of(kind, resource, by_name):
                view.parts.setdefault(kind, []).append(resource)

    def _views_of(self, kind: str, resource: PolicyResource, by_name: dict[str, BucketView]) -> list[BucketView]:
        linked = [self.views[d.urn] for d in resource.property_dependencies.get("bucket") or [] if d.urn in self.views]
        if linked:
            return list({id(v): v for v in linked}.values())
        try:
            name = resource.props.get("bucket")
        except UnknownValueError as exc:
            # Neither a dependency nor a name ties it to a bucket: it gets a view of its own, and a control that
            # might protect any bucket keeps the rules from calling a bucket unprotected.
            if kind in _CONTROL_KINDS and self._unlinked_control is None:
                self._unlinked_control = exc
            return [self._own_view(f"urn:{resource.urn}", "an unknown bucket")]
        if isinstance(name, str) and name in by_name:
            return [by_name[name]]
        label = f"bucket '{name}'" if isinstance(name, str) else "an unnamed bucket"
        return [self._own_view(f"name:{name}" if isinstance(name, str) else f"urn:{resource.urn}", label)]

    def _own_view(self, key: str, label: str) -> BucketView:
        if key not in self.views:
            self.views[key] = BucketView(label)
        return self.views[key]

    def all(self) -> list[BucketView]:
        return list(self.views.values())

    # -- controls

    def policy_stopper(self, view: BucketView) -> Control | None:
        """The declared control that keeps a public policy of ``view`` from applying, or None."""
        return self._stopper(view, POLICY_SETTINGS, ownership=False)

    def acl_stopper(self, view: BucketView) -> Control | None:
        """The declared control that keeps a public ACL of ``view`` from applying, or None."""
        return self._stopper(view, ACL_SETTINGS, ownership=True)

    def stopper(self, grant: Grant, view: BucketView) -> Control | None:
        """The declared control that keeps ``grant`` from applying, or None (an unknown setting raises)."""
        if not grant.blockable:
            return None
        return self.policy_stopper(view) if grant.kind == "policy" else self.acl_stopper(view)

    def acl_enablers(self, view: BucketView) -> str | None:
        """The ownership controls of ``view`` that turn ACLs on (ObjectWriter, BucketOwnerPreferred), described."""
        found = [(c, _object_ownership(c)) for c in view.of("ownership")]
        enabling = [f"'{c.name}' sets objectOwnership {value}" for c, value in found
                    if isinstance(value, str) and value != ENFORCED]
        return ", ".join(enabling) or None

    def _stopper(self, view: BucketView, settings: tuple[str, ...], *, ownership: bool) -> Control | None:
        # Every candidate is tried before an unknown one is raised: a known control that stops the grant decides.
        candidates: list[Callable[[], Control | None]] = []
        if ownership:
            candidates.append(partial(_enforced, view.of("ownership")))
        for owner, blocks in (("", view.of("block")), ("account-level ", self.account_blocks)):
            candidates.extend(partial(_blocking, blocks, setting, owner) for setting in settings)
        unknown = self._unlinked_control
        for candidate in candidates:
            try:
                found = candidate()
            except UnknownValueError as exc:
                unknown = unknown or exc
                continue
            if found is not None:
                return found
        if unknown is not None:
            raise unknown
        return None


def _enforced(controls: list[PolicyResource]) -> Control | None:
    if controls and all(_object_ownership(c) == ENFORCED for c in controls):
        return Control("objectOwnership", f"objectOwnership {ENFORCED} of {_names(controls)} (ACLs disabled)")
    return None


def _blocking(blocks: list[PolicyResource], setting: str, owner: str) -> Control | None:
    # With several blocks on one bucket the last one applied wins; only a setting all of them turn on is certain.
    if blocks and all(setting_value(b, setting) is True for b in blocks):
        return Control(setting, f"{setting} of the {owner}public access block {_names(blocks)}")
    return None


def _names(resources: list[PolicyResource]) -> str:
    return ", ".join(f"'{r.name}'" for r in resources)


def setting_value(block: PolicyResource, setting: str) -> Any:
    """A block setting as declared (unset is None, which pulumi-aws writes as false)."""
    return block.props.get(setting)


def _object_ownership(controls: PolicyResource) -> Any:
    rule = controls.props.get("rule")
    return rule.get("objectOwnership") if isinstance(rule, Mapping) else None


# -- policies


def policy_sources(view: BucketView) -> list[tuple[PolicyResource, str]]:
    """``(resource, field)`` of every bucket policy of the view: BucketPolicy resources, then the inline one."""
    found = [(resource, "policy") for resource in view.of("policy")]
    if view.bucket is not None:
        found.append((view.bucket, "policy"))
    return found


def source_grants(resource: PolicyResource, key: str, label: str) -> list[Grant]:
    """The public grants of one policy document (an unknown document raises)."""
    raw = declared(resource, key) if resource.resource_type in BUCKET_TYPES else resource.props.get(key)
    if raw is None or raw == "":
        return []
    return document_grants(resource, parse_json_document(raw, key), label)


def document_grants(resource: PolicyResource, document: Mapping[str, Any] | None, label: str) -> list[Grant]:
    """The Allow statements of a bucket policy that admit the public, and are not guarded by a Deny."""
    found = []
    for index, statement in unguarded_allows(statements(document), VOCABULARY):
        grant = _public_grant(resource, index, statement, label)
        if grant is not None:
            found.append(grant)
    return found


def _public_grant(resource: PolicyResource, index: int, statement: Mapping[str, Any], label: str) -> Grant | None:
    where = f"policy.Statement[{index}]"
    public = public_statement(statement, VOCABULARY)
    if public is not None:
        return Grant(resource, f"{where}.{public.element}", public.value, public.problem(statement, label), "policy")
    principal = statement.get("Principal")
    if (CLOUDFRONT_SERVICE in service_principals(principal)
            and not restricts(statement, SERVICE_SOURCE_KEYS, source_ip=False)):
        return Grant(resource, f"{where}.Principal", principal,
                     f"it allows {describe_actions(statement)} on {label} to the CloudFront service without an "
                     "aws:SourceArn condition, so any distribution of any AWS account can serve the bucket", "policy",
                     blockable=False)
    return None


# -- ACLs


def acl_sources(view: BucketView) -> list[tuple[PolicyResource, str]]:
    """``(resource, label)`` of everything that may carry an ACL for the view: BucketAcl resources, the bucket
    (inline ``acl``/``grants``) and its objects."""
    found = [(resource, view.label) for resource in view.of("acl")]
    if view.bucket is not None:
        found.append((view.bucket, view.label))
    found.extend((resource, f"object {_object_key(resource)} of {view.label}") for resource in view.of("object"))
    return found


def resource_acl_grants(resource: PolicyResource, label: str) -> list[Grant]:
    """The public ACL grants one resource declares (an unknown value raises)."""
    found = _canned(resource, label)
    if resource.resource_type in ACL_TYPES:
        policy = declared(resource, "accessControlPolicy")
        grants = policy.get("grants") if isinstance(policy, Mapping) else None
        for index, grant in enumerate(as_list(grants)):
            if isinstance(grant, Mapping):
                grantee = grant.get("grantee")
                uri = grantee.get("uri") if isinstance(grantee, Mapping) else None
                found.extend(_group_grant(resource, f"accessControlPolicy.grants[{index}].grantee.uri", uri,
                                          grant.get("permission"), label))
    elif resource.resource_type in BUCKET_TYPES or resource.resource_type == types.S3_OBJECT_COPY:
        found.extend(_inline_grants(resource, label))
    return found


def _object_key(resource: PolicyResource) -> str:
    key = known_string(resource.props, "key")
    return f"'{key}'" if key else f"'{resource.name}'"


def _canned(resource: PolicyResource, label: str) -> list[Grant]:
    acl = resource.props.get("acl") if resource.resource_type in ACL_TYPES else declared(resource, "acl")
    if not isinstance(acl, str) or acl.strip().lower() not in PUBLIC_CANNED_ACLS:
        return []
    who = PUBLIC_CANNED_ACLS[acl.strip().lower()]
    access = "read and write" if acl.strip().lower() == "public-read-write" else "read"
    return [Grant(resource, "acl", acl, f"the canned ACL lets {who} {access} {label}", "acl")]


def _inline_grants(resource: PolicyResource, label: str) -> list[Grant]:
    found: list[Grant] = []
    for index, grant in enumerate(as_list(declared(resource, "grants"))):
        if isinstance(grant, Mapping):
            permissions = grant.get("permissions")
            found.extend(_group_grant(resource, f"grants[{index}].uri", grant.get("uri"),
                                      ", ".join(strings(permissions)) or permissions, label))
    return found


def _group_grant(resource: PolicyResource, where: str, uri: Any, permission: Any, label: str) -> list[Grant]:
    if not isinstance(uri, str):
        return []
    lowered = uri.strip().lower().rstrip("/")
    if _GROUP_PREFIX not in lowered:
        return []
    who = PUBLIC_GROUPS.get(lowered.rsplit("/", 1)[-1])
    if who is None:
        return []
    shown = permission if isinstance(permission, str) and permission else "access"
    return [Grant(resource, where, uri, f"the ACL grants {shown} on {label} to {who}", "acl")]


# -- evaluation shared by the rules


def each_grant(index: S3Index, kinds: Iterable[str], check: Callable[[BucketView, Grant], None]) -> None:
    """Runs ``check`` on every public grant of ``kinds`` (``policy``, ``acl``) in the stack.

    Each policy document and each ACL-carrying resource is read on its own, so an unknown one does not hide the
    others; the first unknown value met is raised at the end (see ``graph.decide_each``).
    """
    wanted = frozenset(kinds)
    items: list[tuple[BucketView, Callable[[], list[Grant]]]] = []
    for view in index.all():
        if "policy" in wanted:
            items.extend((view, partial(source_grants, resource, key, view.label))
                         for resource, key in policy_sources(view))
        if "acl" in wanted:
            items.extend((view, partial(resource_acl_grants, resource, label)) for resource, label in acl_sources(view))

    def run(item: tuple[BucketView, Callable[[], list[Grant]]]) -> None:
        view, grants = item
        for grant in grants():
            check(view, grant)

    decide_each(items, run)
