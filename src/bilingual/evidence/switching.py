"""Context in detection: what switching language between two words costs, and the labelling of a
sentence that best fits its words' evidence at those costs (a two-state Viterbi pass).

Costs are in natural-log units of the frequency ratio, set on ../shared/eval with
bench/quality.py (F1 moves by < 0.003 on the dev sets for SWITCH_SPACE in 3-4): switching inside a clause costs more than at a comma, and less again at a
bracket, colon or quote; an elided article never switches away from its word.
"""

from __future__ import annotations

SWITCH_SPACE = 4.0  # same clause: a lone word needs strong evidence (> 2 * 4) to switch
SWITCH_COMMA = 2.0
SWITCH_BREAK = 0.8  # bracket, colon, semicolon, quote, dash
BOND = 50.0  # elided article and its word never differ
BREAKS = frozenset('()[]{}:;"“”«»—–/|…!?.')  # a segment never spans these


def switch_cost(gap: str) -> float:
    """What switching language costs between two words separated by ``gap``.

    No gap at all is an elided article and its word (``l'inflammation``): they
    never differ. (An English clitic, ``Ici’s``, is handled by the caller.)
    """
    if gap == " ":
        return SWITCH_SPACE
    if not gap:
        return BOND
    if "\n" in gap or not BREAKS.isdisjoint(gap) or " - " in gap:  # " - ": a dash typed as a hyphen
        return SWITCH_BREAK
    if "," in gap:
        return SWITCH_COMMA
    return SWITCH_SPACE


def best_path(scores: list[float], costs: list[float], edge_en: float, edge_fr: float) -> list[int]:
    """The best labelling of a sentence's words, 0 (en) or 1 (fr) each.

    ``scores``: per-word log-odds (> 0 leans French); ``costs[i]``: the price of
    switching between word i-1 and word i; ``edge_*``: the price of starting and
    of ending the sentence in that language. On a tie a path stays in its language.
    """
    h = scores[0] / 2
    en, fr = -edge_en - h, -edge_fr + h  # the best path's score ending in en, in fr
    back: list[tuple[int, int]] = [(0, 1)]  # back[i]: the label of word i-1 on the best path to (en, fr) at word i
    for i in range(1, len(scores)):
        h, c = scores[i] / 2, costs[i]
        from_fr = fr - c
        from_en = en - c
        en_prev = 0 if en >= from_fr else 1
        fr_prev = 1 if fr >= from_en else 0
        en, fr = (en if en_prev == 0 else from_fr) - h, (fr if fr_prev == 1 else from_en) + h
        back.append((en_prev, fr_prev))
    state = 0 if en - edge_en >= fr - edge_fr else 1
    path = [state] * len(scores)
    for i in range(len(scores) - 1, 0, -1):
        state = back[i][state]
        path[i - 1] = state
    return path
