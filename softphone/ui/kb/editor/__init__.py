"""The admin's knowledge-base editor window: item list, per-kind form, import and export.
Imports the shell, widgets and softphone.crm.kb."""
