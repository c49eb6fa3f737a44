"""The report's vocabulary in the request's language (or the CLI's --language): decisions,
kinds of amendment, roles, "General". Looked up for every row, so made once per language."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale, gettext

from ..accounts.models import Role
from ..comments.models import ProposalKind
from ..review.models import Decision


@dataclass(frozen=True)
class Words:
    """The report's vocabulary in one language, looked up for every row: plain dicts rather
    than enum constructions or catalogue look-ups."""

    general: str
    reply: str
    decisions: dict[str, str]
    proposals: dict[str, str]
    roles: dict[str, str]


_WORDS: dict[str, Words] = {}


def words() -> Words:
    """The vocabulary in the language of the request (or of the CLI's --language)."""
    language = str(get_locale() or "en")
    found = _WORDS.get(language)
    if found is None:
        found = _WORDS[language] = Words(
            general=gettext("General"),
            reply=gettext("reply"),
            decisions={d.value: d.title for d in Decision},
            proposals={k.value: k.title for k in ProposalKind if k is not ProposalKind.TEXT},
            roles={Role.CHAIR.value: gettext("Chair"),
                   Role.SECRETARIAT.value: gettext("Secretariat")},
        )  # fmt: skip
    return found
