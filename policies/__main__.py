"""The Private API Guard policy pack, as run by `pulumi preview --policy-pack policies` and the offline engine."""

from private_api_guard import PACK_NAME, all_policies
from pulumi_policy import EnforcementLevel, PolicyPack

PolicyPack(
    name=PACK_NAME,
    enforcement_level=EnforcementLevel.ADVISORY,
    policies=all_policies(),
)
