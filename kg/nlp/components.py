"""Everything kg registers with spaCy, in one module (no import cycles).

Architectures:
    kg.CharNgramEmbed.v1   hash embeddings of a character, its left and right
                           character bigrams (NFKC-normalised), for the NER tok2vec
Pipeline components (Doc -> Doc):
    kg_gazetteer           lexicon matches -> doc.spans["gazetteer"]
    kg_titles              job titles      -> doc.spans["titles"]
    kg_merge_entities      statistical ents + gazetteer + titles -> doc.ents
    kg_person_names        PERSON ents split where names stand side by side -> doc.ents
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import cast

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import (
    HashEmbed,
    Maxout,
    Model,
    chain,
    concatenate,
    list2ragged,
    ragged2list,
    with_array,
)
from thinc.types import Floats2d, Ints2d, Ragged

__all__ = ["char_ngram_embed"]

_BOS = numpy.uint64(0x9E3779B97F4A7C15)
_EOS = numpy.uint64(0xC2B2AE3D27D4EB4F)
_MUL = numpy.uint64(0x100000001B3)


def _char_keys(model: Model, docs: list[Doc]) -> list[numpy.ndarray]:
    cache: dict[int, int] = model.attrs.setdefault("norm_cache", {})
    out = []
    for doc in docs:
        orth = doc.to_array(ORTH).astype("uint64") if len(doc) else numpy.zeros((0,), dtype="uint64")
        keys = numpy.empty(len(orth), dtype="uint64")
        strings = doc.vocab.strings
        for i, o in enumerate(orth.tolist()):
            k = cache.get(o)
            if k is None:
                norm = unicodedata.normalize("NFKC", strings[o]).lower()
                k = cache[o] = strings.add(norm)
            keys[i] = k
        out.append(keys)
    return out


def _ngram_features_forward(model: Model, docs: list[Doc], is_train: bool):
    out = []
    with numpy.errstate(over="ignore"):
        for keys in _char_keys(model, docs):
            n = len(keys)
            prev = numpy.empty(n, dtype="uint64")
            nxt = numpy.empty(n, dtype="uint64")
            if n:
                prev[0], prev[1:] = _BOS, keys[:-1]
                nxt[-1], nxt[:-1] = _EOS, keys[1:]
            left = prev * _MUL ^ keys
            right = keys * _MUL ^ nxt
            out.append(model.ops.asarray2i(numpy.stack([keys, left, right], axis=1).astype("uint64"),
                                           dtype="uint64"))
    return out, lambda d_out: []



def text_of(doc) -> str:
    """``doc.text``, built once per Doc: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text

@registry.architectures("kg.CharNgramEmbed.v1")
def char_ngram_embed(width: int, rows: list[int]) -> Model[list[Doc], list[Floats2d]]:
    """Embed each character token by its NFKC form and its two bigrams (hash embeddings)."""
    if len(rows) != 3:
        raise ValueError("kg.CharNgramEmbed.v1 wants 3 row counts: char, left bigram, right bigram")
    extractor: Model[list[Doc], list[Ints2d]] = Model("kg_char_ngrams", _ngram_features_forward)
    embeddings = [HashEmbed(width, r, column=i, seed=11 + i, dropout=0.0) for i, r in enumerate(rows)]
    max_out: Model[Ragged, Ragged] = with_array(Maxout(width, width * 3, nP=3, dropout=0.0, normalize=True))
    return chain(
        extractor,
        cast(Model[list[Ints2d], Ragged], list2ragged()),
        with_array(concatenate(*embeddings)),
        max_out,
        ragged2list(),
    )


# --- pipeline components ---------------------------------------------------


from spacy.language import Language  # noqa: E402
from spacy.tokens import Span  # noqa: E402
from spacy.util import filter_spans  # noqa: E402

from kg.nlp.gazetteers import LexiconMatcher, load_gazetteers  # noqa: E402
from kg.nlp.names import NameModel, load_name_model  # noqa: E402

_TITLE_MODIFIERS = ("常务副", "副", "代理", "代", "名誉", "执行", "常务", "首席", "高级", "资深", "特聘",
                    "客座", "兼职", "原")


@Language.factory(
    "kg_gazetteer",
    assigns=["doc.spans"],
    default_config={"lexicons": None, "kinds": ["orgs", "places"], "min_length": 2, "spans_key": "gazetteer"},
)
def make_gazetteer(nlp: Language, name: str, lexicons: str | None, kinds: list[str], min_length: int,
                   spans_key: str) -> GazetteerMatcher:
    return GazetteerMatcher(load_gazetteers(lexicons).matcher(kinds), min_length, spans_key)


