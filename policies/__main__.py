"""The Private API Guard policy pack, as run by `pulumi preview --policy-pack policies` and the offline engine."""

from private_api_guard import PACK_NAME, all_policies, servicer
from pulumi_policy import EnforcementLevel, PolicyPack

# One property conversion per request instead of one per policy; the stock servicer where the SDK is not one
# this layer was proven against (private_api_guard/servicer.py).
servicer.install()

PolicyPack(
    name=PACK_NAME,
    enforcement_level=EnforcementLevel.ADVISORY,
    policies=all_policies(),
)
