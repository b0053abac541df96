"""Live speech coaching in the call view: meters, the tap's owner, the admin's limits page."""
