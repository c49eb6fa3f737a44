"""Pages of the packages done (accounts, review, notifications, versions, reports, errors), in
French, for every role: none shows an English string of the catalogue. Pages include pieces of
the packages not done yet (i18n_scope.NOT_YET); strings that also appear there are left out of
the check until those packages are marked."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import cache
from html import unescape

import pytest

from framework_review.accounts.models import User
from framework_review.core.time import utcnow
from framework_review.extensions import db
from framework_review.review import services as review
from framework_review.versions import services as versions
from tests.comments.helpers import add, logged_in_client, reply_to, version_url
from tests.core.i18n_scope import NOT_YET, ROOT, catalogue

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")


@cache
def english_fragments() -> tuple[str, ...]:
    """Pieces of the catalogue's English that a French page must not show: runs of two words
    or more between placeholders, whose French differs, and that no file of NOT_YET holds."""
    not_yet = "\n".join(
        path.read_text(errors="replace")
        for entry in NOT_YET
        for path in ([ROOT / entry] if (ROOT / entry).is_file() else (ROOT / entry).rglob("*"))
        if path.is_file() and path.suffix in (".py", ".html")
    )
    found = set()
    for message in list(catalogue())[1:]:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue  # the same in both languages (a name, a code)
            for piece in PLACEHOLDER.split(unescape(english)):
                piece = piece.strip(" .,:;()—")
                if len(piece.split()) >= 2 and len(piece) >= 10 and piece not in not_yet:
                    found.add(piece)
    return tuple(sorted(found))


def visible_text(html: str) -> str:
    """The words a reader sees or hears: text and the attributes read aloud or shown."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.DOTALL)
    # The audit log's summaries are records written once, in English, like user texts.
    html = re.sub(r'<td class="summary">.*?</td>', " ", html, flags=re.DOTALL)
    attributes = re.findall(r'(?:aria-label|title|placeholder|data-confirm|alt)="([^"]*)"', html)
    text = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(" ".join([text, *attributes])).split())


@pytest.fixture
def round_(version, people):
    """A version with comments, a reply, a published decision, an objection and notifications,
    then closed and followed by the next version in preparation."""
    amendment = add(version, "1.1", people.delegate, body="Nous proposons un texte plus court.",
                    proposal_kind="replace", proposal_text="Un texte plus court.")  # fmt: skip
    plain = add(version, "1.2", people.other, body="Kenya: texte inchangé, merci.")
    add(version, None, people.observer, body="Observation générale de l'UPU.")
    reply_to(amendment, people.chair, "Nous examinerons ce point.")
    review.decide(amendment, people.chair, "not_accepted", "Hors du champ.", None,
                  expected=None)  # fmt: skip
    review.decide(plain, people.chair, "noted", "Pris en note.", None, expected=None)
    version.dispositions_visible = True
    db.session.commit()
    review.give_feedback(amendment, people.delegate, False, "Nous maintenons.")
    db.session.commit()
    for user in (people.delegate, people.chair, people.secretariat, people.other):
        db.session.get(User, user.id).language = "fr"
    version.closes_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    return {"version": version, "amendment": amendment}


def _pages(role: str, data, people) -> list[str]:
    version, amendment = data["version"], data["amendment"]
    base = version_url(version)
    reports = [f"{base}/report", f"{base}/report/print"]
    own = ["/notifications", "/account/password", "/account/tokens", *reports]
    if role == "delegate":
        return [*own, f"/comments/{amendment.id}/feedback", f"{base}/comment-table"]
    if role in ("colleague", "other", "observer"):
        return own
    if role == "chair":
        return [*own, f"{base}/review", f"{base}/review/clauses/1.1", f"{base}/review/general",
                f"/comments/{amendment.id}/disposition", f"{base}/statistics",
                f"{base}/successor"]  # fmt: skip
    return [*own, "/admin/administrations", "/admin/users", "/admin/audit",
            f"/admin/users/{people.delegate.id}/tokens",
            f"/admin/users/{people.delegate.id}/password", f"{base}/statistics",
            f"{base}/comment-table", f"{base}/review"]  # fmt: skip


def _assert_french(html: str, where: str) -> None:
    assert '<html lang="fr">' in html, where
    text = visible_text(html)
    left = [piece for piece in english_fragments() if piece in text]
    assert left == [], f"English left on {where}: {left}"


@pytest.mark.parametrize(
    "role", ["delegate", "colleague", "other", "observer", "chair", "secretariat"]
)
def test_pages_in_french_show_no_english(app, round_, people, role):
    user = getattr(people, role)
    db.session.get(User, user.id).language = "fr"
    db.session.commit()
    client = logged_in_client(app, user)
    for path in _pages(role, round_, people):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        _assert_french(response.get_data(as_text=True), f"{role} {path}")


def test_the_next_version_pages_in_french(app, round_, people):
    version = round_["version"]
    new = versions.create_successor(version, people.chair)
    db.session.commit()
    client = logged_in_client(app, people.chair)
    draft = version.draft.slug
    for path in [f"/drafts/{draft}/{new.slug}/preparation",
                 f"/drafts/{draft}/compare?from={version.slug}&to={new.slug}",
                 f"/drafts/{draft}/{new.slug}/edit-clause/1.1"]:  # fmt: skip
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_french(response.get_data(as_text=True), path)


@pytest.mark.parametrize("path", ["/login", "/no-such-page", "/notifications"])
def test_anonymous_pages_in_french(client, path):
    response = client.get(path, headers={"Accept-Language": "fr"}, follow_redirects=True)
    _assert_french(response.get_data(as_text=True), path)


def test_the_check_sees_english(app, round_, people):
    """A guard on the guard: the same pages in English are caught."""
    client = logged_in_client(app, people.chair)
    db.session.get(User, people.chair.id).language = "en"
    db.session.commit()
    html = client.get(f"{version_url(round_['version'])}/review").get_data(as_text=True)
    text = visible_text(html)
    assert [piece for piece in english_fragments() if piece in text]
    assert "Review of comments" in english_fragments()
