"""The layers stay layers: the window and the command line over the core, never the reverse.

Every module's imports are read from its source (those inside functions too, which
run later but still tie the modules together; those under `if TYPE_CHECKING:` do
not run and are left out). A test fails on an import that runs up a layer, on a
cycle between modules, and on SQL reached around the store.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1] / "smolevents"

# Who may import whom: a module of the key's layer imports only modules of the listed layers.
# `render` (the Qt print/PDF renderer, QtGui only) sits beside the window: the window
# uses it; the command line only from inside a function, when a PDF is asked for
# (test_the_command_line_imports_the_renderer_only_when_it_runs).
ALLOWED = {
    "core": {"core", "base"},
    "render": {"render", "core", "base"},
    "cli": {"cli", "render", "core", "base"},
    "ui": {"ui", "render", "core", "base"},
    "top": {"top", "cli", "ui", "render", "core", "base"},
    "base": {"base"},
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("resources",):
        return "base"  # the package itself (its version) and the resource finder, Qt-free
    if parts[1] in ("core", "cli", "ui", "render"):
        return parts[1]
    return "top"  # __main__, selftest: the entry points above both faces


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking_block(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that `path` imports, resolved to module names."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _is_type_checking_block(node):
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                prefix = package[:len(package) - node.level + 1]
                base = ".".join(prefix + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {module for module in found if module in modules}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE_ROOT.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {module_name(path): imported_modules(path, modules) for path in paths}


def test_the_package_has_the_three_layers():
    graph = import_graph()
    layers = {layer_of(module) for module in graph}
    assert {"core", "cli", "ui", "top"} <= layers
    assert "smolevents.core.store.database" in graph and "smolevents.core.report.docx_writer" in graph


def test_no_module_imports_up_a_layer():
    upward = [
        f"{module} → {target}"
        for module, targets in import_graph().items()
        for target in sorted(targets)
        if layer_of(target) not in ALLOWED[layer_of(module)]
    ]
    assert upward == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return found


def _without_package_reexports(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    # A package's __init__ that re-exports its modules is not a cycle with them.
    return {module: {t for t in targets if not module.startswith(t + ".")}
            for module, targets in graph.items()}


def test_no_import_cycles():
    assert _cycles(_without_package_reexports(import_graph())) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _module_level_imports(path: Path) -> set[str]:
    """Names imported by statements that run when the module is imported."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) or _is_type_checking_block(node):
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def test_the_command_line_imports_the_renderer_only_when_it_runs():
    cli = PACKAGE_ROOT / "cli"
    eager = {
        f"{path.relative_to(PACKAGE_ROOT.parent)}: {name}"
        for path in sorted(cli.rglob("*.py"))
        for name in _module_level_imports(path)
        if name.startswith(("smolevents.render", "PySide6"))
    }
    assert eager == set()
    assert any("smolevents.render" in targets for module, targets in
               ((m, " ".join(t)) for m, t in import_graph().items()) if module.startswith("smolevents.cli"))


def test_the_renderer_uses_no_widgets():
    for path in sorted((PACKAGE_ROOT / "render").rglob("*.py")):
        assert "QtWidgets" not in path.read_text(encoding="utf-8"), path


def test_the_layer_rule_catches_an_upward_import(tmp_path):
    assert layer_of("smolevents.ui.main_window") not in ALLOWED[layer_of("smolevents.core.dates")]
    assert layer_of("smolevents.cli.main") not in ALLOWED[layer_of("smolevents.ui.app")]
    assert layer_of("smolevents.ui.app") not in ALLOWED[layer_of("smolevents.render.pdf")]
    assert layer_of("smolevents.render.pdf") not in ALLOWED[layer_of("smolevents.core.dates")]


# The store's connection and private helpers are the store package's own.
_AROUND_THE_STORE = re.compile(r"\b\w*store\w*\.(?:conn\b|_[a-z]\w*)", re.IGNORECASE)


def test_nothing_outside_the_store_package_touches_its_connection():
    store_package = PACKAGE_ROOT / "core" / "store"
    offenders = [
        f"{path.relative_to(PACKAGE_ROOT.parent)}:{number}: {line.strip()}"
        for path in sorted(PACKAGE_ROOT.rglob("*.py"))
        if store_package not in path.parents
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _AROUND_THE_STORE.search(line)
    ]
    assert offenders == []


def test_only_the_store_package_opens_sqlite_connections():
    store_package = PACKAGE_ROOT / "core" / "store"
    openers = [
        str(path.relative_to(PACKAGE_ROOT.parent))
        for path in sorted(PACKAGE_ROOT.rglob("*.py"))
        if store_package not in path.parents and "sqlite3.connect" in path.read_text(encoding="utf-8")
    ]
    assert openers == []
