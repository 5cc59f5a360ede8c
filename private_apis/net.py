"""Address checks shared by the signed client and the audit, which both refuse plain http off this machine."""

from __future__ import annotations

import ipaddress


def is_loopback(hostname: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1): a host only this machine can answer for."""
    if hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(hostname).is_loopback
    except ValueError:
        return False
