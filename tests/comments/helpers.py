"""Shared helpers for the comment tests: URLs, quick comments, form data, database snapshots."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import sqlalchemy as sa

from framework_review.comments import services
from framework_review.comments.models import Comment, Reply
from framework_review.drafts.models import Clause, Version
from framework_review.extensions import db
from tests.conftest import PASSWORD, clause_of, csrf_token

COMMENT_TABLES = ("comment", "comment_revision", "reply", "reply_revision", "support")


def version_url(version: Version) -> str:
    return f"/drafts/{version.draft.slug}/{version.slug}"


def clause_url(version: Version, ref: str | None) -> str:
    """The clause page, or the General page when `ref` is None."""
    if ref is None:
        return f"{version_url(version)}/general"
    return f"{version_url(version)}/clauses/{ref}"


def add(version: Version, ref: str | None, author, body: str = "A comment.", **fields) -> Comment:
    """A comment written through the service and committed, as a finished request would."""
    clause = clause_of(version, ref) if ref else None
    comment = services.add_comment(
        version,
        clause,
        author,
        services.CommentFields(type=fields.pop("type", "te"), body=body, **fields),
    )
    db.session.commit()
    return comment


def reply_to(comment: Comment, author, body: str = "A reply.") -> Reply:
    reply = services.add_reply(comment, author, body)
    db.session.commit()
    return reply


def form(**values) -> dict:
    """What the comment form posts when filled in; `values` override the defaults."""
    data = {
        "type": "te", "locator": "", "quote": "", "body": "The data list is too short.",
        "proposal_kind": "", "proposal_text": "",
    }  # fmt: skip
    data.update(values)
    return data


def logged_in_client(app, user):
    """A second, independent browser session logged in as `user`."""
    other = app.test_client()
    response = other.post(
        "/login",
        data={"username": user.username, "password": PASSWORD,
              "csrf_token": csrf_token(other, "/login")},
    )  # fmt: skip
    assert response.status_code == 302
    return other


def token(client, path: str = "/") -> str:
    return csrf_token(client, path)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the comment tables, to prove that a refused request changed nothing."""
    db.session.expire_all()
    result = {}
    for name in COMMENT_TABLES:
        table = db.metadata.tables[name]
        rows = db.session.execute(sa.select(table).order_by(table.c.id)).all()
        result[name] = [tuple(row) for row in rows]
    return result


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def fresh(obj):
    """Reload `obj` from the database (what another request would see)."""
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def settle(version: Version, ref: str, when) -> Clause:
    clause = clause_of(version, ref)
    clause.settled_at = when
    db.session.commit()
    return clause


def text_of(html: str) -> str:
    """The visible text of a page, whitespace collapsed, to match sentences across tags."""
    without_tags = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(without_tags).split())


class TagCollector(HTMLParser):
    """Every element and attribute of an HTML fragment, as a browser's parser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = TagCollector()
    parser.feed(html)
    parser.close()
    return parser.tags


def form_values(html: str, form_marker: str = "") -> dict[str, str]:
    """The values a form on the page would send: inputs, checked radios and textareas.

    `form_marker` picks the form whose opening tag contains it (the first form otherwise).
    """
    forms = re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S)
    chosen = next((f for f in forms if form_marker in f.split(">", 1)[0]), None)
    assert chosen is not None, f"no form with {form_marker!r} on the page"
    values: dict[str, str] = {}
    for tag, attrs in elements(chosen):
        name = attrs.get("name")
        if tag == "input" and name:
            if attrs.get("type") in ("radio", "checkbox") and "checked" not in attrs:
                continue
            values[name] = attrs.get("value", "")
    for name, content in re.findall(
        r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', chosen, flags=re.S
    ):
        # HTML drops one newline right after <textarea>, as browsers do.
        values[name] = unescape(content).removeprefix("\r\n").removeprefix("\n")
    return values


def post(client, url: str, data: dict, csrf_from: str | None = None, **kwargs):
    """Post a form the way the page does: with the CSRF token of the logged-in session."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, csrf_from or url)},
                       **kwargs)  # fmt: skip


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def edit_form(comment: Comment, **values) -> dict:
    data = form(type=comment.type.value, locator=comment.locator, quote=comment.quote,
                body=comment.body, proposal_kind=comment.proposal_kind.value
                if comment.proposal_kind else "", proposal_text=comment.proposal_text,
                revision=str(comment.revision))  # fmt: skip
    data.update(values)
    return data


def page_queries(client, count_queries, url: str, check) -> int:
    """The SQL statements of one GET of `url`, from an empty session as in production;
    `check(text)` looks at what the page showed."""
    db.session.remove()
    with count_queries() as counter:
        response = client.get(url)
    assert response.status_code == 200
    check(text_of(response.get_data(as_text=True)))
    return counter.count
