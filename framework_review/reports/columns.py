"""The report's columns and the plain text of each cell (CSV, XLSX and the JSON rows).

The text may hold characters XML cannot carry; the XLSX writer drops them (xml_safe).
"""

from __future__ import annotations

from flask_babel import gettext

from ..comments.models import ProposalKind
from .richtext import plain_text
from .rows import ReportItem

TEXT, DELETE = ProposalKind.TEXT.value, ProposalKind.DELETE.value


def table_columns() -> tuple[str, ...]:
    """The comment table every standards body uses (DOCX and the HTML page show these), in the
    request's language. The French names are among those the table reader knows."""
    return (
        gettext("ID"), gettext("Member"), gettext("Clause"), gettext("Paragraph/Figure/Table"),
        gettext("Type"), gettext("Comment"), gettext("Proposed change"), gettext("Observations"),
    )  # fmt: skip


def sheet_columns() -> tuple[str, ...]:
    """Spreadsheets add the order (to put a re-sorted sheet back) and the status (to filter)."""
    return (gettext("Order"), *table_columns(), gettext("Status"))


def withdrawn_text() -> str:
    return gettext("Withdrawn by the member.")


def status(item: ReportItem) -> str:
    """'withdrawn', 'decided' or 'to decide' for a comment; empty for a reply."""
    if item.reply_of:
        return ""
    if item.withdrawn:
        return "withdrawn"
    return "decided" if item.decision else "to decide"


def status_label(code: str) -> str:
    """A status of `status()` in the reader's words (the Status column)."""
    return {"withdrawn": gettext("withdrawn"), "decided": gettext("decided"),
            "to decide": gettext("to decide")}.get(code, code)  # fmt: skip


def proposal_text(item: ReportItem) -> str:
    """The proposed change in full: a described change as text, an amendment as its new text."""
    if not item.proposal_kind:
        return ""
    if item.proposal_kind == TEXT:
        return plain_text(item.proposal_html)
    if item.proposal_kind == DELETE:
        return item.proposal_label + "."
    return gettext("%(label)s:", label=item.proposal_label) + "\n" + item.proposal_text


def observations_text(item: ReportItem) -> str:
    """Decision, the chair's observation and the adopted text; empty while open."""
    if not item.decision and not item.withdrawn:
        return ""
    lines = [withdrawn_text()] if item.withdrawn and not item.reply_of else []
    if item.decision:
        lines.append(gettext("%(decision)s.", decision=item.decision_title))
        if item.observation_html:
            lines.append(plain_text(item.observation_html))
        if item.adopted_text:
            lines.append(gettext("Adopted text: %(text)s", text=item.adopted_text))
    return "\n".join(lines)


def sheet_cells(item: ReportItem) -> list:
    """One spreadsheet / CSV row, in SHEET_COLUMNS order."""
    return [
        item.order, item.code, item.member, item.clause, item.locator, item.type_label,
        plain_text(item.body_html), proposal_text(item), observations_text(item),
        status_label(status(item)),
    ]  # fmt: skip
