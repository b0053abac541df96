"""Admin and supervisor screens: SIP accounts, audit log, recordings, the conversation guide
editor. Imports the shell, widgets, settings.pages and crm services."""
