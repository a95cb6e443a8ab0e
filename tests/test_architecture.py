"""The areas depend one way (docs/architecture.md): a test reads every import, including the
ones inside functions, and fails on a cycle between areas or a reach past search's front door."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "directory"
# The composition root wires every area together: the factory, the model list, the commands.
ROOT_MODULES = {"directory", "directory.models", "directory.cli", "directory.worker"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.is_dir() or path.with_suffix(".py").is_file()


def imports_of(path: Path) -> list[tuple[str, int]]:
    """Every ``directory.…`` module that the file imports, anywhere in it, with its line."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            # ``from .. import search`` imports a module, not just a name
            names = [f"{target}.{alias.name}" for alias in node.names]
            found += [(name, node.lineno) for name in names if is_module(name)]
    return [(name, line) for name, line in found if name.split(".")[0] == "directory"]


def area_of(module: str) -> str | None:
    """The area (a subpackage of directory/) a module belongs to; None for the core modules."""
    parts = module.split(".")
    if len(parts) > 1 and (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return None


def import_graph() -> dict[str, dict[str, list[str]]]:
    """area -> {imported area -> ["module:line", …]}, the composition root left out."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        source = area_of(module)
        if source is None or module in ROOT_MODULES:
            continue
        for target, line in imports_of(path):
            area = area_of(target)
            if area is not None and area != source:
                graph.setdefault(source, {}).setdefault(area, []).append(f"{module}:{line}")
    return graph


def find_cycle(graph: dict[str, dict[str, list[str]]]) -> list[str] | None:
    """One cycle of areas (first area repeated at the end), or None."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(area: str) -> list[str] | None:
        state[area] = "open"
        stack.append(area)
        for nxt in sorted(graph.get(area, {})):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[area] = "done"
        stack.pop()
        return None

    for area in sorted(graph):
        if area not in state and (cycle := visit(area)):
            return cycle
    return None


def test_no_area_imports_another_that_imports_it_back():
    graph = import_graph()
    cycle = find_cycle(graph)
    where = (
        [f"{a} -> {b}: {', '.join(graph[a][b])}" for a, b in zip(cycle, cycle[1:], strict=False)]
        if cycle
        else []
    )
    assert cycle is None, "import cycle between areas:\n" + "\n".join(where)


# docs/architecture.md's picture: an area imports only areas of a lower layer.
LAYERS = {
    "accounts": 1,
    "reference": 1,
    "audit": 1,
    "errors": 1,
    "jobs": 1,
    "organizations": 2,
    "offerings": 3,
    "needs": 3,
    "search": 4,
    "curation": 5,
    "incubators": 5,
    "conversations": 5,
    "matching": 5,
    "documents": 5,
    "changes": 5,
    "imports": 6,
    "alerts": 6,
    "events": 6,
    "main": 7,
    "me": 7,
    "reports": 7,
    "admin": 7,
    "demo": 7,
    "api": 8,
}


def test_every_area_has_its_place_in_the_layers():
    areas = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    assert sorted(areas - LAYERS.keys()) == [], "place new areas in docs/architecture.md"


def test_areas_import_only_lower_layers():
    upward = [
        f"{area} ({LAYERS[area]}) -> {other} ({LAYERS[other]}): {', '.join(where)}"
        for area, targets in import_graph().items()
        for other, where in targets.items()
        if LAYERS[other] >= LAYERS[area]
    ]
    assert upward == []


def test_core_modules_import_no_area():
    """config, extensions, permissions, signals, … sit below every area."""
    offenders = []
    for path in sorted(PACKAGE.glob("*.py")):
        module = module_name(path)
        if module in ROOT_MODULES:
            continue
        offenders += [f"{module}:{line} -> {t}" for t, line in imports_of(path) if area_of(t)]
    assert offenders == []


def test_only_search_reaches_inside_search():
    """Outside directory/search/, code uses only what ``directory.search`` exports."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = module_name(path)
        if area_of(module) == "search" or module in ROOT_MODULES:
            continue
        offenders += [
            f"{module}:{line} -> {target}"
            for target, line in imports_of(path)
            if target.startswith("directory.search.")
        ]
    assert offenders == []


@pytest.mark.parametrize(
    "graph, expected",
    [
        ({"a": {"b": []}, "b": {"c": []}}, None),
        ({"a": {"b": []}, "b": {"c": []}, "c": {"a": []}}, ["a", "b", "c", "a"]),
    ],
)
def test_the_cycle_finder_finds_cycles(graph, expected):
    assert find_cycle(graph) == expected


def test_imports_inside_functions_count(tmp_path, monkeypatch):
    """The import that once held six areas together was inside a function."""
    monkeypatch.setattr("tests.test_architecture.PACKAGE", tmp_path / "directory", raising=True)
    for area in ("lower", "upper"):
        (tmp_path / "directory" / area).mkdir(parents=True)
        (tmp_path / "directory" / area / "__init__.py").write_text("")
    (tmp_path / "directory" / "upper" / "services.py").write_text("from ..lower import models\n")
    (tmp_path / "directory" / "lower" / "models.py").write_text(
        "def hook():\n    from ..upper.services import react\n"
    )
    assert find_cycle(import_graph()) in (
        ["lower", "upper", "lower"],
        ["upper", "lower", "upper"],
    )
