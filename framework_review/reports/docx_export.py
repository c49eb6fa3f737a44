"""The report as a Word document: landscape A4, the header block, then the comment table.

python-docx builds the document around the table (styles, page, header block); the table's
rows are written as WordprocessingML text straight into the zip, row by row. Adding 30,000
rows through python-docx's objects takes minutes and grows memory with every row; writing the
XML directly takes seconds and keeps memory flat (see docs/performance.md).

Redlines are shown as formatted runs, not as Word's tracked changes: deletions struck through
in red, insertions underlined in green. They read the same without colour, print the same in
Word and LibreOffice, and cannot be "accepted" into the report by mistake.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterable
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Pt
from flask_babel import gettext

from ..core.templating import format_datetime
from .columns import table_columns, withdrawn_text
from .richtext import Block, Run, blocks, xml_safe
from .rows import Header, ReportItem

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PLACEHOLDER = "@@report-table@@"
TABLE_STYLE = "Report Table"  # 9 pt paragraphs inside the table (style id "ReportTable")
# Column widths in cm; they add up to the text width of landscape A4 with 1.5 cm margins.
WIDTHS_CM = (2.3, 1.7, 1.7, 2.2, 1.3, 6.1, 6.1, 5.3)
TWIPS_PER_CM = 567
RED, GREEN, LINK = "C00000", "00703C", "0563C1"
HYPERLINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def landscape_a4(document):
    """The comment table's page: landscape A4 with 1.5 cm margins."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    return section


