"""The layout stays a map: packages per layer, ``app/views.py`` the one place
that registers screens, and no import circle, counting the imports made inside
functions too (a circle hidden in a function is still a circle)."""
import ast
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
APP = os.path.join(ROOT, "app")

# Which layers a layer may never import.
FORBIDDEN = {
    "app.rules": ("app.",),  # pure: stdlib only (app.rules itself excepted below)
    "app.services": ("app.jobs", "app.screens", "app.api", "app.cli", "app.views",
                     "app.security", "app.demo"),
    "app.jobs": ("app.screens", "app.api", "app.cli", "app.views"),
    "app.screens": ("app.cli", "app.views", "app.demo"),
    "app.api": ("app.screens", "app.cli", "app.views", "app.demo"),
    "app.models": ("app.services", "app.jobs", "app.screens", "app.api", "app.cli"),
}
# Top-level modules of app/ besides the packages: the short list is the point.
TOP_LEVEL = {"__init__.py", "extensions.py", "models.py", "views.py", "security.py",
             "scope.py", "roles.py", "clock.py", "filters.py", "field_labels.py"}


def _modules():
    for folder, _, names in os.walk(APP):
        for name in names:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
                yield (rel[: -len(".__init__")] if rel.endswith(".__init__") else rel), path


MODULES = dict(_modules())


def _resolve(name):
    """The module of ours an imported name lives in (``app.x.y`` may be a
    module or a name defined in module ``app.x``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module, path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            target = _resolve(name) if name.startswith("app") else None
            if target and target != module:
                found.add(target)
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _parents(module):
    return {module.rsplit(".", n)[0] for n in range(1, module.count("."))}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_only_downwards(layer):
    bad = []
    for module, targets in GRAPH.items():
        if module != layer and not module.startswith(layer + "."):
            continue
        for target in targets:
            if layer == "app.rules" and target.startswith("app.rules"):
                continue
            # A package's __init__ being imported for its submodule is not a dependency.
            if target in _parents(module) or target == "app":
                continue
            if any(target == f or target.startswith(f) for f in FORBIDDEN[layer]):
                bad.append(f"{module} -> {target}")
    assert not bad, bad


def test_no_import_circle():
    """Tarjan's strongly connected components over every import of ours;
    a package's own ``__init__`` re-exporting its modules is not a circle."""
    index, low, stack, on_stack, circles = {}, {}, [], set(), []
    counter = [0]

    def edges(module):
        return [t for t in GRAPH[module] if t != "app" and t not in _parents(module)]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in edges(node):
            if target not in index:
                visit(target)
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
                circles.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    assert not circles, circles


def test_app_keeps_few_top_level_modules():
    flat = {n for n in os.listdir(APP) if n.endswith(".py")}
    assert flat <= TOP_LEVEL, sorted(flat - TOP_LEVEL)


def test_only_views_py_registers_screens():
    registering = sorted(
        module for module, path in MODULES.items()
        if module != "app.views"
        and any(call in open(path, encoding="utf-8").read()
                for call in ("add_view(", "add_link(", "add_view_no_menu(", "add_api("))
    )
    assert registering == [], registering
