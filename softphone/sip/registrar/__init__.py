"""Keeping registrar accounts registered when servers fail: failover to a backup registrar."""
