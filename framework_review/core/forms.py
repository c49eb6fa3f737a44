"""Form fields shared by the domains."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext
from wtforms import DateTimeLocalField
from wtforms.validators import ValidationError

from .i18n import user_zone
from .templating import zone_name

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class NonexistentTime(ValueError):
    """A wall-clock time the zone skips (clocks going forward)."""


def local_to_utc(value: datetime, zone: ZoneInfo) -> datetime:
    """A naive wall-clock time in `zone` as naive UTC, as stored.

    A time the zone skips when clocks go forward is refused; a time it repeats when they go
    back is read as its first occurrence (the earlier instant): a period never closes later
    than the person setting it could have meant.
    """
    aware = value.replace(tzinfo=zone, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != value:
        raise NonexistentTime(value)
    return utc.replace(tzinfo=None)


def utc_to_local(value: datetime, zone: ZoneInfo) -> datetime:
    """A stored (naive UTC) time as the naive wall-clock time of `zone`."""
    return value.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)


class ZonedDateTimeField(DateTimeLocalField):
    """A date and time typed in the user's time zone; `data` is naive UTC on both sides.

    The label names the zone, the value shown is the stored time in that zone, and what is
    sent is read in it. Views and services see UTC only.
    """

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("format", LOCAL_FORMAT)
        super().__init__(label, validators, **kwargs)
        self.zone = user_zone()
        self.label.text = gettext("%(label)s (%(zone)s)", label=self.label.text,
                                  zone=zone_name(self.zone))  # fmt: skip

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        if self.data is None:
            return ""
        return utc_to_local(self.data, self.zone).strftime(LOCAL_FORMAT)

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        if self.data is None:
            return
        try:
            self.data = local_to_utc(self.data, self.zone)
        except NonexistentTime:
            self.data = None
            raise ValidationError(
                gettext(
                    "This time does not exist in %(zone)s: the clocks skip it. Choose a time "
                    "outside the change.",
                    zone=zone_name(self.zone),
                )
            ) from None
