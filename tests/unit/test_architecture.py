"""The shape the code keeps: no import cycles, small modules, few formatter and type escapes."""

from __future__ import annotations

from pathlib import Path

import grimp

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "handlers", "tomatic")


def import_cycles(*packages: str) -> list[list[str]]:
    """Groups of modules of `packages` that import each other, directly or not, counting
    imports made only for type checking (Tarjan's algorithm)."""
    graph = grimp.build_graph(*packages, exclude_type_checking_imports=False)
    imports = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []
    for root in sorted(imports):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            module, position = work.pop()
            if position == 0:
                index[module] = low[module] = len(index)
                stack.append(module)
            targets = imports[module]
            if position < len(targets):
                work.append((module, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in stack:
                    low[module] = min(low[module], index[target])
                continue
            if low[module] == index[module]:
                group = stack[stack.index(module) :]
                del stack[stack.index(module) :]
                if len(group) > 1:
                    cycles.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
    return cycles


def sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (REPO / package).rglob("*.py"))


def test_no_module_imports_itself_back_through_others():
    assert import_cycles(*PACKAGES) == []


def test_a_cycle_is_found_when_there_is_one(tmp_path, monkeypatch):
    package = tmp_path / "cyclic"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from cyclic import b\n")
    typed_only = "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from cyclic import a\n"
    (package / "b.py").write_text(typed_only)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("cyclic") == [["cyclic.a", "cyclic.b"]]


def test_no_module_is_over_300_lines():
    long = {
        str(p.relative_to(REPO)): n
        for p in sources()
        if (n := len(p.read_text().splitlines())) > 300
    }
    assert long == {}


def test_formatter_and_type_checker_escapes_stay_rare():
    texts = [p.read_text() for p in sources()]
    assert sum(t.count("# fmt: skip") for t in texts) <= 10
    assert sum(t.count("# type: ignore") for t in texts) <= 5
