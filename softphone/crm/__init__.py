"""The CRM data layer: customers, their numbers and the call log. Never imports Qt or the SIP
engine.

Entry points: db.Database (SQLite file or PostgreSQL, migrated on open),
customers.cards.CustomerService, customers.calls.CallLogService (it takes a
customers.finished.FinishedCall), operators.OperatorService, demo.people.load_demo, phone.normalize;
website requests: web_requests.sites.SiteService, web_requests.input.parse_submission,
web_requests.service.WebRequestService, web_requests.events.RequestListener (PostgreSQL LISTEN).
Every service method is one transaction; errors carry Russian text the UI can show as is.
"""
