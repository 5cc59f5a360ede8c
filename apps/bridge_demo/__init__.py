"""The bridge-host demo service: the app the BridgeHostApi instance runs behind the internal NLB."""
