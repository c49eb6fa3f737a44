"""Rules for the life of versions: generating the next one, editing it, publishing it, lineage.

Functions take model objects and plain values, check the rule, change state, flush and audit;
the request commits once. Refusals are `CommentError`s with their status and code, as elsewhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext, ngettext, pgettext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from ..accounts.models import User
from ..comments.models import Comment, CommentStatus
from ..comments.services import CommentError, NotAllowed
from ..core import audit
from ..core.markup import render_markdown
from ..core.templating import format_number
from ..core.time import utcnow
from ..drafts import services as drafts
from ..drafts.models import Clause, Version, VersionStatus
from ..extensions import db
from ..review.models import Decision, Disposition
from .changes import Conflict, Resolution, ResolutionError, changes_from
from .models import ClauseOrigin
from .numbering import cross_references, parse, ref_for, ref_for_number
from .plan import Plan, plan_successor

KEEP = drafts.KEEP


class VersionStateError(CommentError):
    """The version's state does not allow it (not closed yet, already followed, not in preparation)."""

    status = 409
    code = "conflict"


class Unresolved(CommentError):
    """Accepted changes collide on some clauses; `conflicts` lists them for the chair."""

    status = 409
    code = "conflicts"

    def __init__(self, conflicts: list[Conflict]):
        refs = ", ".join(c.clause.ref for c in conflicts)
        super().__init__(
            ngettext(
                "Accepted changes collide on %(num)d clause (%(refs)s): choose one change or "
                "write the text, then create the version again.",
                "Accepted changes collide on %(num)d clauses (%(refs)s): choose one change or "
                "write the text for each, then create the version again.",
                len(conflicts), refs=refs,
            ),
            "resolutions",
        )  # fmt: skip
        self.conflicts = conflicts


class ClauseChanged(CommentError):
    """Someone saved the clause since the form was loaded; nothing of this edit was saved."""

    status = 409
    code = "stale"


# -- generating the next version -----------------------------------------------------------
def decided_comments(version: Version) -> list[Comment]:
    """The comments of a version whose decision in force may change the text (one query)."""
    return list(
        db.session.scalars(
            sa.select(Comment)
            .join(Disposition, Comment.disposition_id == Disposition.id)
            .where(
                Comment.version_id == version.id,
                Comment.status == CommentStatus.OPEN,
                Disposition.decision.in_([Decision.ACCEPTED, Decision.ACCEPTED_WITH_MODIFICATIONS]),
            )
            .options(joinedload(Comment.disposition))
            .order_by(Comment.id)
        )
    )


def plan_for(version: Version, resolutions: dict[int, Resolution] | None = None) -> Plan:
    """What the next version of `version` would be; refuses resolutions that fit no conflict."""
    try:
        return plan_successor(drafts.clause_tree(version), decided_comments(version), resolutions)
    except ResolutionError as error:
        raise CommentError(error.message, f"resolutions.{error.clause_id}") from None


def _ensure_officer(user: User, refusal: str) -> None:
    if not (user.is_authenticated and user.is_officer):
        raise NotAllowed(refusal)


def phase_name(version: Version) -> str:
    """The version's phase as a word of a sentence ("Draft 2 is closed")."""
    phase = version.period_phase()
    return {
        "preparation": pgettext("version phase", "preparation"),
        "scheduled": pgettext("version phase", "scheduled"),
        "open": pgettext("version phase", "open"),
        "closed": pgettext("version phase", "closed"),
        "superseded": pgettext("version phase", "superseded"),
    }.get(phase, phase)


def ensure_may_create_successor(version: Version, user: User) -> None:
    _ensure_officer(user, gettext("Only the chair and the secretariat create the next version."))
    if version.period_phase() != "closed":
        raise VersionStateError(
            gettext(
                "%(version)s is %(phase)s: the next version is made from a version whose "
                "comment period has closed.",
                version=version.label, phase=phase_name(version),
            )
        )  # fmt: skip
    # Asked of the database, not of what this request loaded: another may have made it since.
    made = db.session.scalar(
        sa.select(Version.label).where(Version.previous_version_id == version.id).limit(1)
    )
    if made:
        raise VersionStateError(
            gettext(
                "%(made)s was already made from %(version)s: edit it while it is in preparation.",
                made=made, version=version.label,
            )
        )  # fmt: skip


