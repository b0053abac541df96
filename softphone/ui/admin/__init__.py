"""Admin and supervisor screens: SIP accounts, the audit log, call recordings and the recording
policy. Imports the shell, widgets, the settings page seam and crm services."""
