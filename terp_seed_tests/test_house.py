"""The house rules of DESIGN.md §2-3 that grep can check: layers and small generator steps."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "terp_seed"
# A generator step longer than this is a sign to split it (STYLE.md §13).
MAX_STEP_LINES = 80


def _modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("path", _modules("rules"), ids=lambda p: p.name)
def test_rules_depend_on_terp_not_on_a_generator(path):
    reaching = sorted(name for name in _imports(path) if name.startswith("terp_seed.generate"))
    assert not reaching, f"{path.relative_to(PACKAGE)} imports {reaching}: rules check any TERP"


@pytest.mark.parametrize("path", _modules("terp"), ids=lambda p: p.name)
def test_the_vocabulary_sits_below_generation_and_rules(path):
    above = sorted(
        name
        for name in _imports(path)
        if name.startswith(("terp_seed.generate", "terp_seed.rules", "terp_seed.defs"))
    )
    assert not above, f"{path.relative_to(PACKAGE)} imports {above}"


def test_no_generator_step_runs_past_a_screen():
    long_steps = []
    for path in _modules("generate"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_STEP_LINES:
                    long_steps.append(f"{path.relative_to(PACKAGE)}:{node.name} ({length})")
    assert not long_steps, f"generator functions over {MAX_STEP_LINES} lines: {long_steps}"
