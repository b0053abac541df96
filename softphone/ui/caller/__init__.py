"""The caller beside the call: the card popped on ring, the script and playbooks (and their
editor), the wrap-up. Imports the shell, widgets, crm services, the settings page seam and the
documents feature's list of the caller's orders."""
