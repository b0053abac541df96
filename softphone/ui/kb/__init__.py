"""The knowledge base: the side panel searched as you type, and the admin's editor (editor/).
Imports the shell, widgets and softphone.crm.kb, not other features."""
