"""The organisation-bank aggregate: an organisation's own items per area, every save kept.

An item's content is stored in the same dict shape as an item of ``questions/banks/*.yaml``
and validated by the same pydantic model. Saving never overwrites: each save adds an
``OrgItemVersion`` and moves ``OrgItem.current_version`` to it, so content an attempt was
drawn from stays readable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quiz.extensions import db
from quiz.models.base import UTCDateTime, utcnow


class OrgBank(db.Model):  # type: ignore[name-defined,misc]
    """The items an organisation wrote for one area of the catalog."""

    __tablename__ = "org_banks"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    area: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    items: Mapped[list[OrgItem]] = relationship(
        back_populates="bank", cascade="all, delete-orphan", order_by="OrgItem.item_id"
    )


class OrgItem(db.Model):  # type: ignore[name-defined,misc]
    """One item of an organisation bank; its content is in its versions."""

    __tablename__ = "org_items"
    __table_args__ = (sa.UniqueConstraint("organisation_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    bank_id: Mapped[int] = mapped_column(
        sa.ForeignKey("org_banks.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(sa.String(64))
    current_version: Mapped[int] = mapped_column(sa.Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    bank: Mapped[OrgBank] = relationship(back_populates="items")
    versions: Mapped[list[OrgItemVersion]] = relationship(
        back_populates="item", cascade="all, delete-orphan", order_by="OrgItemVersion.number"
    )


class OrgItemVersion(db.Model):  # type: ignore[name-defined,misc]
    """The content of an item as saved once; never changed afterwards."""

    __tablename__ = "org_item_versions"
    # Also the index for reading an item's current version (org_item_id leads).
    __table_args__ = (sa.UniqueConstraint("org_item_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org_item_id: Mapped[int] = mapped_column(sa.ForeignKey("org_items.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(sa.Integer)
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped[OrgItem] = relationship(back_populates="versions")
