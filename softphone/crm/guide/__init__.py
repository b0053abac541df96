"""The conversation guide: script steps, playbooks, phrases to avoid and their checker, wrap-up
outcomes, and the guide as first installed. No Qt, no softphone.sip."""
