"""Read and save organisation items; every save adds a version and keeps the old ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from pydantic import TypeAdapter
from sqlalchemy.exc import IntegrityError

from quiz.bank.bank_file import item_dict
from quiz.bank.rules import ORGANISATION_CONTEXT
from quiz.bank.schema import Item
from quiz.extensions import db
from quiz.models import Organisation, OrgBank, OrgItem, OrgItemVersion

_ITEM: TypeAdapter[Any] = TypeAdapter(Item)


class IdTaken(Exception):
    """Another save (a second tab, a double click) took the item id first; nothing was saved."""


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise IdTaken from None


@dataclass(frozen=True)
class Current:
    """An organisation item with its area and the content of its current version."""

    row: OrgItem
    area: str
    version: OrgItemVersion

    @property
    def item(self) -> Any:
        """The current content as a validated schema item (organisation rules)."""
        return _ITEM.validate_python(self.version.data, context=ORGANISATION_CONTEXT)


def current_items(org_id: int) -> list[Current]:
    """The organisation's items at their current versions, by area then id."""
    found = db.session.execute(
        sa.select(OrgItem, OrgBank.area, OrgItemVersion)
        .join(OrgBank, OrgItem.bank_id == OrgBank.id)
        .join(
            OrgItemVersion,
            sa.and_(
                OrgItemVersion.org_item_id == OrgItem.id,
                OrgItemVersion.number == OrgItem.current_version,
            ),
        )
        .where(OrgItem.organisation_id == org_id)
        .order_by(OrgBank.area, OrgItem.item_id)
    ).all()
    return [Current(row, area, version) for row, area, version in found]


def item_ids(org_id: int) -> set[str]:
    """Ids the organisation's items use."""
    return set(
        db.session.scalars(sa.select(OrgItem.item_id).where(OrgItem.organisation_id == org_id))
    )


def find_item(org_id: int, pk: int) -> Current | None:
    """Item ``pk`` of the organisation at its current version; None when it is not theirs."""
    return next((c for c in current_items(org_id) if c.row.id == pk), None)


def _bank(org: Organisation, area: str) -> OrgBank:
    bank = db.session.scalar(
        sa.select(OrgBank).where(OrgBank.organisation_id == org.id, OrgBank.area == area)
    )
    if bank is None:
        bank = OrgBank(organisation_id=org.id, area=area)
        db.session.add(bank)
        db.session.flush()
    return bank


def _add(org: Organisation, area: str, item: Any, author_id: int | None) -> OrgItem:
    row = OrgItem(
        organisation_id=org.id, bank_id=_bank(org, area).id, item_id=item.id, current_version=1
    )
    row.versions.append(OrgItemVersion(number=1, data=item_dict(item), author_id=author_id))
    db.session.add(row)
    return row


def create_item(org: Organisation, area: str, item: Any, author_id: int | None) -> OrgItem:
    """Add a new item (version 1) to the organisation's bank for ``area``."""
    row = _add(org, area, item, author_id)
    _commit()
    return row


def save_version(row: OrgItem, item: Any, author_id: int | None) -> OrgItemVersion:
    """Store ``item`` as the next version of ``row`` and make it current; older versions stay.

    Saving unchanged content adds nothing and returns the current version. Two saves at once
    cannot both take a number: the loser raises ``IdTaken`` and saves nothing.
    """
    data = item_dict(item.model_copy(update={"id": row.item_id}))
    number = db.session.scalar(
        sa.select(sa.func.max(OrgItemVersion.number)).where(OrgItemVersion.org_item_id == row.id)
    )
    current = db.session.scalar(
        sa.select(OrgItemVersion).where(
            OrgItemVersion.org_item_id == row.id, OrgItemVersion.number == row.current_version
        )
    )
    if current is not None and current.data == data:
        return current
    version = OrgItemVersion(
        org_item_id=row.id, number=(number or 0) + 1, data=data, author_id=author_id
    )
    db.session.add(version)
    row.current_version = version.number
    _commit()
    return version


def save_items(org: Organisation, area: str, items: list[Any], author_id: int | None) -> int:
    """Add uploaded items to the organisation's bank for ``area`` in one transaction."""
    for item in items:
        _add(org, area, item, author_id)
    _commit()
    return len(items)


def versions_of(row: OrgItem) -> list[OrgItemVersion]:
    """Every saved version of an item, newest first."""
    return list(
        db.session.scalars(
            sa.select(OrgItemVersion)
            .where(OrgItemVersion.org_item_id == row.id)
            .order_by(OrgItemVersion.number.desc())
        )
    )
