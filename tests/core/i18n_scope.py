"""Which files have their user strings marked for translation, and the shared tools of the i18n
tests: extracting the marked strings, reading the French catalogue, scanning for unmarked text.

NOT_YET lists what is still to be marked (a later part of issue 12); empty it as files are done:
the tests then hold them to the same rule as the rest.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "framework_review"
CATALOGUE = PACKAGE / "translations" / "fr" / "LC_MESSAGES" / "messages.po"

# Not marked yet: comments/ and drafts/ (their pages, forms, services, models' enum titles and
# period_message) and the static JavaScript; bench/ is a developer tool, not a user interface.
NOT_YET = (
    "framework_review/comments/",
    "framework_review/drafts/",
    "framework_review/templates/comments/",
    "framework_review/templates/drafts/",
    "framework_review/demo.py",
)


def done(path: str) -> bool:
    """Whether the file at `path` (relative to the repository) is held to the i18n rules."""
    return not path.startswith(NOT_YET)


def keywords() -> dict:
    """pybabel's keywords plus those of the Makefile's I18N_KEYWORDS (the same extraction)."""
    found = dict(DEFAULT_KEYWORDS)
    line = next(line for line in (ROOT / "Makefile").read_text().splitlines()
                if line.startswith("I18N_KEYWORDS"))  # fmt: skip
    for spec in re.findall(r"-k (\S+)", line):
        name, _, positions = spec.partition(":")
        if not positions:
            found[name] = None
            continue
        found[name] = tuple(
            (int(p[:-1]), "c") if p.endswith("c") else int(p) for p in positions.split(",")
        )
    return found


@dataclass(frozen=True)
class Marked:
    path: str
    line: int
    msgid: str | tuple[str, ...]
    context: str | None


def marked_strings() -> list[Marked]:
    """Every string marked for translation in the code and templates (as make i18n-extract)."""
    method_map = [("framework_review/**.py", "python"),
                  ("framework_review/templates/**.html", "jinja2")]  # fmt: skip
    options = {"framework_review/templates/**.html": {"trimmed": "true"}}
    return [
        Marked(path, line, message, context)
        for path, line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map, options, keywords=keywords()
        )
        if path.startswith("framework_review/")
    ]


def catalogue() -> Catalog:
    with CATALOGUE.open("rb") as source:
        return read_po(source, locale="fr")


def done_files(pattern: str) -> list[Path]:
    return sorted(path for path in PACKAGE.rglob(pattern) if done(str(path.relative_to(ROOT))))


# -- text a template shows without marking it --------------------------------------------
_TRANS = re.compile(r"{%-?\s*trans\b.*?{%-?\s*endtrans\s*-?%}", re.DOTALL)
_JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)
WORD = re.compile(r"[A-Za-z]{2,}")
VISIBLE_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "data-confirm",
                      "data-message", "label"}  # fmt: skip
ALLOWED_TEXT = {"FR"}  # the brand mark (aria-hidden), the same in both languages


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_data(self, data):
        if WORD.search(data) and data.strip() not in ALLOWED_TEXT:
            self.found.append(data.strip())

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value and WORD.search(value):
                self.found.append(f'{name}="{value}"')


def unmarked_template_text(source: str) -> list[str]:
    """Words a template shows outside {{ _() }}, {% trans %} and other Jinja expressions."""
    html = _JINJA.sub("", _TRANS.sub("", source))
    parser = _Texts()
    parser.feed(html)
    return parser.found


# -- strings Python code shows without marking them --------------------------------------
# Calls whose text arguments reach users: flash(text), abort(status, text), json_error(status,
# text), click.echo / ClickException / prompt, form fields (label, description=, message=),
# and the refusals the code raises.
_SHOWN = {"flash": (0,), "abort": (1,), "json_error": (1,), "echo": (0,), "ClickException": (0,),
          "prompt": (0,)}  # fmt: skip
_INTERNAL_ERRORS = {"ValueError", "RuntimeError", "TypeError", "KeyError", "NotImplementedError",
                    "AssertionError", "LookupError"}  # fmt: skip


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _is_text(node: ast.expr, sentence: bool = False) -> bool:
    """A literal with words in it (with `sentence`, words and a space: not a field's name)."""
    if isinstance(node, ast.JoinedStr):
        parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
        return any(" " in part for part in parts) if sentence else True
    if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return False
    return bool(WORD.search(node.value)) and (" " in node.value or not sentence)


def unmarked_python_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of literal strings given to calls that show them to users."""
    tree = ast.parse(source)
    raised = {id(node.exc) for node in ast.walk(tree) if isinstance(node, ast.Raise) and node.exc}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        arguments: list[ast.expr] = []
        if name in _SHOWN:
            arguments = [node.args[i] for i in _SHOWN[name] if i < len(node.args)]
        elif name.endswith("Field") or name in ("DataRequired", "FileRequired", "EqualTo",
                                                "Length", "NumberRange"):  # fmt: skip
            arguments = [node.args[0]] if name.endswith("Field") and node.args else []
            if name == "EqualTo" and len(node.args) > 1:
                arguments.append(node.args[1])
            if name in ("DataRequired", "FileRequired") and node.args:
                arguments.append(node.args[0])
            arguments += [k.value for k in node.keywords if k.arg in ("description", "message")]
        elif id(node) in raised and name not in _INTERNAL_ERRORS:
            # The message, wherever it is; other arguments name fields (no spaces).
            found += [(arg.lineno, ast.unparse(arg)) for arg in node.args
                      if _is_text(arg, sentence=True)]  # fmt: skip
        found += [(arg.lineno, ast.unparse(arg)) for arg in arguments if _is_text(arg)]
    return found