def clean_text(text: str, field_name: str = "text") -> str:
    """Clause text as stored: LF line ends, no outer blank lines, within the limit."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    limit = current_app.config["CLAUSE_MAX_CHARS"]
    if len(text) > limit:
        raise CommentError(
            gettext(
                "The text is %(length)s characters long; the limit is %(limit)s.",
                length=format_number(len(text)), limit=format_number(limit),
            ),
            field_name,
        )  # fmt: skip
    return text


def create_successor(
    version: Version,
    user: User,
    label: str = "",
    resolutions: dict[int, Resolution] | None = None,
) -> Version:
    """The next version of the draft, in preparation, with every accepted change applied.

    Refused with `Unresolved` (409 "conflicts") while a conflict has no resolution.
    """
    ensure_may_create_successor(version, user)
    label = " ".join((label or "").split())
    if len(label) > 100:
        raise CommentError(
            gettext("The label is limited to %(count)d characters.", count=100), "label"
        )
    resolutions = {
        clause_id: Resolution(r.comment_id, None)
        if r.text is None
        else Resolution(None, clean_text(r.text, f"resolutions.{clause_id}"))
        for clause_id, r in (resolutions or {}).items()
    }
    plan = plan_for(version, resolutions)
    if plan.unresolved:
        raise Unresolved(plan.unresolved)
    try:
        with db.session.begin_nested():
            new = drafts.create_version(version.draft, label, user)
            new.previous_version_id = version.id
            new.introduction = version.introduction
            new.introduction_html = version.introduction_html
            new.comments_visible_during_period = version.comments_visible_during_period
            new.observers_may_comment = version.observers_may_comment
            _write(new, plan)
    except IntegrityError:  # another officer's request took the next number first
        raise VersionStateError(
            gettext(
                "The next version of %(version)s was created by someone else in the meantime.",
                version=version.label,
            )
        ) from None
    audit.record(
        user, "version.successor", new,
        f"Made {new.label} from {version.label}: {len(plan.changed)} changed, "
        f"{len(plan.inserted)} inserted, {len(plan.removed)} deleted, "
        f"{len(plan.renumbered)} renumbered",
        previous=version.id,
        resolutions={str(k): r.comment_id if r.text is None else "text"
                     for k, r in resolutions.items()},
    )  # fmt: skip
    return new


def _write(new: Version, plan: Plan) -> None:
    made: dict[int, Clause] = {}
    rows: list[Clause] = []
    for position, planned in enumerate(plan.clauses, start=1):
        clause = Clause(
            version=new, position=position, level=planned.level, ref=planned.ref,
            number=planned.number, heading=planned.heading, text=planned.text,
            text_html=render_markdown(planned.text),
            parent=made[id(planned.parent)] if planned.parent else None,
            source_clause_id=planned.source.id if planned.source else None,
        )  # fmt: skip
        made[id(planned)] = clause
        rows.append(clause)
    db.session.add_all(rows)
    db.session.flush()
    origins = [
        ClauseOrigin(version_id=new.id, clause_id=made[id(p)].id, comment_id=comment.id,
                     source_clause_id=(p.source or p.after).id)
        for p in plan.clauses for comment in p.comments
    ] + [
        ClauseOrigin(version_id=new.id, clause_id=None, source_clause_id=r.clause.id,
                     comment_id=comment.id)
        for r in plan.removed for comment in r.comments
    ]  # fmt: skip
    db.session.add_all(origins)
    db.session.flush()


# -- editing a version in preparation ------------------------------------------------------
def fingerprint(clause: Clause) -> str:
    """What the edit form saw, so that a save over someone else's is refused."""
    seen = "\x1f".join((clause.number or "", clause.heading or "", clause.text))
    return hashlib.sha256(seen.encode()).hexdigest()[:16]


@dataclass
class ClauseEdit:
    """The fields an officer may change; KEEP leaves one as it is."""

    text: str = KEEP
    heading: str | None = KEEP
    number: str | None = KEEP
    expected: str | None = None  # the fingerprint the form saw (None: not checked)