class GazetteerMatcher:
    """Dictionary matches (organizations, places) -> ``doc.spans[spans_key]``; leftmost-longest."""

    def __init__(self, matcher: LexiconMatcher, min_length: int, spans_key: str) -> None:
        self.matcher = matcher
        self.min_length = min_length
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for s, e, label in self.matcher.finditer(text_of(doc)):
            if e - s >= self.min_length:
                span = doc.char_span(s, e, label=label, alignment_mode="contract")
                if span is not None and len(span):
                    spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "kg_titles",
    assigns=["doc.spans"],
    default_config={"lexicons": None, "spans_key": "titles", "blocked_next": "会团处部厅局院室组办"},
)
def make_title_recognizer(nlp: Language, name: str, lexicons: str | None, spans_key: str,
                          blocked_next: str) -> TitleRecognizer:
    gaz = load_gazetteers(lexicons)
    return TitleRecognizer(LexiconMatcher((t, "TITLE") for t in gaz.titles), spans_key, blocked_next)


class TitleRecognizer:
    """Job titles (党组书记, 常务副主席, 二级巡视员) -> ``doc.spans[spans_key]``.

    A title followed by a character that makes it part of a body's name
    (委员 + 会, 主席 + 团) is skipped; modifiers in front (副, 常务副, 名誉) are taken in.
    """

    def __init__(self, matcher: LexiconMatcher, spans_key: str, blocked_next: str) -> None:
        self.matcher = matcher
        self.spans_key = spans_key
        self.blocked_next = frozenset(blocked_next)

    def find(self, text: str) -> list[tuple[int, int]]:
        out = []
        for s, e, _ in self.matcher.finditer(text):
            if e < len(text) and text[e] in self.blocked_next:
                continue
            for mod in _TITLE_MODIFIERS:
                ms = s - len(mod)
                if ms >= 0 and text.startswith(mod, ms) and (not out or out[-1][1] <= ms):
                    s = ms
                    break
            out.append((s, e))
        return out

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for s, e in self.find(text_of(doc)):
            span = doc.char_span(s, e, label="TITLE", alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "kg_merge_entities",
    requires=["doc.ents", "doc.spans"],
    assigns=["doc.ents"],
    default_config={"titles_key": "titles", "gazetteer_key": "gazetteer", "gazetteer_labels": ["ORG", "LOC"],
                    "min_gazetteer_length": 3, "gazetteer_replaces_contained": True, "min_person_length": 2,
                    "relabel_min_length": 4},
)
def make_entity_merger(nlp: Language, name: str, titles_key: str, gazetteer_key: str,
                       gazetteer_labels: list[str], min_gazetteer_length: int,
                       gazetteer_replaces_contained: bool, min_person_length: int,
                       relabel_min_length: int) -> EntityMerger:
    return EntityMerger(titles_key, gazetteer_key, frozenset(gazetteer_labels), min_gazetteer_length,
                        gazetteer_replaces_contained, min_person_length, relabel_min_length)


