"""Notification e-mail: sent only once the request commits, never for what rolls back, only to
those who want it, off without MAIL_SERVER; a real SMTP server on localhost receives it, and a
mail server that fails loses nothing."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes, policy

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from framework_review import create_app
from framework_review.comments import services as comments
from framework_review.core.models import AuditEntry
from framework_review.extensions import db
from framework_review.notifications import mail
from framework_review.notifications.models import Notification
from tests.comments.helpers import add, logged_in_client, post, reply_to
from tests.conftest import PASSWORD, csrf_token


@pytest.fixture
def outbox(app):
    """The messages the test app 'sends' (MAIL_CAPTURE), emptied for each test."""
    sent = mail.captured(app)
    sent.clear()
    yield sent
    sent.clear()


@pytest.fixture
def addressed(people):
    """The FR delegation and the chair with e-mail addresses."""
    people.delegate.email = "delegate@douane.example"
    people.colleague.email = "colleague@douane.example"
    people.chair.email = "chair@wg.example"
    db.session.commit()
    return people


@pytest.fixture
def comment(version, addressed):
    return add(version, "1.1", addressed.delegate, "Name the carriers.")


def test_mail_leaves_only_when_the_session_commits(outbox, comment, addressed):
    comments.add_reply(comment, addressed.other, "We agree.")
    db.session.flush()
    assert outbox == []  # queued, not sent
    with db.session.begin_nested():  # a savepoint's commit is not the request's
        pass
    assert outbox == []
    db.session.commit()
    assert sorted(m["To"] for m in outbox) == ["colleague@douane.example",
                                               "delegate@douane.example"]  # fmt: skip
    message = outbox[0]
    assert message["From"] == "framework-review@localhost"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Subject"] == "[Draft 1] Reply: Other replied to FR-001 on clause 1.1."
    assert "Other replied to FR-001 on clause 1.1." in message.get_content()


def test_nothing_is_sent_for_what_rolls_back(outbox, comment, addressed):
    comments.add_reply(comment, addressed.other, "We agree.")
    db.session.rollback()
    db.session.commit()
    assert outbox == []
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0


def test_only_those_who_want_it_get_mail_but_everyone_is_told(outbox, comment, addressed):
    addressed.colleague.email_notifications = False
    db.session.commit()
    reply_to(comment, addressed.other, "We agree.")
    assert [m["To"] for m in outbox] == ["delegate@douane.example"]
    users = db.session.scalars(sa.select(Notification.user_id)).all()
    assert sorted(users) == sorted([addressed.delegate.id, addressed.colleague.id])


def test_links_in_mail_point_at_the_site(app, outbox, comment, addressed):
    other = logged_in_client(app, addressed.other)
    post(other, f"/comments/{comment.id}/replies", {"body": "We agree."},
         csrf_from="/drafts/test-framework/draft-1/clauses/1.1")  # fmt: skip
    body = outbox[0].get_content()
    assert "Open it: http://localhost/drafts/test-framework/draft-1/clauses/1.1#FR-001" in body
    assert "turn them off on http://localhost/account/password." in body


def test_the_settings_page_turns_mail_off(client, login, outbox, comment, addressed):
    login(addressed.delegate)
    html = client.get("/account/password").get_data(as_text=True)
    assert re.search(r'<input[^>]* checked id="email_notifications"', html)
    response = client.post("/account/settings",
                           data={"csrf_token": csrf_token(client, "/account/password")})  # fmt: skip
    assert response.status_code == 302
    db.session.expire_all()
    assert addressed.delegate.email_notifications is False
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.action == "user.email_notifications"))  # fmt: skip
    assert entry.actor_id == addressed.delegate.id
    reply_to(comment, addressed.other, "We agree.")
    assert [m["To"] for m in outbox] == ["colleague@douane.example"]


def test_without_mail_server_nothing_is_queued(app, comment, addressed):
    quiet = create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                                   "MAIL_CAPTURE": False, "MAIL_SERVER": ""})  # fmt: skip
    with quiet.app_context():
        assert not mail.enabled()
        comment = db.session.get(type(comment), comment.id)
        comments.add_reply(comment, db.session.merge(addressed.other), "We agree.")
        db.session.flush()
        assert mail.OUTBOX not in db.session.info
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 2
    assert mail.captured(quiet) == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What the SMTP server received."""

    def __init__(self):
        self.envelopes = []

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address.startswith("gone@"):
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.envelopes.append(envelope)
        return "250 Message accepted"


def _reply_through(app_, user, comment_id: int):
    client = app_.test_client()
    client.post("/login", data={"username": user.username, "password": PASSWORD,
                                "csrf_token": csrf_token(client)})  # fmt: skip
    token = csrf_token(client, "/drafts/test-framework/draft-1/clauses/1.1")
    return client.post(f"/comments/{comment_id}/replies",
                       data={"body": "We agree.", "csrf_token": token})  # fmt: skip


def _send_through_a_real_server(app, user, comment_id: int) -> Inbox:
    """Reply as `user` through an app whose mail goes to an SMTP server on localhost."""
    inbox = Inbox()
    port = _free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        sending = create_app("testing", {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "MAIL_CAPTURE": False, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port,
            "MAIL_DEFAULT_SENDER": "Framework Review <review@wg.example>",
        })  # fmt: skip
        response = _reply_through(sending, user, comment_id)
        assert response.status_code == 302
    finally:
        server.stop()
    return inbox


def test_a_real_smtp_server_receives_the_message(app, comment, addressed):
    inbox = _send_through_a_real_server(app, addressed.other, comment.id)
    assert sorted(r for e in inbox.envelopes for r in e.rcpt_tos) == [
        "colleague@douane.example", "delegate@douane.example",
    ]  # fmt: skip
    received = message_from_bytes(inbox.envelopes[0].content, policy=policy.default)
    assert received["From"] == "Framework Review <review@wg.example>"
    assert received["Subject"] == "[Draft 1] Reply: Other replied to FR-001 on clause 1.1."
    assert "http://localhost/drafts/test-framework/draft-1/clauses/1.1#FR-001" in (
        received.get_content()
    )


def test_one_refused_address_does_not_stop_the_others(app, comment, addressed, caplog):
    addressed.delegate.email = "gone@douane.example"  # the server refuses this mailbox
    db.session.commit()
    inbox = _send_through_a_real_server(app, addressed.other, comment.id)
    assert [r for e in inbox.envelopes for r in e.rcpt_tos] == ["colleague@douane.example"]
    assert "Mail to gone@douane.example not sent" in caplog.text


def test_a_failing_mail_server_loses_nothing(app, comment, addressed, caplog):
    failing = create_app("testing", {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "MAIL_CAPTURE": False, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": _free_port(),
    })  # fmt: skip
    response = _reply_through(failing, addressed.other, comment.id)
    assert response.status_code == 302  # the reply is saved and the delegate goes on
    assert "Could not send 2 notification e-mail(s)" in caplog.text
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 2
