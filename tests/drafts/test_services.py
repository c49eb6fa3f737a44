"""The rules for drafts and versions: import into clauses, where an import goes, the period."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from framework_review.comments import services as comments
from framework_review.core.models import AuditEntry
from framework_review.core.time import utcnow
from framework_review.drafts import services
from framework_review.drafts.importer import parse_document
from framework_review.drafts.models import Clause, Draft, Version, VersionStatus
from framework_review.drafts.services import KEEP, DraftError
from tests.conftest import clause_of, make_version
from tests.drafts.test_views import SIMPLE, SIMPLE_REFS

OTHER = b"# Simple framework\n\n## Scope\n\n1.1 New text.\n"


def parsed(data: bytes = SIMPLE, filename: str = "simple.md"):
    return parse_document(filename, data)


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def comment_on(version, ref, author):
    return comments.add_comment(version, clause_of(version, ref), author,
                                comments.CommentFields(type="ed", body="Typo."))  # fmt: skip


# -- import_draft --------------------------------------------------------------------------
def test_import_creates_draft_version_and_clauses(db, people):
    version = services.import_draft(parsed(), filename="simple.md", actor=people.secretariat)
    db.session.commit()
    assert (version.draft.title, version.draft.slug) == ("Simple framework", "simple-framework")
    assert (version.number, version.label, version.slug) == (1, "Draft 1", "draft-1")
    assert version.status is VersionStatus.PREPARATION
    assert version.source_filename == "simple.md" and version.imported_at is not None
    assert version.introduction == "An introductory note."
    assert version.introduction_html == "<p>An introductory note.</p>"
    clauses = services.clause_tree(version)
    assert [c.ref for c in clauses] == SIMPLE_REFS
    assert [c.position for c in clauses] == list(range(1, 8))
    assert [c.level for c in clauses] == [0, 1, 1, 2, 2, 0, 1]
    assert [c.parent.ref if c.parent else None for c in clauses] == [
        None, "1", "1", "1.2", "1.2", None, "Standard 2",
    ]  # fmt: skip
    assert clauses[0].heading == "Scope" and clauses[0].number == "1."
    assert clauses[3].text == "collect data;" and clauses[3].text_html == "<p>collect data;</p>"
    actions = db.session.scalars(
        sa.select(AuditEntry.action)
        .where(AuditEntry.object_type.in_(["draft", "version"]))
        .order_by(AuditEntry.id)
    ).all()
    assert actions == ["draft.create", "version.create", "version.import"]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "version.import"))
    assert entry.actor_id == people.secretariat.id
    assert entry.data == {"clauses": 7, "replaced": 0, "filename": "simple.md"}


def test_clause_text_is_rendered_once_and_sanitised(db):
    data = b"# T\n\n1.1 Click <script>alert(1)</script> [here](javascript:alert(2)) **now**.\n"
    clause = services.clause_tree(services.import_draft(parsed(data)))[0]
    assert "<script>" not in clause.text_html and "javascript:" not in clause.text_html
    assert "&lt;script&gt;" in clause.text_html and "<strong>now</strong>" in clause.text_html


def test_title_and_label_given_with_the_import(db):
    version = services.import_draft(parsed(), title="  Framework of Standards ", label="Zero draft")
    assert version.draft.title == "Framework of Standards"
    assert (version.label, version.slug) == ("Zero draft", "zero-draft")


def test_document_without_title_needs_one(db):
    with pytest.raises(DraftError, match="The document has no title"):
        services.import_draft(parsed(b"1.1 Text.\n"))
    assert count(db, Draft) == 0


def test_progress_is_reported_per_clause(db):
    ticks = []
    services.import_draft(parsed(), progress=ticks.append)
    assert ticks == [1] * 7


def test_next_import_adds_a_version_when_the_last_is_open(db):
    first = services.import_draft(parsed())
    services.set_period(first, status="open")
    second = services.import_draft(parsed(OTHER))
    assert second.draft == first.draft
    assert (second.number, second.label, second.slug) == (2, "Draft 2", "draft-2")
    assert [c.ref for c in services.clause_tree(first)] == SIMPLE_REFS


def test_same_title_makes_a_unique_slug_only_for_new_drafts(db):
    services.create_draft("Simple framework")
    other = services.create_draft("Simple  Framework!")
    assert other.slug == "simple-framework-2"
    with pytest.raises(DraftError, match="needs a title"):
        services.create_draft("   ")


def test_label_slugs_are_unique_within_a_draft(db):
    draft = services.create_draft("Framework")
    first = services.create_version(draft, "Draft 1")
    second = services.create_version(draft, "draft 1")
    assert (first.slug, second.slug, second.number) == ("draft-1", "draft-1-2", 2)


def test_reimport_replaces_the_clauses_of_a_version_in_preparation(db, people):
    version = services.import_draft(parsed(), label="Draft 1")
    db.session.commit()
    again = services.import_draft(parsed(OTHER), label="Draft 1", filename="v2.md")
    db.session.commit()
    assert again.id == version.id
    assert [c.ref for c in services.clause_tree(version)] == ["Scope", "1.1"]
    assert count(db, Clause) == 2 and count(db, Version) == 1
    entry = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "version.import")
                               .order_by(AuditEntry.id)).all()[-1]  # fmt: skip
    assert entry.data["replaced"] == 7 and entry.data["clauses"] == 2


def test_reimport_into_a_given_version(db):
    version = make_version(status=VersionStatus.PREPARATION)
    services.import_draft(parsed(OTHER), version=version)
    assert [c.ref for c in services.clause_tree(version)] == ["Scope", "1.1"]
    assert version.draft.title == "Test framework"  # the document's title does not rename it


@pytest.mark.parametrize(
    "status", [VersionStatus.OPEN, VersionStatus.CLOSED, VersionStatus.SUPERSEDED]
)
def test_reimport_into_a_version_past_preparation_is_refused(db, status):
    version = make_version(status=status)
    with pytest.raises(
        DraftError, match=f"Draft 1 is {status.value}: only a version in preparation"
    ):
        services.import_draft(parsed(), version=version)
    assert count(db, Clause) == 8


def test_reimport_into_a_version_with_comments_is_refused(db, people, version):
    comment_on(version, "1.1", people.delegate)
    version.status = VersionStatus.PREPARATION
    with pytest.raises(DraftError, match="Draft 1 already has comments"):
        services.import_draft(parsed(), version=version)


# -- target_version ------------------------------------------------------------------------
def test_target_version_for_a_new_title(db):
    assert services.target_version("Unknown") == (None, None)


def test_target_version_prefers_the_label(db):
    first = make_version(status=VersionStatus.PREPARATION, label="Draft 1")
    second = make_version(status=VersionStatus.PREPARATION, label="Draft 2")
    assert services.target_version("Test framework", "Draft 1") == (first.draft, first)
    assert services.target_version("Test framework", " Draft 2 ") == (first.draft, second)
    assert services.target_version("Test framework") == (first.draft, second)  # the latest
    assert services.target_version("Test framework", "Draft 3") == (first.draft, None)


def test_target_version_without_label_skips_versions_past_preparation(db):
    open_version = make_version(status=VersionStatus.OPEN)
    assert services.target_version("Test framework") == (open_version.draft, None)


def test_target_version_refuses_a_label_past_preparation(db):
    make_version(status=VersionStatus.CLOSED)
    with pytest.raises(DraftError, match="Draft 1 of Test framework is closed.*Choose a new label"):
        services.target_version("Test framework", "Draft 1")


# -- set_period ----------------------------------------------------------------------------
def test_set_period_opens_and_records(db, people):
    version = make_version(status=VersionStatus.PREPARATION, opens_at=None, closes_at=None)
    opens, closes = datetime(2030, 3, 1, 9), datetime(2030, 4, 30, 17)
    services.set_period(version, status="open", opens_at=opens, closes_at=closes,
                        comments_visible_during_period=False, actor=people.secretariat)  # fmt: skip
    assert (version.status, version.opens_at, version.closes_at) == (
        VersionStatus.OPEN,
        opens,
        closes,
    )
    assert version.comments_visible_during_period is False
    assert version.period_phase(datetime(2030, 2, 1)) == "scheduled"
    assert version.is_open_for_comment(datetime(2030, 3, 2))
    assert not version.is_open_for_comment(closes)
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "version.period"))
    assert entry.actor_id == people.secretariat.id
    assert entry.data["before"] == {"status": "preparation", "opens_at": None, "closes_at": None,
                                    "visible": True, "observers": True}  # fmt: skip


def test_set_period_keeps_what_is_not_given(db):
    version = make_version()
    opens, closes = version.opens_at, version.closes_at
    services.set_period(version, status="closed")
    assert (version.opens_at, version.closes_at) == (opens, closes)
    assert version.comments_visible_during_period is True
    services.set_period(version, opens_at=KEEP, closes_at=None)
    assert version.closes_at is None and version.status is VersionStatus.CLOSED


@pytest.mark.parametrize(
    ("opens", "closes"), [(datetime(2030, 5, 1), datetime(2030, 4, 1)), (datetime(2030, 5, 1),) * 2]
)
def test_period_must_close_after_it_opens(db, opens, closes):
    version = make_version(status=VersionStatus.PREPARATION)
    with pytest.raises(DraftError, match="must close after it opens"):
        services.set_period(version, opens_at=opens, closes_at=closes)


def test_new_closing_date_is_checked_against_the_kept_opening(db):
    version = make_version()
    with pytest.raises(DraftError, match="must close after it opens"):
        services.set_period(version, closes_at=version.opens_at - timedelta(hours=1))


def test_cannot_open_without_clauses(db):
    draft = services.create_draft("Blank")
    version = services.create_version(draft)
    with pytest.raises(DraftError, match="Import the text before opening"):
        services.set_period(version, status="open")


def test_back_to_preparation_only_without_comments(db, people, version):
    services.set_period(version, status="preparation")
    assert version.status is VersionStatus.PREPARATION
    services.set_period(version, status="open")
    comment_on(version, "1.1", people.delegate)
    with pytest.raises(DraftError, match="has comments: it cannot go back to preparation"):
        services.set_period(version, status="preparation")
    services.set_period(version, status="closed")  # closing is fine
    assert version.status is VersionStatus.CLOSED


def test_superseded_is_not_set_by_hand_and_is_final(db):
    version = make_version()
    with pytest.raises(DraftError, match="superseded by publishing the next one"):
        services.set_period(version, status="superseded")
    old = make_version(status=VersionStatus.SUPERSEDED, label="Draft 0")
    for status in ("open", "closed", "preparation", None):
        with pytest.raises(DraftError, match="superseded"):
            services.set_period(old, status=status, closes_at=utcnow())


def test_unknown_status_is_refused(db):
    with pytest.raises(ValueError, match="'pending'"):
        services.set_period(make_version(), status="pending")


# -- lookups -------------------------------------------------------------------------------
def test_get_version_and_clause_tree(db):
    version = make_version()
    make_version(title="Other framework")
    assert services.get_version("test-framework", "draft-1") == version
    assert services.get_version("test-framework", "draft-2") is None
    assert services.get_version("nothing", "draft-1") is None
    assert [c.ref for c in services.clause_tree(version)][:3] == ["Preamble", "1", "1.1"]
    assert services.find_draft(" Test framework ") == version.draft


def test_parse_upload_turns_importer_errors_into_draft_errors(db):
    with pytest.raises(DraftError, match="The file is empty."):
        services.parse_upload("x.md", b"", 1000)
    with pytest.raises(DraftError, match="too large"):
        services.parse_upload("x.md", SIMPLE, 10)


def test_set_period_without_a_change_writes_no_audit_line(db, people, version):
    def lines() -> int:
        query = sa.select(sa.func.count(AuditEntry.id)).where(AuditEntry.action == "version.period")
        return db.session.scalar(query)

    services.set_period(version, status=version.status, actor=people.secretariat)
    assert lines() == 0
    services.set_period(version, comments_visible_during_period=False, actor=people.secretariat)
    assert lines() == 1
