"""The caller beside the call: the card popped on ring, the script and playbooks, the wrap-up and
the caller's documents. Imports the shell, widgets and crm services, not other features."""
