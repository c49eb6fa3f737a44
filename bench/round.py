"""A real round of comments in a database, for benchmarks: build it once, measure many things.

`build_round(size)` fills an empty, migrated database (inside an app context) with what a
comment round of the WCO working group looks like: 186 administrations (176 members and 10
observers), about 600 delegates, a draft of about 300 clauses, 30,000 comments (amendments,
described changes, Markdown), replies, support, decisions with observations, and feedback.
Rows are those the services write (codes, rendered Markdown, redlines, audit entries), inserted
in bulk so the whole round takes a few minutes, not hours.

Command line (PostgreSQL by default; the database is emptied first):

    .venv/bin/python bench/round.py [--database URL] [--comments 30000] [--seed 8]

From another benchmark:

    from bench.round import RoundSize, fresh_app, build_round
    app = fresh_app(url)              # migrated, empty
    with app.app_context():
        info = build_round(RoundSize(comments=5000))
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from framework_review import create_app  # noqa: E402
from framework_review.accounts.models import Administration, AdministrationKind, Role, User  # noqa: E402
from framework_review.comments.models import Comment, ProposalKind, Reply, Support  # noqa: E402
from framework_review.comments.services import proposal_html  # noqa: E402
from framework_review.core.markup import render_markdown  # noqa: E402
from framework_review.core.models import AuditEntry  # noqa: E402
from framework_review.core.time import utcnow  # noqa: E402
from framework_review.drafts import services as drafts  # noqa: E402
from framework_review.drafts.models import Clause, VersionStatus  # noqa: E402
from framework_review.extensions import db  # noqa: E402
from framework_review.review.models import Disposition, Feedback  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/fr_bench"
OBSERVERS = ["UPU", "WTO", "ICC", "IATA", "GEA", "UNCTAD", "OECD", "IPC", "ICAO", "WB"]
WORDS = [
    "members",
    "should",
    "collect",
    "data",
    "before",
    "goods",
    "arrive",
    "postal",
    "operators",
    "carriers",
    "platforms",
    "risk",
    "management",
    "low",
    "value",
    "shipments",
    "revenue",
    "duty",
    "tax",
    "clearance",
    "release",
    "advance",
    "electronic",
    "information",
    "security",
    "facilitation",
    "partnership",
    "capacity",
    "building",
    "measurement",
    "analysis",
    "technology",
    "blockchain",
    "returns",
    "consumers",
    "sellers",
    "marketplaces",
    "intermediaries",
    "express",
    "couriers",
    "thresholds",
    "simplified",
    "declarations",
    "identifiers",
]  # noqa: SIM905 - easier to read and extend as text
PASSWORD_HASH = "-"  # nobody logs in to a benchmark round


@dataclass(frozen=True)
class RoundSize:
    administrations: int = 186
    delegates: int = 600
    standards: int = 15  # about 21 clauses each
    comments: int = 30_000
    reply_share: float = 0.4
    support_share: float = 0.3
    withdrawn_share: float = 0.03
    decided_share: float = 0.7
    seed: int = 8


@dataclass
class RoundInfo:
    version_id: int
    draft_slug: str
    version_slug: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def fresh_app(url: str = DEFAULT_URL):
    """The app on `url` with an empty schema built by the migrations."""
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
    return app


def _codes(count: int) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    members = [a + b for a in letters for b in letters][:: max(1, 676 // count)]
    return members[:count]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body(rng: random.Random, n: int) -> str:
    """Comment text: mostly plain paragraphs, some with emphasis, a list or a link."""
    paragraphs = [_sentence(rng, rng.randint(12, 40)) for _ in range(rng.randint(1, 3))]
    roll = rng.random()
    if roll < 0.08:
        paragraphs.insert(1, "\n".join(f"- {_sentence(rng, 6)}" for _ in range(3)))
    elif roll < 0.14:
        paragraphs[0] = paragraphs[0].replace(" ", " **", 1).replace(" ", "** ", 2)
    elif roll < 0.18:
        paragraphs.append(f"See [the guidance](https://example.org/guide/{n}).")
    return "\n\n".join(paragraphs)


def _draft(size: RoundSize) -> str:
    lines = ["# Framework of standards (benchmark)", "", "Generated for timing.", ""]
    for s in range(1, size.standards + 1):
        lines += [f"## Standard {s}: topic {s}", ""]
        for p in range(1, 5):
            lines += [f"{s}.{p} Members should apply measure {p} of standard {s} to goods "
                      "ordered online and sent across a border.", ""]  # fmt: skip
            for letter in "abcd":
                lines += [f"({letter}) item {letter} of paragraph {s}.{p};", ""]
    return "\n".join(lines)


def _insert(model, rows: list[dict], chunk: int = 5000) -> None:
    for start in range(0, len(rows), chunk):
        db.session.execute(sa.insert(model.__table__), rows[start : start + chunk])


def build_round(size: RoundSize = RoundSize(), echo=print) -> RoundInfo:
    """Fill the (empty, migrated) database of the current app context with a round."""
    started = time.perf_counter()
    rng = random.Random(size.seed)
    now = utcnow()
    members = _codes(size.administrations - len(OBSERVERS))
    administrations = [Administration(code=c, name=f"Customs administration {c}") for c in members]
    administrations += [Administration(code=c, name=f"Observer {c}", kind=AdministrationKind.OBSERVER)
                        for c in OBSERVERS]  # fmt: skip
    db.session.add_all(administrations)
    chair = User(
        username="chair", display_name="Chair", password_hash=PASSWORD_HASH, role=Role.CHAIR
    )
    secretariat = User(username="secretariat", display_name="Secretariat",
                       password_hash=PASSWORD_HASH, role=Role.SECRETARIAT)  # fmt: skip
    delegates = [
        User(username=f"d{n}", display_name=f"Delegate {n}", password_hash=PASSWORD_HASH,
             role=Role.DELEGATE, administration=administrations[n % len(administrations)])
        for n in range(size.delegates)
    ]  # fmt: skip
    db.session.add_all([chair, secretariat, *delegates])
    parsed = drafts.parse_upload("bench.md", _draft(size).encode(), 10 * 1024 * 1024)
    version = drafts.import_draft(parsed, label="Draft 1", filename="bench.md", actor=secretariat)
    drafts.set_period(version, status=VersionStatus.OPEN, opens_at=now - timedelta(days=90),
                      closes_at=now - timedelta(days=45), actor=secretariat)  # fmt: skip
    version.dispositions_visible = True
    db.session.flush()
    clauses = list(db.session.scalars(sa.select(Clause).where(Clause.version_id == version.id)
                                      .order_by(Clause.position)))  # fmt: skip
    echo(f"{len(administrations)} administrations, {len(delegates)} delegates, "
         f"{len(clauses)} clauses")  # fmt: skip
    by_admin: dict[int, list[User]] = {}
    for user in delegates:
        by_admin.setdefault(user.administration.id, []).append(user)
    active = [a for a in administrations if a.id in by_admin]
    # Some administrations and some clauses draw far more comments than others.
    admin_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(active))]
    clause_weights = [1 / (rng.random() + 0.05) for _ in clauses]
    comments, audit, sequences = [], [], dict.fromkeys((a.id for a in active), 0)
    for n in range(1, size.comments + 1):
        admin = rng.choices(active, admin_weights)[0]
        author = rng.choice(by_admin[admin.id])
        clause = None if rng.random() < 0.08 else rng.choices(clauses, clause_weights)[0]
        sequences[admin.id] += 1
        kind, text = _proposal(rng, clause)
        body = _body(rng, n)
        created = now - timedelta(days=80, minutes=-n)
        withdrawn = rng.random() < size.withdrawn_share
        comments.append({
            "id": n, "version_id": version.id, "clause_id": clause.id if clause else None,
            "administration_id": admin.id, "author_id": author.id,
            "sequence": sequences[admin.id], "code": f"{admin.code}-{sequences[admin.id]:03d}",
            "type": rng.choices(["ge", "te", "ed"], [1, 6, 3])[0], "locator": "",
            "quote": "", "body": body, "body_html": render_markdown(body),
            "proposal_kind": kind, "proposal_text": text,
            "proposal_html": proposal_html(clause, ProposalKind(kind) if kind else None, text),
            "revision": 1 + withdrawn,
            "edit_count": 0, "created_at": created, "updated_at": created,
            "updated_by_id": author.id, "status": "withdrawn" if withdrawn else "open",
            "withdrawn_at": created + timedelta(days=3) if withdrawn else None,
        })  # fmt: skip
        audit.append({"at": created, "actor_id": author.id, "action": "comment.create",
                      "object_type": "comment", "object_id": n, "summary": f"{comments[-1]['code']} "
                      f"on {clause.ref if clause else 'General'}", "data": {}})  # fmt: skip
    _insert(Comment, comments)
    echo(f"{len(comments)} comments")
    replies, supports = _threads(rng, size, comments, delegates, chair, now)
    _insert(Reply, replies)
    _insert(Support, supports)
    dispositions, feedback, pointers = _decisions(rng, size, comments, by_admin, chair, now, audit)
    _insert(Disposition, dispositions)
    _insert(Feedback, feedback)
    db.session.execute(
        sa.update(Comment.__table__).where(Comment.__table__.c.id == sa.bindparam("cid"))
        .values(disposition_id=sa.bindparam("did"), feedback_id=sa.bindparam("fid")),
        pointers,
    )  # fmt: skip
    _insert(AuditEntry, audit)
    _reset_sequences()
    db.session.commit()
    info = RoundInfo(
        version.id, version.draft.slug, version.slug, seconds=time.perf_counter() - started
    )
    info.counts = {"administrations": len(administrations), "delegates": len(delegates),
                   "clauses": len(clauses), "comments": len(comments), "replies": len(replies),
                   "supports": len(supports), "decisions": len(dispositions),
                   "feedback": len(feedback)}  # fmt: skip
    echo(", ".join(f"{v:,} {k}" for k, v in info.counts.items()) + f" in {info.seconds:.0f} s")
    return info


def _proposal(rng: random.Random, clause) -> tuple[str | None, str]:
    roll = rng.random()
    if clause is None:
        return ("text", _sentence(rng, 15)) if roll < 0.3 else (None, "")
    if roll < 0.30 and clause.text:
        words = clause.text.split()
        words[rng.randrange(len(words))] = rng.choice(WORDS)
        return "replace", " ".join(words) + " " + _sentence(rng, 6)
    if roll < 0.35:
        return "insert", _sentence(rng, 20)
    if roll < 0.37:
        return "delete", ""
    if roll < 0.57:
        return "text", _sentence(rng, 18)
    return None, ""


def _threads(rng, size, comments, delegates, chair, now):
    replies, supports = [], []
    for comment in comments:
        if rng.random() < size.reply_share:
            for _ in range(rng.randint(1, 3)):
                author = chair if rng.random() < 0.3 else rng.choice(delegates)
                body = _sentence(rng, rng.randint(8, 30))
                replies.append({
                    "id": len(replies) + 1, "comment_id": comment["id"], "author_id": author.id,
                    "administration_id": author.administration_id, "body": body,
                    "body_html": render_markdown(body), "revision": 1, "edit_count": 0,
                    "created_at": comment["created_at"] + timedelta(days=1),
                    "updated_at": comment["created_at"] + timedelta(days=1),
                })  # fmt: skip
        if rng.random() < size.support_share:
            seen = {comment["administration_id"]}
            for _ in range(rng.randint(1, 4)):
                user = rng.choice(delegates)
                if user.administration_id in seen:
                    continue
                seen.add(user.administration_id)
                supports.append({"id": len(supports) + 1, "comment_id": comment["id"],
                                 "administration_id": user.administration_id, "user_id": user.id,
                                 "active": True, "created_at": comment["created_at"]})  # fmt: skip
    return replies, supports


def _decisions(rng, size, comments, by_admin, chair, now, audit):
    dispositions, feedback, pointers = [], [], []
    choices = ["accepted", "accepted_with_modifications", "noted", "not_accepted"]
    for comment in comments:
        if comment["status"] == "withdrawn" or rng.random() >= size.decided_share:
            continue
        decision = rng.choices(choices, [3, 2, 3, 2])[0]
        observation = _sentence(rng, rng.randint(6, 25)) if decision != "accepted" else ""
        adopted = ""
        if decision == "accepted" and comment["proposal_kind"] in ("replace", "insert"):
            adopted = comment["proposal_text"]
        elif decision == "accepted_with_modifications":
            adopted = _sentence(rng, 20)
        decided_at = now - timedelta(days=40) + timedelta(minutes=len(dispositions) * 2)
        dispositions.append({
            "id": len(dispositions) + 1, "comment_id": comment["id"], "decision": decision,
            "observation": observation, "observation_html": render_markdown(observation),
            "adopted_text": adopted, "decided_by_id": chair.id, "decided_at": decided_at,
            "previous_id": None,
        })  # fmt: skip
        audit.append({"at": decided_at, "actor_id": chair.id, "action": "comment.decide",
                      "object_type": "comment", "object_id": comment["id"],
                      "summary": f"{comment['code']}: {decision}",
                      "data": {"decision": decision, "disposition": len(dispositions)}})  # fmt: skip
        feedback_id = None
        if rng.random() < 0.4:
            user = rng.choice(by_admin[comment["administration_id"]])
            feedback_id = len(feedback) + 1
            feedback.append({
                "id": feedback_id, "comment_id": comment["id"],
                "disposition_id": len(dispositions), "satisfied": rng.random() < 0.8,
                "note": "", "note_html": "", "user_id": user.id,
                "administration_id": comment["administration_id"],
                "created_at": decided_at + timedelta(days=2),
            })  # fmt: skip
        pointers.append({"cid": comment["id"], "did": len(dispositions), "fid": feedback_id})
    return dispositions, feedback, pointers


def _reset_sequences() -> None:
    """Ids were given explicitly; on PostgreSQL the next ones must come after them."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in ("comment", "reply", "support", "disposition", "feedback", "audit_entry"):
        db.session.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
        ))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=DEFAULT_URL, help="SQLAlchemy URL (emptied first)")
    parser.add_argument("--comments", type=int, default=RoundSize.comments)
    parser.add_argument("--seed", type=int, default=RoundSize.seed)
    args = parser.parse_args()
    app = fresh_app(args.database)
    with app.app_context():
        info = build_round(RoundSize(comments=args.comments, seed=args.seed))
    print(f"Version {info.version_id}: /drafts/{info.draft_slug}/{info.version_slug}/")


if __name__ == "__main__":
    main()
