"""The two languages cannot drift: every string marked in the code and templates has a French
translation in the catalogue, nothing meant for users is left unmarked (in the files already
done: see i18n_scope.NOT_YET), and the catalogue compiles cleanly."""

from __future__ import annotations

import io
import re

import pytest
from babel.messages.mofile import read_mo, write_mo

from tests.core.i18n_scope import (
    NOT_YET,
    ROOT,
    catalogue,
    done,
    done_files,
    marked_strings,
    unmarked_python_strings,
    unmarked_template_text,
)


@pytest.fixture(scope="module")
def french():
    return catalogue()


@pytest.fixture(scope="module")
def marked():
    return marked_strings()


def test_every_marked_string_has_a_french_translation(marked, french):
    missing = []
    for found in marked:
        if not done(found.path):
            continue
        message = french.get(found.msgid, context=found.context)
        strings = (
            ()
            if message is None
            else (message.string if isinstance(message.string, tuple) else (message.string,))
        )
        if message is None or message.fuzzy or not all(strings):
            missing.append(f"{found.path}:{found.line}: {found.msgid!r}")
    assert not missing, "Not translated into French (run make i18n-update):\n" + "\n".join(missing)


def test_the_extraction_finds_what_the_pages_use(marked):
    """A guard on the guard: extraction reads both the code and the templates."""
    ids = {m.msgid for m in marked}
    assert "Skip to content" in ids  # base.html
    assert "The passwords differ." in ids  # a lazy form string (accounts/forms.py)
    assert ("%(num)d comment", "%(num)d comments") in ids  # ngettext in a template


@pytest.mark.parametrize("path", done_files("*.html"), ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_show_no_unmarked_text(path):
    assert unmarked_template_text(path.read_text()) == []


@pytest.mark.parametrize("path", done_files("*.py"), ids=lambda p: str(p.relative_to(ROOT)))
def test_python_gives_users_no_unmarked_string(path):
    assert unmarked_python_strings(path.read_text()) == []


def test_the_scans_find_unmarked_text():
    """The scans catch what they are meant to (checked on made-up sources)."""
    assert unmarked_template_text('<p title="Hello there">Save {{ x }}</p>') == [
        'title="Hello there"',
        "Save",
    ]
    assert unmarked_template_text("<p>{{ _('Save') }} {% trans %}Sent{% endtrans %}</p>") == []
    source = (
        "flash(f'Saved {x}.')\nflash(_('Saved.'))\nraise NotAllowed('Only the chair.')\n"
        "raise CommentError(_('No.'), 'field')\nname = StringField('Name')\n"
    )
    assert [line for line, _text in unmarked_python_strings(source)] == [1, 3, 5]


def test_not_yet_lists_only_what_exists():
    """NOT_YET names real places, so that emptying it is the only thing left to do."""
    for entry in NOT_YET:
        assert (ROOT / entry).exists(), entry


def test_the_catalogue_compiles_without_errors(french):
    problems = [(message.id, errors) for message, errors in french.check()]
    assert problems == []
    compiled = io.BytesIO()
    write_mo(compiled, french)
    compiled.seek(0)
    back = read_mo(compiled)
    assert back.get("Skip to content").string == "Aller au contenu"


def test_french_typography_is_consistent(french):
    """Narrow no-break spaces before : ; ? ! and inside « », typographic apostrophes."""
    bad = []
    for message in list(french)[1:]:  # the header is not French text
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in filter(None, texts):
            if (
                re.search(r"[ \u00a0][:;!?](\s|$|<)", text)
                or re.search(r"«[ \u00a0]| [ \u00a0]?»", text)
                or re.search(r"[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ%<]", text)
            ):
                bad.append(text)
    assert bad == []
