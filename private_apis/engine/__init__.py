"""The offline engine: runs a Pulumi Python program under mocks and enforces policy packs over gRPC."""
