"""The Decision: an immutable, JSON round-trippable value with its explanation and provenance."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CitationRef(_Value):
    instrument: str
    provision: str
    url: str | None = None
    verified: bool = False


class FactUse(_Value):
    """A fact a conclusion relied on (or waits for): its path and the value found."""

    path: str
    value: Any = None


class Answer(_Value):
    """The answer to one question (a finding key).

    ``status``: ``established`` (a rule concluded ``value``), ``undetermined`` (unknown
    facts decide between ``candidates``), ``default`` (no rule concluded anything, so
    the finding's stated default holds) or ``not_reached`` (no rule applies and there is
    no default).
    """

    key: str
    question: str
    title: str
    status: Literal["established", "undetermined", "default", "not_reached"]
    value: str | None = None
    label: str | None = None
    candidates: list[str] = []
    candidate_labels: list[str] = []
    """The head of each candidate's label, in the same order."""
    rules: list[str] = []
    easy_read: str | None = None


class GroundResult(_Value):
    """A ground for acting without consent that applies, or may apply."""

    id: str
    title: str
    tier: Literal["A", "B"]
    licenses: list[str]
    status: Literal["applies", "undetermined"]
    rules: list[str]
    easy_read: str | None = None


class RequiredAction(_Value):
    """Something the practitioner must do (``required``) or may have to (``possibly_required``)."""

    id: str
    text: str
    status: Literal["required", "possibly_required"]
    rules: list[str]
    easy_read: str | None = None


class InformationNeeded(_Value):
    """An unknown fact that could change the result, ranked by what it could change.

    ``could_change`` names the questions (and grounds) it could settle; ``effects`` says in
    plain English what each answer could lead to; ``citations`` are the law of the rules
    that read it (the reason to ask); ``changes_answer`` is false for a fact that can no
    longer change any answer (e.g. another ground when acting without consent is already
    permitted), which ranks after every fact that can.
    """

    path: str
    question: str
    could_change: list[str]
    rules: list[str]
    rank: int
    effects: list[str] = []
    citations: list[CitationRef] = []
    changes_answer: bool = True


class Presumption(_Value):
    """A fact the record is silent on, which a rule read the way the law presumes or practice records.

    Never silent: it is listed so a practitioner can confirm or correct it.
    """

    path: str
    question: str
    rules: list[str]
    reading: str


class Note(_Value):
    """A point where the law is contested and professional judgement is needed."""

    rule: str
    text: str


class TraceEntry(_Value):
    """One rule that applied: what it concluded, on which facts, under which law."""

    rule: str
    title: str
    source: str
    conclusions: list[str]
    facts: list[FactUse]
    citations: list[CitationRef]
    explanation: str
    overrode: list[str] = []
    contested: bool = False


class Provenance(_Value):
    """What produced a Decision, so it can be reproduced."""

    ruleset: str
    ruleset_version: str
    ruleset_hash: str
    library_version: str
    engine: str
    input_hash: str
    as_at: date


class Decision(_Value):
    """The answer to a case: outcomes, duties, actions, unknowns, trace and provenance."""

    case_id: str | None
    provisional: bool
    answers: list[Answer]
    grounds: list[GroundResult]
    required_actions: list[RequiredAction]
    information_needed: list[InformationNeeded]
    presumptions: list[Presumption] = []
    notes: list[Note]
    trace: list[TraceEntry]
    provenance: Provenance

    def answer(self, key: str) -> Answer:
        """The answer for a finding key (``KeyError`` if the rule set has no such question)."""
        for answer in self.answers:
            if answer.key == key:
                return answer
        raise KeyError(key)

    def fired(self) -> list[str]:
        """Ids of the rules that applied, in trace order."""
        return [entry.rule for entry in self.trace]

    def to_json(self) -> str:
        """Canonical JSON: the same Decision always gives the same bytes."""
        return self.model_dump_json(indent=2)
