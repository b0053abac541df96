"""Call recordings: the policy, encrypted files and who may play them.
No Qt, no softphone.sip."""
