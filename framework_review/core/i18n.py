"""The language and the time zone of a request (Flask-Babel's selectors), and the zones offered.

Language: the user's saved preference, else the header's switch (kept in the session), else the
browser's Accept-Language, else English. The API reads Accept-Language only: a program says what
it wants with each call. Time zone: the user's (IANA name), else UTC. Values are stored in naive
UTC whatever the zone (core/time.py); pages convert them when they show them.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode
from zoneinfo import ZoneInfo, available_timezones

from flask import Flask, g, has_request_context, request, session

from ..extensions import babel

DEFAULT_LANGUAGE = "en"
LANGUAGES = ("en", "fr")
# Each language named in itself, as language switches do.
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
SESSION_KEY = "language"  # set by the header's switch
DEFAULT_ZONE = "UTC"
# Zones named after a place (IANA areas); the legacy aliases (US/Eastern, Etc/GMT+5) are left out.
_AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia",
          "Europe", "Indian", "Pacific")  # fmt: skip


def _is_api() -> bool:
    return request.path.startswith("/api/")


def saved_language() -> str | None:
    """The logged-in user's preference (None: automatic, or nobody logged in)."""
    from flask_login import current_user

    if current_user and current_user.is_authenticated:
        return current_user.language
    return None


def select_language() -> str:
    """The language of this request: preference > switch > Accept-Language > English."""
    if not has_request_context():
        return DEFAULT_LANGUAGE  # the CLI says which with force_locale (--language)
    if not _is_api():
        chosen = saved_language() or session.get(SESSION_KEY)
        if chosen in LANGUAGES:
            return chosen
    return browser_language() or DEFAULT_LANGUAGE


def browser_language() -> str | None:
    """The first of our languages in Accept-Language, by quality, comparing primary subtags:
    "en-GB,fr;q=0.5" is English, "de-DE,fr;q=0.3" French ("*" and no match: None)."""
    for value, _quality in request.accept_languages:  # best first
        primary = value.replace("_", "-").split("-", 1)[0].lower()
        if primary in LANGUAGES:
            return primary
    return None


def current_language() -> str:
    """The language of the request as a code ('en', 'fr'), for <html lang> and the switch."""
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


@cache
def zone_names() -> tuple[str, ...]:
    """The zones a user may choose, sorted: UTC first, then the place names."""
    names = {name for name in available_timezones() if name.split("/", 1)[0] in _AREAS}
    return (DEFAULT_ZONE, *sorted(names))


def is_zone(name: str | None) -> bool:
    return bool(name) and name in zone_names()


def select_zone() -> str:
    """The IANA name of this request's time zone: the user's, else UTC (API: always UTC)."""
    from flask_login import current_user

    if not has_request_context() or _is_api():
        return DEFAULT_ZONE
    if current_user and current_user.is_authenticated and is_zone(current_user.timezone):
        return current_user.timezone
    return DEFAULT_ZONE


def user_zone() -> ZoneInfo:
    """The request's zone as a tzinfo, chosen once per request."""
    if not has_request_context():
        return ZoneInfo(DEFAULT_ZONE)
    zone = g.get("_user_zone")
    if zone is None:
        zone = g._user_zone = ZoneInfo(select_zone())
    return zone


def register(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_language, timezone_selector=select_zone)

    @app.after_request
    def vary_on_language(response):
        # The same address answers in either language: caches must keep them apart.
        if request.endpoint != "static":
            response.vary.add("Accept-Language")
        return response

    @app.context_processor
    def languages():
        return {"current_language": current_language, "language_names": LANGUAGE_NAMES,
                "switch_target": switch_target}  # fmt: skip


def switch_target() -> str:
    """Where the language switch comes back to: this page (a GET of it), its query kept but for
    a `next` that leads off the site (a login page carries one)."""
    from .web import is_safe_redirect

    if request.method != "GET":
        return request.path
    args = [(key, value) for key, value in request.args.items(multi=True)
            if key != "next" or is_safe_redirect(value)]  # fmt: skip
    return request.path + ("?" + urlencode(args) if args else "")
