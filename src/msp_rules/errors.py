"""Typed, located errors raised by msp_rules."""

from __future__ import annotations


class MspRulesError(Exception):
    """Base class of every error the library raises on purpose."""


class CaseValidationError(MspRulesError):
    """A case record does not fit the case model; ``problems`` name each field."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        lines = [f"  {field}: {message}" for field, message in problems]
        super().__init__("invalid case:\n" + "\n".join(lines))


class RuleError(MspRulesError):
    """A rule file is invalid. Carries the file, line and rule id where known."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        rule_id: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.rule_id = rule_id
        super().__init__(self.location() + message)

    def location(self) -> str:
        """``file:line: [rule id] `` prefix, as far as it is known."""
        parts = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        if self.rule_id:
            parts.append(f"rule {self.rule_id}")
        return (": ".join(parts) + ": ") if parts else ""


class RuleSetError(MspRulesError):
    """One or more rule files are invalid; nothing was loaded. ``errors`` lists each one."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class EngineUnavailableError(MspRulesError):
    """The requested engine cannot run here (e.g. durable_rules on Python 3.13+)."""


class EngineError(MspRulesError):
    """An engine failed while evaluating a case."""
