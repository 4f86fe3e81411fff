"""Cursor pagination for every list: ``?limit=`` (at most ``MAX_LIMIT``) and ``?cursor=``.

A cursor is opaque to clients: base64url JSON naming the last key of the previous page. Lists
are ordered by that key, so a page never repeats or skips a row when rows are added.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa
from pydantic import BaseModel, Field

from quiz.api.errors import ApiError
from quiz.extensions import db
from quiz.security import inputs

T = TypeVar("T")

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_ID = inputs.MAX_ID  # ids in paths and cursors fit every database's integer


class PageQuery(BaseModel):
    """The query string of a list."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size.")
    cursor: str | None = Field(
        None, max_length=200, description="`next_cursor` of the previous page."
    )


def encode(key: int | str) -> str:
    """The cursor that continues after ``key``."""
    return base64.urlsafe_b64encode(json.dumps({"after": key}).encode()).decode().rstrip("=")


def decode(cursor: str | None, kind: type[int] | type[str]) -> int | str | None:
    """The key a cursor continues after (None for the first page); 400 for a forged cursor."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)["after"]
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise ApiError(400, "invalid_cursor", "This cursor was not given by this API.") from exc
    if not isinstance(key, kind) or isinstance(key, bool) or _out_of_range(key):
        raise ApiError(400, "invalid_cursor", "This cursor was not given by this API.")
    return key


def _out_of_range(key: int | str) -> bool:
    """Keys that no row can have (and that a database integer cannot hold)."""
    return isinstance(key, int) and not 0 <= key <= MAX_ID


def page_of(rows: Sequence[T], limit: int, key: Callable[[T], Any]) -> tuple[list[T], str | None]:
    """The first ``limit`` of ``rows`` (fetched as ``limit + 1``) and the next cursor."""
    shown = list(rows[:limit])
    next_cursor = encode(key(shown[-1])) if len(rows) > limit and shown else None
    return shown, next_cursor


def keyset_page(
    statement: sa.Select[Any],
    id_column: Any,
    query: PageQuery,
    key: Callable[[Any], int],
    *,
    newest_first: bool = False,
) -> tuple[list[Any], str | None]:
    """One page of ``statement``'s rows ordered by ``id_column`` (ascending, or descending when
    ``newest_first``), continuing from the query's cursor, and the next cursor."""
    last = decode(query.cursor, int)
    if last is not None:
        statement = statement.where(id_column < last if newest_first else id_column > last)
    order = id_column.desc() if newest_first else id_column
    rows = list(db.session.scalars(statement.order_by(order).limit(query.limit + 1)))
    return page_of(rows, query.limit, key)


def after_in_memory(
    rows: Sequence[T], query: PageQuery, key: Callable[[T], Any], kind: type[int] | type[str]
) -> tuple[list[T], str | None]:
    """Paginate a list already in memory, ordered by ``key``."""
    after = decode(query.cursor, kind)
    ordered = sorted(rows, key=key)
    remaining = [r for r in ordered if after is None or key(r) > after]
    return page_of(remaining[: query.limit + 1], query.limit, key)
