"""Orders and applications: forms with autosaved drafts, status actions, finding documents.
Imports the shell, widgets and softphone.crm.orders, not other features."""
