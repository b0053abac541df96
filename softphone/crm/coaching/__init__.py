"""Speech-coaching figures saved with each call, the admin's bands and limits, the report."""
