"""The chair's pages: deciding from the thread view and coming back to the same place in the
list, stale decisions, bulk decisions, reverting, the history page, settings and settling."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import sqlalchemy as sa

from framework_review.comments import services as comments
from framework_review.comments.models import Comment
from framework_review.core.models import AuditEntry
from framework_review.extensions import db
from framework_review.notifications.models import Notification
from framework_review.review.models import Decision, Disposition
from tests.comments.helpers import (
    add,
    clause_url,
    fresh,
    logged_in_client,
    page,
    post,
    text_of,
    version_url,
)
from tests.review.helpers import decide, decision_data, publish, review_url, snapshot, thread_url


def test_deciding_from_the_thread_returns_to_the_same_place_in_the_list(as_chair, version,
                                                                         three):  # fmt: skip
    fr1, fr2, _ke = three
    listed = f"{review_url(version)}?tab=todo&administration=FR&sort=administration&page=1"
    html = page(as_chair, listed)
    link = re.search(r'<th scope="row"><a href="([^"]+)">FR-001</a>', html).group(1)
    link = link.replace("&amp;", "&")
    target = urlsplit(link)
    assert target.path == thread_url(version, "1.1") and target.fragment == "FR-001"
    back = parse_qs(target.query)["next"][0]
    assert back == listed

    thread = page(as_chair, link)
    assert f'name="next" value="{listed.replace("&", "&amp;")}#FR-001"' in thread
    response = post(as_chair, f"/comments/{fr1.id}/disposition",
                    {**decision_data(fr1, "accepted", "Taken as proposed."),
                     "next": f"{listed}#FR-001"}, csrf_from=link)  # fmt: skip
    assert response.status_code == 302
    assert response.location == f"{listed}#FR-001"
    stored = fresh(fr1).disposition
    assert stored.decision is Decision.ACCEPTED
    assert stored.adopted_text == "Parcels carried across a border."  # the proposal
    assert "Decision on FR-001 saved: Accepted." in page(as_chair, response.location)


def test_a_decision_without_next_goes_back_to_the_thread(as_chair, version, three):
    fr1 = three[0]
    response = post(as_chair, f"/comments/{fr1.id}/disposition", decision_data(fr1),
                    csrf_from=thread_url(version, "1.1"))  # fmt: skip
    assert response.location == f"{thread_url(version, '1.1')}#FR-001"


def test_an_unsafe_next_is_ignored(as_chair, version, three):
    fr1 = three[0]
    response = post(as_chair, f"/comments/{fr1.id}/disposition",
                    {**decision_data(fr1), "next": "//evil.example/x"})  # fmt: skip
    assert response.location == f"{thread_url(version, '1.1')}#FR-001"


def test_a_stale_decision_shows_the_one_in_force_and_keeps_the_officers_text(
    app, as_chair, version, people, three
):
    fr1 = three[0]
    page(as_chair, thread_url(version, "1.1"))  # loaded while FR-001 is open
    decide(fr1, people.chair, "noted", "Decided *elsewhere*.")  # someone else, meanwhile
    before = snapshot()
    mine = decision_data(fr1, "not_accepted", "My own careful reasons.", seen=None)
    response = post(as_chair, f"/comments/{fr1.id}/disposition", mine)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "The decision changed since you loaded the page" in html
    assert "<em>elsewhere</em>" in html  # the decision in force is shown
    assert "My own careful reasons." in html  # the officer's text is kept in the form
    assert re.search(rf'name="d{fr1.id}-seen" type="hidden" value="{fr1.disposition_id}"', html)
    assert snapshot() == before
    # Sent again knowingly, it replaces the decision in force.
    again = decision_data(fr1, "not_accepted", "My own careful reasons.", seen=fr1.disposition_id)
    assert post(as_chair, f"/comments/{fr1.id}/disposition", again).status_code == 302
    assert fresh(fr1).disposition.decision is Decision.NOT_ACCEPTED


def test_an_invalid_decision_is_refused_with_the_reason(as_chair, version, three):
    fr1 = three[0]
    before = snapshot()
    response = post(as_chair, f"/comments/{fr1.id}/disposition",
                    decision_data(fr1, "not_accepted", ""))  # fmt: skip
    assert response.status_code == 422
    assert "Give the reason for “Not accepted” in the observation." in response.get_data(
        as_text=True
    )
    assert snapshot() == before
    nothing = post(as_chair, f"/comments/{fr1.id}/disposition", decision_data(fr1, ""))
    assert nothing.status_code == 422 and snapshot() == before


def test_adopted_text_counts_only_with_accepted_with_modifications(as_chair, version, three):
    fr1 = three[0]
    # The box starts with the proposal; choosing "noted" leaves it out instead of refusing.
    noted = decision_data(fr1, "noted", "Seen.", adopted="Parcels carried across a border.")
    assert post(as_chair, f"/comments/{fr1.id}/disposition", noted).status_code == 302
    assert fresh(fr1).disposition.adopted_text == ""
    modified = decision_data(fr1, "accepted_with_modifications", "Shorter.",
                             adopted="Parcels sent across a border.", seen=fr1.disposition_id)  # fmt: skip
    assert post(as_chair, f"/comments/{fr1.id}/disposition", modified).status_code == 302
    assert fresh(fr1).disposition.adopted_text == "Parcels sent across a border."


def test_bulk_decision_gives_each_comment_its_own_record(as_chair, version, people, three):
    fr1, fr2, ke = three
    listed = f"{review_url(version)}?tab=todo&type=ed"
    data = {"decision": "noted", "observation": "Editorial: for the drafting group.",
            "comment": [str(fr2.id), str(ke.id)], f"seen-{fr2.id}": "", f"seen-{ke.id}": "",
            "next": listed}  # fmt: skip
    response = post(as_chair, f"{review_url(version)}/decide", data, csrf_from=listed)
    assert response.status_code == 302 and response.location == listed
    records = db.session.scalars(sa.select(Disposition).order_by(Disposition.id)).all()
    assert [(r.comment_id, r.decision, r.observation) for r in records] == [
        (fr2.id, Decision.NOTED, "Editorial: for the drafting group."),
        (ke.id, Decision.NOTED, "Editorial: for the drafting group."),
    ]
    assert fresh(fr1).disposition is None
    assert "Noted: FR-002, KE-001." in page(as_chair, listed)
    actions = db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.action == "comment.decide")).all()  # fmt: skip
    assert len(actions) == 2


def test_bulk_decision_is_all_or_nothing(as_chair, version, people, three):
    fr1, fr2, ke = three
    comments.withdraw_comment(fr2, people.colleague)
    db.session.commit()
    before = snapshot()
    data = {"decision": "not_accepted", "observation": "Not for this text.",
            "comment": [str(fr1.id), str(fr2.id)], f"seen-{fr1.id}": "", f"seen-{fr2.id}": ""}  # fmt: skip
    response = post(as_chair, f"{review_url(version)}/decide", data)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "FR-002 was withdrawn by its administration" in html
    assert "Not for this text." in html  # the observation is kept for sending again
    assert snapshot() == before

    decide(ke, people.chair, "noted")
    stale = {"decision": "noted", "observation": "", "comment": [str(fr1.id), str(ke.id)],
             f"seen-{fr1.id}": "", f"seen-{ke.id}": ""}  # fmt: skip
    before = snapshot()
    response = post(as_chair, f"{review_url(version)}/decide", stale)
    assert response.status_code == 409
    assert "The decision on KE-001 changed since the list was loaded" in text_of(
        response.get_data(as_text=True)
    )
    assert snapshot() == before

    empty = post(as_chair, f"{review_url(version)}/decide", {"decision": "noted"})
    assert empty.status_code == 422 and "Select the comments to decide." in empty.get_data(
        as_text=True
    )
    other_version = post(as_chair, f"{review_url(version)}/decide",
                         {"decision": "noted", "comment": "99999"})  # fmt: skip
    assert other_version.status_code == 422


def test_revert_keeps_the_history_shown_on_the_history_page(as_chair, version, people, three):
    fr1 = three[0]
    first = decide(fr1, people.chair, "noted", "First look.")
    decide(fr1, people.chair, "not_accepted", "On reflection, **no**.")
    response = post(as_chair, f"/comments/{fr1.id}/disposition/revert",
                    {"seen": str(fresh(fr1).disposition_id)})  # fmt: skip
    assert response.status_code == 302
    assert fresh(fr1).disposition is None
    html = page(as_chair, f"/comments/{fr1.id}/history")
    assert "<title>History of FR-001 · Framework Review</title>" in html
    history = text_of(html)
    decisions = history.split("Decisions", 1)[1]
    assert (
        decisions.index("Noted") < decisions.index("Not accepted") < decisions.index("Back to open")
    )
    assert "First look." in decisions and "Chair" in decisions
    # A stale revert is refused and changes nothing.
    decide(fr1, people.chair, "noted")
    before = snapshot()
    stale = post(as_chair, f"/comments/{fr1.id}/disposition/revert", {"seen": str(first.id)})
    assert stale.status_code == 302 and snapshot() == before
    assert "changed in the meantime" in page(as_chair, stale.location)


def test_delegates_see_decisions_on_the_history_page_once_published(client, login, version,
                                                                    people, three):  # fmt: skip
    fr1 = three[0]
    decide(fr1, people.chair, "noted", "Kept for later.")
    login(people.delegate)
    assert "Kept for later." not in page(client, f"/comments/{fr1.id}/history")
    publish(version)
    assert "Kept for later." in page(client, f"/comments/{fr1.id}/history")


def test_decision_form_page_without_javascript(as_chair, version, people, three):
    fr1 = three[0]
    html = page(as_chair, f"/comments/{fr1.id}/disposition")
    assert f'action="/comments/{fr1.id}/disposition"' in html
    assert "Parcels carried across a border." in html  # adopted text starts as the proposal
    decide(fr1, people.chair, "accepted_with_modifications", "Shorter.", adopted_text="Short.")
    html = page(as_chair, f"/comments/{fr1.id}/disposition")
    assert re.search(rf'id="d{fr1.id}-decision-1"[^>]*checked', html) or re.search(
        rf'checked[^>]*id="d{fr1.id}-decision-1"', html
    )
    assert "Decisions so far" in html


def test_withdrawn_and_superseded_comments_take_no_decision_form(as_chair, version, people,
                                                                three):  # fmt: skip
    fr1, fr2, _ = three
    comments.withdraw_comment(fr2, people.colleague)
    db.session.commit()
    html = page(as_chair, thread_url(version, "1.2(a)"))
    assert f'action="/comments/{fr2.id}/disposition"' not in html
    assert "it takes no decision" in html
    response = post(as_chair, f"/comments/{fr2.id}/disposition", decision_data(fr2))
    assert response.status_code == 409


def test_review_settings_publish_the_decisions(as_chair, version, people, three):
    fr1 = three[0]
    decide(fr1, people.chair, "noted", "Noted for the record.")
    listed = f"{review_url(version)}?tab=decided"
    response = post(as_chair, f"{review_url(version)}/settings",
                    {"dispositions_visible": "y", "next": listed})  # fmt: skip
    assert response.location == listed
    assert fresh(version).dispositions_visible is True
    assert fresh(version).secretariat_may_decide is False
    told = db.session.scalars(sa.select(Notification).where(Notification.kind == "published")).all()
    assert sorted(n.user.username for n in told) == ["colleague", "delegate"]
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.action == "version.review_settings"))  # fmt: skip
    assert entry.actor_id == people.chair.id
    assert entry.data["before"] == {"dispositions_visible": False, "secretariat_may_decide": False}


def test_secretariat_decides_once_the_setting_is_on(client, login, version, people, three):
    fr1 = three[0]
    login(people.secretariat)
    html = page(client, thread_url(version, "1.1"))
    assert f'action="/comments/{fr1.id}/disposition"' not in html
    assert "Only the chair records decisions" in html
    login(people.chair)
    post(client, f"{review_url(version)}/settings", {"secretariat_may_decide": "y"})
    login(people.secretariat)
    html = page(client, thread_url(version, "1.1"))
    assert f'action="/comments/{fr1.id}/disposition"' in html
    assert post(client, f"/comments/{fr1.id}/disposition", decision_data(fr1)).status_code == 302
    assert fresh(fr1).disposition.decided_by_id == people.secretariat.id


def test_superseded_versions_keep_their_settings(as_chair, version, people):
    from framework_review.drafts.models import VersionStatus

    version.status = VersionStatus.SUPERSEDED
    db.session.commit()
    before = snapshot()
    response = post(as_chair, f"{review_url(version)}/settings", {"dispositions_visible": "y"})
    assert response.status_code == 302 and snapshot() == before
    assert "has been superseded" in page(as_chair, response.location)


def test_the_delegation_answers_on_the_clause_page_without_javascript(app, client, login,
                                                                     version, people, three):  # fmt: skip
    fr1 = three[0]
    decide(fr1, people.chair, "not_accepted", "Out of **scope**.")
    login(people.delegate)
    html = page(client, clause_url(version, "1.1"))
    assert "Out of" not in html  # not published yet
    publish(version)
    html = page(client, clause_url(version, "1.1"))
    assert "<strong>scope</strong>" in html and "Not accepted" in html
    assert f'action="/comments/{fr1.id}/feedback"' in html
    response = post(client, f"/comments/{fr1.id}/feedback",
                    {"satisfied": "no", "note": "We *object*.",
                     "answering": str(fr1.disposition_id)})  # fmt: skip
    assert response.status_code == 302
    assert response.location == f"{clause_url(version, '1.1')}#FR-001"
    html = page(client, clause_url(version, "1.1"))
    assert "FR's answer:" in text_of(html) and "<em>object</em>" in html
    # Another delegation sees the decision, but neither the answer nor the form.
    other = logged_in_client(app, people.other)
    html = page(other, clause_url(version, "1.1"))
    assert "Not accepted" in html and "<em>object</em>" not in html
    assert f'action="/comments/{fr1.id}/feedback"' not in html


def test_my_administrations_comments_show_decisions_and_answers(client, login, version, people,
                                                               three):  # fmt: skip
    fr1, fr2, _ = three
    decide(fr1, people.chair, "noted", "Seen.")
    publish(version)
    login(people.colleague)
    html = page(client, f"{version_url(version)}/mine")
    rows = html.split("<tbody>", 1)[1].split("<tr")[1:]
    assert "Noted" in rows[0] and f"/comments/{fr1.id}/feedback" in rows[0]
    assert "Open" in text_of(rows[1]) and "/feedback" not in rows[1]
    feedback = page(client, f"/comments/{fr1.id}/feedback?next={version_url(version)}/mine")
    assert "Does the decision satisfy your administration?" in feedback
    response = post(client, f"/comments/{fr1.id}/feedback",
                    {"satisfied": "yes", "answering": str(fr1.disposition_id),
                     "next": f"{version_url(version)}/mine"})  # fmt: skip
    assert response.location == f"{version_url(version)}/mine"
    assert "Satisfied" in page(client, f"{version_url(version)}/mine").split("<tbody>")[1]


def test_a_stale_answer_is_refused_and_offered_again(client, login, version, people, three):
    fr1 = three[0]
    first = decide(fr1, people.chair, "noted")
    publish(version)
    decide(fr1, people.chair, "not_accepted", "Changed our mind.")
    login(people.delegate)
    before = snapshot()
    response = post(client, f"/comments/{fr1.id}/feedback",
                    {"satisfied": "yes", "note": "Fine by us.", "answering": str(first.id)})  # fmt: skip
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Changed our mind." in html and "Fine by us." in html
    assert f'name="answering" type="hidden" value="{fresh(fr1).disposition_id}"' in html
    assert snapshot() == before


def test_settling_from_the_thread_view_with_sub_clauses(app, as_chair, version, people, three):
    fr1, fr2, _ = three
    clause = db.session.get(Comment, fr2.id).clause.parent  # 1.2
    here = thread_url(version, "1.2")
    response = post(as_chair, f"/clauses/{clause.id}/settle",
                    {"action": "settle", "with_subclauses": "y", "next": here})  # fmt: skip
    assert response.location == here
    assert "Settled: 1.2, 1.2(a), 1.2(b)." in page(as_chair, here)
    contents = page(as_chair, f"{version_url(version)}/")
    assert contents.count('tag--settled">settled') == 3
    listed = page(as_chair, f"{review_url(version)}?tab=all")
    row = listed.split('id="FR-002"', 1)[1].split("</tr>", 1)[0]
    assert "settled" in row
    # Delegates get no comment form there; the chair may still reply.
    delegate = logged_in_client(app, people.delegate)
    html = page(delegate, clause_url(version, "1.2(a)"))
    assert "was settled on" in html and 'id="new-comment-heading"' in html
    assert post(as_chair, f"/comments/{fr2.id}/replies", {"body": "Settled, thanks."},
                csrf_from=here).status_code == 302  # fmt: skip
    assert "Settled, thanks." in page(as_chair, here.replace("1.2", "1.2(a)"))
    # Undone, the sub-clauses too.
    response = post(as_chair, f"/clauses/{clause.id}/settle",
                    {"action": "unsettle", "with_subclauses": "y", "next": here})  # fmt: skip
    assert "Open to comments again: 1.2, 1.2(a), 1.2(b)." in page(as_chair, response.location)
    actions = db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.action.like("clause.%settle"))).all()  # fmt: skip
    assert actions == ["clause.settle", "clause.unsettle"]


def test_follow_and_unfollow_a_clause(as_chair, version, people):
    here = thread_url(version, "1.1")
    from tests.conftest import clause_of

    clause = clause_of(version, "1.1")
    assert "Follow 1.1" in page(as_chair, here)
    response = post(as_chair, f"/clauses/{clause.id}/follow", {"action": "follow", "next": here})
    assert response.location == here
    assert "Stop following 1.1" in page(as_chair, here)
    add(version, "1.1", people.other, "A new thought.")
    told = db.session.scalar(sa.select(Notification).where(Notification.kind == "new_comment"))
    assert told.user_id == people.chair.id and "KE wrote a comment, KE-001" in told.message
    post(as_chair, f"/clauses/{clause.id}/follow", {"action": "unfollow", "next": here})
    add(version, "1.1", people.other, "Another thought.")
    assert db.session.scalar(sa.select(sa.func.count(Notification.id)).where(
        Notification.kind == "new_comment")) == 1  # fmt: skip
