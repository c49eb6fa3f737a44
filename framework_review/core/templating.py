"""Jinja filters and globals shared by every page: dates and times in the reader's language and
time zone (stored values are naive UTC), and deadlines as relative text."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import Flask
from flask_babel import get_locale, gettext, pgettext

from .i18n import DEFAULT_ZONE, user_zone
from .time import utcnow

DATE_PATTERN = "d MMMM y"  # 9 January 2027, 9 janvier 2027
SHORT_DATE_PATTERN = "d MMM y"  # 9 Jan 2027, 9 janv. 2027
TIME_PATTERN = "HH:mm"  # the 24-hour clock in both languages
VOWELS = frozenset("AEIOUYÂÀÉÈÊÎÏÔÛÜ")


def _locale():
    return get_locale() or "en"


def localise(value: datetime, zone: tzinfo | None = None) -> datetime:
    """A stored (naive UTC) datetime as an aware one in `zone` (the reader's by default)."""
    return value.replace(tzinfo=UTC).astimezone(zone or user_zone())


def zone_name(zone: tzinfo | None = None) -> str:
    """The zone as readers say it: "UTC", "Paris time", "heure de Paris"."""
    zone = zone or user_zone()
    key = getattr(zone, "key", DEFAULT_ZONE)
    if key == DEFAULT_ZONE:
        return "UTC"
    city = babel_dates.get_timezone_location(zone, locale=_locale(), return_city=True)
    if city[:1].upper() in VOWELS:  # French elides: « heure d’Abidjan »
        return pgettext("city starting with a vowel", "%(city)s time", city=city)
    return gettext("%(city)s time", city=city)


def format_datetime(value: datetime | None, empty: str | None = None) -> str:
    """ "9 January 2027, 17:00 (Paris time)": the reader's zone, always named (deadlines are
    legal dates and delegates compare them across zones)."""
    if value is None:
        return "—" if empty is None else empty
    local = localise(value)
    moment = gettext(
        "%(date)s, %(time)s",
        date=babel_dates.format_date(local, DATE_PATTERN, locale=_locale()),
        time=babel_dates.format_time(local, TIME_PATTERN, locale=_locale()),
    )
    return gettext("%(moment)s (%(zone)s)", moment=moment, zone=zone_name())


def format_date(value: datetime | None, empty: str = "—", long: bool = False) -> str:
    """ "9 Jan 2027" ("9 January 2027" when long), on the reader's calendar."""
    if value is None:
        return empty
    pattern = DATE_PATTERN if long else SHORT_DATE_PATTERN
    return babel_dates.format_date(localise(value), pattern, locale=_locale())


def relative(value: datetime | None, now: datetime | None = None) -> str:
    """ "in 3 days", "3 hours ago": how far a stored time is from now, in the reader's words."""
    if value is None:
        return ""
    return babel_dates.format_timedelta(
        value - (now or utcnow()), add_direction=True, locale=_locale()
    )


def format_number(value: int | float | None) -> str:
    """1,234 / 1 234 (narrow no-break space in French)."""
    return "" if value is None else babel_numbers.format_decimal(value, locale=_locale())


def iso(value: datetime | None) -> str:
    return value.isoformat() + "Z" if value else ""


def register(app: Flask) -> None:
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(relative, "relative")
    app.add_template_filter(format_number, "number")
    app.add_template_filter(iso, "iso")
    app.add_template_global(zone_name, "zone_name")
