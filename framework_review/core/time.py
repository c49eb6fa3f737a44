"""Timestamps are stored as naive UTC datetimes: SQLite has no time zones, PostgreSQL gets the same."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time in UTC, without tzinfo (how every datetime column stores it)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def as_utc(value: datetime | None) -> datetime | None:
    """Normalise an aware or naive datetime to naive UTC for storage and comparison."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


def isoformat(value: datetime | None) -> str | None:
    """ISO 8601 with an explicit Z, for the API."""
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def parse_iso(value: str | None) -> datetime | None:
    """Parse ISO 8601 (with Z or an offset; naive means UTC). Raises ValueError on bad input."""
    if value in (None, ""):
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        return as_utc(datetime.fromisoformat(text))
    except OverflowError:  # 9999-12-31T23:59-01:00 is past the last representable moment
        raise ValueError(f"{value!r} is outside the calendar's range.") from None
