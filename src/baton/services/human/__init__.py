"""The human-task service: tasks offered to people, their lifecycle and search."""
