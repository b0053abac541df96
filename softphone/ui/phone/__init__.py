"""The phone the operator sees: number field, dial pad, calls and their cards, transfer, ringer,
tray, notifications, call history, single instance. Imports the shell, widgets and crm services."""
