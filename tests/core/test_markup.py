"""Rendering user Markdown costs work linear in its length: no text within the limits stalls a
worker, whatever its shape, and what comes out is still sanitised.

Times are never compared with a fixed number of seconds: each shape at the limit is rendered
against a deadline set by a same-length, ordinary but busy comment rendered in the same test
(a generous ratio), so a slower or busier machine slows both alike. A quadratic renderer needs
hundreds of times the baseline at these lengths (Python-Markdown took > 30 s on 20,000 `[`).
"""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framework_review.core.markup import render_markdown
from tests.comments.test_comment_markup import live_parts

LIMIT = 20_000  # COMMENT_MAX_CHARS and PROPOSAL_MAX_CHARS; replies and observations are shorter
# The costliest shapes found (1,500 fuzzed runs) take about 15 times the baseline, linearly;
# quadratic ones took 80 to 650 times it at this length (bleach's linkifier on "((((", "x-.").
RATIO = 50

_UNIT = (
    "## A heading\n\nThe *scope* should name **postal operators** and [the guide]"
    "(https://example.org/g).\n\n- first item with `code`\n- second item\n\n"
    "> quoted from 3.2(b)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
)
BASELINE = (_UNIT * (LIMIT // len(_UNIT) + 1))[:LIMIT]


def fill(unit: str, length: int = LIMIT) -> str:
    """`unit` repeated to exactly `length` characters."""
    return (unit * (length // len(unit) + 1))[:length]


# Shapes that are known to be quadratic or worse in some Markdown parsers.
SHAPES = {
    "open brackets": fill("["),
    "nested brackets": "[" * (LIMIT // 2) + "]" * (LIMIT // 2),
    "image openers": fill("!["),
    "link closers": fill("]("),
    "unclosed links": fill("[a]("),
    "unclosed destinations": fill("[a](<"),
    "emphasis runs": fill("*_"),
    "mixed emphasis": fill("**_a_ "),
    "stars": fill("*"),
    "underscores around words": fill("_a "),
    "deep quotes": fill(">"),
    "quote lines": "".join(">" * i + " x\n" for i in range(1, 400))[:LIMIT],
    "backtick runs": fill("`"),
    "growing backtick runs": "".join("`" * i + " " for i in range(1, 200))[:LIMIT],
    "angle brackets": fill("<"),
    "unclosed tags": fill("<a"),
    "unclosed autolinks": fill("<http:"),
    "entities": fill("&#"),
    "backslashes": fill("\\"),
    "nested lists": "".join("  " * i + "- x\n" for i in range(2000))[:LIMIT],
    "nested ordered lists": "".join("   " * i + "1. x\n" for i in range(2000))[:LIMIT],
    "lists of quotes": fill("- > "),
    "reference definitions": "\n".join(f"[{i}]: https://example.org/{i}" for i in range(2000))[
        :LIMIT
    ],
    "references used": fill("[a][b] "),
    "wide table": ("|a" * 2000 + "\n" + "|-" * 2000 + "\n")[:LIMIT],
    "long table": "|a|b|\n|-|-|\n" + fill("|x|y|\n", LIMIT - 12),
    "pipes": fill("|"),
    "setext headings": fill("a\n=\n"),
    "headings": fill("# a\n"),
    "thematic breaks": fill("- - -\n"),
    "fences": fill("```\n"),
    "strike runs": fill("~~a "),
    "emphasised paragraphs": fill("*a*\n\n"),
    "bare addresses": fill("https://example.org/ "),
    "addresses between emphasis": fill("http://a.b *x* "),
    "email addresses": fill("a@example.org "),
    # Found by the fuzzing below: bleach's linkifier was quadratic on these (x-.: 60 s).
    "domain-like run": fill("x-."),
    "dotted run": fill(".-a"),
    "parentheses": fill("("),
    "dashes": fill("-a"),
    "escaped angle brackets": fill(">\\<"),
    "brackets and angles": fill("a[<>"),
    "strike, emphasis and colons": fill("~*:_"),
    "ampersands and underscores": fill("&_"),
}


@contextmanager
def deadline(seconds: float, what: str):
    """Fail (rather than hang for minutes) when the block runs longer than `seconds`."""

    def expired(signum, frame):
        raise AssertionError(f"{what} took more than {seconds:.2f} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def best_time(text: str, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        render_markdown(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.fixture(scope="module")
def budget() -> float:
    """How long a shape at the limit may take: RATIO times the busy baseline of that length."""
    render_markdown(BASELINE)  # warm up the parser and the sanitiser
    return RATIO * max(best_time(BASELINE), 0.01)


@pytest.mark.parametrize("text", list(SHAPES.values()), ids=list(SHAPES))
def test_known_pathological_shapes_render_within_a_bounded_time(budget, text):
    assert len(text) <= LIMIT
    with deadline(budget, f"{len(text):,} characters"):
        html = render_markdown(text)
    assert live_parts(html) == []


# Hypothesis looks for other shapes: short runs of Markdown's special characters repeated to the
# limit (where a super-linear cost shows), each checked against the same deadline.
MARKUP = "[]()!*_`<>|#>-+=~\\&:;./\"' \n\tax1"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=st.text(alphabet=MARKUP, min_size=1, max_size=8))
def test_fuzzed_repeated_shapes_render_within_a_bounded_time(budget, unit):
    text = fill(unit)
    with deadline(budget, f"{unit!r} repeated to {LIMIT:,} characters"):
        html = render_markdown(text)
    assert live_parts(html) == []


PIECES = [*MARKUP, "javascript:", "<script>", "onerror=", "data:", "http://", "<img ", "&#106;"]


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=30))
def test_fuzzed_text_comes_out_sanitised(pieces):
    assert live_parts(render_markdown("".join(pieces))) == []


def test_headings_stay_below_the_page_outline():
    assert render_markdown("# Title\n\n## Part") == "<h3>Title</h3>\n<h4>Part</h4>"


def test_tables_keep_alignment_without_inline_styles():
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert '<th align="left">a</th>' in html and '<td align="right">2</td>' in html
    assert "style" not in html


def test_bare_http_addresses_become_links():
    html = render_markdown(
        "See https://example.org/x, (http://e.org/a_b), data:text/html,x and `https://in.code`."
    )
    assert '<a href="https://example.org/x" rel="nofollow noopener noreferrer">' in html
    assert '(<a href="http://e.org/a_b" rel="nofollow noopener noreferrer">' in html
    assert "data:text/html,x" in html and 'href="data' not in html
    assert "<code>https://in.code</code>" in html