def edit_clause(clause: Clause, user: User, edit: ClauseEdit) -> Clause:
    """Change a clause of a version in preparation; its ref follows its number."""
    version = clause.version
    _ensure_officer(user, gettext("Only the chair and the secretariat edit the text of a version."))
    if not version.can_edit_clauses(user):
        raise VersionStateError(
            gettext(
                "%(version)s is %(phase)s: its text can only change while it is in preparation.",
                version=version.label, phase=phase_name(version),
            )
        )  # fmt: skip
    if edit.expected is not None and edit.expected != fingerprint(clause):
        raise ClauseChanged(
            gettext(
                "Someone else saved %(ref)s in the meantime; its text is shown now. Nothing of "
                "yours was saved: apply your change to it and save again.",
                ref=clause.ref,
            )
        )
    text = clause.text if edit.text is KEEP else clean_text(edit.text)
    heading = clause.heading if edit.heading is KEEP else _one_line(edit.heading)
    number = clause.number if edit.number is KEEP else _one_line(edit.number)
    if heading and len(heading) > 500:
        raise CommentError(
            gettext("The heading is limited to %(count)d characters.", count=500), "heading"
        )
    if number and len(number) > 60:
        raise CommentError(
            gettext("The number is limited to %(count)d characters.", count=60), "number"
        )
    before = {"number": clause.number, "heading": clause.heading, "text": clause.text}
    after = {"number": number, "heading": heading, "text": text}
    if before == after:
        return clause
    clauses = drafts.clause_tree(version)
    refs = _new_refs(clause, number, heading, clauses)
    taken = {c.ref: c for c in clauses if c.id not in refs}
    clash = next((ref for ref in refs.values() if ref in taken), None)
    if clash:
        raise CommentError(
            gettext(
                "%(ref)s is already the reference of another clause of %(version)s.",
                ref=clash, version=version.label,
            ),
            "number",
        )  # fmt: skip
    for other in clauses:  # every changed ref at once: the unique constraint sees the end state
        if other.id in refs:
            other.ref = refs[other.id]
    clause.number, clause.heading = number, heading
    if text != clause.text:
        clause.text, clause.text_html = text, render_markdown(text)
    try:
        db.session.flush()
    except IntegrityError:  # another officer gave a clause the same ref in the meantime
        db.session.rollback()
        raise CommentError(
            gettext(
                "%(ref)s was just given to another clause of %(version)s; choose another number.",
                ref=refs.get(clause.id, clause.ref), version=version.label,
            ),
            "number",
        ) from None  # fmt: skip
    audit.record(
        user, "clause.edit", clause, f"{version.label}: edited {clause.ref}",
        before=before, after=after, refs={str(k): v for k, v in refs.items()},
    )  # fmt: skip
    return clause


def _one_line(value: str | None) -> str | None:
    return " ".join((value or "").split()) or None


def _new_refs(clause: Clause, number: str | None, heading: str | None,
              clauses: list[Clause]) -> dict[int, str]:  # fmt: skip
    """The clause's ref after the edit, and its items' refs (`3.2(a)` follows `3.2`)."""
    by_id = {c.id: c for c in clauses}
    parent = by_id.get(clause.parent_id)
    if number:
        ref = ref_for_number(number, parent.ref if parent else None)
    elif heading:
        ref = heading.rstrip(" .:") or heading
    else:
        ref = clause.ref
    if not ref:
        raise CommentError(gettext("Give the number as printed, such as 3.2 or (b)."), "number")
    refs = {clause.id: ref[:120]} if ref != clause.ref else {}
    if not refs:
        return refs
    new_ref = {clause.id: refs[clause.id]}
    for other in clauses:  # document order: parents before their sub-clauses
        numeral = parse(other.number)
        if other.parent_id in new_ref and numeral and numeral.family == "item":
            new_ref[other.id] = refs[other.id] = ref_for(numeral, new_ref[other.parent_id])
    return refs


def publish(version: Version, user: User, closes_at: datetime | None = None) -> Version:
    """Open the comment period of a generated version; the one it came from is superseded."""
    _ensure_officer(user, gettext("Only the chair and the secretariat publish a version."))
    if not version.can_publish(user):
        raise VersionStateError(
            gettext(
                "%(version)s is %(phase)s: only a version made from the previous one and still "
                "in preparation is published here.",
                version=version.label, phase=phase_name(version),
            )
        )  # fmt: skip
    if closes_at is not None and closes_at <= utcnow():
        raise CommentError(gettext("The comment period must close in the future."), "closes_at")
    try:
        return drafts.set_period(
            version, status=VersionStatus.OPEN, opens_at=None, closes_at=closes_at, actor=user
        )
    except drafts.DraftError as error:
        raise VersionStateError(str(error)) from None


def preparation_checks(version: Version) -> list[str]:
    """What the officers should look at before publishing a generated version."""
    previous = version.previous_version
    if previous is None:
        return []
    source = aliased(Clause)
    rows = db.session.execute(
        sa.select(Clause.ref, Clause.text, Clause.number, Clause.heading, source.ref)
        .outerjoin(source, source.id == Clause.source_clause_id)
        .where(Clause.version_id == version.id)
        .order_by(Clause.position)
    ).all()
    kept = {old for *_, old in rows if old is not None}
    removed = db.session.scalars(
        sa.select(Clause.ref).where(Clause.version_id == previous.id).order_by(Clause.position)
    ).all()
    _changes, notes = changes_from(decided_comments(previous))
    renamed = {old: ref for ref, _t, _n, _h, old in rows if old is not None and old != ref}
    notes += cross_references(
        [(ref, text) for ref, text, *_ in rows], renamed, [r for r in removed if r not in kept]
    )
    notes += [gettext("%(ref)s has neither a number nor a heading — give it one.", ref=ref)
              for ref, _t, number, heading, old in rows
              if old is None and not number and not heading]  # fmt: skip
    return notes


# A clause's lineage lives in its own module; it is part of this one's interface.
from .lineage import Lineage, clause_lineage  # noqa: E402, F401
