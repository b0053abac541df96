"""Desktop softphone and CRM client for call-center operators."""

__version__ = "0.1.0"
