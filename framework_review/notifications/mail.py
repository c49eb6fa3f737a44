"""E-mail of notifications, with the standard library (smtplib and email.message).

Services queue messages in the database session; they leave only once that session commits,
so a request that fails sends nothing, and a request never waits on a mail server before its
change is safe. Sending is off unless MAIL_SERVER is set. A failure to send is logged and
never reaches the user: the notification is in the app either way. With MAIL_CAPTURE (the
tests) messages are collected in a list instead of sent.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context

from ..extensions import db

OUTBOX = "framework_review.outbox"  # key of the queued messages in Session.info
CAPTURED = "framework_review.mail"  # key of the captured messages in app.extensions
SMTP_TIMEOUT = 10  # seconds for each exchange with the mail server
# Refusals of one message (its address, its content) rather than of the connection.
MESSAGE_REFUSED = (
    smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError, UnicodeError, ValueError,
)  # fmt: skip


def enabled() -> bool:
    """Whether notifications are e-mailed at all on this site."""
    config = current_app.config
    return bool(config.get("MAIL_SERVER") or config.get("MAIL_CAPTURE"))


def _one_line(text: str) -> str:
    """Header values are single lines: user text in a subject cannot add headers."""
    return " ".join(text.split())


def compose(to: str, subject: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = _one_line(to)
    message["Subject"] = _one_line(subject)[:200]
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain="framework-review")
    # Automatic messages: out-of-office replies should not answer them (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    return message


def queue(message: EmailMessage) -> None:
    """Send `message` once the current database session commits (never if it rolls back)."""
    db.session.info.setdefault(OUTBOX, []).append(message)


def captured(app: Flask) -> list[EmailMessage]:
    """The messages 'sent' by an app with MAIL_CAPTURE on (the tests read and clear this list)."""
    return app.extensions.setdefault(CAPTURED, [])


def deliver(messages: list[EmailMessage]) -> None:
    """Send messages over one SMTP connection; log, never raise, when the server fails."""
    config = current_app.config
    if config.get("MAIL_CAPTURE"):
        captured(current_app._get_current_object()).extend(messages)
        return
    if not config.get("MAIL_SERVER"):
        return
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            for message in messages:
                try:
                    smtp.send_message(message)
                except MESSAGE_REFUSED as error:  # this message only: the others still go
                    current_app.logger.warning("Mail to %s not sent: %s", message["To"], error)
    except (OSError, smtplib.SMTPException):
        current_app.logger.exception(
            "Could not send %d notification e-mail(s) through %s:%s; the notifications "
            "stay in the app.", len(messages), config["MAIL_SERVER"], config["MAIL_PORT"],
        )  # fmt: skip


def _after_commit(session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: the request's transaction may still roll back
    messages = session.info.pop(OUTBOX, None)
    if messages and has_app_context():
        deliver(messages)


def _after_transaction_end(session, transaction) -> None:
    # The outermost transaction is over: what it did not commit is never sent.
    if transaction.parent is None:
        session.info.pop(OUTBOX, None)


def register(app: Flask) -> None:
    """Hook the sending to the session's commit (once per process; the session is shared)."""
    app.extensions.setdefault(CAPTURED, [])
    if not sa.event.contains(db.session, "after_commit", _after_commit):
        sa.event.listen(db.session, "after_commit", _after_commit)
        sa.event.listen(db.session, "after_transaction_end", _after_transaction_end)
