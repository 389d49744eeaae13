"""Import cycles among the modules of src/bilingual and bench (every import, lazy ones too)."""
import ast, sys
from pathlib import Path
root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
mods = {}
for p in (root / "src" / "bilingual").rglob("*.py"):
    rel = p.relative_to(root / "src").with_suffix("")
    name = ".".join(rel.parts)
    if name.endswith(".__init__"): name = name[:-9]
    mods[name] = p
for p in (root / "bench").glob("*.py"):
    mods["bench." + p.stem] = p
edges = {m: set() for m in mods}
for m, p in mods.items():
    pkg = m if p.name == "__init__.py" else m.rpartition(".")[0]
    for node in ast.walk(ast.parse(p.read_text())):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")
                base = base[:len(base) - node.level + 1]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            subs = [mod + "." + a.name for a in node.names if mod + "." + a.name in mods]
            targets = subs + ([mod] if len(subs) < len(node.names) else [])
        for t in targets:
            if m.startswith("bench.") and t in {x[6:] for x in mods if x.startswith("bench.")}:
                t = "bench." + t
            if t in mods and t != m:
                edges[m].add(t)
# Tarjan SCC
index, low, stack, on, out = {}, {}, [], set(), []
i = 0
sys.setrecursionlimit(10000)
def sc(v):
    global i
    index[v] = low[v] = i; i += 1; stack.append(v); on.add(v)
    for w in edges[v]:
        if w not in index: sc(w); low[v] = min(low[v], low[w])
        elif w in on: low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1: out.append(sorted(comp))
for v in edges:
    if v not in index: sc(v)
for c in out: print("cycle:", c)
print(len(out), "cycles")
