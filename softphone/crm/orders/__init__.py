"""Orders and applications: what the customer asked for, documented. Never imports Qt.

OrderService (service.py) prices orders from the knowledge base (snapshots of name, article
and price; promotions via pricing.price_order), validates (forms.FormErrors), numbers
(numbering: З-2026-000123) and records status changes. ApplicationService (applications.py)
does the same for service requests, complaints, claims and callback requests (А-2026-000045).
DraftStore (drafts.py) keeps unfinished forms; documents.customer_documents lists a
customer's orders and applications; text.py renders them for the clipboard and the printer.
"""
