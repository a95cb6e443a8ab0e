"""The audit log: every officer and admin action, who did what to which record, when."""
