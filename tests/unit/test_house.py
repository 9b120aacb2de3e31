"""The house's rules that a tool can check (docs/architecture.md); import-linter checks the layers.

- no import circles among our modules (every import counted, function-level ones too);
- imports at the top: an import inside a function only where the reason below holds;
- no file over 400 lines in mentor_xblock/ or static/js/.
"""
import ast
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "mentor_xblock"
MAX_LINES = 400

# The few imports that must run late, each with its reason.
LATE_IMPORTS = {
    # Django loads apps.py while it reads its settings (edx-platform's plugin loader), before models exist.
    ("mentor_xblock/apps.py", "mentor_xblock.receivers"),
    # The xAPI transformers import event-routing-backends, an optional extra (`aspects`): only where it is installed.
    ("mentor_xblock/apps.py", "mentor_xblock.analytics.xapi"),
    # The xblock-sdk's scenarios hook: only the workbench calls it, and production never imports dev/.
    ("mentor_xblock/block.py", "mentor_xblock.dev.scenarios"),
}
# The platform port's Open edX backend imports edx-platform inside its methods: those modules exist
# only inside the LMS and Studio (docs/decisions/0002-one-platform-port.md).
PLATFORM_BACKEND = "mentor_xblock/platform/openedx.py"


def _sources():
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _cycles(graph, modules):
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], [0]
    for root in sorted(modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root) & modules)))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child) & modules))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_no_import_circles():
    graph = grimp.build_graph("mentor_xblock")
    modules = {m for m in graph.modules if ".migrations" not in m}
    # A package's __init__ importing its own submodules is how a package re-exports, not a circle.
    for module in list(modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith(module + "."):
                graph.remove_import(importer=module, imported=imported)
    assert _cycles(graph, modules) == []


def test_the_cycle_finder_finds_a_circle():
    graph = grimp.ImportGraph()
    for name in ("a", "b", "c"):
        graph.add_module(name)
    graph.add_import(importer="a", imported="b")
    graph.add_import(importer="b", imported="c")
    graph.add_import(importer="c", imported="a")
    assert _cycles(graph, {"a", "b", "c"}) == [["a", "b", "c"]]


def _late_imports(path: Path) -> set[str]:
    """Every module imported inside a function of `path`, by its absolute name."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    late = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.Import):
                late.update(alias.name for alias in inner.names)
            elif isinstance(inner, ast.ImportFrom):
                base = inner.module or ""
                if inner.level:
                    parent = package.rsplit(".", inner.level - 1)[0] if inner.level > 1 else package
                    base = f"{parent}.{base}" if base else parent
                late.update(f"{base}.{alias.name}" if not inner.module else base for alias in inner.names)
    return late


def test_imports_are_at_the_top():
    found = {(str(path.relative_to(ROOT)), name) for path in _sources() if str(path.relative_to(ROOT)) != PLATFORM_BACKEND
             for name in _late_imports(path)}
    assert found == LATE_IMPORTS


def test_no_file_is_over_400_lines():
    files = _sources() + sorted((ROOT / "static" / "js").glob("*.js"))
    long = {str(path.relative_to(ROOT)): n for path in files if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}
