"""Forms of the offline comment table: the upload, and the confirmation of its preview."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField


class TableUploadForm(FlaskForm):
    file = FileField(
        _l("Filled-in comment table"),
        validators=[FileRequired(_l("Choose the .docx or .xlsx file of your comments."))],
        description=_l(
            "Word (.docx) or Excel (.xlsx): this site's table or an ISO/IEC-style comment table, "
            "in English or French. You see every row before anything is saved."
        ),
        render_kw={"accept": ".docx,.xlsx"},
    )
    # Only for the secretariat, entering comments an administration sent by e-mail.
    administration = SelectField(_l("Comments of the administration"), choices=[],
                                 validate_choice=False)  # fmt: skip
