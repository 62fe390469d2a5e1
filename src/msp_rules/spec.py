"""The schema of rule files (a pydantic model of a rule and of the vocabulary around it).

A rules directory holds YAML files. ``ruleset.yaml`` names the rule set and its version;
every other file may hold any of these sections:

* ``rules``: the legal propositions, each cited (:class:`RuleSpec`);
* ``parameters``: named thresholds with their own citations and dated values;
* ``findings``: the questions a Decision answers and the values an answer can take;
* ``grounds``: grounds for acting without consent, with their tier and scope;
* ``actions``: what a practitioner may be required to do;
* ``questions``: the plain-English question to ask for a fact the record lacks.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

RULE_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"
NAME = r"^[a-z][a-z0-9_]*$"
Principle = Literal["empowerment", "prevention", "proportionality", "protection", "partnership", "accountability"]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Spec):
    """Where a rule's law can be read."""

    instrument: str = Field(min_length=1, description="e.g. 'Care Act 2014'")
    provision: str = Field(min_length=1, description="Section, regulation or paragraph, e.g. 's68(1)'")
    url: str | None = None
    verified: bool = Field(
        default=False, description="Checked against the primary text (false: established knowledge, to verify)."
    )


class InForce(_Spec):
    """The period a rule or parameter value is in force (either end open)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: date | None = Field(default=None, alias="from")
    until: date | None = None

    def covers(self, day: date) -> bool:
        """Whether ``day`` falls in the period (``until`` is exclusive)."""
        return (self.from_ is None or self.from_ <= day) and (self.until is None or day < self.until)


class RuleSpec(_Spec):
    """One legal proposition: a cited condition and what follows from it."""

    id: str = Field(pattern=RULE_ID, description="Stable id, e.g. 'CON-3'.")
    title: str = Field(min_length=1)
    citations: list[Citation] = Field(min_length=1)
    principles: list[Principle] = []
    when: Any
    unless: Any = None
    then: list[Any] = Field(min_length=1)
    explanation: str = Field(min_length=1, description="Plain English, for a practitioner.")
    notes: str | None = None
    contested: bool = Field(default=False, description="Reasonable practitioners may disagree: judgement needed.")
    overrides: list[str] = Field(default=[], description="Rules this one defeats when both apply.")
    in_force: InForce = InForce()


class ParameterValue(_Spec):
    value: int | float | str | bool
    in_force: InForce = InForce()


class ParameterSpec(_Spec):
    """A named threshold, kept out of conditions so it can be cited and dated."""

    id: str = Field(pattern=NAME)
    title: str
    citations: list[Citation] = Field(min_length=1)
    values: list[ParameterValue] = Field(min_length=1)
    notes: str | None = None

    def value_at(self, day: date) -> int | float | str | bool | None:
        """The value in force on ``day``, or ``None`` if none is."""
        for candidate in self.values:
            if candidate.in_force.covers(day):
                return candidate.value
        return None


class FindingValue(_Spec):
    label: str
    explanation: str | None = None


class FindingSpec(_Spec):
    """A question a Decision answers, and the values its answer can take."""

    key: str = Field(pattern=NAME)
    question: str = Field(pattern=NAME, description="Group: consent, advocacy, capacity, best_interests, ...")
    title: str
    values: dict[str, FindingValue] = Field(min_length=1)
    otherwise: str | None = Field(
        default=None, description="The answer when no rule concludes a value and none is undetermined."
    )
    rank: int = Field(default=50, description="Lower ranks first: how much an unknown here matters.")

    @model_validator(mode="after")
    def _otherwise_is_a_value(self) -> FindingSpec:
        if self.otherwise is not None and self.otherwise not in self.values:
            raise ValueError(f"otherwise {self.otherwise!r} is not one of the values")
        return self


Scope = Literal[
    "share_information",
    "refer_police",
    "refer_childrens_services",
    "refer_marac",
    "refer_regulator_or_employer",
    "refer_opg",
    "act_against_perpetrator_or_provider",
    "further_enquiry",
    "separate_assessment_of_perpetrator",
]


class GroundSpec(_Spec):
    """A ground for acting without a capacitous adult's consent."""

    id: str = Field(pattern=r"^G_[A-Z_]+$")
    title: str
    tier: Literal["A", "B"]
    licenses: list[Scope] = Field(min_length=1)
    explanation: str
    citations: list[Citation] = Field(min_length=1)


class ActionSpec(_Spec):
    """Something a practitioner may be required to do."""

    id: str = Field(pattern=NAME)
    text: str
    rank: int = 50


class RuleFile(_Spec):
    """One YAML file of a rules directory."""

    area: str | None = None
    description: str | None = None
    rules: list[RuleSpec] = []
    parameters: list[ParameterSpec] = []
    findings: list[FindingSpec] = []
    grounds: list[GroundSpec] = []
    actions: list[ActionSpec] = []
    questions: dict[str, str] = Field(
        default={}, description="Fact path -> the question to ask when the fact is unknown."
    )


class Manifest(_Spec):
    """``ruleset.yaml``: the name and version of a rule set."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_.-]*$")
    version: str = Field(min_length=1)
    description: str | None = None
    extends: str | None = Field(default=None, description="'bundled' to add local rules to the bundled set.")