def _skeleton(header: Header, title: str) -> bytes:
    """The document without its table rows: page set-up, fonts, header block, placeholder."""
    document = Document()
    section = landscape_a4(document)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    table_text = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(9)
    document.add_heading(xml_safe(title), level=1)
    lines = (
        (gettext("Document:"), header.draft_title), (gettext("Version:"), header.version_label),
        (gettext("Comment period:"), header.period),
        (gettext("Date of the report:"), format_datetime(header.generated_at)),
        (gettext("Comments:"), header.scope), (gettext("Shown:"), "; ".join(header.filters)),
    )  # fmt: skip
    for label, value in lines:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.add_run(label + " ").bold = True
        paragraph.add_run(xml_safe(value))
    document.add_paragraph(PLACEHOLDER)
    footer = section.footer.paragraphs[0]
    footer.text = xml_safe(f"{header.draft_title}, {header.version_label}: {title}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class _Hyperlinks:
    """Relationship ids for the links in comments, added to document.xml.rels at the end."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def rid(self, url: str) -> str:
        if url not in self.ids:
            self.ids[url] = f"rIdReportLink{len(self.ids) + 1}"
        return self.ids[url]

    def add_to(self, rels: str) -> str:
        extra = "".join(
            f'<Relationship Id="{rid}" Type="{HYPERLINK_TYPE}" Target={quoteattr(url)} '
            'TargetMode="External"/>'
            for url, rid in self.ids.items()
        )
        return rels.replace("</Relationships>", extra + "</Relationships>")


def _text(text: str) -> str:
    """w:t elements with w:br for line breaks."""
    parts = xml_safe(text).split("\n")
    return "<w:br/>".join(f'<w:t xml:space="preserve">{escape(p)}</w:t>' for p in parts)


def _run(run: Run, links: _Hyperlinks | None, italic: bool = False, bold: bool = False) -> str:
    properties = []
    if run.code:
        properties.append('<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/>')
    if run.bold or bold:
        properties.append("<w:b/>")
    if run.italic or italic:
        properties.append("<w:i/>")
    if run.strike or run.change == "del":
        properties.append("<w:strike/>")
    color = RED if run.change == "del" else GREEN if run.change == "ins" else None
    if run.href and not run.change:
        color = LINK
    if color:
        properties.append(f'<w:color w:val="{color}"/>')
    if run.underline or run.change == "ins" or run.href:
        properties.append('<w:u w:val="single"/>')
    rpr = f"<w:rPr>{''.join(properties)}</w:rPr>" if properties else ""
    xml = f"<w:r>{rpr}{_text(run.text)}</w:r>"
    if links is not None and run.href and run.href.startswith(("http://", "https://", "mailto:")):
        xml = f'<w:hyperlink r:id="{links.rid(run.href)}">{xml}</w:hyperlink>'
    return xml


def _paragraph(runs_xml: str, level: int = 0, marker: str = "") -> str:
    """A paragraph; a list item gets its marker and a hanging indent (children in schema
    order: pStyle, tabs, spacing, ind)."""
    tabs = indent = ""
    if marker:
        left = 240 * (level + 1)
        tabs = f'<w:tabs><w:tab w:val="left" w:pos="{left}"/></w:tabs>'
        indent = f'<w:ind w:left="{left}" w:hanging="240"/>'
        runs_xml = f"<w:r>{_text(marker)}<w:tab/></w:r>{runs_xml}"
    elif level:
        indent = f'<w:ind w:left="{240 * level}"/>'
    spacing = '<w:spacing w:before="0" w:after="60"/>'
    style = '<w:pStyle w:val="ReportTable"/>'
    return f"<w:p><w:pPr>{style}{tabs}{spacing}{indent}</w:pPr>{runs_xml}</w:p>"


def _blocks_xml(items: list[Block], links: _Hyperlinks) -> str:
    return "".join(
        _paragraph("".join(_run(r, links, bold=b.heading) for r in b.runs), b.level, b.marker)
        for b in items
    )


def _plain(text: str, italic: bool = False, bold: bool = False) -> str:
    return _paragraph(_run(Run(text), None, italic=italic, bold=bold)) if text else ""


def _cell(content: str, width: int, shade: str | None = None) -> str:
    shading = f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>' if shade else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shading}</w:tcPr>'
        f"{content or '<w:p/>'}</w:tc>"
    )


def _cells(item: ReportItem, links: _Hyperlinks) -> list[str]:
    """The eight cells of one row, as WordprocessingML paragraphs."""
    identity = _plain(item.code, bold=not item.reply_of)
    if item.withdrawn and not item.reply_of:
        identity += _plain("withdrawn", italic=True)
    proposal = ""
    if item.proposal_kind:
        label = item.proposal_label
        proposal = (
            _plain(gettext("%(label)s:", label=label), italic=True) if label else ""
        ) + _blocks_xml(blocks(item.proposal_html), links)
    withdrawn = item.withdrawn and not item.reply_of
    observations = _plain(withdrawn_text(), italic=True) if withdrawn else ""
    if item.decision:
        observations += _plain(gettext("%(decision)s.", decision=item.decision_title), bold=True)
        observations += _blocks_xml(blocks(item.observation_html), links)
        if item.adopted_text:
            adopted = Run(item.adopted_text)
            observations += _paragraph(
                _run(Run(gettext("Adopted text:") + " "), links, bold=True) + _run(adopted, links)
            )
    return [
        identity, _plain(item.member), _plain(item.clause), _plain(item.locator),
        _plain(item.type_label), _blocks_xml(blocks(item.body_html), links), proposal, observations,
    ]  # fmt: skip


def _widths() -> list[int]:
    return [round(cm * TWIPS_PER_CM) for cm in WIDTHS_CM]


def _table_start() -> str:
    border = '<w:{0} w:val="single" w:sz="4" w:space="0" w:color="808080"/>'
    borders = "".join(border.format(side) for side in
                      ("top", "left", "bottom", "right", "insideH", "insideV"))  # fmt: skip
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in _widths())
    heading = "".join(
        _cell(_plain(name, bold=True), width, "D9D9D9")
        for name, width in zip(table_columns(), _widths(), strict=True)
    )
    return (
        f'<w:tbl><w:tblPr><w:tblW w:w="{sum(_widths())}" w:type="dxa"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/>'
        f"</w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
        f"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{heading}</w:tr>"
    )


def _row(item: ReportItem, links: _Hyperlinks) -> str:
    shade = "F2F2F2" if item.reply_of else None
    cells = "".join(
        _cell(content, width, shade)
        for content, width in zip(_cells(item, links), _widths(), strict=True)
    )
    return f"<w:tr>{cells}</w:tr>"


def write_docx(
    header: Header,
    items: Iterable[ReportItem],
    output,
    progress: Callable[[int], None] | None = None,
    title: str | None = None,
) -> None:
    """Write the document to `output` (a path or a seekable binary file object)."""
    title = title or gettext("Consolidated comment report")
    skeleton = zipfile.ZipFile(io.BytesIO(_skeleton(header, title)))
    document = skeleton.read("word/document.xml").decode("utf-8")
    marker = document.index(PLACEHOLDER)
    start = max(document.rfind("<w:p>", 0, marker), document.rfind("<w:p ", 0, marker))
    end = document.index("</w:p>", marker) + len("</w:p>")
    links = _Hyperlinks()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in skeleton.infolist():
            if info.filename in ("word/document.xml", "word/_rels/document.xml.rels"):
                continue
            target.writestr(info, skeleton.read(info.filename))
        with target.open("word/document.xml", "w", force_zip64=True) as stream:
            stream.write(document[:start].encode("utf-8"))
            stream.write(_table_start().encode("utf-8"))
            pending: list[str] = []
            for item in items:
                pending.append(_row(item, links))
                if progress and not item.reply_of:
                    progress(1)
                if len(pending) >= 200:
                    stream.write("".join(pending).encode("utf-8"))
                    pending.clear()
            stream.write(("".join(pending) + "</w:tbl>").encode("utf-8"))
            stream.write(document[end:].encode("utf-8"))
        rels = skeleton.read("word/_rels/document.xml.rels").decode("utf-8")
        target.writestr("word/_rels/document.xml.rels", links.add_to(rels))
