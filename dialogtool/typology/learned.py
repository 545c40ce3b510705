"""A county's category read from everything its notes say, as investigators classified other counties.

The rules decide a cell from the sentences that settle it; at first contact with a new writer
they miss wording nobody gave them, and a cell then rests on one sentence, a close call or the
dimension's default. This model reads all that a county's notes say within a dimension's scope
at once: the county is the normalised sum of its paragraphs' features (the learned suggester's
lemma and character n-grams), and one logistic regression per category and dimension, trained
on every county classified by hand in the training data, gives each category's probability.
Leave one writer out, it put 95.7% of those counties' cells right (the rules, read on those very
writers, 98%; on writers they had never seen, 85–94%). It never overrules a rule that decided
on several sentences: only a weak cell (WEAK) where it is sure enough (OVERRULE_AT), and the
cell then says so and quotes the sentence that weighs most; where it leans to another category
(DISPUTE_AT) the rules' cell stands but is disputed, never sure (typology/classify.py).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from ..coding.learned import (Suggester, base_model_key, cached_suggester, codebook_leaves, codebook_parents,
                              implied)
from ..coding.modelcache import cached
from ..usercache import content_key
from ..cues.codebook import Codebook, Dimension
from ..model import area_in

#: The category of an empty cell ("the notes do not settle it"): the model learns it as any other.
EMPTY = ""
#: Inverse regularisation of each category's regression (counties are few, features many).
C = 10.0
#: The ways the rules reach a cell that the model may overrule: one sentence, a close call,
#: another category's rule matching too, the default where no rule matched, nothing found.
WEAK = frozenset({"single", "close", "contested", "otherwise", "empty"})
#: The model's probability from which it overrules a weak cell of the rules.
OVERRULE_AT = 0.7
#: The model's probability for another category from which a cell of the rules is disputed
#: (never sure): leave one writer out it caught 6 of the 9 wrong sure cells for 37 of 1,512 right ones.
DISPUTE_AT = 0.5
#: The model's probability for a cell's own category from which it agrees with the cell: a
#: cell is calibrated, and may be sure, apart from those of its kind the model reads otherwise
#: (leave one writer out over 33 rounds and corpora, the 2,077 cells it agreed with were right
#: 99.6% of the time, the 129 others 72%).
AGREE_AT = 0.4


def bundled_typology() -> dict[tuple[str, str], dict[str, str]]:
    """(writer, county) → dimension → category ('' where empty) of every county in the training data."""
    raw = resources.files("dialogtool.coding").joinpath("data/typology.csv").read_text(encoding="utf-8")
    return {(row.pop("corpus"), row.pop("county")): row for row in csv.DictReader(io.StringIO(raw))}


def reads(dimension: Dimension, themes: set[str], area: str | None) -> bool:
    """Whether a paragraph with these themes in this area is read for the dimension: it carries
    one of its themes or stands in one of its areas (the unknown area may be any); a dimension
    that names neither reads every paragraph."""
    if dimension.scope_themes and not themes.isdisjoint(dimension.scope_themes):
        return True
    if dimension.scope_areas and area_in(area, dimension.scope_areas):
        return True
    return not dimension.scope_themes and not dimension.scope_areas


@dataclass
class CategoryModel:
    """One dimension's regressions: a row of weights and an intercept per category."""

    categories: list[str]
    coef: np.ndarray
    intercept: np.ndarray

    def probabilities(self, county) -> dict[str, float]:
        """Category → its probability for a county vector (one-vs-rest, normalised to sum to 1)."""
        raw = 1 / (1 + np.exp(-(self.coef @ county + self.intercept)))
        return dict(zip(self.categories, (raw / raw.sum()).tolist()))


