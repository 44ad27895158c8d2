"""The clinical hazard log names, for every control, the test that verifies it: each named
test must exist, and every hazard must name at least one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
LOG = ROOT / "docs" / "clinical-safety" / "hazard-log.md"
TEST_REF = re.compile(r"`(tests/[\w/]+\.py)::(test_\w+)`")
FACTS_HAZARDS = [
    "not recognised",  # crisis not detected (slang, "asking for a friend")
    "mistranslated",
    "out-of-date crisis",
    "unstaffed inbox out of hours",
    "confirmed when it is not",
]


def hazard_rows() -> list[str]:
    return [line for line in LOG.read_text().splitlines() if re.match(r"^\| H\d+ ", line)]


def defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    return {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_every_test_named_in_the_hazard_log_exists() -> None:
    missing = []
    for path, name in TEST_REF.findall(LOG.read_text()):
        file = ROOT / path
        if not file.exists() or name not in defined_tests(file):
            missing.append(f"{path}::{name}")
    assert missing == []


def test_every_hazard_has_dcb0129_columns_and_a_verifying_test() -> None:
    rows = hazard_rows()
    assert len(rows) >= len(FACTS_HAZARDS)
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 9, row[:40]  # id, hazard, cause, harm, severity, likelihood,
        assert TEST_REF.search(cells[7]), cells[0]  # controls, verification, residual risk


def test_the_hazards_from_the_shared_facts_are_covered() -> None:
    text = LOG.read_text().lower()
    for hazard in FACTS_HAZARDS:
        assert hazard in text, hazard
