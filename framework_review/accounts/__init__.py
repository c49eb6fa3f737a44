"""Administrations, user accounts, roles, login and API tokens."""