class CountyModel:
    """Every dimension's model, on the features of a trained suggester."""

    def __init__(self, suggester: Suggester, models: dict[str, CategoryModel],
                 trained_on: frozenset[tuple[str, str]]):
        self.suggester = suggester
        self.models = models
        #: The (writer, county) classifications it learned from.
        self.trained_on = trained_on
        #: The texts of the last county vector and that vector: a county's dimensions with the
        #: same scope (plan_status and plan_koppling, the two on fordelningsgrund) read the same
        #: paragraphs, one after the other.
        self.last_vector: tuple[list[str], np.ndarray] | None = None

    def county_vector(self, texts: list[str]) -> np.ndarray:
        """A county as the normalised sum of its paragraphs' features (dense: a county is read
        once per dimension, and summing sparse rows into a sparse matrix cost more than the reading)."""
        last = self.last_vector
        if last is None or last[0] != texts:
            last = self.last_vector = (list(texts), self.summed_vector(texts))
        return last[1]

    def summed_vector(self, texts: list[str]) -> np.ndarray:
        """`county_vector`, computed from the texts' feature rows."""
        rows = self.suggester.feature_rows(texts)
        summed = np.bincount(np.concatenate([columns for columns, _ in rows]),
                             weights=np.concatenate([values for _, values in rows]),
                             minlength=self.suggester.matrix.shape[1])
        norm = np.sqrt(np.square(summed).sum())  # not np.linalg.norm: its BLAS threads spin on a busy machine
        if norm:
            summed /= norm
        return summed

    def probabilities(self, dimension: str, texts: list[str]) -> dict[str, float]:
        """Category → probability for a county whose in-scope paragraphs (with their leads) are `texts`;
        empty where the dimension has no model or the county no paragraph."""
        if dimension not in self.models or not texts:
            return {}
        return self.models[dimension].probabilities(self.county_vector(texts))

    def weightiest(self, dimension: str, category: str, texts: list[str]) -> int:
        """The index of the paragraph that speaks most for `category`: what the cell quotes."""
        model = self.models[dimension]
        weights = model.coef[model.categories.index(category)]
        return int(np.argmax([values @ weights[columns] for columns, values in self.suggester.feature_rows(texts)]))


def trained_county_model(suggester: Suggester, codebook: Codebook,
                         classified: dict[tuple[str, str], dict[str, str]] | None = None) -> CountyModel:
    """The county model trained on the classified counties (every county of the training data
    unless given) on the suggester's features."""
    classified = bundled_typology() if classified is None else classified
    models = {dimension.id: model for dimension in codebook.dimensions.values()
              if (model := category_model(suggester, codebook, dimension, classified)) is not None}
    return CountyModel(suggester, models, frozenset(classified))


def category_model(suggester: Suggester, codebook: Codebook, dimension: Dimension,
                   classified: dict[tuple[str, str], dict[str, str]]) -> CategoryModel | None:
    """The dimension's regressions trained on the classified counties' in-scope paragraphs, or
    None where fewer than two categories occur (nothing to tell apart)."""
    rows: dict[tuple[str, str], list[int]] = {}
    parents = codebook_parents(codebook)
    for index, example in enumerate(suggester.examples):
        if (example.corpus, example.county) in classified and reads(dimension, implied(example.themes, parents),
                                                                      example.area):
            rows.setdefault((example.corpus, example.county), []).append(index)
    keys = [key for key in rows if dimension.id in classified[key]
            and all(classified[key].get(other, EMPTY) in wanted for other, wanted in dimension.only_where.items())]
    labels = np.array([classified[key][dimension.id] for key in keys])
    categories = sorted(set(labels.tolist()))
    if len(categories) < 2:
        return None
    member = [(row, index) for row, key in enumerate(keys) for index in rows[key]]
    summing = csr_matrix((np.ones(len(member)), tuple(zip(*member))), shape=(len(keys), suggester.matrix.shape[0]))
    counties = normalize(summing @ suggester.matrix)  # each county the sum of its paragraphs' rows
    coef, intercept = [], []
    for category in categories:
        fitted = LogisticRegression(C=C, solver="liblinear", dual=True, class_weight="balanced", random_state=0)
        fitted.fit(counties, (labels == category).astype(int))
        coef.append(fitted.coef_[0])
        intercept.append(fitted.intercept_[0])
    return CategoryModel(categories, np.array(coef), np.array(intercept))


#: The county models trained in this process, by what they were trained on (the app and a
#: large round's processes ask again for the same one).
_TRAINED: dict[tuple, CountyModel] = {}
#: How many trained county models a process keeps.
TRAINED_KEPT = 4


