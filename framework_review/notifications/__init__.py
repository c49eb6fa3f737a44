"""Notifications of what happens to a user's comments and clauses: in the app and by e-mail."""
