"""The website intake service: an ASGI app (Starlette, served by uvicorn) in front of the CRM.

`softphone intake` serves it; sites submit JSON with a token or an HMAC signature, or visitors
use the ready Russian form at /form/{site}. It writes through softphone.crm only and never
imports Qt, so it runs on a server without a desktop.
"""
