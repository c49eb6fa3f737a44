"""Hostile Markdown in comments, proposals and replies never reaches the page as live HTML.

The text is rendered and sanitised once, when it is written; the checks parse the stored HTML
and the page the way a browser would and look for anything that could run or load.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from framework_review.comments.models import Comment, Reply
from framework_review.extensions import db
from tests.comments.helpers import add, clause_url, elements, form, fresh
from tests.conftest import csrf_token

HOSTILE = {
    "script tag": "Before <script>alert(1)</script> after",
    "img onerror": "See <img src=x onerror=alert(1)> here",
    "javascript link": "[click me](javascript:alert(1))",
    "mixed-case javascript link": "[click me](JaVaScRiPt:alert(1))",
    "entity-encoded javascript link": "[click me](&#106;avascript:alert(1))",
    "javascript autolink": "<javascript:alert(1)>",
    "raw anchor": '<a href="javascript:alert(1)">click me</a>',
    "svg onload": "<svg onload=alert(1)><circle r=5 /></svg>",
    "markdown image with data url": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "data url link": "[open](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "vbscript link": "[x](vbscript:msgbox(1))",
    "iframe": '<iframe src="https://evil.example/"></iframe>',
    "style attribute": '<p style="background:url(javascript:alert(1))">styled</p>',
    "title breakout": '[x](https://example.org "a\\" onmouseover=\\"alert(1)")',
    "event handler on allowed tag": '<strong onclick="alert(1)">bold</strong>',
    "html block": "<div>\n<form action=https://evil.example><input name=p></form>\n</div>",
}

LIVE_TAGS = {"script", "img", "svg", "iframe", "style", "object", "embed", "math", "link",
             "meta", "base", "frame", "video", "audio", "source", "image"}  # fmt: skip
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def live_parts(html: str, allow_forms: bool = False) -> list[str]:
    """What in `html` could run script or load something: tags, handlers, styles, bad links."""
    found = []
    for tag, attrs in elements(html):
        if tag in LIVE_TAGS or (not allow_forms and tag in {"form", "input", "button"}):
            found.append(f"<{tag}>")
        for name, value in attrs.items():
            if name.startswith("on") or name in ("style", "src", "srcdoc", "formaction"):
                found.append(f"{tag}[{name}]")
            if name in ("href", "action", "xlink:href"):
                squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
                if squeezed.startswith(BAD_SCHEMES):
                    found.append(f"{tag}[{name}={value}]")
    return found


def comments_section(html: str) -> str:
    """The comments on the page, without the page's own scripts and the new-comment form."""
    return html.split('<section class="comments"', 1)[1].split('id="new-comment"', 1)[0]


def post(client, url, data):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, "/")})


@pytest.mark.parametrize("payload", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_comment_body(as_delegate, version, payload):
    url = clause_url(version, "1.1")
    assert post(as_delegate, url, form(body=payload)).status_code == 302
    stored = db.session.scalar(sa.select(Comment))
    assert stored.body == payload.strip()  # the author's words are kept as typed
    assert live_parts(stored.body_html) == []
    assert live_parts(comments_section(as_delegate.get(url).get_data(as_text=True)),
                      allow_forms=True) == []  # fmt: skip


@pytest.mark.parametrize("kind", ["text", "replace", "insert"])
@pytest.mark.parametrize("payload", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_proposed_text(as_delegate, version, payload, kind):
    url = clause_url(version, "1.2")
    data = form(proposal_kind=kind, proposal_text=payload)
    assert post(as_delegate, url, data).status_code == 302
    stored = db.session.scalar(sa.select(Comment))
    assert live_parts(stored.proposal_html) == []
    html = as_delegate.get(url).get_data(as_text=True)
    assert live_parts(comments_section(html), allow_forms=True) == []
    if kind != "text":
        amendments = as_delegate.get(url.replace("/clauses/", "/amendments/"))
        main = amendments.get_data(as_text=True).split("<main", 1)[1].split("</main>", 1)[0]
        assert live_parts(main) == []


@pytest.mark.parametrize("payload", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_reply_and_reply_edit(client, login, version, people, payload):
    comment = add(version, "1.1", people.delegate)
    login(people.other)
    response = post(client, f"/comments/{comment.id}/replies", {"body": payload})
    assert response.status_code == 302
    reply = db.session.scalar(sa.select(Reply))
    assert live_parts(reply.body_html) == []
    edited = post(client, f"/replies/{reply.id}/edit", {"body": payload + " (again)",
                                                        "revision": "1"})  # fmt: skip
    assert edited.status_code == 302
    assert live_parts(fresh(reply).body_html) == []
    page = client.get(clause_url(version, "1.1")).get_data(as_text=True)
    assert live_parts(comments_section(page), allow_forms=True) == []
    history = client.get(f"/comments/{comment.id}/history").get_data(as_text=True)
    assert live_parts(history.split("<main", 1)[1].split("</main>", 1)[0]) == []


@pytest.mark.parametrize("payload", list(HOSTILE.values()), ids=list(HOSTILE))
def test_hostile_text_in_an_edit_and_its_history(as_delegate, version, people, payload):
    comment = add(version, "1.1", people.delegate, body=payload)
    url = f"/comments/{comment.id}/edit"
    data = form(body="Cleaned up.", proposal_kind="text", proposal_text=payload, revision="1",
                locator=payload[:200], quote=payload)  # fmt: skip
    assert post(as_delegate, url, data).status_code == 302
    history = as_delegate.get(f"/comments/{comment.id}/history").get_data(as_text=True)
    assert (
        live_parts(history.split("<main", 1)[1].split("</main>", 1)[0]) == []
    )  # old body and new proposal
    page = as_delegate.get(clause_url(version, "1.1")).get_data(as_text=True)
    assert live_parts(comments_section(page), allow_forms=True) == []  # locator and quote


@pytest.mark.parametrize(
    "html",
    ['<img src="x" onerror="alert(1)">', '<a href=" JavaScript:alert(1)">x</a>',
     '<a href="data:text/html,x">x</a>', "<script>alert(1)</script>", '<p style="x">y</p>',
     '<svg><circle /></svg>', '<b onclick="x">y</b>'],
)  # fmt: skip
def test_the_checker_itself_sees_live_html(html):
    """Guard against a checker that passes everything: unsanitised HTML must be caught."""
    assert live_parts(html) != []


def test_raw_html_is_shown_as_text(version, people):
    comment = add(version, "1.1", people.delegate, body="Do not use <script> here.")
    assert "&lt;script&gt;" in comment.body_html
    assert "<script" not in comment.body_html


def test_safe_links_survive_with_rel(version, people):
    comment = add(
        version,
        "1.1",
        people.delegate,
        body="See [the guide](https://example.org/guide) and <mailto:wg@example.org>.",
    )
    links = [attrs for tag, attrs in elements(comment.body_html) if tag == "a"]
    assert links[0]["href"] == "https://example.org/guide"
    assert "noopener" in links[0]["rel"] and "nofollow" in links[0]["rel"]
    assert any(a["href"].startswith("mailto:") for a in links)


def test_the_stored_html_is_what_the_page_shows(as_delegate, version, people):
    """Rendering happens at write time: the page uses body_html, not the Markdown source."""
    comment = add(version, "1.1", people.delegate, body="Plain *emphasis*.")
    comment.body_html = "<p>Stored rendering.</p>"  # as if the renderer had changed since
    db.session.commit()
    page = as_delegate.get(clause_url(version, "1.1")).get_data(as_text=True)
    assert "<p>Stored rendering.</p>" in page
    assert "<em>emphasis</em>" not in page
