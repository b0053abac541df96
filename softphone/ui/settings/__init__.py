"""The settings dialog, the page seam other features plug their tabs into, and the pages every
operator has (sound, language). Imports the shell and crm services; the phone for its tones."""
