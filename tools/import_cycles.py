"""Import cycles among the modules of src/bilingual and bench/ (every import counts, lazy ones too).

    python tools/import_cycles.py [REPO]     # prints each cycle, then "N cycles"

A module that imports another inside a function still depends on it: a cycle of lazy imports is
still a knot for the reader, so the project keeps none (tests/test_layout.py).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def modules(root: Path) -> dict[str, Path]:
    """Dotted name -> file, for the package and the benchmark scripts."""
    found = {}
    for p in (root / "src" / "bilingual").rglob("*.py"):
        name = ".".join(p.relative_to(root / "src").with_suffix("").parts)
        found[name.removesuffix(".__init__")] = p
    for p in (root / "bench").glob("*.py"):
        found["bench." + p.stem] = p
    return found


def edges(mods: dict[str, Path]) -> dict[str, set[str]]:
    """Which of ``mods`` each one imports."""
    bench = {m.removeprefix("bench.") for m in mods if m.startswith("bench.")}
    out: dict[str, set[str]] = {m: set() for m in mods}
    for m, p in mods.items():
        pkg = m if p.name == "__init__.py" else m.rpartition(".")[0]
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = pkg.split(".")
                    mod = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
                else:
                    mod = node.module or ""
                subs = [f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in mods]
                targets = subs + ([mod] if len(subs) < len(node.names) else [])
            for t in list(targets):  # importing a.b.c from outside a.b runs the __init__ of a.b first
                parts = t.split(".")
                targets += [
                    pkg
                    for pkg in (".".join(parts[:i]) for i in range(2, len(parts)))
                    if m != pkg and not m.startswith(pkg + ".")
                ]
            for t in targets:
                if m.startswith("bench.") and t in bench:
                    t = "bench." + t
                if t in mods and t != m:
                    out[m].add(t)
    return out


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else ".")
    found = cycles(edges(modules(root)))
    for c in found:
        print("cycle:", " <-> ".join(c))
    print(len(found), "cycles")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
