"""Allows ``python -m private_apis``."""

from private_apis.cli import main

raise SystemExit(main())
