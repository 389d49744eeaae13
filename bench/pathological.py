"""Time against size on pathological inputs: every kind must stay linear (issue 14).

    python bench/pathological.py                  # 1 MB and 4 MB of every kind (a few minutes)
    python bench/pathological.py --sizes 1        # 1 MB only
    python bench/pathological.py --only backticks,deep-lists --profile   # cProfile the slowest

Each kind of input is generated (deterministically) at 1,000,000 and 4,000,000
bytes (both under the 4 MB streaming threshold, so the whole text goes through
one ``process`` call: the worst case) and cleaned in this process as
``bilingual clean FILE --no-html -e builtin`` does (read, Markdown protection for
``.md``, detection, terms, translation, report), after one warm-up run. It
prints seconds per MB for each size, the 4 MB / 1 MB time ratio (4 for linear
time; 16 for quadratic) and the seconds per MB against ordinary prose's; every
kind must stay within :data:`LIMIT` x prose.

Glossaries: a TSV holding one 120 KB term, and TSV and TBX glossaries of 1 and 4 MB
(seconds to load and peak traced memory).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src")]

LIMIT = 3.0  # seconds per MB, as a multiple of prose's
PUNCT = "!?.,;:-—–()[]{}'\"«»…/\\*&%$#@^~|<>=+_"


def _fill(size: int, piece) -> str:
    """Call ``piece(i)`` until ``size`` UTF-8 bytes are reached; cut exactly at ``size`` bytes."""
    parts, total, i = [], 0, 0
    while total < size:
        p = piece(i)
        parts.append(p)
        total += len(p.encode("utf-8"))
        i += 1
    data = "".join(parts).encode("utf-8")[:size]
    return data.decode("utf-8", "ignore").rstrip() + "\n"


def prose(size: int) -> str:
    article = (ROOT / "input" / "article.txt").read_text(encoding="utf-8")
    return _fill(size, lambda i: article + "\n")


def punctuation(size: int) -> str:
    rng = random.Random(1)
    return _fill(size, lambda i: "".join(rng.choice(PUNCT + "  ") for _ in range(rng.randint(40, 100))) + "\n")


def backticks(size: int) -> str:
    rng = random.Random(2)
    words = "les cellules souches stem cells the liver le foie".split()
    return _fill(
        size,
        lambda i: (
            " ".join(
                "`" * rng.randint(1, 12) if rng.random() < 0.5 else rng.choice(words) for _ in range(rng.randint(5, 20))
            )
            + ("\n\n" if i % 5 == 4 else "\n")
        ),
    )


def deep_lists(size: int) -> str:
    words = "Stem cells are studied, en particulier les cellules souches du foie".split()
    return _fill(size, lambda i: "  " * (i % 200) + f"- {words[i % len(words)]} item {i}\n")


def deep_quotes(size: int) -> str:
    return _fill(size, lambda i: "> " * (i % 300) + f"Le foie est un organe, the liver {i}.\n")


def capitals(size: int) -> str:
    rng = random.Random(3)
    words = "STEM CELLS ARE STUDIED EN PARTICULIER LES CELLULES SOUCHES DU FOIE THE LIVER ESCS IPSCS".split()
    return _fill(size, lambda i: " ".join(rng.choice(words) for _ in range(rng.randint(50, 400))) + ".\n")


def alternating_scripts(size: int) -> str:
    rng = random.Random(4)
    scripts = ["stem", "cellules", "αβγδ", "абвгд", "中文字", "العربية", "עברית", "ひらがな", "한국어", "हिन्दी"]
    return _fill(
        size,
        lambda i: (
            " ".join(
                scripts[(i + k) % len(scripts)] if rng.random() < 0.8 else rng.choice(scripts)
                for k in range(rng.randint(8, 30))
            )
            + ".\n"
        ),
    )


def long_words(size: int) -> str:
    rng = random.Random(5)
    return _fill(
        size,
        lambda i: (
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyzéèà") for _ in range(rng.randint(1000, 20000)))
            + (" " if i % 3 else "\n")
        ),
    )


def no_spaces(size: int) -> str:
    return prose(size).replace(" ", "")


KINDS = {  # name -> (generator, file suffix)
    "prose": (prose, ".txt"),
    "punctuation": (punctuation, ".txt"),
    "punctuation-md": (punctuation, ".md"),
    "backticks": (backticks, ".md"),
    "deep-lists": (deep_lists, ".md"),
    "deep-quotes": (deep_quotes, ".md"),
    "capitals": (capitals, ".txt"),
    "alternating-scripts": (alternating_scripts, ".txt"),
    "long-words": (long_words, ".txt"),
    "no-spaces": (no_spaces, ".txt"),
}


def clean_seconds(path: Path, out: Path) -> float:
    """Wall time of cleaning ``path`` as the command line does (built-in engine, no HTML)."""
    from bilingual import batch
    from bilingual.config import Config

    options = batch.Options(Config(engine="builtin"), ("en", "fr"), html=False)
    t = time.perf_counter()
    outcome = batch.run_one(batch.Job(str(path), out), options)
    took = time.perf_counter() - t
    if outcome.error:
        raise SystemExit(f"{path.name}: {outcome.error}")
    return took


def glossary_rows(size: int, big_term: int = 0) -> list[tuple[str, str]]:
    rows, total, i = [], 0, 0
    if big_term:  # one term of many words (every prefix of it is a key prefix)
        words = " ".join(f"stem{k % 97}" for k in range(big_term // 7))[:big_term].rsplit(" ", 1)[0]
        rows.append((words, words.replace("stem", "souche")))
        total += 2 * len(words)
    while total < size:
        en, fr = f"stem cell type {i}", f"cellule souche de type {i}"
        rows.append((en, fr))
        total += len(en) + len(fr) + 2
        i += 1
    return rows


def write_tbx(path: Path, rows) -> None:
    from xml.sax.saxutils import escape

    with open(path, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0"?>\n<martif type="TBX"><text><body>\n')
        for en, fr in rows:
            fh.write(
                f'<termEntry><langSet xml:lang="en"><tig><term>{escape(en)}</term></tig></langSet>'
                f'<langSet xml:lang="fr"><tig><term>{escape(fr)}</term></tig></langSet></termEntry>\n'
            )
        fh.write("</body></text></martif>\n")


def glossary_figures(folder: Path, sizes: list[int]) -> list[tuple[str, float, float]]:
    import tracemalloc

    from bilingual import terms
    from bilingual.model import Lang, Segment

    cases = [
        (
            "tsv, one 120 KB term",
            "big.tsv",
            lambda p: p.write_text(
                "en\tfr\n" + "\n".join(f"{a}\t{b}" for a, b in glossary_rows(10_000, 120_000)) + "\n", encoding="utf-8"
            ),
        )
    ]
    for mb in sizes:
        rows = glossary_rows(int(mb * 1_000_000))
        cases.append(
            (
                f"tsv {mb} MB",
                f"g{mb}.tsv",
                lambda p, rows=rows: p.write_text(
                    "en\tfr\n" + "\n".join(f"{a}\t{b}" for a, b in rows) + "\n", encoding="utf-8"
                ),
            )
        )
        cases.append((f"tbx {mb} MB", f"g{mb}.tbx", lambda p, rows=rows: write_tbx(p, rows)))
    out = []
    for label, name, make in cases:
        p = folder / name
        make(p)
        probe = " ".join(f"stem{k % 97}" for k in range(3000)) + ". Stem cells, les cellules souches."

        def load():  # load, merge, and match a text that follows the long term for 3000 words
            merged = terms.builtin_termbase().merged(terms.load_glossary(p))
            seg = Segment(0, len(probe), Lang.EN, 1.0)
            terms.term_changes(probe, merged, Lang.EN, [seg])

        t = time.perf_counter()
        load()
        took = time.perf_counter() - t
        tracemalloc.start()  # a second run for memory: tracing slows it down
        load()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        out.append((label, took, peak))
        print(f"  {label:<24} {took:7.2f} s  peak {peak:7.1f} MB  (file {p.stat().st_size / 1e6:.1f} MB)", flush=True)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1,4", help="sizes in MB (default 1,4)")
    ap.add_argument("--only", default="", help="comma-separated kinds (default: all)")
    ap.add_argument("--profile", action="store_true", help="cProfile each run; print the top functions")
    ap.add_argument("--no-glossaries", action="store_true")
    args = ap.parse_args(argv)
    sizes = [float(s) if "." in s else int(s) for s in args.sizes.split(",")]
    kinds = [k for k in KINDS if not args.only or k in args.only.split(",")]
    if "prose" not in kinds:
        kinds.insert(0, "prose")
    from bilingual.workers import tune_gc
    from bilingual.pipeline import process

    tune_gc()
    process("Stem cells, en particulier les cellules souches. Le foie est un organe.")
    per_mb: dict[str, dict[int, float]] = {}
    with tempfile.TemporaryDirectory(prefix="bilingual-patho-") as tmp:
        folder = Path(tmp)
        for suffix in (".txt", ".md"):  # warm up: every model, list and cache loaded before timing
            (folder / f"warm{suffix}").write_text(prose(200_000), encoding="utf-8")
            clean_seconds(folder / f"warm{suffix}", folder / "out")
        print(
            f"{'kind':<22}"
            + "".join(f"{f'{mb} MB s/MB':>12}" for mb in sizes)
            + ("   4MB/1MB" if {1, 4} <= set(sizes) else "")
            + "   x prose",
            flush=True,
        )
        for kind in kinds:
            make, suffix = KINDS[kind]
            per_mb[kind] = {}
            for mb in sizes:
                path = folder / f"{kind}-{mb}{suffix}"
                path.write_text(make(int(mb * 1_000_000)), encoding="utf-8")
                if args.profile:
                    import cProfile
                    import pstats

                    prof = cProfile.Profile()
                    prof.enable()
                secs = clean_seconds(path, folder / "out")
                if args.profile:
                    prof.disable()
                    print(f"--- {kind} {mb} MB: {secs:.1f} s")
                    pstats.Stats(prof).sort_stats("cumulative").print_stats(18)
                per_mb[kind][mb] = secs / mb
                path.unlink()
            row = f"{kind:<22}" + "".join(f"{per_mb[kind][mb]:12.2f}" for mb in sizes)
            if {1, 4} <= set(sizes):
                row += f"{per_mb[kind][4] * 4 / per_mb[kind][1]:10.1f}"
            ref = max(per_mb["prose"].values())
            worst = max(per_mb[kind].values())
            row += f"{worst / ref:10.2f}" + ("" if worst <= LIMIT * ref else "   TOO SLOW")
            print(row, flush=True)
        if not args.no_glossaries:
            print("glossaries (load + merge + one match):")
            glossary_figures(folder, sizes)
    ref = max(per_mb["prose"].values())
    slow = [k for k in kinds if max(per_mb[k].values()) > LIMIT * ref]
    if slow:
        print(f"above {LIMIT:g} x prose: {', '.join(slow)}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
