"""The operator's agent status (ready, break, after-call work, do not disturb), its history and
the team's policy for callers while an operator is not ready. No Qt, no SIP: the desk's UI turns
the policy into the engine's refusal."""
