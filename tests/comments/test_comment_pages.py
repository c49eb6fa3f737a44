"""Adding, editing and withdrawing comments through the HTML pages, as a browser posts them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from framework_review.comments import services
from framework_review.comments.models import (
    Comment,
    CommentRevision,
    CommentStatus,
    ProposalKind,
)
from framework_review.extensions import db
from tests.comments.helpers import (
    add,
    clause_url,
    count,
    edit_form,
    form,
    form_values,
    fresh,
    logged_in_client,
    page,
    post,
    reply_to,
    snapshot,
    text_of,
    version_url,
)
from tests.conftest import clause_of


# -- adding comments -----------------------------------------------------------------------
def test_comment_on_a_clause_is_saved_and_shown(as_delegate, version):
    url = clause_url(version, "1.1")
    response = post(as_delegate, url, form(
        type="ed", locator="first sentence", quote="goods ordered online",
        body="Say **which** goods.",
    ))  # fmt: skip
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/clauses/1.1#FR-001")
    comment = db.session.scalar(sa.select(Comment))
    assert (comment.code, comment.type.value, comment.clause.ref) == ("FR-001", "ed", "1.1")
    assert comment.body_html == "<p>Say <strong>which</strong> goods.</p>"
    html = page(as_delegate, url)
    assert 'id="FR-001"' in html
    assert "<p>Say <strong>which</strong> goods.</p>" in html  # the stored HTML, as is
    assert "first sentence" in html and "goods ordered online" in html
    assert "Comment FR-001 saved." in text_of(html)


def test_general_comment_without_a_proposed_change(as_delegate, version):
    url = clause_url(version, None)
    html = page(as_delegate, url)
    assert "General comments" in html
    sent = form_values(html, 'action="#new-comment"')
    sent.update(type="ge", body="The framework needs a glossary.")
    response = as_delegate.post(url, data=sent)
    assert response.status_code == 302, text_of(response.get_data(as_text=True))
    comment = db.session.scalar(sa.select(Comment))
    assert comment.clause is None and comment.proposal_kind is None
    assert "The framework needs a glossary." in page(as_delegate, url)


def test_general_comment_with_a_described_change(as_delegate, version):
    url = clause_url(version, None)
    sent = form_values(page(as_delegate, url), 'action="#new-comment"')
    sent.update(body="Terms are used loosely.", proposal_text="Add a *definitions* section.")
    assert as_delegate.post(url, data=sent).status_code == 302
    comment = db.session.scalar(sa.select(Comment))
    assert comment.proposal_kind.value == "text"
    assert "Add a <em>definitions</em> section." in page(as_delegate, url)


def test_general_comment_edit_adds_and_removes_a_described_change(as_delegate, version, people):
    comment = add(version, None, people.delegate, body="Needs a glossary.")
    url = f"/comments/{comment.id}/edit"
    sent = form_values(page(as_delegate, url), 'method="post" novalidate')
    assert "proposal_kind" not in sent  # nothing to choose on the whole document
    sent["proposal_text"] = "Add a glossary after the preamble."
    assert as_delegate.post(url, data=sent).status_code == 302
    assert fresh(comment).proposal_kind is ProposalKind.TEXT
    sent = form_values(page(as_delegate, url), 'method="post" novalidate')
    assert (sent["proposal_text"], sent["revision"]) == ("Add a glossary after the preamble.", "2")
    sent["proposal_text"] = ""
    assert as_delegate.post(url, data=sent).status_code == 302
    comment = fresh(comment)
    assert (comment.proposal_kind, comment.proposal_text, comment.revision) == (None, "", 3)


def test_the_form_starts_the_replacement_from_the_clause_text(as_delegate, version):
    html = page(as_delegate, clause_url(version, "1.2"))
    sent = form_values(html, 'action="#new-comment"')
    assert sent["proposal_text"] == clause_of(version, "1.2").text
    assert sent["proposal_kind"] == "" and sent["type"] == "te"


def test_no_proposed_change_ignores_the_prefilled_text(as_delegate, version):
    url = clause_url(version, "1.2")
    sent = form_values(page(as_delegate, url), 'action="#new-comment"')
    sent["body"] = "Fine as it is, but see 2.1."
    assert as_delegate.post(url, data=sent).status_code == 302
    comment = db.session.scalar(sa.select(Comment))
    assert comment.proposal_kind is None and comment.proposal_text == ""


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("replace", "Members must collect the data listed below before goods arrive.",
         ['<del class="rl-del">should</del>', '<ins class="rl-ins">must</ins>']),
        ("insert", "Members should share the data with carriers.",
         ['<ins class="rl-ins">', "share the data with carriers"]),
        ("delete", "", ['<del class="rl-del">', "collect the data"]),
        ("text", "Say *when* the data is due.", ["<p>Say <em>when</em> the data is due.</p>"]),
    ],
)  # fmt: skip
def test_each_kind_of_proposed_change_is_shown(as_delegate, version, kind, text, expected):
    url = clause_url(version, "1.2")
    response = post(as_delegate, url, form(proposal_kind=kind, proposal_text=text))
    assert response.status_code == 302
    comment = db.session.scalar(sa.select(Comment))
    assert comment.proposal_kind.value == kind
    html = page(as_delegate, url)
    for fragment in expected:
        assert fragment in comment.proposal_html
        assert fragment in html
    assert ("tag--amendment" in html) == (kind != "text")


def test_codes_are_shown_per_administration(client, login, version, people):
    for user in (people.delegate, people.colleague, people.other):
        login(user)
        assert post(client, clause_url(version, "1.1"), form()).status_code == 302
    assert post(client, clause_url(version, None), form()).status_code == 302
    html = page(client, clause_url(version, "1.1"))
    assert [c for c in ("FR-001", "FR-002", "KE-001") if f'id="{c}"' in html] == [
        "FR-001", "FR-002", "KE-001",
    ]  # fmt: skip
    assert 'id="KE-002"' in page(client, clause_url(version, None))


def test_missing_csrf_token_changes_nothing(as_delegate, version):
    response = as_delegate.post(clause_url(version, "1.1"), data=form())
    assert response.status_code == 400
    assert "Form expired" in response.get_data(as_text=True)
    assert count(Comment) == 0


# -- length limits and failed submits -------------------------------------------------------
TYPED = dict(locator="third line", quote="the name and address", proposal_kind="replace")


@pytest.mark.parametrize(
    ("setting", "field"), [("COMMENT_MAX_CHARS", "body"), ("PROPOSAL_MAX_CHARS", "proposal_text")]
)
def test_too_long_comment_is_refused_and_the_text_given_back(
    app, monkeypatch, as_delegate, version, setting, field
):
    monkeypatch.setitem(app.config, setting, 80)
    body = "My careful argument about sellers. " * (3 if field == "body" else 1)
    proposal = "The seller's name, address and phone. " * (3 if field == "proposal_text" else 1)
    response = post(as_delegate, clause_url(version, "1.2(a)"),
                    form(body=body, proposal_text=proposal, **TYPED))  # fmt: skip
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "the limit is 80" in text_of(html)
    sent = form_values(html, 'action="#new-comment"')
    assert sent["body"] == body.strip() or sent["body"] == body
    assert sent["proposal_text"] == proposal
    assert (sent["locator"], sent["quote"], sent["proposal_kind"]) == (
        "third line", "the name and address", "replace",
    )  # fmt: skip
    assert count(Comment) == 0


def test_empty_comment_is_refused_and_the_proposal_kept(as_delegate, version):
    response = post(as_delegate, clause_url(version, "1.2"),
                    form(body="", proposal_kind="text", proposal_text="Add a deadline."))  # fmt: skip
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Write the comment and its justification." in text_of(html)
    assert form_values(html, 'action="#new-comment"')["proposal_text"] == "Add a deadline."
    assert count(Comment) == 0


def test_too_long_edit_is_refused_and_the_text_given_back(app, monkeypatch, as_delegate,
                                                          version, people):  # fmt: skip
    comment = add(version, "1.2", people.delegate, body="Short and sweet.")
    before = snapshot()
    monkeypatch.setitem(app.config, "COMMENT_MAX_CHARS", 40)
    url = f"/comments/{comment.id}/edit"
    long_body = "A much longer argument that goes on and on."
    response = post(as_delegate, url, edit_form(comment, body=long_body, locator="row 2"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "the limit is 40" in text_of(html)
    sent = form_values(html, 'method="post" novalidate')
    assert (sent["body"], sent["locator"]) == (long_body, "row 2")
    assert snapshot() == before


# -- edits, history, withdrawal -------------------------------------------------------------
@pytest.mark.parametrize("editor", ["delegate", "colleague"])
def test_edit_by_the_delegation_keeps_history(client, login, version, people, editor):
    comment = add(version, "1.1", people.delegate, body="Original wording.")
    user = getattr(people, editor)
    login(user)
    url = f"/comments/{comment.id}/edit"
    html = page(client, url)
    sent = form_values(html, 'method="post" novalidate')
    assert sent["body"] == "Original wording." and sent["revision"] == "1"
    sent["body"] = "Better wording."
    response = client.post(url, data=sent)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/clauses/1.1#FR-001")
    comment = fresh(comment)
    assert (comment.body, comment.revision, comment.updated_by_id) == ("Better wording.", 2,
                                                                       user.id)  # fmt: skip
    assert count(Comment) == 1 and count(CommentRevision) == 1
    history = text_of(page(client, f"/comments/{comment.id}/history"))
    assert "Original wording." in history and "Better wording." in history
    assert "Written by Delegate" in history
    assert f"replaced by {user.display_name}" in history
    assert "History" in text_of(page(client, clause_url(version, "1.1")))


def test_withdrawal_keeps_the_comment_visible(as_delegate, version, people):
    comment = add(version, "1.1", people.delegate, body="Second thoughts.")
    response = post(as_delegate, f"/comments/{comment.id}/withdraw", {},
                    csrf_from=clause_url(version, "1.1"))  # fmt: skip
    assert response.status_code == 302
    assert fresh(comment).status is CommentStatus.WITHDRAWN
    assert count(Comment) == 1
    html = page(as_delegate, clause_url(version, "1.1"))
    assert "comment--withdrawn" in html and "Second thoughts." in html
    assert f"/comments/{comment.id}/edit" not in html  # no more edit button
    assert as_delegate.get(f"/comments/{comment.id}/history").status_code == 200
    # Withdrawing is not an edit: no "edited" mark or history link on an unedited comment.
    assert fresh(comment).edit_count == 0
    assert f'href="/comments/{comment.id}/history"' not in html


def test_edited_comment_and_reply_link_to_their_history(as_delegate, version, people):
    comment = add(version, "1.1", people.delegate, body="First words.")
    html = page(as_delegate, clause_url(version, "1.1"))
    assert f'href="/comments/{comment.id}/history"' not in html
    reply = reply_to(comment, people.chair, "A first answer.")
    services.edit_reply(reply, people.chair, reply.revision, "A better answer.")
    db.session.commit()
    html = page(as_delegate, clause_url(version, "1.1"))
    assert f'/comments/{comment.id}/history#reply-{reply.id}-history">edited</a>' in html
    history = page(as_delegate, f"/comments/{comment.id}/history")
    assert "A first answer." in history and "A better answer." in history
    services.edit_comment(comment, people.delegate, fresh(comment).revision,
                          services.CommentFields(type="te", body="Second words."))  # fmt: skip
    db.session.commit()
    html = page(as_delegate, clause_url(version, "1.1"))
    assert f'href="/comments/{comment.id}/history">edited' in html
    assert fresh(comment).edit_count == 1


def test_stale_edit_is_refused_and_both_texts_kept(app, client, login, version, people):
    comment = add(version, "1.1", people.delegate, body="Revision one.")
    url = f"/comments/{comment.id}/edit"
    login(people.delegate)
    colleague = logged_in_client(app, people.colleague)
    first = form_values(page(client, url), 'method="post" novalidate')
    second = form_values(page(colleague, url), 'method="post" novalidate')
    assert first["revision"] == second["revision"] == "1"

    first["body"] = "The delegate's text."
    assert client.post(url, data=first).status_code == 302
    second["body"] = "The colleague's text."
    response = colleague.post(url, data=second)

    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Someone else saved a change in the meantime" in text_of(html)
    assert "The delegate's text." in text_of(html.split("<form", 2)[1])  # the current text shown
    resend = form_values(html, 'method="post" novalidate')
    assert resend["body"] == "The colleague's text."  # their own words are kept in the form
    assert resend["revision"] == "2"
    comment = fresh(comment)
    assert (comment.body, comment.revision) == ("The delegate's text.", 2)
    assert count(CommentRevision) == 1

    assert colleague.post(url, data=resend).status_code == 302  # a deliberate second save wins
    assert fresh(comment).body == "The colleague's text."


def test_edit_posted_without_a_revision_is_treated_as_stale(as_delegate, version, people):
    comment = add(version, "1.1", people.delegate, body="Kept.")
    data = edit_form(comment, body="Blind overwrite.")
    del data["revision"]
    response = post(as_delegate, f"/comments/{comment.id}/edit", data)
    assert response.status_code == 409
    assert fresh(comment).body == "Kept."


# -- amendments ----------------------------------------------------------------------------
def test_amendments_side_by_side_flag_overlaps(as_delegate, version, people):
    a = add(
        version,
        "1.2",
        people.delegate,
        proposal_kind="replace",
        proposal_text="Members must collect the data listed below before goods arrive.",
    )
    b = add(
        version,
        "1.2",
        people.other,
        proposal_kind="replace",
        proposal_text="Members shall collect the data listed below before goods arrive.",
    )
    c = add(
        version,
        "1.2",
        people.observer,
        proposal_kind="replace",
        proposal_text="Members should collect the data listed below before goods leave.",
    )
    add(version, "1.2", people.colleague, proposal_kind="text", proposal_text="Not an amendment.")
    html = page(as_delegate, f"{version_url(version)}/amendments/1.2")
    text = text_of(html)
    assert [code in html for code in (a.code, b.code, c.code)] == [True, True, True]
    assert "Not an amendment." not in text
    assert "Overlaps with KE-001" in text  # FR-001 and KE-001 both change "should"
    assert "Overlaps with FR-001" in text
    assert text.count("Overlaps with") == 2  # UPU-001 changes another word only
    assert '<del class="rl-del">should</del><ins class="rl-ins">must</ins>' in html
    assert clause_of(version, "1.2").text_html in html


def test_withdrawn_amendments_leave_the_side_by_side_page(as_delegate, version, people):
    gone = add(version, "1.2", people.delegate, proposal_kind="delete")
    services.withdraw_comment(gone, people.delegate)
    db.session.commit()
    html = page(as_delegate, f"{version_url(version)}/amendments/1.2")
    assert "No amendments proposed for this clause." in html


def test_my_administrations_comments_page(as_delegate, version, people):
    add(version, "1.1", people.delegate, body="On **scope**.")
    add(version, None, people.colleague, body="On the whole text.", proposal_kind="text",
        proposal_text="Shorten it.")  # fmt: skip
    gone = add(version, "2.1", people.delegate, body="Withdrawn one.")
    add(version, "1.1", people.other, body="Kenya's.")
    services.withdraw_comment(gone, people.delegate)
    db.session.commit()
    html = page(as_delegate, f"{version_url(version)}/mine")
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = [text_of("<tr" + r) for r in table.split("<tr")[1:]]
    assert [r.split()[0] for r in rows] == ["FR-001", "FR-002", "FR-003"]
    # Status, then the decision column (none published yet) and the answer column.
    assert "1.1" in rows[0] and rows[0].endswith("Open Not published —")
    assert "On scope." in rows[0] and "**" not in rows[0]  # the text, not its Markdown
    assert "General" in rows[1] and "Proposed change (described)" in rows[1]
    assert rows[2].endswith("Withdrawn Not published —")
    assert "Kenya's." not in html
    ids = db.session.scalars(sa.select(Comment.id).order_by(Comment.sequence)).all()
    assert f'href="/comments/{ids[0]}"' in html
    response = as_delegate.get(f"/comments/{ids[0]}")
    assert response.headers["Location"].endswith("/clauses/1.1#FR-001")


def test_contents_show_comment_and_amendment_counts(as_delegate, version, people):
    add(version, "1.2", people.delegate)
    add(version, "1.2", people.other, proposal_kind="replace", proposal_text="Changed text.")
    gone = add(version, "1.2", people.colleague, proposal_kind="delete")
    add(version, None, people.delegate)
    services.withdraw_comment(gone, people.colleague)
    db.session.commit()
    html = page(as_delegate, f"{version_url(version)}/")
    items = {}
    for item in html.split('<li class="toc__item')[1:]:
        href = item.split('href="', 1)[1].split('"', 1)[0]
        items[href.rsplit("/", 1)[1]] = text_of("<li" + item.split("</li>", 1)[0])
    assert "2 comments" in items["1.2"] and "1 amendment" in items["1.2"]
    assert "comment" not in items["1.1"]
    assert "1 comment" in items["general"] and "amendment" not in items["general"]


def test_general_comment_forms_speak_of_the_whole_document(as_delegate, version, people):
    html = page(as_delegate, clause_url(version, None))
    assert "the change you propose to the document as a whole" in html
    assert "starts as the current clause text" not in html
    comment = add(version, None, people.delegate, body="On the whole text.")
    html = page(as_delegate, f"/comments/{comment.id}/edit")
    assert "the change you propose to the document as a whole" in html
    assert "starts as the current clause text" not in html
