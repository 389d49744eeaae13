"""`bilingual clean --diff`: each output as a word-level diff of the input, on stdout, no file written."""

import re
from pathlib import Path

from click.testing import CliRunner

from bilingual import process
from bilingual.cli import cli
from bilingual.config import Config
from bilingual.diff import diff_lines
from bilingual.model import Lang

ARTICLE = (
    "Stem cells: Thérapie innovante\n\n"
    "The Escs are studied. Les cellules souches sont étudiées depuis longtemps par les chercheurs.\n"
)


def run(*args, env=None, color=False, input=None):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False, env=env, color=color, input=input)


def test_diff_shows_every_change_with_its_kind_and_every_flag_in_place(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    r = run("clean", src, "-o", tmp_path / "out", "--engine", "builtin", "--diff")
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "out").exists()  # writes no file
    result = process(ARTICLE, Config(engine="builtin"))
    conf = {(c.output_lang.value, c.before): f"{c.confidence:.2f}" for c in result.changes if c.kind == "translation"}
    assert r.stdout.splitlines() == [
        f"--- {src}",
        f"+++ {tmp_path / 'out' / 'a.en.txt'} (not written)",
        "@@ -1 +1 @@",
        f"Stem cells: [-Thérapie innovante-]{{+Innovative therapy+}} (translation {conf['en', 'Thérapie innovante']})",
        "@@ -3 +3 @@",
        "The [-Escs-]{+ESCs+} (term) are studied. [!Les cellules souches sont étudiées depuis longtemps par "
        "les chercheurs!] (⚑untranslated).",
        f"--- {src}",
        f"+++ {tmp_path / 'out' / 'a.fr.txt'} (not written)",
        "@@ -1 +1 @@",
        f"[-Stem cells-]{{+Cellules souches+}} (translation {conf['fr', 'Stem cells']}){{+⍽+}} (typography): "
        "Thérapie innovante",
        "@@ -3 +3 @@",
        "[!The [-Escs-]{+ESCs+} (term) are studied!] (⚑untranslated). Les cellules souches sont étudiées "
        "depuis longtemps par les chercheurs.",
    ]


def test_every_change_and_flag_is_in_the_diff():
    text = (Path(__file__).parent.parent / "input" / "article.txt").read_text(encoding="utf-8")
    result = process(text, Config(engine="builtin"))
    for lang in (Lang.EN, Lang.FR):
        out = "\n".join(diff_lines(result, lang, "a", "b"))
        for kind in ("translation", "term", "typography", "chatter"):
            n = sum(c.kind == kind for c in result.changes_for(lang))
            assert len(re.findall(rf"\({kind}[ )]", out)) == n, (lang, kind)
        flags = result.flags_for(lang) + result.flags_for(None)
        assert len(re.findall(r"⚑\w+", out)) == len(flags)  # every flag is shown ...
        on_a_change = [f for f in flags if any((c.start, c.end) == (f.start, f.end) for c in result.changes_for(lang))]
        assert out.count("[!") == out.count("!]") == len(flags) - len(on_a_change)  # ... in its place
        assert out.count("(⚑untranslated)") == sum(f.kind == "untranslated" for f in flags)


def test_coloured_on_a_terminal_plain_under_no_color_or_a_pipe(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    args = ("clean", src, "--engine", "builtin", "--diff", "-q")
    tty = run(*args, color=True).stdout
    assert "\x1b[31m[-Escs-]\x1b[0m" in tty and "\x1b[32m{+ESCs+}\x1b[0m" in tty
    plain = run(*args).stdout  # CliRunner's stdout is no terminal
    assert "\x1b[" not in plain and "[-Escs-]{+ESCs+} (term)" in plain
    no_color = run(*args, color=True, env={"NO_COLOR": "1"}).stdout
    assert no_color == plain


def test_stdin_one_language_and_errors(tmp_path):
    r = run(
        "clean", "-", "--to", "en", "--diff", "--engine", "builtin", "-q", input="Stem cells, les cellules souches.\n"
    )
    assert r.exit_code == 0
    assert re.fullmatch(
        r"Stem cells, \[-les cellules souches-\]\{\+stem cells\+\} \(translation \d\.\d\d\)\.",
        r.stdout.splitlines()[-1],
    )
    assert "fr output" not in r.stdout
    r = run("clean", tmp_path / "missing.txt", "--diff")
    assert r.exit_code == 3 and r.stderr.startswith("Error: ") and r.stdout == ""
    flagged = tmp_path / "f.txt"
    flagged.write_text(ARTICLE, encoding="utf-8")
    assert run("clean", flagged, "--diff", "--engine", "builtin", "--strict", "-q").exit_code == 1


def test_hunk_headers_give_the_lines_of_the_input_and_of_the_output():
    from bilingual.render import apply_changes

    text = (
        "Here's an article on X:\n\nTitre : la thérapie\n\nStem cells work.\nLes cellules souches,\n"
        "over two lines: les maladies du foie.\n\nI hope this helps!\n"
    )
    result = process(text, Config(engine="builtin"))
    for lang in (Lang.EN, Lang.FR):
        lines = diff_lines(result, lang, "a", "b")
        out_lines = result.output(lang).split("\n")
        in_lines = text.split("\n")
        checked = 0
        for k, line in enumerate(lines):
            m = re.fullmatch(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", line)
            if not m:
                continue
            a, n, b, n_out = int(m[1]), int(m[2] or 1), int(m[3]), int(m[4] or 1)
            start = sum(len(x) + 1 for x in in_lines[: a - 1])
            end = start + len("\n".join(in_lines[a - 1 : a - 1 + n]))
            inside = [c for c in result.changes_for(lang) if start <= c.start and c.end <= end + 1]
            got = apply_changes(
                text[start : end + 1],
                [type(c)(c.output_lang, c.start - start, c.end - start, c.before, c.after, c.kind) for c in inside],
            )
            want = "\n".join(out_lines[b - 1 : b - 1 + n_out]) + "\n" if n_out else ""
            assert got == want, (lang, line)
            checked += 1
        assert checked >= 3


def test_a_dropped_line_and_a_flag_on_it_share_one_note():
    from dataclasses import replace

    from bilingual.model import Flag

    text = "Here's a comprehensive article on stem cells:\n\nStem cells are studied.\n"
    result = process(text, Config(engine="builtin"))
    (drop,) = [c for c in result.changes_for(Lang.EN) if c.kind == "chatter"]
    flagged = replace(result, flags=(Flag("chatter", drop.start, drop.end, drop.before, "check it", Lang.EN),))
    assert diff_lines(flagged, Lang.EN, "a", "b")[2:] == [
        "@@ -1,2 +1,0 @@",
        "[-Here's a comprehensive article on stem cells:⏎⏎-] (chatter ⚑chatter)",
    ]


def test_folders_with_excludes(tmp_path):
    (tmp_path / "docs" / "skip").mkdir(parents=True)
    (tmp_path / "docs" / "a.txt").write_text("The Escs are studied.\n", encoding="utf-8")
    (tmp_path / "docs" / "skip" / "b.txt").write_text("The Escs too.\n", encoding="utf-8")
    r = run("clean", tmp_path / "docs", "--diff", "--to", "en", "--engine", "builtin", "-q")
    assert r.exit_code == 0 and r.stdout.count("+++ ") == 2
    r = run(
        "clean", tmp_path / "docs", "--diff", "--to", "en", "--engine", "builtin", "-q", "--extend-exclude", "skip/"
    )
    assert r.exit_code == 0 and r.stdout.count("+++ ") == 1 and "b.txt" not in r.stdout
