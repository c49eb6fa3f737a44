"""Jinja filters and globals shared by every page."""

from __future__ import annotations

from datetime import datetime

from flask import Flask


def format_datetime(value: datetime | None, empty: str = "—") -> str:
    """Dates are shown in UTC with the zone named, as comment deadlines are legal dates."""
    if value is None:
        return empty
    return value.strftime("%d %b %Y %H:%M UTC")


def format_date(value: datetime | None, empty: str = "—") -> str:
    if value is None:
        return empty
    return value.strftime("%d %b %Y")


def iso(value: datetime | None) -> str:
    return value.isoformat() + "Z" if value else ""


def register(app: Flask) -> None:
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(iso, "iso")
