"""Markdown to sanitised HTML, done once when text is written and stored beside it."""

from __future__ import annotations

import bleach
import markdown
from bleach.linkifier import DEFAULT_CALLBACKS, Linker
from markdown.extensions import Extension

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup",
        "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td", "abbr", "dl", "dt", "dd",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"], "th": ["align"], "td": ["align"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})


class _EscapeRawHtml(Extension):
    """Treat HTML typed into Markdown as text: it is shown, never interpreted."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API name)
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


_MARKDOWN_EXTENSIONS = ["tables", "sane_lists", "fenced_code", _EscapeRawHtml()]


def _no_follow_external(attrs, new=False):
    """Links in user text never pass referrer or authority to other sites."""
    href = attrs.get((None, "href"), "")
    if href.startswith(("http://", "https://")):
        attrs[(None, "rel")] = "nofollow noopener noreferrer"
    return attrs


_cleaner = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
)
_linker = Linker(callbacks=[*DEFAULT_CALLBACKS, _no_follow_external])


def render_markdown(text: str) -> str:
    """Render user Markdown to HTML that is safe to insert into a page as is."""
    if not text or not text.strip():
        return ""
    # Raw HTML in the source is escaped rather than interpreted; bleach then removes anything
    # the Markdown produced that is not on the allow-list (javascript: links, images, ...).
    html = markdown.markdown(text, extensions=_MARKDOWN_EXTENSIONS, output_format="html")
    cleaned = _cleaner.clean(html)
    return _linker.linkify(cleaned)
