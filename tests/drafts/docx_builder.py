"""Build small Word documents in code for importer tests, including automatic numbering.

Numbering is written the way Word stores it: a w:abstractNum with w:lvl definitions, a w:num
pointing at it, and w:numPr (numId + ilvl) on each numbered paragraph or on a style.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


@dataclass
class Level:
    """One list level: Word number format, level text pattern and start value."""

    fmt: str
    text: str
    start: int | None = 1
    restart: int | None = None
    style: str | None = None
    legal: bool = False


def new_document() -> Document:
    return docx.Document()


def to_bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _child(parent, tag: str, val: str | None = None):
    element = OxmlElement(tag)
    if val is not None:
        element.set(qn("w:val"), val)
    parent.append(element)
    return element


def add_abstract(document: Document, levels: list[Level]) -> str:
    """Add a w:abstractNum with the given levels; return its id."""
    numbering = document.part.numbering_part.element
    ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = str(max(ids, default=-1) + 1)
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), abstract_id)
    _child(abstract, "w:multiLevelType", "multilevel")
    for ilvl, level in enumerate(levels):
        lvl = _child(abstract, "w:lvl")
        lvl.set(qn("w:ilvl"), str(ilvl))
        if level.start is not None:
            _child(lvl, "w:start", str(level.start))
        _child(lvl, "w:numFmt", level.fmt)
        if level.restart is not None:
            _child(lvl, "w:lvlRestart", str(level.restart))
        if level.style is not None:
            _child(lvl, "w:pStyle", level.style)
        if level.legal:
            _child(lvl, "w:isLgl")
        _child(lvl, "w:lvlText", level.text)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # schema order: abstract definitions before nums
    else:
        numbering.append(abstract)
    return abstract_id


def add_num(
    document: Document, abstract_id: str, start_overrides: dict[int, int] | None = None
) -> str:
    """Add a w:num instance of an abstract definition (optionally restarting levels)."""
    numbering = document.part.numbering_part.element
    ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = str(max(ids, default=0) + 1)
    num = _child(numbering, "w:num")
    num.set(qn("w:numId"), num_id)
    _child(num, "w:abstractNumId", abstract_id)
    for ilvl, start in (start_overrides or {}).items():
        override = _child(num, "w:lvlOverride")
        override.set(qn("w:ilvl"), str(ilvl))
        _child(override, "w:startOverride", str(start))
    return num_id


def add_list(document: Document, levels: list[Level]) -> str:
    """Add an abstract definition and one num for it; return the numId."""
    return add_num(document, add_abstract(document, levels))


def _set_num_pr(p_pr, num_id: str, ilvl: int | None) -> None:
    num_pr = p_pr.get_or_add_numPr()  # python-docx keeps w:pPr children in schema order
    if ilvl is not None:
        num_pr.get_or_add_ilvl().val = ilvl
    num_pr.get_or_add_numId().val = int(num_id)


def number(paragraph: Paragraph, num_id: str, ilvl: int = 0) -> Paragraph:
    """Attach automatic numbering to a paragraph (w:numPr in its w:pPr)."""
    _set_num_pr(paragraph._p.get_or_add_pPr(), num_id, ilvl)
    return paragraph


def number_style(document: Document, style_name: str, num_id: str, ilvl: int | None) -> None:
    """Attach numbering to a paragraph style, as Word's outline-numbered headings do."""
    style = document.styles[style_name]
    _set_num_pr(style.element.get_or_add_pPr(), num_id, ilvl)


def add(document: Document, text: str, style: str | None = None, **formatting) -> Paragraph:
    """Add a paragraph; keyword ``runs`` = [(text, bold, italic)] builds formatted runs."""
    runs = formatting.get("runs")
    paragraph = document.add_paragraph("" if runs else text, style=style)
    for run_text, bold, italic in runs or []:
        run = paragraph.add_run(run_text)
        run.bold, run.italic = bold, italic
    return paragraph
