"""Demo data: customers and their calls, the operators' past work, a website request queue.
Built through the real services; no Qt, no softphone.sip."""
