"""Alembic migration environment shipped as package data (see softphone.crm.migrate)."""
