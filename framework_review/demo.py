"""The demo: a draft framework in our own words, six administrations, an account per role, and
a whole round (Draft 1 commented on, decided and closed; Draft 2 made from it and open)."""

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

# (author, clause ref or "General", type, comment, proposal kind, proposal: a function of the
# clause text, or the text itself; decision, observation, adopted text)
ROUND_ONE = [
    ("delegate.fr", "1.1", "te", "The text should say which data elements are mandatory; "
     "otherwise operators will read it differently in each member.", None, "",
     "noted", "Standard 2 lists the minimum data set; clause 1.1 keeps to the legal basis.", ""),
    ("delegate.ke", "1.2", "te", "An obligation is needed here for the standard to have effect.",
     "replace", lambda text: text.replace("should", "shall", 1), "accepted", "", ""),
    ("delegate.ke", "1.1", "ed", "Use *electronic* consistently rather than alternating with "
     "*digital*.", None, "", "noted", "The final text will be checked for consistent terms.", ""),
    ("delegate.jp", "General", "ge", "We welcome the draft and support its general approach.",
     None, "", "noted", "", ""),
    ("delegate.fr", "2.3", "te", "A fixed deadline of four hours before loading would be "
     "easier to enforce than a window that depends on the mode of transport.", "replace",
     lambda text: "Advance data should be submitted at least four hours before the goods are "
     "loaded, whatever the mode of transport.", "not_accepted",
     "Most members asked to keep deadlines tied to the mode of transport: a single deadline "
     "would not suit short sea and road crossings.", ""),
    ("delegate.jp", "3.4", "te", "Members also need a rule for data that never arrives.",
     "insert", "Where no advance data is received for a shipment, customs should treat it as "
     "higher risk until the data is provided.", "accepted_with_modifications",
     "Accepted in substance; the wording leaves room for national procedures.",
     "Where no advance data has been received for a shipment, customs may treat it as higher "
     "risk until the data is provided."),
]  # fmt: skip

ROUND_TWO = [
    ("delegate.ke", "3.5", "ed", "The new clause reads well; *may* is the right word here.", None,
     ""),
    ("delegate.fr", "General", "ge", "We thank the chair for the clear record of decisions on "
     "the first draft.", None, ""),
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
    """A whole round: Draft 1 commented on, decided and closed; Draft 2 made from the
    decisions and open for comment, with the discussion on Draft 1 one click away."""
    from .review import services as review
    from .versions import services as versions

    parsed = drafts.parse_upload(DEMO_FILE.name, DEMO_FILE.read_bytes(), 10 * 1024 * 1024)
    first = drafts.import_draft(parsed, label="Draft 1", filename=DEMO_FILE.name)
    now = utcnow()
    drafts.set_period(
        first, status=VersionStatus.OPEN, opens_at=now - timedelta(days=60),
        closes_at=now + timedelta(days=1), observers_may_comment=True,
    )  # fmt: skip
    users = {u.username: u for u in db.session.scalars(sa.select(User))}
    chair = users["chair"]
    written = []
    for author, ref, kind, body, proposal, text, *decision in ROUND_ONE:
        comment = _comment(first, users[author], ref, kind, body, proposal, text)
        written.append((comment, decision))
    comments.support_comment(written[1][0], users["delegate.jp"])
    comments.add_reply(written[1][0], chair, "Thank you; the group will discuss binding "
                       "language at the next meeting.")  # fmt: skip
    drafts.set_period(first, status=VersionStatus.CLOSED, closes_at=now - timedelta(days=3))
    for comment, (decision, observation, adopted) in written:
        review.decide(comment, chair, decision, observation, adopted or None, expected=None)
    review.set_review_settings(first, chair, dispositions_visible=True)
    review.give_feedback(written[4][0], users["delegate.fr"], False,
                         "We would still prefer one deadline; we will raise it again.")  # fmt: skip
    second = versions.create_successor(first, chair, "Draft 2")
    versions.publish(second, chair, closes_at=(now + timedelta(days=42)).replace(
        hour=17, minute=0, second=0))  # fmt: skip
    drafts.set_period(second, observers_may_comment=True)
    for author, ref, kind, body, proposal, text in ROUND_TWO:
        _comment(second, users[author], ref, kind, body, proposal, text)
    echo(f"Loaded {first.draft.title}: {first.label} ({len(parsed.clauses)} clauses) commented "
         f"on, decided and closed; {second.label} made from the decisions and open.")  # fmt: skip


def _comment(version, author, ref, kind, body, proposal, text):
    clause = None
    if ref != "General":
        clause = db.session.scalar(
            sa.select(Clause).where(Clause.version_id == version.id, Clause.ref == ref)
        )
        if clause is None:  # the demo text changed: fail loudly rather than comment on General
            raise LookupError(f"The demo draft has no clause {ref} in {version.label}.")
    if callable(text):
        text = text(clause.text)
    fields = comments.CommentFields(type=kind, body=body, proposal_kind=proposal,
                                    proposal_text=text)  # fmt: skip
    return comments.add_comment(version, clause, author, fields)
