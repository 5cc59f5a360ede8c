"""Programs and a pack that ``make bench`` measures against (private_apis/bench.py); not part of any stack."""
