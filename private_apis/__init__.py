"""Tooling for the private-apis project: the offline preview engine, the SigV4 client and the CLI."""
