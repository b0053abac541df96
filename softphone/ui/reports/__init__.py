"""Reports on the operators' work: figures, chart, print, PDF and CSV.
Imports the shell, widgets and softphone.crm.reports, not other features."""