def round_county_model(codebook: Codebook, segments) -> CountyModel:
    """The county model for a round: trained on the bundled examples' features, without the
    classified counties whose paragraphs are in this round (a county is never classified from
    a memory of its own classification: the bundled round is classified as a new one would be)."""
    suggester = cached_suggester(codebook, (), frozenset())
    own = {segment.text for segment in segments}
    excluded = frozenset((e.corpus, e.county) for e in suggester.examples if e.text in own)
    key = (id(suggester), dimensions_key(codebook), excluded)
    if key not in _TRAINED or _TRAINED[key].suggester is not suggester:
        if len(_TRAINED) >= TRAINED_KEPT:
            _TRAINED.pop(next(iter(_TRAINED)))
        _TRAINED[key] = cached_county_model(suggester, codebook, excluded)
    return _TRAINED[key]


def cached_county_model(suggester: Suggester, codebook: Codebook, excluded: frozenset[tuple[str, str]]) -> CountyModel:
    """The county model on the base suggester without the `excluded` counties, read from the
    user's cache when a run before trained the same one (as the base model is: the same
    training data, codebook, code and libraries), else trained and cached; a training costs
    about a second of every run, and the app and every large round's run would pay it."""
    key = county_model_key(codebook, excluded)
    classified = {k: v for k, v in bundled_typology().items() if k not in excluded}
    return cached(COUNTY_MODEL_FILE.format(key[:16]), key,
                  lambda arrays: CountyModel(suggester, restored_models(arrays, suggester), frozenset(classified)),
                  lambda: trained_county_model(suggester, codebook, classified), county_model_arrays)


#: The file a county model is cached in, named by the start of its key (the bundled round's
#: model, which leaves the bundled counties out, and a new round's are kept side by side).
COUNTY_MODEL_FILE = "learned-county-{}.npz"


def county_model_key(codebook: Codebook, excluded: frozenset[tuple[str, str]]) -> str:
    """What a cached county model depends on: the base model (its key), the classified
    counties, this module's code, the dimensions and the counties left out."""
    return content_key(
        base_model_key(codebook_leaves(codebook), codebook_parents(codebook)),
        resources.files("dialogtool.coding").joinpath("data/typology.csv").read_bytes(),
        Path(__file__).read_bytes(),
        repr((dimensions_key(codebook), sorted(excluded))),
    )


def county_model_arrays(model: CountyModel) -> dict[str, np.ndarray]:
    """A county model's regressions as plain arrays (nothing to unpickle), three per dimension."""
    arrays: dict[str, np.ndarray] = {}
    for dimension, category_model_ in model.models.items():
        arrays[f"{dimension}.categories"] = np.array(category_model_.categories, dtype=str)
        arrays[f"{dimension}.coef"] = category_model_.coef
        arrays[f"{dimension}.intercept"] = category_model_.intercept
    return arrays


def restored_models(arrays: dict[str, np.ndarray], suggester: Suggester) -> dict[str, CategoryModel]:
    """The regressions of a cached county model; an UNREADABLE error (KeyError, ValueError) where
    the arrays do not fit together or not the suggester's features (the cache is then rebuilt)."""
    models = {}
    for name in arrays:
        if name.endswith(".categories"):
            dimension = name.removesuffix(".categories")
            categories = arrays[name].tolist()
            coef, intercept = arrays[f"{dimension}.coef"], arrays[f"{dimension}.intercept"]
            if coef.shape != (len(categories), suggester.matrix.shape[1]) or intercept.shape != (len(categories),):
                raise ValueError(f"the cached model of {dimension} does not fit the features")
            models[dimension] = CategoryModel(categories, coef, intercept)
    return models


def dimensions_key(codebook: Codebook) -> tuple:
    """What a county model depends on in the codebook: each dimension's scope and conditions,
    and the themes' places in the tree (a paragraph's scope follows its themes' ancestors)."""
    return (tuple((d.id, d.scope_themes, d.scope_areas, tuple(sorted(d.only_where.items())))
                  for d in codebook.dimensions.values()),
            tuple((t.id, t.parent) for t in codebook.themes.values()))
