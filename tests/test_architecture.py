"""Apps depend one way: articles -> events -> people, and figures on all three (articles calls
figures only from inside functions: the seed import and Add from text). people uses none."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {"people": {"events", "articles", "figures"}, "events": {"articles", "figures"}}
APPS = {"people", "events", "articles"}


def imported_apps(app: str, pattern: str = "*.py") -> set[str]:
    found = set()
    for path in (ROOT / app).rglob(pattern):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_apps_depend_one_way(app):
    assert not imported_apps(app) & FORBIDDEN[app]


@pytest.mark.parametrize("module", ["text.py", "dates.py", "names.py", "filters.py"])
def test_project_helpers_use_no_app(module):
    assert imported_apps("diplomacy_kb", module)  # the module was read
    assert not imported_apps("diplomacy_kb", module) & APPS
