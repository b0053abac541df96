"""The CRM data layer: customers, their numbers and the call log. Never imports Qt.

Entry points: db.Database (SQLite file or PostgreSQL, migrated on open), customers.CustomerService,
calls.CallLogService, operators.OperatorService, demo.is_empty/load_demo, phone.normalize;
website requests: sites.SiteService, web_request_input.parse_submission,
web_requests.WebRequestService, request_events.RequestListener (PostgreSQL LISTEN).
Every service method is one transaction; errors carry Russian text the UI can show as is.
"""
