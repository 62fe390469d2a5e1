"""pytest plugin: scenario files become test items, one per scenario and engine.

Collected files (``.yaml`` or ``.yml``):

* any file named ``*.scenarios.yaml`` / ``*.scenarios.yml``;
* any file below a directory called ``scenarios`` (relative to the pytest root) whose
  top level has a ``scenarios:`` key, so unrelated YAML there is left alone.

ini options: ``msp_rules_scenarios = false`` turns collection off; ``msp_rules_rules``
lists rules directories (relative to the root; default: the bundled rules).
A failure shows each broken expectation with expected and actual values and the trace.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..errors import MspRulesError
from ..loader import load_rules
from ..ruleset import RuleSet
from .report import format_result
from .scenarios import (
    SCENARIO_SUFFIXES,
    LoadedScenario,
    Problem,
    ScenarioError,
    ScenarioResult,
    available_engines,
    check_scenarios,
    load_file,
    run_scenario,
)

_RULESET = pytest.StashKey[RuleSet]()
_SEEN = pytest.StashKey[dict[str, str]]()
_TOP_LEVEL_SCENARIOS = re.compile(r"^scenarios\s*:", re.MULTILINE)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("msp_rules_scenarios", type="bool", default=True,
                  help="collect msp_rules scenario files (*.scenarios.yaml, or YAML under a 'scenarios' directory)")
    parser.addini("msp_rules_rules", type="linelist", default=[],
                  help="rules directories that scenario files are run against (default: the bundled rules)")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    config = parent.config
    if config.getini("msp_rules_scenarios") and is_scenario_file(file_path, config.rootpath):
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


def is_scenario_file(path: Path, root: Path) -> bool:
    """Whether the plugin collects ``path`` (see the module docstring for the rule)."""
    if path.suffix not in SCENARIO_SUFFIXES:
        return False
    if path.stem.endswith(".scenarios"):
        return True
    try:
        folders = path.relative_to(root).parts[:-1]
    except ValueError:
        folders = (path.parent.name,)
    if "scenarios" not in folders:
        return False
    try:
        return bool(_TOP_LEVEL_SCENARIOS.search(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return True  # let collection report it


class ScenarioFile(pytest.File):
    """A scenario file: its scenarios, on every available engine."""

    def collect(self) -> Iterator[pytest.Item]:
        scenarios, problems = load_file(self.path)
        seen = self.config.stash.setdefault(_SEEN, {})
        for scenario in scenarios:
            if seen.setdefault(scenario.id, scenario.location) != scenario.location:
                problems.append(Problem(f"duplicate scenario id (first defined at {seen[scenario.id]})",
                                        file=scenario.file, line=scenario.line, scenario=scenario.id))
        if problems:
            raise ScenarioError(problems)
        ruleset = _ruleset(self.config)
        check_scenarios(scenarios, ruleset)
        for scenario in scenarios:
            for engine in available_engines():
                yield ScenarioItem.from_parent(self, name=f"{scenario.id}[{engine}]", scenario=scenario,
                                               engine=engine, ruleset=ruleset)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException]) -> str:  # type: ignore[override]
        if isinstance(excinfo.value, MspRulesError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))


class ScenarioFailed(Exception):
    """A scenario's expectations do not hold."""

    def __init__(self, result: ScenarioResult) -> None:
        self.result = result
        super().__init__(format_result(result))


class ScenarioItem(pytest.Item):
    """One scenario on one engine."""

    def __init__(self, *, scenario: LoadedScenario, engine: Any, ruleset: RuleSet, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario, self.engine, self.ruleset = scenario, engine, ruleset

    def runtest(self) -> None:
        result = run_scenario(self.scenario, self.ruleset, self.engine)
        if not result.passed:
            raise ScenarioFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo, style))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.scenario.line - 1 if self.scenario.line else None
        return self.path, line, f"scenario {self.scenario.id} [{self.engine}]"


def _ruleset(config: pytest.Config) -> RuleSet:
    if _RULESET not in config.stash:
        directories = [config.rootpath / d for d in config.getini("msp_rules_rules")]
        config.stash[_RULESET] = load_rules(*directories)
    return config.stash[_RULESET]
