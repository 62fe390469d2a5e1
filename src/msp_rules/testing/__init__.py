"""The policy testing toolkit: scenario files and their runner, hypothesis strategies.

See ``docs/testing.md``. :mod:`msp_rules.testing.strategies` needs hypothesis installed.
"""

from ._defaults import DEFAULT_AS_AT

__all__ = ["DEFAULT_AS_AT"]
