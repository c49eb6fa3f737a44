"""Markdown to sanitised HTML, done once when text is written and stored beside it.

User text goes through markdown-it-py (CommonMark, whose parser does work linear in the length
of the text: no input within the text limits can stall a worker, see tests/core/test_markup.py)
and then bleach, which keeps an allow-list of tags and link schemes. Python-Markdown, used
before, took seconds to minutes on unclosed brackets, `![` runs and setext headings, and
bleach's linkifier as long on runs such as `x-.x-.x-.` or `((((`: both are gone. Bare
http(s) addresses are linked by a linear pattern of our own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import bleach
from bleach import html5lib_shim
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
_parser = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
_parser.enable(["table", "strikethrough", "linkify"])
# markdown-it's inline linkify rule searches the pending text backwards at every "://"
# (quadratic); the core rule, fed by _BareAddresses, runs once over each text token.
_parser.inline.ruler.disable("linkify")


@dataclass
class _Address:
    """A bare address found in text, in the shape markdown-it's linkify rule reads."""

    url: str
    text: str
    index: int
    last_index: int
    schema: str


class _BareAddresses:
    """Finds http(s) addresses in plain text for markdown-it's core linkify rule.

    One regular expression without nested repetition: each character is looked at a bounded
    number of times. Trailing punctuation is left out of the address (`see https://x.org.`).
    """

    # Not after `=`, `="` or `='`: an address in typed HTML (`<a href="...">`) stays text.
    PATTERN = re.compile(
        r"(?<![=])(?<!=\")(?<!=')\bhttps?://[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}*_~]", re.IGNORECASE
    )

    def pretest(self, text: str) -> bool:
        return "://" in text

    def test(self, text: str) -> bool:
        return self.PATTERN.search(text) is not None

    def match(self, text: str) -> list[_Address]:
        return [
            _Address(m.group(), m.group(), m.start(), m.end(), m.group().split(":", 1)[0] + ":")
            for m in self.PATTERN.finditer(text)
        ]


_parser.linkify = _BareAddresses()


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


class _ExternalLinks(html5lib_shim.Filter):
    """Links in user text never pass referrer or authority to other sites."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "a":
                href = token["data"].get((None, "href"), "")
                if href.startswith(("http://", "https://")):
                    token["data"][(None, "rel")] = "nofollow noopener noreferrer"
            yield token


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


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    filters=[_ExternalLinks],
)
_cleaner.walker = _SiblingIndexWalker


def render_markdown(text: str) -> str:
    """Render user Markdown to HTML that is safe to insert into a page as is."""
    if not text or not text.strip():
        return ""
    return _cleaner.clean(_parser.render(text)).rstrip("\n")
