"""Load kg's spaCy pipeline from its config, once per process.

    nlp = load_pipeline()               # kg/nlp/pipeline.cfg
    doc = nlp(document.nlp_text)        # doc.ents: PERSON / ORG / LOC / TITLE

Pipes: ner (statistical, char tokens) -> kg_titles -> kg_gazetteer -> kg_merge_entities.
The pipeline expects simplified text; :func:`to_simplified` converts traditional
script character by character, so offsets stay those of the input.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from kg.errors import PipelineError

__all__ = ["DEFAULT_CONFIG", "load_pipeline", "load_config", "to_simplified", "chunk_text",
           "PipelineSettings"]

DEFAULT_CONFIG = Path(__file__).with_name("pipeline.cfg")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


class PipelineSettings(dict):
    """The [nlp] and [paths] sections of the config, resolved (kept on ``nlp.meta["kg"]``)."""


def load_config(config: Path | None = None, overrides: Mapping[str, Any] | None = None):
    from thinc.api import Config

    path = Path(config or DEFAULT_CONFIG)
    if not path.is_file():
        raise PipelineError(f"{path}: pipeline config not found; give a .cfg file like kg/nlp/pipeline.cfg")
    try:
        return Config().from_disk(path, overrides=dict(overrides or {}))
    except Exception as err:  # thinc raises several kinds on a bad file
        raise PipelineError(f"{path}: cannot read the pipeline config: {err}") from err


def load_pipeline(config: Path | None = None, overrides: Mapping[str, Any] | None = None):
    """The pipeline described by ``config`` (default kg/nlp/pipeline.cfg), built once per process."""
    path = Path(config or DEFAULT_CONFIG).resolve()
    return _build(str(path), json.dumps(dict(overrides or {}), sort_keys=True, ensure_ascii=False))


@functools.cache
def _build(path: str, overrides_json: str):
    import spacy

    import kg.nlp.components  # noqa: F401  (registers our factories and architecture)

    cfg = load_config(Path(path), json.loads(overrides_json))
    base = Path(path).parent
    try:
        settings = cfg["nlp"]
        model = (base / cfg["paths"]["model"]).resolve()
        lexicons = (base / cfg["paths"]["lexicons"]).resolve()
        components = cfg.get("components", {})
    except KeyError as err:
        raise PipelineError(f"{path}: missing setting {err}; compare with kg/nlp/pipeline.cfg") from None
    if not (model / "config.cfg").is_file():
        raise PipelineError(f"{model}: no trained NER model here; run `kg train ner` "
                            f"or fix paths.model in {path}")
    try:
        nlp = spacy.load(model)
    except Exception as err:
        raise PipelineError(f"{model}: cannot load the NER model: {err}") from err
    trained_with = getattr(nlp.tokenizer, "segmenter", None)
    trained_with = getattr(trained_with, "value", trained_with)
    if settings.get("segmenter", "char") != trained_with:
        raise PipelineError(f"{path}: segmenter {settings.get('segmenter')!r} but the model in {model} was "
                            f"trained on {trained_with!r} tokens; retrain or set nlp.segmenter = "
                            f"{trained_with!r}")
    for name in settings.get("after_ner", []):
        conf = dict(components.get(name, {}))
        if name in ("kg_titles", "kg_gazetteer", "kg_person_names"):
            conf.setdefault("lexicons", str(lexicons))
        try:
            nlp.add_pipe(name, config=conf)
        except Exception as err:
            raise PipelineError(f"{path}: cannot add component {name!r}: {err}") from err
    nlp.batch_size = int(settings.get("batch_size", 256))
    nlp.meta["kg"] = PipelineSettings(config=path, model=str(model), lexicons=str(lexicons),
                                      max_chunk_chars=int(settings.get("max_chunk_chars", 2000)))
    return nlp


@functools.cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=65536)
def _char_t2s(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


def to_simplified(text: str) -> str:
    """Traditional -> simplified script with the same length (offsets unchanged).

    OpenCC's phrase-level conversion is used when it keeps the length; otherwise
    each character is converted alone.
    """
    if not text or text.isascii():
        return text
    whole = _converter().convert(text)
    if len(whole) == len(text):
        return whole
    return "".join(_char_t2s(c) for c in text)


def chunk_text(text: str, max_chars: int) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pieces of at most ``max_chars``, cut after sentence punctuation when possible."""
    start, n = 0, len(text)
    while n - start > max_chars:
        window = text[start : start + max_chars]
        cut = None
        for m in _SENTENCE_END.finditer(window):
            cut = m.end()
        if cut is None or cut < max_chars // 4:
            cut = max_chars
        yield start, text[start : start + cut]
        start += cut
    if start < n or n == 0:
        yield start, text[start:]
