"""Renderers: the same Explanation as text, Markdown, HTML (checked in headless Chromium) and JSON."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from test_explain import refusal

from msp_rules import Explanation, explain
from msp_rules.cli import main
from msp_rules.render import FORMATS, render

DAY = date(2026, 1, 15)
SECTIONS = ["outcome", "required-actions", "information-needed", "what-would-change", "why-not", "trace",
            "provenance"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def explanation() -> Explanation:
    return explain(refusal(), engine="reference", as_at=DAY)


class _Page(HTMLParser):
    """Collects element ids (in order), external references and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.external: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag in ("img", "link", "script", "iframe") and (found.get("src") or found.get("href")):
            self.external.append(str(found.get("src") or found.get("href")))


def test_text_puts_the_outcome_first_then_actions_unknowns_and_why_not(explanation: Explanation) -> None:
    text = render(explanation, "text")
    order = [text.index(h) for h in ("ACTING WITHOUT CONSENT", "REQUIRED ACTIONS", "INFORMATION NEEDED",
                                     "WHY / WHY NOT", "TRACE")]
    assert order == sorted(order)
    assert "PROVISIONAL" in text.splitlines()[0]
    assert "1. Are any children at risk" in text
    assert "Why ask:" in text


def test_why_not_flag_adds_actions(explanation: Explanation) -> None:
    compact, full = render(explanation, "text"), render(explanation, "text", full=True)
    assert len(full) > len(compact)
    assert "(every pathway)" in full and "(every pathway)" not in compact


def test_markdown_has_sections_and_linked_citations(explanation: Explanation) -> None:
    markdown = render(explanation, "markdown")
    for heading in ("## Required actions", "## Information needed", "## What would change the outcome",
                    "## Why, and why not", "## Trace"):
        assert heading in markdown
    assert "](https://www.legislation.gov.uk/" in markdown


def test_json_round_trips(explanation: Explanation) -> None:
    assert Explanation.model_validate_json(render(explanation, "json")) == explanation
    assert render(explanation.decision, "json") == explanation.decision.to_json()


def test_html_is_one_self_contained_document_in_reading_order(explanation: Explanation) -> None:
    html = render(explanation, "html")
    page = _Page()
    page.feed(html)
    assert page.external == [] and "script" not in page.tags and "<style>" in html
    positions = [page.ids.index(section) for section in SECTIONS]
    assert positions == sorted(positions)
    assert 'href="https://www.legislation.gov.uk/' in html
    assert "@media print" in html


def test_every_format_renders_a_bare_decision(explanation: Explanation) -> None:
    for fmt in FORMATS:
        assert render(explanation.decision, fmt)


def _chromium(*args: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120, check=True)
    return result.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (Debian package 'chromium'); CI installs it")
def test_html_report_renders_in_chromium(explanation: Explanation, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(render(explanation, "html"), encoding="utf-8")
    dom = _chromium("--dump-dom", report.as_uri())
    for section in SECTIONS:
        assert f'id="{section}"' in dom
    assert "Are any children at risk" in dom and "Provisional" in dom
    shot = tmp_path / "report.png"
    _chromium(f"--screenshot={shot}", "--window-size=1200,2000", report.as_uri())
    assert shot.stat().st_size > 10_000


def test_explain_command_writes_the_report(tmp_path: Path, capsys: Any) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(refusal()))
    out = tmp_path / "report.html"
    assert main(["explain", str(case), "--engine", "reference", "--as-at", "2026-01-15", "--format", "html",
                 "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert main(["explain", str(case), "--engine", "reference", "--why-not"]) == 0
    assert "WHY / WHY NOT (every pathway)" in capsys.readouterr().out
    case.write_text('{"adult": {"age": "old"}}')
    assert main(["explain", str(case), "--engine", "reference"]) == 2
    assert "adult.age" in capsys.readouterr().err
