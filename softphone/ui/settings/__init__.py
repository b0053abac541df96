"""The settings dialog and its pages every operator has: sound, call panels.
Imports the shell and crm services; admin pages plug in through settings.pages."""
