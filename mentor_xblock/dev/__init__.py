"""Development-only pieces: workbench settings, a user service with roles, demo content."""
