"""Orders and applications: forms with autosaved drafts, status actions, printing, finding
documents, and the caller's list of them. Imports the shell, widgets and crm.orders."""
