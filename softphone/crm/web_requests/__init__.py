"""Website requests: what a site may submit, allowed sites, the queue service, and the events
that wake desks up. No Qt, no softphone.sip."""