class EntityMerger:
    """Statistical entities + titles + gazetteer matches -> non-overlapping ``doc.ents``.

    1. A title overlapping a model PERSON is cut out of it (主席沈洁 -> 主席 | 沈洁): titles are
       never swallowed into a name.  A title at the end of a model ORG/LOC is cut off too
       (县委书记 read as ORG), also when the name ends inside the title and the part before it
       is a lexicon name (北京市科协党组|书记 -> 北京市科协 | 党组书记); a title inside a body's name (委员 in 委员会) is dropped.
       Against a model TITLE the longer span wins.
    2. A gazetteer match of at least ``min_gazetteer_length`` characters is added where it
       overlaps nothing, or replaces the model entities it strictly contains (most specific
       name wins) unless one of them is a TITLE or a PERSON; a match that crosses an entity's
       boundary is dropped.  A match of at least ``relabel_min_length`` characters on exactly
       the span of a model ORG/LOC gives it the lexicon's label (北京市科协 is an ORG).
    3. Two PERSON names joined by a middle dot (史蒂芬·韦尔比) become one.
    """

    def __init__(self, titles_key: str, gazetteer_key: str, gazetteer_labels: frozenset[str],
                 min_gazetteer_length: int, gazetteer_replaces_contained: bool,
                 min_person_length: int, relabel_min_length: int = 0) -> None:
        self.titles_key = titles_key
        self.gazetteer_key = gazetteer_key
        self.gazetteer_labels = gazetteer_labels
        self.min_gazetteer_length = min_gazetteer_length
        self.gazetteer_replaces_contained = gazetteer_replaces_contained
        self.min_person_length = min_person_length
        self.relabel_min_length = relabel_min_length

    def merge(self, text: str, model: list[tuple[int, int, str]], titles: list[tuple[int, int]],
              gazetteer: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """The merge on plain character spans (end exclusive), so it is testable without a model."""
        ents = sorted(set(model))
        lexicon_spans = {(gs, ge) for gs, ge, _ in gazetteer}
        for ts, te in titles:
            keep_title = True
            new: list[tuple[int, int, str]] = []
            for s, e, lab in ents:
                if e <= ts or te <= s:
                    new.append((s, e, lab))
                elif lab == "PERSON":
                    if ts - s >= self.min_person_length:
                        new.append((s, ts, lab))
                    if e - te >= self.min_person_length:
                        new.append((te, e, lab))
                elif lab == "TITLE":
                    if (e - s) > (te - ts):
                        keep_title = False
                        new.append((s, e, lab))
                elif s < ts and (e == te or (e < te and (s, ts) in lexicon_spans)):
                    # ORG/LOC ending with the title, or ending inside it where the part before
                    # the title is a lexicon name (北京市科协党组|书记)
                    if ts - s >= 2:
                        new.append((s, ts, lab))
                else:  # the title inside or across a name: the name wins
                    keep_title = False
                    new.append((s, e, lab))
            if keep_title:
                new = [x for x in new if x[1] <= ts or te <= x[0]] + [(ts, te, "TITLE")]
            ents = sorted(set(new))
        for gs, ge, glab in gazetteer:
            if ge - gs < self.min_gazetteer_length or glab not in self.gazetteer_labels:
                continue
            overlapping = [x for x in ents if x[0] < ge and gs < x[1]]
            if not overlapping:
                ents.append((gs, ge, glab))
            elif (self.relabel_min_length and len(overlapping) == 1 and overlapping[0][:2] == (gs, ge)
                  and ge - gs >= self.relabel_min_length and overlapping[0][2] in self.gazetteer_labels):
                ents = [x for x in ents if x != overlapping[0]] + [(gs, ge, glab)]
            elif self.gazetteer_replaces_contained and all(
                gs <= s and e <= ge and (e - s) < (ge - gs) and lab not in ("TITLE", "PERSON")
                for s, e, lab in overlapping
            ):
                ents = [x for x in ents if x not in overlapping] + [(gs, ge, glab)]
        ents.sort()
        out: list[tuple[int, int, str]] = []
        for s, e, lab in ents:
            if (out and lab == "PERSON" and out[-1][2] == "PERSON" and out[-1][1] + 1 == s
                    and text[out[-1][1]] in "·•‧・"):
                out[-1] = (out[-1][0], e, lab)
            else:
                out.append((s, e, lab))
        return out

    def __call__(self, doc: Doc) -> Doc:
        model = [(sp.start_char, sp.end_char, sp.label_) for sp in doc.ents]
        titles = [(sp.start_char, sp.end_char) for sp in doc.spans.get(self.titles_key, [])]
        gazetteer = [(sp.start_char, sp.end_char, sp.label_) for sp in doc.spans.get(self.gazetteer_key, [])]
        spans: list[Span] = []
        for s, e, lab in self.merge(text_of(doc), model, titles, gazetteer):
            span = doc.char_span(s, e, label=lab, alignment_mode="contract")
            if span is not None and len(span):
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc


@Language.factory(
    "kg_person_names",
    requires=["doc.ents"],
    assigns=["doc.ents"],
    default_config={"lexicons": None, "name_chars": "name_chars.tsv", "followers": "name_followers.txt",
                    "max_extension": 2},
)
def make_person_name_splitter(nlp: Language, name: str, lexicons: str | None, name_chars: str, followers: str,
                              max_extension: int) -> PersonNameSplitter:
    gaz = load_gazetteers(lexicons)
    folder = Path(lexicons) if lexicons else Path(__file__).with_name("data")
    model = load_name_model(folder / name_chars, gaz.surnames, folder / followers)
    return PersonNameSplitter(model, max_extension)


class PersonNameSplitter:
    """A PERSON entity that holds names side by side (王建民张中华) becomes one entity per name.

    :meth:`kg.nlp.names.NameModel.names_in` decides; the span may also give up a last character
    that no name would hold (彭丽娟|宣) or take up to ``max_extension`` free characters after it.
    """

    def __init__(self, model: NameModel, max_extension: int) -> None:
        self.model = model
        self.max_extension = max_extension

    def split(self, text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """The split on plain character spans (sorted, non-overlapping), testable without a model."""
        out: list[tuple[int, int, str]] = []
        for n, (s, e, lab) in enumerate(ents):
            if lab != "PERSON":
                out.append((s, e, lab))
                continue
            nxt = ents[n + 1][0] if n + 1 < len(ents) else len(text)
            names = self.model.names_in(text, s, e, min(nxt, e + self.max_extension, len(text))) or [(s, e)]
            if not self.model.transliterated(text[s:e]):
                names += self.model.names_after(text, names[-1][1], min(nxt, len(text)))
            out.extend((a, b, lab) for a, b in names)
        return out

    def __call__(self, doc: Doc) -> Doc:
        ents = sorted((sp.start_char, sp.end_char, sp.label_) for sp in doc.ents)
        new = self.split(text_of(doc), ents)
        if new != ents:
            spans = [doc.char_span(s, e, label=lab, alignment_mode="contract") for s, e, lab in new]
            doc.ents = filter_spans([sp for sp in spans if sp is not None and len(sp)])
        return doc


__all__ += ["GazetteerMatcher", "TitleRecognizer", "EntityMerger", "PersonNameSplitter"]
