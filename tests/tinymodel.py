"""Build a tiny random translation model, in the layouts bilingual installs.

No torch, no download, well under a second: a SentencePiece model of about
100 pieces trained on generated lines, and a one-layer CTranslate2
Transformer whose weights are small random numbers. Its output is gibberish:
tests assert structure (non-empty, deterministic, one answer per input), never
content.

    build_argos_package(folder, "fr", "en")      # folder/ holds an Argos package
    build_argosmodel(path, "fr", "en")            # path is a .argosmodel zip of it
    build_opus_folder(folder)                     # CTranslate2 model + source.spm/target.spm
"""

from __future__ import annotations

import functools
import io
import json
import random
import zipfile
from pathlib import Path

WORDS = (
    "the stem cells liver disease therapy cells of and treatment patients are new research "
    "les cellules souches maladie du foie thérapie traitement des patients sont nouvelles recherche "
    "hépatocytes greffe insuffisance hépatique régénération function immune response ESCs iPSCs"
).split()


@functools.cache
def _spm_bytes(seed: int = 0, vocab_size: int = 100) -> bytes:
    import sentencepiece as spm

    rng = random.Random(seed)
    lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))) for _ in range(400)]
    out = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=out,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        minloglevel=2,
        num_threads=1,
    )
    return out.getvalue()


def _pieces(spm_bytes: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=spm_bytes)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def _save_model(model_dir: Path, vocab: list[str], seed: int = 0, d_model: int = 16, ffn: int = 32) -> None:
    import numpy as np
    from ctranslate2.specs import transformer_spec
    from ctranslate2.specs.model_spec import index_spec

    spec = transformer_spec.TransformerSpec.from_config(1, 2)
    rng = np.random.default_rng(seed)
    v, d = len(vocab), d_model
    shapes = {
        "embeddings_0/weight": (v, d),
        "embeddings/weight": (v, d),
        "projection/weight": (v, d),
        "self_attention/linear_0/weight": (3 * d, d),
        "self_attention/linear_1/weight": (d, d),
        "attention/linear_0/weight": (d, d),
        "attention/linear_1/weight": (2 * d, d),
        "attention/linear_2/weight": (d, d),
        "ffn/linear_0/weight": (ffn, d),
        "ffn/linear_1/weight": (d, ffn),
    }
    for name, value in spec.variables().items():
        if value is not None:
            continue
        scope, attr = name.rsplit("/", 1)
        if attr == "gamma":
            array = np.ones(d, dtype=np.float32)
        elif attr == "beta":
            array = np.zeros(d, dtype=np.float32)
        else:
            shape = next(s for suffix, s in shapes.items() if name.endswith(suffix))
            array = rng.normal(0, 0.3, shape).astype(np.float32)
        setattr(index_spec(spec, scope), attr, array)
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize()
    model_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(model_dir))


def build_argos_package(
    folder: Path,
    from_code: str = "fr",
    to_code: str = "en",
    seed: int = 0,
    target_prefix: str = "",
    version: str = "0.1",
) -> Path:
    """Write an unpacked Argos Translate package into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    spm_bytes = _spm_bytes(seed)
    (folder / "sentencepiece.model").write_bytes(spm_bytes)
    _save_model(folder / "model", _pieces(spm_bytes), seed)
    meta = {
        "package_version": version,
        "argos_version": "1.9.0",
        "type": "translate",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "links": [],
        "languages": [],
        "dependencies": [],
    }
    if target_prefix:
        meta["target_prefix"] = target_prefix
    (folder / "metadata.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
    (folder / "README.md").write_text("A tiny random model for tests.\n", encoding="utf-8")
    return folder


def build_argosmodel(
    path: Path, from_code: str = "fr", to_code: str = "en", seed: int = 0, top: str | None = None, version: str = "0.1"
) -> Path:
    """Write a ``.argosmodel`` zip (one top-level folder) to ``path``."""
    path = Path(path)
    src = build_argos_package(path.parent / f".{path.stem}-src", from_code, to_code, seed, version=version)
    top = top or f"translate-{from_code}_{to_code}-tiny"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(src.rglob("*")):
            if f.is_file():
                z.write(f, f"{top}/{f.relative_to(src).as_posix()}")
    return path


def build_opus_folder(folder: Path, seed: int = 1) -> Path:
    """Write a CTranslate2-converted OPUS-MT folder: model files + source.spm / target.spm."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    spm_bytes = _spm_bytes(seed)
    (folder / "source.spm").write_bytes(spm_bytes)
    (folder / "target.spm").write_bytes(spm_bytes)
    _save_model(folder, _pieces(spm_bytes), seed)
    return folder
