"""Pieces every domain shares: time, markup, audit, permissions, errors."""
