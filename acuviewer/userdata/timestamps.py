"""UTC timestamps: ISO-8601 for records, and a file-name form (no colons, which Windows refuses) for backups."""

from __future__ import annotations

from datetime import UTC, datetime

_FILE_FORMAT = "%Y-%m-%dT%H-%M-%S.%fZ"


def now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Fixed width with microseconds, so that text order is time order (the plan list sorts on it)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalized(text: str) -> str | None:
    """The record form of an ISO-8601 time with a zone, or None when `text` is not one."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    try:
        return iso(moment)
    except (OverflowError, ValueError):  # year 1 minus a zone offset falls outside datetime's range
        return None


def utc_isoformat(text: object) -> str | None:
    """`text`, an ISO-8601 time with a zone, as datetime.isoformat() writes it in UTC; None when it is not one.

    The form fsrs writes (so its times pass through unchanged) and one form for every row, so that text order is
    time order: a second without microseconds ends in "+", which sorts before the "." of one with them.
    """
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None
    try:
        return moment.astimezone(UTC).isoformat()
    except (OverflowError, ValueError):  # year 1 minus a zone offset falls outside datetime's range
        return None


def for_file(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_FILE_FORMAT)


def from_file(text: str) -> datetime | None:
    try:
        return datetime.strptime(text, _FILE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def readable(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
