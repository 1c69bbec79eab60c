"""Train kg's statistical NER model (PERSON / ORG / LOC / TITLE) on the public corpora.

    kg train ner --datasets ../shared/datasets -o kg/nlp/model --max-minutes 45

The architecture is in ``kg/nlp/ner_train.cfg``.  The loop is time-boxed and
single-threaded; every few minutes it scores a held-out slice of the *training*
corpora (never the dev sets we report on) and keeps the best weights.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from kg.errors import PipelineError  # noqa: E402
from kg.nlp.corpora import (  # noqa: E402
    CORPORA,
    DEV_CORPORA,
    LABELS,
    TRAIN_CORPORA,
    Sentence,
    make_example,
    mark_missing_titles,
    read_corpus,
)

__all__ = ["train_ner", "load_training_sentences", "TRAIN_CONFIG"]

TRAIN_CONFIG = Path(__file__).with_name("ner_train.cfg")


def load_training_sentences(datasets: Path, titles: frozenset[str], *,
                            exclude_dev: bool = True) -> dict[str, list[Sentence]]:
    """The training corpora, folded; titles marked missing where a corpus has no TITLE label.

    Sentences that also stand in a dev set are left out (``exclude_dev``): MSRA train holds
    most of People's Daily dev and MSRA val verbatim.
    """
    dev: set[str] = set()
    for name in DEV_CORPORA if exclude_dev else ():
        if (Path(datasets) / CORPORA[name].path).exists():
            dev |= {s.text for s in read_corpus(datasets, name)}
    out = {}
    for name in TRAIN_CORPORA:
        sents = read_corpus(datasets, name)
        if "TITLE" not in CORPORA[name].labels:
            sents = [mark_missing_titles(s, titles) for s in sents]
        out[name] = [s for s in sents if s.text.strip() and s.text not in dev]
    return out


def _score(nlp, examples) -> float:
    scores = nlp.evaluate(examples)
    return float(scores.get("ents_f") or 0.0)


def train_ner(datasets: Path, output: Path, seed: int = 0, max_minutes: float = 45.0,
              log=print, exclude_dev: bool = True, init: Path | None = None, synthetic: float = 0.0,
              learn_rate: float | None = None) -> None:
    """Train and save the NER pipeline (tokenizer + ner) to ``output`` (overwritten).

    ``init``: start from that trained model's weights (fine-tuning) instead of random ones.
    ``synthetic``: the share of the training stream drawn from bulletin-style filled templates
    (:mod:`kg.nlp.synthetic`); their own held-out slice is scored beside the corpora's, and the
    weights kept are the best mean of the two.
    """
    import spacy
    from spacy.training.batchers import minibatch_by_words
    from spacy.util import fix_random_seed
    from thinc.api import Adam, Config, compounding

    import kg.nlp.components  # noqa: F401  (registers kg.CharNgramEmbed.v1)
    from kg.nlp.compile_lexicons import title_words

    datasets = Path(datasets)
    if not datasets.is_dir():
        raise PipelineError(f"{datasets}: no such datasets folder; pass --datasets ../shared/datasets")
    cfg = Config().from_disk(TRAIN_CONFIG)
    hp = dict(cfg.pop("kg_training"))
    if learn_rate is not None:
        hp["learn_rate"] = learn_rate
    fix_random_seed(seed)
    rng = random.Random(seed)
    if init is not None:
        if not (Path(init) / "config.cfg").exists():
            raise PipelineError(f"{init}: not a trained model folder (no config.cfg); pass --init kg/nlp/model")
        nlp = spacy.load(init)
    else:
        nlp = spacy.util.load_model_from_config(cfg, auto_fill=True, validate=True)
    ner = nlp.get_pipe("ner")
    for label in LABELS:
        if label not in ner.labels:
            ner.add_label(label)

    t_start = time.time()
    titles = title_words(datasets)
    corpora = load_training_sentences(datasets, titles, exclude_dev=exclude_dev)
    train, heldout = [], []
    for name, sents in corpora.items():
        sents = list(sents)
        rng.shuffle(sents)
        k = min(hp["heldout_msra"] if name == "msra_train" else hp["heldout_other"], len(sents) // 10)
        heldout += sents[:k]
        train += sents[k:]
        log(f"{name}: {len(sents) - k} train, {k} held out")
    if not train:
        raise PipelineError(f"{datasets}: no training sentences found")
    train_ex = [make_example(nlp, s) for s in train]
    held_ex = [make_example(nlp, s) for s in heldout]
    synth_ex: list = []
    synth_held: list = []
    if synthetic > 0:
        from kg.nlp.synthetic import synthetic_sentences

        n_synth = max(1, round(len(train_ex) * synthetic / (1 - synthetic))) if synthetic < 1 else len(train_ex)
        synth_ex = [make_example(nlp, s) for s in synthetic_sentences(n_synth, seed=seed)]
        synth_held = [make_example(nlp, s) for s in synthetic_sentences(500, seed=seed + 10_000)]
        log(f"{len(synth_ex)} synthetic examples ({synthetic:.0%} of the stream), {len(synth_held)} held out")
    log(f"{len(train_ex) + len(synth_ex)} training examples built in {time.time() - t_start:.0f}s")

    optimizer = Adam(learn_rate=hp["learn_rate"], L2=1e-6, grad_clip=1.0, use_averages=True)
    if init is None:
        nlp.initialize(lambda: train_ex[:3000], sgd=optimizer)
    if not held_ex:  # a toy corpus: score on the training sentences
        held_ex = train_ex[:200]
    train_ex += synth_ex
    budget = max_minutes * 60.0
    t0 = time.time()
    last_eval, best, step, epoch, words = t0, -1.0, 0, 0, 0
    tmp = output.with_name(output.name + ".tmp")
    history = []

    def checkpoint() -> None:
        nonlocal best
        with nlp.use_params(optimizer.averages):
            f = f_corpora = _score(nlp, held_ex)
            f_synth = _score(nlp, synth_held) if synth_held else None
            if f_synth is not None:
                f = (f_corpora + f_synth) / 2
            elapsed = (time.time() - t0) / 60
            history.append({"minutes": round(elapsed, 1), "step": step, "epoch": epoch,
                            "heldout_f": round(f_corpora, 4),
                            **({"synthetic_heldout_f": round(f_synth, 4)} if f_synth is not None else {})})
            log(f"{elapsed:5.1f} min  epoch {epoch}  step {step}  words {words}  held-out F {f_corpora:.4f}"
                + (f"  synthetic held-out F {f_synth:.4f}" if f_synth is not None else ""))
            if f > best:
                best = f
                if tmp.exists():
                    shutil.rmtree(tmp)
                nlp.to_disk(tmp)

    def stream():
        nonlocal epoch
        while True:
            epoch += 1
            rng.shuffle(train_ex)
            yield from train_ex

    sizes = compounding(hp["batch_words_start"], hp["batch_words_stop"], 1.001)
    for batch in minibatch_by_words(stream(), size=sizes, tolerance=0.2):
        elapsed = time.time() - t0
        if elapsed > budget:
            break
        warm = min(1.0, (step + 1) / hp["warmup_steps"])
        optimizer.learn_rate = hp["learn_rate"] * warm * max(0.05, 1.0 - elapsed / budget)
        nlp.update(batch, drop=hp["dropout"], sgd=optimizer)
        step += 1
        words += sum(len(eg.predicted) for eg in batch)
        if time.time() - last_eval > hp["eval_every_seconds"]:
            checkpoint()
            last_eval = time.time()
    checkpoint()
    meta_path = tmp / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({
        "name": "kg_ner", "version": "0.1.0",
        "description": "kg NER: PERSON ORG LOC TITLE, char tokens, trained on MSRA train, CLUENER train, "
                       "Resume train, UNER GSDSimp train",
        "kg_training": {**hp, "seed": seed, "max_minutes": max_minutes, "steps": step, "words": words,
                        "init": str(init) if init is not None else None, "synthetic": synthetic,
                        "best_heldout_f": round(best, 4), "history": history},
    })
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    if output.exists():
        shutil.rmtree(output)
    tmp.rename(output)
    log(f"saved {output} (held-out F {best:.4f}) after {(time.time() - t_start) / 60:.1f} min")
