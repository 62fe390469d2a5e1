"""Shared fixtures: small rule sets written to a temporary directory."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

VOCABULARY = """
findings:
  - key: outcome
    question: consent
    title: Outcome?
    values:
      yes: {label: "Yes."}
      no: {label: "No."}
  - key: stage
    question: capacity
    title: Stage?
    otherwise: open
    values:
      open: {label: "Open."}
      closed: {label: "Closed."}
grounds:
  - id: G_TEST
    title: A test ground
    tier: A
    licenses: [share_information]
    explanation: For tests.
    citations: [{instrument: Test Act, provision: "s1"}]
actions:
  - {id: act_now, text: "Act now."}
parameters:
  - id: adult_age
    title: Adult age
    citations: [{instrument: Test Act, provision: "s2"}]
    values: [{value: 18}]
"""

RuleDirFactory = Callable[..., Path]


@pytest.fixture
def rule_dir(tmp_path: Path) -> RuleDirFactory:
    """Write a rules directory: a manifest, the test vocabulary, and the given files."""

    def make(files: dict[str, str] | None = None, *, vocabulary: str = VOCABULARY, name: str = "rules") -> Path:
        directory = tmp_path / name
        directory.mkdir()
        (directory / "ruleset.yaml").write_text("name: test-rules\nversion: 1.0.0\n")
        (directory / "vocabulary.yaml").write_text(textwrap.dedent(vocabulary))
        for filename, text in (files or {}).items():
            (directory / filename).write_text(textwrap.dedent(text))
        return directory

    return make
