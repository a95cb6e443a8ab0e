"""Reference data: sectors, communes and industrial zones."""
