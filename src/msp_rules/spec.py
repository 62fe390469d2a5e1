"""The schema of rule files (a pydantic model of a rule and of the vocabulary around it).

A rules directory holds YAML files. ``ruleset.yaml`` names the rule set and its version;
every other file may hold any of these sections:

* ``rules``: the legal propositions, each cited (:class:`RuleSpec`);
* ``parameters``: named thresholds with their own citations and dated values;
* ``findings``: the questions a Decision answers and the values an answer can take;
* ``grounds``: grounds for acting without consent, with their tier and scope;
* ``actions``: what a practitioner may be required to do;
* ``questions``: the plain-English question to ask for a fact the record lacks;
* ``actionable``: changes to a case a practitioner can bring about (:class:`ActionableSpec`),
  the only changes explanations suggest when they say what would change an outcome.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
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
    easy_read: str | None = Field(
        default=None, description="The same in easy-read words, to the adult ('you', 'we'), for the easy-read summary."
    )


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
    easy_read: str | None = Field(
        default=None, description="The same in easy-read words, to the adult ('you', 'we'), for the easy-read summary."
    )
    citations: list[Citation] = Field(min_length=1)


class ActionSpec(_Spec):
    """Something a practitioner may be required to do."""

    id: str = Field(pattern=NAME)
    text: str
    rank: int = 50
    easy_read: str | None = Field(
        default=None, description="The same in easy-read words, to the adult ('you', 'we'), for the easy-read summary."
    )


class ActionableSpec(_Spec):
    """A change to a case that a practitioner can bring about (consent sought, interpreter arranged...).

    ``set`` gives case fact paths and the value the change gives each; ``add`` adds one
    element to a case collection. Within either, a value may be ``{fact: PATH}`` (copied
    from the case, e.g. the decision in question) or ``{date: as_at}`` (the evaluation
    date). Fixed characteristics (age, the kind of abuse...) are never listed here.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    id: str = Field(pattern=NAME)
    text: str = Field(min_length=1, description="The change in plain English, e.g. 'An interpreter is arranged'.")
    assign: dict[str, Any] = Field(default={}, alias="set")
    add: dict[str, dict[str, Any]] = Field(default={}, max_length=1)

    @model_validator(mode="after")
    def _one_kind(self) -> ActionableSpec:
        if bool(self.assign) == bool(self.add):
            raise ValueError("give either 'set' (fact paths and values) or 'add' (one collection and an element)")
        return self

    def templates(self) -> list[tuple[str, Any]]:
        """``(where, value)`` for every value, ``where`` being a fact path or ``COLLECTION.FIELD``."""
        if self.assign:
            return list(self.assign.items())
        ((collection, item),) = self.add.items()
        return [(f"{collection}.{name}", value) for name, value in item.items()]

    def apply(self, case: dict[str, Any], fact: Callable[[str], Any], day: date) -> dict[str, Any] | None:
        """A copy of ``case`` (JSON data) with this change made.

        ``fact`` reads a ``{fact: PATH}`` value; the result is ``None`` when a value it
        copies is unknown (the change cannot be made on this case).
        """
        changed = copy.deepcopy(case)

        def value(template: Any) -> Any:
            if isinstance(template, dict) and set(template) == {"fact"}:
                return fact(str(template["fact"]))
            if isinstance(template, dict) and template == {"date": "as_at"}:
                return day.isoformat()
            return template

        if self.assign:
            for path, template in self.assign.items():
                resolved = value(template)
                if resolved is None:
                    return None
                *parents, last = path.split(".")
                node = changed
                for step in parents:
                    if not isinstance(node.get(step), dict):
                        node[step] = {}
                    node = node[step]
                node[last] = resolved
            return changed
        ((collection, template_item),) = self.add.items()
        item = {name: value(t) for name, t in template_item.items()}
        if any(v is None for v in item.values()):
            return None
        changed[collection] = [*(changed.get(collection) or []), item]
        return changed


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
    actionable: list[ActionableSpec] = []


class Manifest(_Spec):
    """``ruleset.yaml``: the name and version of a rule set."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_.-]*$")
    version: str = Field(min_length=1)
    description: str | None = None
    extends: str | None = Field(default=None, description="'bundled' to add local rules to the bundled set.")
