"""The layout holds: stages import only from themselves and the stages below, only the store
knows Whoosh, the web uses only the archive's public names, and no module imports itself
back through others (see docs/architecture.md). Read from the code's own imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each stage's floor: a module may import from its own stage and from lower floors only.
FLOORS: dict[str, float] = {
    "archive.errors": 0, "archive.model": 0, "archive.tables": 0, "archive.settings": 0.5,
    "archive.text": 1, "archive.files": 1,
    "archive.parsing": 2,
    "archive.statements": 3,
    "archive.store": 4,
    "archive.ingest": 5, "archive.search": 5,
    "archive.audit": 6,
    "archive.api": 7,
    "archive": 8,  # archive/__init__.py: the public API
    "archive.cli": 9, "archive.__main__": 10,
    "web.current": 10, "web.searching": 10.2, "web.browsing": 10.5, "web.data": 11, "web.audit": 12, "web.pages": 13, "web.app": 14,
    "web": 15, "web.serve": 16,
}  # fmt: skip


def modules() -> dict[str, Path]:
    found = {}
    for folder in ("archive", "web"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports(name: str, path: Path) -> list[tuple[str, list[str]]]:
    """``(module, names)`` for every import of ``path`` (relative ones resolved)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, node.module] if node.module else base) if node.level else node.module
            found.append((module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
    return found


def floor(module: str) -> tuple[str, int] | None:
    """The stage ``module`` belongs to and its floor (the longest matching prefix)."""
    stages = [stage for stage in FLOORS if module == stage or module.startswith(stage + ".")]
    return (max(stages, key=len), FLOORS[max(stages, key=len)]) if stages else None


MODULES = modules()


def test_every_module_has_a_stage() -> None:
    assert [name for name in MODULES if floor(name) is None] == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_stages(name: str) -> None:
    stage, level = floor(name)
    for module, names in imports(name, MODULES[name]):
        target = floor(module)
        if target is None:
            continue  # the standard library or a dependency
        if module == "archive" and names:  # `from archive import x` may name a stage package
            target = max((floor(f"archive.{n}") or target for n in names), key=lambda t: t[1])
        assert target[0] == stage or target[1] < level, f"{name} imports {module} (floor {target[1]} ≥ {level})"


def test_only_the_store_knows_whoosh() -> None:
    users = {name for name, path in MODULES.items() for module, _ in imports(name, path) if module.split(".")[0] == "whoosh"}
    assert users and all(name.startswith("archive.store.") for name in users), sorted(users)


def test_the_web_uses_only_public_names() -> None:
    for name, path in MODULES.items():
        if not name.startswith("web"):
            continue
        for module, names in imports(name, path):
            if module.startswith("archive"):
                assert module in ("archive", "archive.cli"), f"{name} imports {module}"
                assert not any(n.startswith("_") for n in names), f"{name} imports private {names} from {module}"
        if name.startswith("web"):
            assert all(not m.startswith("archive.") or m == "archive.cli" for m, _ in imports(name, path))


def test_the_archive_never_imports_the_web() -> None:
    assert [name for name, path in MODULES.items() if name.startswith("archive")
            and any(module.split(".")[0] == "web" for module, _ in imports(name, path))] == []  # fmt: skip


def test_no_import_cycles() -> None:
    graph = {name: {module for module, _ in imports(name, path) if module in MODULES} for name, path in MODULES.items()}
    for name, path in MODULES.items():  # `from package import module` imports the module too
        for module, names in imports(name, path):
            graph[name] |= {f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*trail[trail.index(nxt):], nxt]))
            if nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
