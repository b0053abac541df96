"""Agent status (ready, break, after-call work, do not disturb), auto-answer and the team's
policy for them (issue 17)."""
