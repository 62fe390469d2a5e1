"""Defaults shared by the testing toolkit."""

from __future__ import annotations

from datetime import date

DEFAULT_AS_AT = date(2026, 6, 1)
"""The evaluation date of a scenario that names none, so results do not change with the calendar."""
