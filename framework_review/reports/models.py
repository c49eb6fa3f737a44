"""A comment table uploaded by a delegation, kept while its rows are previewed and confirmed."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import Administration, User
from ..core.time import utcnow
from ..drafts.models import Version
from ..extensions import db


class CommentTableUpload(db.Model):
    """The file as sent; nothing is read into comments until the uploader confirms the preview."""

    __tablename__ = "comment_table_upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("version.id"), index=True)
    # The administration the comments are for (the uploader's, or chosen by the secretariat).
    administration_id: Mapped[int] = mapped_column(sa.ForeignKey("administration.id"))
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    filename: Mapped[str] = mapped_column(sa.String(255))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "pending", then "imported" or "cancelled"; kept as the record of what was sent.
    state: Mapped[str] = mapped_column(sa.String(20), default="pending")

    version: Mapped[Version] = relationship()
    administration: Mapped[Administration] = relationship()
    uploaded_by: Mapped[User] = relationship()

    @property
    def on_behalf(self) -> bool:
        """The secretariat uploaded it for the administration."""
        return self.uploaded_by.administration_id != self.administration_id
