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
    assert xml_safe(plain_text("<p>bell\x07 here</p>")) == "bell here"


def test_empty_html_gives_nothing():
    assert plain_text("") == "" and blocks("") == []


def _random_markdown(rng) -> str:
    """Comments as delegates write them: paragraphs, lists, links, emphasis, breaks, entities."""
    words = ["data", "goods", "&", "<b>", "carriers", "3.2(b)", "*tax*", "**duty**", "`code`",
             "R&D", "x < y", "https://example.org/a?b=1&c=2", "mailto:desk@example.org"]  # fmt: skip

    def sentence() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 8)))

    parts = []
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if roll < 0.25:
            marker = rng.choice(["-", "*", "1."])
            parts.append("\n".join(f"{marker} {sentence()}" for _ in range(rng.randint(1, 4))))
        elif roll < 0.4:
            parts.append(f"See [{sentence()}](https://example.org/{rng.randint(1, 9)}?q=1&r=2).")
        elif roll < 0.5:
            parts.append(f"{sentence()}  \n{sentence()}")
        else:
            parts.append(sentence())
    return "\n\n".join(parts)


def test_the_fast_text_path_agrees_with_the_tokenizer():
    import random

    from framework_review.reports.richtext import _common_text, block_text

    rng = random.Random(8)
    handled = 0
    for _ in range(400):
        html = render_markdown(_random_markdown(rng))
        fast = _common_text(html)
        if fast is None:
            continue
        handled += 1
        assert fast == "\n".join(block_text(b) for b in blocks(html)), html
    assert handled > 300  # the fast path really is the common one


def test_a_loose_list_keeps_its_markers():
    assert plain_text(render_markdown("- first\n\n- second")) == "• first\n• second"
