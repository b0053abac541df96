"""The queue of website requests: table, take and call back, outcome, live wake-up.
Imports the shell and softphone.crm.web_requests (service, request_info, events), not other
features."""
