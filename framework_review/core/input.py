"""Input the database cannot hold is refused at the door, in one place for every page and API
call: ids beyond its integer range (404), NUL bytes and lone surrogates in any text (422,
naming the field), page numbers beyond any page.

PostgreSQL refuses NUL in text and SQLite an id above 2^63 with errors that would otherwise
surface as 500s deep inside a service; a JSON string may carry half a UTF-16 pair, which no
database encoding can store.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, abort, request
from flask_babel import gettext as _
from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

from .errors import json_error, render_error, wants_json

MAX_ID = 2**31 - 1  # the integer columns' range on PostgreSQL
MAX_PAGE = 1_000_000
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: a number beyond the id columns' range is not found.

    Raised here rather than left to `max=` (which makes werkzeug answer 405 when another
    method's route has the same shape).
    """

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > MAX_ID:
            raise NotFound()
        return number


def page_number(value: str | None) -> int:
    """A ?page= value as a page number from 1 to MAX_PAGE, whatever was typed."""
    if not value or not (value.isascii() and value.isdigit()):
        return 1
    return MAX_PAGE if len(value) > 7 else min(max(int(value), 1), MAX_PAGE)


def unstorable_field(value: Any) -> str | None:
    """The (dotted) name of the first string in a JSON value that holds NUL or a lone
    surrogate. Walked with a stack, not recursion: any depth the JSON parser accepts is fine."""
    stack: list[tuple[str, Any]] = [("", value)]
    while stack:
        name, item = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return name or "body"
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                key_name = f"{name}.{key}" if name else str(key)
                if _UNSTORABLE.search(str(key)):
                    return key_name
                stack.append((key_name, child))
        elif isinstance(item, list):
            stack.extend(
                (f"{name}[{index}]", child) for index, child in reversed(list(enumerate(item)))
            )
    return None


def check_request():
    """Refuse the request when its path, query, form or JSON holds what cannot be stored.

    Pages call it from an app-wide hook; the API from its own hook, after the API's smaller
    body limit is in force (so that an oversized body is refused before it is read).
    """
    for value in (request.view_args or {}).values():
        if isinstance(value, str) and _UNSTORABLE.search(value):
            abort(404)
    field = _unstorable_form_field()
    if field is None and wants_json():
        try:
            payload = request.get_json(force=True, silent=True)
        except RecursionError:  # nested beyond the parser's depth: the API answers 400
            payload = None
        field = unstorable_field(payload)
    if field is None:
        return None
    message = _(
        "The field “%(field)s” contains a character that cannot be stored (a NUL byte or half "
        "of a surrogate pair). Remove it and send again.",
        field=field,
    )
    if wants_json():
        return json_error(422, message, "invalid", field=field)
    return render_error(422, message)


def _unstorable_form_field() -> str | None:
    for source in (request.args, request.form):
        for key, value in source.items(multi=True):
            if _UNSTORABLE.search(key) or _UNSTORABLE.search(value):
                return key
    return None


def _check_page_request():
    if not wants_json():
        return check_request()
    return None


def register(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
    app.before_request(_check_page_request)
