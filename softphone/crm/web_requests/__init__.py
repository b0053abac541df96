"""Website requests: what a site may submit, allowed sites, the queue service with its request
snapshot and customer link, and the events that wake desks up. No Qt, no softphone.sip."""
