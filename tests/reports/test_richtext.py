"""Stored HTML as readable text and formatted runs: no Markdown syntax reaches an export."""

from __future__ import annotations

import pytest

from framework_review.comments.redline import redline_html
from framework_review.core.markup import render_markdown
from framework_review.reports.richtext import blocks, plain_text, xml_safe


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Plain **bold** and *italic*.", "Plain bold and italic."),
        ("See [the guide](https://example.org/g?a=1&b=2).", "See the guide [https://example.org/g?a=1&b=2]."),
        ("Bare https://example.org/x link.", "Bare https://example.org/x link."),
        ("- one\n- two **2**", "• one\n• two 2"),
        ("1. first\n2. second", "1. first\n2. second"),
        ("- a\n    - nested\n- b", "• a\n  • nested\n• b"),
        ("First paragraph.\n\nSecond\nline joined.", "First paragraph.\nSecond line joined."),
        ("Hard  \nbreak", "Hard\nbreak"),
        ("> quoted", "  quoted"),
        ("```\ncode  kept\n  indented\n```", "code  kept\n  indented"),
        ("a < b & c > d", "a < b & c > d"),
        ("| h1 | h2 |\n|---|---|\n| 1 | 2 |", "h1 | h2\n1 | 2"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("**never** raw `**`", "never raw **"),
    ],
)  # fmt: skip
def test_plain_text_of_rendered_markdown(markdown, text):
    assert plain_text(render_markdown(markdown)) == text


def test_a_redline_reads_as_marked_deletions_and_insertions():
    html = redline_html(
        "Members should collect data.\nNext line.", "Members must collect data.\nNext line."
    )
    assert plain_text(html) == "Members [-should-]{+must+} collect data.\nNext line."
    runs = blocks(html)[0].runs
    assert [(r.text, r.change) for r in runs] == [
        ("Members ", None), ("should", "del"), ("must", "ins"), (" collect data.\nNext line.", None),
    ]  # fmt: skip


def test_runs_carry_bold_italic_links_and_list_markers():
    found = blocks(render_markdown("Some **bold *both*** and [a link](https://x.org).\n\n1. item"))
    first, item = found
    assert [(r.text, r.bold, r.italic, r.href) for r in first.runs] == [
        ("Some ", False, False, None), ("bold ", True, False, None), ("both", True, True, None),
        (" and ", False, False, None), ("a link", False, False, "https://x.org"),
        (".", False, False, None),
    ]  # fmt: skip
    assert (item.marker, item.level, item.runs[0].text) == ("1.", 0, "item")


def test_control_characters_that_xml_cannot_carry_are_dropped():
    assert xml_safe("a\x00b\x0bc\td\ne") == "abc\td\ne"
    assert plain_text("<p>bell\x07 here</p>") == "bell here"


def test_empty_html_gives_nothing():
    assert plain_text("") == "" and blocks("") == []
