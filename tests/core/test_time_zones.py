"""Times in the reader's zone: shown with the zone named, deadlines as relative text, period
dates typed by the secretariat read in their zone, around the changes of daylight saving time
(Europe/Paris: last Sunday of March and of October). Stored values stay naive UTC."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask_babel import refresh

from framework_review.accounts.models import User
from framework_review.core.forms import NonexistentTime, local_to_utc, utc_to_local
from framework_review.core.templating import format_datetime, relative
from framework_review.core.time import utcnow
from framework_review.drafts.models import Version, VersionStatus
from framework_review.extensions import db
from tests.conftest import PASSWORD, csrf_token, make_version

PARIS = ZoneInfo("Europe/Paris")
# 2027: summer time starts on Sunday 28 March (02:00 → 03:00), ends on 31 October (03:00 → 02:00).


def with_zone(user: User, zone: str | None, language: str | None = None) -> None:
    row = db.session.get(User, user.id)
    row.timezone, row.language = zone, language
    db.session.commit()


def period_page(version: Version) -> str:
    return f"/drafts/{version.draft.slug}/{version.slug}/period"


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (datetime(2027, 1, 9, 16, 0), "9 January 2027, 17:00 (Paris time)"),  # winter, UTC+1
        (datetime(2027, 3, 28, 0, 59), "28 March 2027, 01:59 (Paris time)"),  # before the change
        (datetime(2027, 3, 28, 1, 0), "28 March 2027, 03:00 (Paris time)"),  # clocks skip 02:xx
        (datetime(2027, 10, 31, 0, 30), "31 October 2027, 02:30 (Paris time)"),  # first 02:30
        (datetime(2027, 10, 31, 1, 30), "31 October 2027, 02:30 (Paris time)"),  # second 02:30
    ],
)
def test_times_are_shown_in_the_readers_zone_with_the_zone_named(app, stored, expected):
    with app.test_request_context("/"):
        from flask import g

        g._user_zone = PARIS
        assert format_datetime(stored) == expected


def test_french_dates_and_zones(app):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        from flask import g

        g._user_zone = PARIS
        assert (
            format_datetime(datetime(2027, 1, 9, 16, 0))
            == "9 janvier 2027 à 17:00 (heure de Paris)"
        )
        g._user_zone = ZoneInfo("Africa/Abidjan")
        assert format_datetime(datetime(2027, 1, 9, 16, 0)) == (
            "9 janvier 2027 à 16:00 (heure d’Abidjan)"
        )
        g._user_zone = ZoneInfo("UTC")
        assert format_datetime(datetime(2027, 1, 9, 16, 0)) == "9 janvier 2027 à 16:00 (UTC)"
        now = datetime(2027, 1, 6, 16, 0)
        assert relative(datetime(2027, 1, 9, 16, 0), now) == "dans 3 jours"
    with app.test_request_context("/"):
        refresh()  # the tests share one application context, and with it the cached locale
        assert relative(datetime(2027, 1, 9, 16, 0), now) == "in 3 days"


def test_local_times_around_the_changes():
    assert local_to_utc(datetime(2027, 3, 28, 1, 30), PARIS) == datetime(2027, 3, 28, 0, 30)
    assert local_to_utc(datetime(2027, 3, 28, 3, 0), PARIS) == datetime(2027, 3, 28, 1, 0)
    with pytest.raises(NonexistentTime):
        local_to_utc(datetime(2027, 3, 28, 2, 30), PARIS)  # skipped
    # Repeated in October: the first occurrence, the earlier instant.
    assert local_to_utc(datetime(2027, 10, 31, 2, 30), PARIS) == datetime(2027, 10, 31, 0, 30)
    assert utc_to_local(datetime(2027, 10, 31, 1, 30), PARIS) == datetime(2027, 10, 31, 2, 30)


def _post_period(client, version, **fields):
    data = {"status": "open", "opens_at": "", "closes_at": "",
            "comments_visible_during_period": "y", "observers_may_comment": "y",
            "csrf_token": csrf_token(client, period_page(version)), **fields}  # fmt: skip
    return client.post(period_page(version), data=data)


def test_the_secretariat_types_the_deadline_in_their_zone(client, login, people):
    version = make_version(status=VersionStatus.PREPARATION, closes_at=None)
    with_zone(people.secretariat, "Europe/Paris")
    login(people.secretariat)
    html = client.get(period_page(version)).get_data(as_text=True)
    assert "Closes (Paris time)" in html
    response = _post_period(client, version, closes_at="2027-03-28T03:00")
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Version, version.id)
    assert stored.closes_at == datetime(2027, 3, 28, 1, 0)  # stored in UTC
    # Shown back in the secretariat's zone: the form and the version page.
    html = client.get(period_page(version)).get_data(as_text=True)
    assert 'value="2027-03-28T03:00"' in html
    with_zone(people.secretariat, "America/New_York")
    html = client.get(period_page(version)).get_data(as_text=True)
    assert 'value="2027-03-27T21:00"' in html and "Closes (New York time)" in html


def test_a_time_the_clocks_skip_is_refused_and_nothing_changes(client, login, people):
    version = make_version(status=VersionStatus.PREPARATION, closes_at=None)
    with_zone(people.secretariat, "Europe/Paris", "fr")
    login(people.secretariat)
    response = _post_period(client, version, closes_at="2027-03-28T02:30")
    assert response.status_code == 200  # the form again, with the reason
    html = response.get_data(as_text=True)
    assert "Cette heure n’existe pas (heure de Paris)" in html
    db.session.expire_all()
    stored = db.session.get(Version, version.id)
    assert stored.closes_at is None and stored.status is VersionStatus.PREPARATION


def test_a_repeated_time_is_its_first_occurrence(client, login, people):
    version = make_version(status=VersionStatus.PREPARATION, closes_at=None)
    with_zone(people.secretariat, "Europe/Paris")
    login(people.secretariat)
    assert _post_period(client, version, closes_at="2027-10-31T02:30").status_code == 302
    db.session.expire_all()
    assert db.session.get(Version, version.id).closes_at == datetime(2027, 10, 31, 0, 30)


def test_the_closing_deadline_is_one_moment_in_every_zone(client, login, people, app):
    """A version closing at 01:00 UTC: Paris reads 03:00 (summer time began at 02:00), New
    York 21:00 the day before; the period is open until that moment and closed after it."""
    closes = datetime(2027, 3, 28, 1, 0)
    version = make_version(closes_at=closes, opens_at=datetime(2027, 3, 1))
    assert version.period_phase(now=closes - timedelta(seconds=1)) == "open"
    assert version.period_phase(now=closes) == "closed"
    for user, zone, shown in [
        (people.delegate, "Europe/Paris", "28 March 2027, 03:00 (Paris time)"),
        (people.other, "America/New_York", "27 March 2027, 21:00 (New York time)"),
    ]:
        with_zone(user, zone)
        with app.test_request_context("/"):
            from flask import g

            g._user_zone = ZoneInfo(zone)
            assert format_datetime(closes) == shown


def test_open_periods_say_how_long_is_left(client, login, people):
    version = make_version(closes_at=utcnow() + timedelta(days=3, hours=1))
    login(people.delegate)
    html = client.get("/").get_data(as_text=True)
    assert re.search(r'<span class="deadline">closes in 3 days</span>', html)
    with_zone(people.delegate, None, "fr")
    html = client.get("/").get_data(as_text=True)
    assert '<span class="deadline">ferme dans 3 jours</span>' in html
    assert version.closes_at > utcnow()


def test_login_keeps_the_browsers_zone_only_while_none_is_chosen(client, people):
    def log_in(zone):
        client.post("/logout", data={"csrf_token": csrf_token(client)})
        return client.post("/login", data={
            "username": "delegate", "password": PASSWORD, "timezone": zone,
            "csrf_token": csrf_token(client, "/login")})  # fmt: skip

    def zone_now():
        return db.session.scalar(sa.select(User.timezone).where(User.id == people.delegate.id))

    assert log_in("Not/AZone").status_code == 302
    assert zone_now() is None  # an unknown name is ignored
    assert log_in("Asia/Tokyo").status_code == 302
    assert zone_now() == "Asia/Tokyo"
    assert log_in("Europe/Paris").status_code == 302
    assert zone_now() == "Asia/Tokyo"  # chosen once: the browser does not override it
    html = client.get("/notifications").get_data(as_text=True)
    assert "Times: Tokyo time." in html
