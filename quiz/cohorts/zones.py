"""Organisation time zones: dates are entered and shown in the organisation's zone (named on
every date) and stored in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

FORMAT = "%Y-%m-%d %H:%M"


@cache
def zones() -> list[str]:
    """Every IANA zone name this system knows, UTC first, then by name."""
    return ["UTC", *sorted(z for z in available_timezones() if z != "UTC")]


def known(zone: str) -> bool:
    """``zone`` is an IANA zone name this system knows."""
    return zone in set(zones())


def to_utc(local: datetime | None, zone: str) -> datetime | None:
    """A naive date and time read in ``zone`` (a form's value) as an aware UTC datetime."""
    if local is None:
        return None
    return local.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def to_local(moment: datetime | None, zone: str) -> datetime | None:
    """A stored (aware) datetime as a naive date and time in ``zone``, for a form."""
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def shown(moment: datetime | None, zone: str, empty: str = "") -> str:
    """``2026-12-08 09:30 Europe/Paris``: a stored datetime in ``zone``, the zone named."""
    if moment is None:
        return empty
    return f"{moment.astimezone(ZoneInfo(zone)).strftime(FORMAT)} {zone}"
