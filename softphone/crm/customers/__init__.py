"""Customers: the caller's card on ring, numbers, search and its indexes, the call log.
No Qt, no softphone.sip."""
