"""Markdown to sanitised HTML, done once when text is written and stored beside it.

User text goes through markdown-it-py (CommonMark, whose parser does work linear in the length
of the text: no input within the text limits can stall a worker, see tests/core/test_markup.py)
and then bleach, which keeps an allow-list of tags and link schemes and links bare addresses in
the same pass. Python-Markdown, used before, took seconds to minutes on unclosed brackets,
`![` runs and setext headings (quadratic in the length of the run).
"""

from __future__ import annotations

from functools import partial

import bleach
from bleach import html5lib_shim
from bleach.linkifier import DEFAULT_CALLBACKS, LinkifyFilter, build_url_re
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup",
        "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td", "abbr", "dl", "dt", "dd",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"], "abbr": ["title"], "th": ["align"], "td": ["align"], "ol": ["start"],
}  # fmt: skip
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})

# CommonMark plus pipe tables and ~~strike~~; typed HTML is shown as text ("html": False),
# never interpreted. Headings are demoted below the page's own (see _demote_headings).
_parser = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)


def _demote_headings(self, tokens, idx, options, env):
    """`# Title` in a comment becomes h3: the page's h1 and h2 stay the page's outline."""
    token = tokens[idx]
    level = min(6, max(3, int(token.tag[1]) + 2))
    token.tag = f"h{level}"
    return self.renderToken(tokens, idx, options, env)


# Links are judged by bleach alone, as before: a link to a refused scheme keeps its words and
# loses its address, rather than showing the Markdown source.
_parser.validateLink = lambda url: True
_parser.add_render_rule("heading_open", _demote_headings)
_parser.add_render_rule("heading_close", _demote_headings)


def _cell_alignment(self, tokens, idx, options, env):
    """Table cells say their alignment with `align`, not with an inline style (CSP forbids it)."""
    token = tokens[idx]
    style = token.attrs.pop("style", None)
    if isinstance(style, str) and style.startswith("text-align:"):
        token.attrSet("align", style.removeprefix("text-align:").strip())
    return self.renderToken(tokens, idx, options, env)


for _rule in ("th_open", "td_open"):
    _parser.add_render_rule(_rule, _cell_alignment)


def _no_follow_external(attrs, new=False):
    """Links in user text never pass referrer or authority to other sites."""
    href = attrs.get((None, "href"), "")
    if href.startswith(("http://", "https://")):
        attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


class _SiblingIndexWalker(html5lib_shim.getTreeWalker("etree")):
    """bleach's tree walker, except that it finds an element's place among its siblings once.

    The stock walker calls `list(parent).index(element)` each time it climbs out of an element,
    which is quadratic in the number of siblings: a 20,000-character table or list took a second,
    a long imported clause minutes. Positions are computed once per parent instead.
    """

    def __init__(self, tree):
        super().__init__(tree)
        self._positions: dict[int, dict[int, int]] = {}

    def getParentNode(self, node):  # noqa: N802 (html5lib's API name)
        if not isinstance(node, tuple) or node[3] == "text":
            return super().getParentNode(node)
        parents = node[2]
        parent = parents.pop()
        if not parents:
            return parent
        return parent, self._position(parents[-1], parent), parents, None

    def _position(self, grandparent, parent) -> int:
        positions = self._positions.get(id(grandparent))
        if positions is None:
            positions = {id(child): i for i, child in enumerate(grandparent)}
            self._positions[id(grandparent)] = positions
        return positions[id(parent)]


# One html5lib pass both sanitises and links bare addresses (bleach's documented combination).
_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[
        partial(
            LinkifyFilter,
            callbacks=[*DEFAULT_CALLBACKS, _no_follow_external],
            skip_tags={"pre", "code"},
            # Bare addresses become links only with a scheme the sanitiser would keep.
            url_re=build_url_re(protocols=ALLOWED_PROTOCOLS),
        )
    ],
)
_cleaner.walker = _SiblingIndexWalker


def render_markdown(text: str) -> str:
    """Render user Markdown to HTML that is safe to insert into a page as is."""
    if not text or not text.strip():
        return ""
    return _cleaner.clean(_parser.render(text)).rstrip("\n")
