"""The sentence of a notification, in the reader's language.

A notification keeps what its sentence is made of (`Notification.data`: names, refs, counts);
each page, e-mail or API answer writes the sentence in its own language. `Notification.message`
keeps the English sentence as written, which rows made before there were two languages have
alone.
"""

from __future__ import annotations

from typing import Any

from flask_babel import force_locale, gettext, ngettext

from ..review.models import Decision
from .models import Notification, NotificationKind


def sentence(notification: Notification) -> str:
    """What happened, in the language of the request (or of `force_locale`)."""
    if not notification.data:
        return notification.message
    try:
        return write(notification.kind, notification.data)
    except (KeyError, ValueError):  # data of an older shape: the sentence as written
        return notification.message


def in_english(kind: NotificationKind, data: dict[str, Any]) -> str:
    with force_locale("en"):
        return write(kind, data)


def _where(data: dict[str, Any]) -> str:
    clause = data.get("clause")
    if clause is None:
        return gettext("the whole document")
    return gettext("clause %(ref)s", ref=clause)


def write(kind: NotificationKind, data: dict[str, Any]) -> str:
    """The sentence of a notification of `kind` made of `data` (see services.py)."""
    if kind is NotificationKind.REPLY:
        return gettext("%(author)s replied to %(code)s on %(where)s.", author=data["author"],
                       code=data["code"], where=_where(data))  # fmt: skip
    if kind is NotificationKind.NEW_COMMENT:
        if data["amendment"]:
            return gettext(
                "%(administration)s wrote an amendment, %(code)s, on clause %(ref)s, which you "
                "follow.",
                administration=data["administration"], code=data["code"], ref=data["clause"],
            )  # fmt: skip
        return gettext(
            "%(administration)s wrote a comment, %(code)s, on clause %(ref)s, which you follow.",
            administration=data["administration"], code=data["code"], ref=data["clause"],
        )  # fmt: skip
    if kind is NotificationKind.DECISION:
        decision = Decision(data["decision"])
        if decision is Decision.OPEN:
            return gettext(
                "The decision on %(code)s (%(where)s) was withdrawn: it is open again.",
                code=data["code"], where=_where(data),
            )  # fmt: skip
        return gettext("%(code)s (%(where)s): %(decision)s.", code=data["code"],
                       where=_where(data), decision=decision.title)  # fmt: skip
    if kind is NotificationKind.PUBLISHED:
        return ngettext(
            "The decisions on %(version)s are published: %(num)d of your administration's "
            "comment has a decision.",
            "The decisions on %(version)s are published: %(num)d of your administration's "
            "comments have a decision.",
            data["count"], version=data["version"],
        )  # fmt: skip
    if kind is NotificationKind.SETTLED:
        return _settled(data)
    if kind is NotificationKind.FEEDBACK:
        return gettext(
            "%(administration)s is not satisfied with the decision on %(code)s (%(where)s).",
            administration=data["administration"], code=data["code"], where=_where(data),
        )  # fmt: skip
    raise ValueError(kind)


def _settled(data: dict[str, Any]) -> str:
    others, ref, actor = data["others"], data["clause"], data["actor"]
    if not data["with_clause"]:
        return ngettext(
            "%(num)d sub-clause of clause %(ref)s was settled by %(actor)s: no new comments or "
            "amendments are taken there.",
            "%(num)d sub-clauses of clause %(ref)s were settled by %(actor)s: no new comments "
            "or amendments are taken there.",
            others, ref=ref, actor=actor,
        )  # fmt: skip
    if others:
        return ngettext(
            "Clause %(ref)s and %(num)d of its sub-clauses were settled by %(actor)s: no new "
            "comments or amendments are taken there.",
            "Clause %(ref)s and %(num)d of its sub-clauses were settled by %(actor)s: no new "
            "comments or amendments are taken there.",
            others, ref=ref, actor=actor,
        )  # fmt: skip
    return gettext(
        "Clause %(ref)s was settled by %(actor)s: no new comments or amendments are taken there.",
        ref=ref, actor=actor,
    )  # fmt: skip
