"""The demo: a draft framework in our own words, six administrations, an account per role."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from .accounts import services as accounts
from .accounts.models import Role, User
from .comments import services as comments
from .core.time import utcnow
from .drafts import services as drafts
from .drafts.models import Clause, VersionStatus
from .extensions import db

DEMO_FILE = Path(__file__).parent / "drafts" / "demo" / "framework.md"

ADMINISTRATIONS = [
    ("FR", "France — General Directorate of Customs", False),
    ("KE", "Kenya Revenue Authority — Customs and Border Control", False),
    ("JP", "Japan Customs", False),
    ("BR", "Brazil — Federal Revenue Secretariat", False),
    ("CA", "Canada Border Services Agency", False),
    ("UPU", "Universal Postal Union (observer)", True),
]

ACCOUNTS = [
    ("secretariat", "Working group secretariat", Role.SECRETARIAT, None),
    ("chair", "Chair of the working group", Role.CHAIR, None),
    ("delegate.fr", "Camille Durand", Role.DELEGATE, "FR"),
    ("delegate.ke", "Amina Otieno", Role.DELEGATE, "KE"),
    ("delegate.jp", "Kenji Sato", Role.DELEGATE, "JP"),
    ("observer.upu", "Lena Vogel", Role.DELEGATE, "UPU"),
]

SAMPLE_COMMENTS = [
    ("delegate.fr", "1.1", "te", "The text should say which data elements are mandatory; "
     "otherwise operators will read it differently in each member.", "", None),
    ("delegate.ke", "1.1", "ed", "Use *electronic* consistently rather than alternating with "
     "*digital*.", "", None),
    ("delegate.jp", "General", "ge", "We welcome the draft and support its general approach.",
     "", None),
]  # fmt: skip


def _password() -> str:
    return secrets.token_urlsafe(12)


def load_demo(echo: Callable[[str], None] = print) -> Iterator[str]:
    """Create the demo data, or give the demo accounts new passwords if it is already there.

    Yields the lines to print: where to log in and the credentials of each account.
    """
    existing = {u.username: u for u in db.session.scalars(sa.select(User))}
    passwords: dict[str, str] = {}
    if "secretariat" in existing:
        echo("The demo is already loaded; giving its accounts new passwords.")
        for username, *_ in ACCOUNTS:
            if username in existing:
                passwords[username] = _password()
                accounts.reset_password(existing[username], passwords[username], None)
    else:
        for code, name, observer in ADMINISTRATIONS:
            if accounts.find_administration(code) is None:
                accounts.create_administration(code, name, observer)
        for username, display_name, role, code in ACCOUNTS:
            passwords[username] = _password()
            administration = accounts.find_administration(code) if code else None
            accounts.create_user(username, passwords[username], role, administration, display_name)
        _load_draft(echo)
    db.session.commit()
    yield ""
    yield "Demo accounts (log in at http://127.0.0.1:5000/login):"
    for username, display_name, role, code in ACCOUNTS:
        if username in passwords:
            who = f"{role.title}" + (f", {code}" if code else "")
            yield f"  {username:<14} {passwords[username]:<20} {who} ({display_name})"


def _load_draft(echo: Callable[[str], None]) -> None:
    parsed = drafts.parse_upload(DEMO_FILE.name, DEMO_FILE.read_bytes(), 10 * 1024 * 1024)
    version = drafts.import_draft(parsed, label="Draft 1", filename=DEMO_FILE.name)
    now = utcnow()
    drafts.set_period(
        version, status=VersionStatus.OPEN, opens_at=now - timedelta(days=1),
        closes_at=(now + timedelta(days=42)).replace(hour=17, minute=0, second=0),
        observers_may_comment=True,
    )  # fmt: skip
    echo(f"Loaded {version.draft.title}, {version.label}: {len(parsed.clauses)} clauses.")
    users = {u.username: u for u in db.session.scalars(sa.select(User))}
    for username, ref, kind, body, locator, proposal in SAMPLE_COMMENTS:
        clause = None
        if ref != "General":
            clause = db.session.scalar(
                sa.select(Clause).where(Clause.version_id == version.id, Clause.ref == ref)
            )
            if clause is None:
                continue
        fields = comments.CommentFields(type=kind, body=body, locator=locator,
                                        proposal_kind=proposal)  # fmt: skip
        comments.add_comment(version, clause, users[username], fields)
    first = db.session.scalar(
        sa.select(Clause).where(Clause.version_id == version.id, Clause.ref == "1.2")
    )
    if first is not None:
        amended = first.text.replace("should", "shall", 1)
        if amended != first.text:
            comment = comments.add_comment(
                version, first, users["delegate.ke"],
                comments.CommentFields(
                    type="te", body="An obligation is needed here for the standard to have effect.",
                    proposal_kind="replace", proposal_text=amended,
                ),
            )  # fmt: skip
            comments.support_comment(comment, users["delegate.jp"])
            comments.add_reply(comment, users["chair"], "Thank you; the group will discuss "
                               "binding language at the next meeting.")  # fmt: skip
