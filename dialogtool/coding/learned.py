"""Learned theme suggestions beside the rules: a linear model trained on every labelled paragraph.

The rules (tag.py) are transparent and precise but fit the writers they were written for;
the model reads what other writers say in their own words. It is one linear support vector
machine per theme without sub-themes (one-vs-rest; a parent is implied by its sub-theme, as
in the rules) on TF-IDF of lemma uni- and bigrams and of character 3–5-grams within words
(which catch compounds and misspellings the lemmas miss). Its margins become probabilities
through one sigmoid (Platt scaling) fitted on out-of-writer margins: a linear SVM trains
twenty times faster than a logistic regression here and scores the same.

It learns from `data/training.csv.gz` (every gold-coded paragraph of the bundled round and the
blind corpora; `tools/build_training.py` makes it) and from the round's own human decisions,
which weigh DECISION_WEIGHT times a gold row: a paragraph an investigator decided on is
labelled with the themes they added or accepted, and no others. It is trained at run time, in
a few seconds: no pickled model, nothing downloaded.

A learned suggestion's evidence is the most similar paragraph an investigator coded that way
("Liknar: «…»"), so a person can judge it by reading, not by a score.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from itertools import chain

from pathlib import Path

import numpy as np
import scipy
import simplemma
import sklearn
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer
from sklearn.svm import LinearSVC

from ..cues.lemmas import lemmatize
from ..ingest.segment import introductions
from ..model import Code, Decision, Segment
from .effective import CODE_DECISIONS, latest_code_decisions
from ..usercache import content_key
from .modelcache import cached
from .tag import tag_segments

#: A learned suggestion is made where the model's probability reaches this. Chosen by
#: leave-one-writer-out over the training writers (benchmarks/generalisation.py prints it).
THRESHOLD = 0.5
#: A rule's code is dropped where the model's probability for it is below this: such codes
#: are right about one time in ten (leave-one-writer-out; 0 keeps every rule's code).
VETO = 0.1
#: How much one of the round's own decisions weighs against one gold paragraph of another writer.
DECISION_WEIGHT = 10.0
#: The inverse regularisation strength of each theme's linear SVM.
C = 0.5
#: Platt scaling of a margin d to a probability 1 / (1 + exp(-(SCALE·d + SHIFT))), fitted on
#: leave-one-writer-out margins (benchmarks/generalisation.py --calibrate prints them).
SCALE, SHIFT = 5.86, -0.08
#: How many texts' feature rows a suggester keeps (`feature_rows`; a paragraph is read for up
#: to eight of the county model's dimensions).
ROWS_KEPT = 20000
#: A theme with fewer positive paragraphs than this is left to the rules alone.
MIN_POSITIVES = 3
#: The lengths of the character n-grams read within words.
CHAR_NGRAMS = (3, 5)
#: The quoted similar paragraph is cut to this many characters.
QUOTE_CHARS = 160

#: The `corpus` of the examples made from the round's own decisions.
ROUND = "round"

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Example:
    """One labelled paragraph and the themes it is about; `weight` counts it as that many paragraphs."""

    corpus: str
    county: str
    text: str
    themes: frozenset[str]
    area: str = ""
    lead: str = ""
    weight: float = 1.0


def bundled_examples() -> list[Example]:
    """The labelled paragraphs shipped with the package (one writer per `corpus`)."""
    raw = resources.files("dialogtool.coding").joinpath("data/training.csv.gz").read_bytes()
    rows = csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8")))
    return [Example(r["corpus"], r["county"], r["text"], split_themes(r["themes"]), r["area"], r["lead"])
            for r in rows]


def split_themes(field: str) -> frozenset[str]:
    return frozenset(t for t in field.split(";") if t)


def round_examples(segments: list[Segment], decisions: list[Decision], human_codes: list[Code] = (),
                   shown: list[Code] = ()) -> list[Example]:
    """The round's own coding decisions as weighted examples, one per segment decided on.

    A paragraph an investigator decided on (in the database, the review sheet, the app or a
    Word comment) counts as read by them: its themes are those added or accepted (the latest
    decision per theme wins) and the suggestions `shown` with it that they left standing (a
    suggestion not rejected is not denied); every other theme is taken as not there. Measured
    leave-one-writer-out, reading a decided paragraph whole helps more than counting only the
    themes decided on (benchmarks/generalisation.py --learning). A paragraph is learned with
    what introduces it, as it is read when suggested (`ingest.segment.introductions`)."""
    by_id = {s.segment_id: s for s in segments}
    verdict: dict[str, dict[str, bool]] = {}
    for code in human_codes:
        verdict.setdefault(code.segment_id, {})[code.theme] = True
    for (segment_id, theme), decision in latest_code_decisions(decisions).items():
        if decision.status == "active" and theme:
            verdict.setdefault(segment_id, {})[theme] = decision.kind != "code_rejected"
    for code in shown:
        if code.segment_id in verdict:
            verdict[code.segment_id].setdefault(code.theme, True)
    leads = introductions(segments)
    examples = []
    for segment_id, themes in verdict.items():
        segment = by_id.get(segment_id)
        if segment is None:
            continue
        examples.append(Example(ROUND, segment.county, segment.text,
                                frozenset(t for t, yes in themes.items() if yes), segment.area,
                                leads.get(segment_id, ""), weight=DECISION_WEIGHT))
    return examples


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    return lemmatize(word).casefold()


def lemmas(text: str) -> list[str]:
    """The text's words as lemmas: the unit the word n-grams are made of."""
    return [lemma(w.casefold()) for w in WORD.findall(text)]


def features_text(example_text: str, lead: str = "") -> str:
    """What the model reads of a paragraph: a list item with the sentence that introduces it."""
    return f"{lead} {example_text}" if lead else example_text


def segment_texts(segments: list[Segment], leads: dict[str, str]) -> list[str]:
    """What the model reads of each segment: its text with what introduces it."""
    return [features_text(s.text, leads.get(s.segment_id, "")) for s in segments]


class Suggester:
    """The trained model: probabilities per theme, and the paragraphs it learned from."""

    def __init__(self, examples: list[Example], leaf_themes: list[str], parents: dict[str, list[str]]):
        self.examples = examples
        self.parents = parents
        self.coded_rows: dict[str, tuple] = {}
        texts = [features_text(e.text, e.lead) for e in examples]
        self.words, self.chars = word_vectorizer(), char_vectorizer()
        matrix = self.matrix = self.fit_features(texts)
        weights = np.array([e.weight for e in examples])
        self.themes: list[str] = []
        rows, intercepts = [], []
        for theme in leaf_themes:
            labels = np.array([theme in e.themes for e in examples], dtype=int)
            if labels.sum() < MIN_POSITIVES:
                continue
            model = LinearSVC(C=C, class_weight="balanced", random_state=0)
            model.fit(matrix, labels, sample_weight=weights)
            self.themes.append(theme)
            rows.append(model.coef_[0])
            intercepts.append(model.intercept_[0])
        #: One row of weights per theme in `themes`: a theme's margin is its row · features + its intercept.
        self.coef = np.array(rows) if rows else np.zeros((0, matrix.shape[1]))
        self.intercept = np.array(intercepts, dtype=float)

    def fit_features(self, texts: list[str]):
        """The training texts' feature matrix; the vocabularies are learned from them."""
        return hstack([self.words.fit_transform(texts), self.chars.fit_transform(texts)]).tocsr()

    def transform(self, texts: list[str]):
        """Other texts' feature matrix, in the training vocabularies."""
        return hstack([self.word_features.transform(texts), self.char_features.transform(texts)]).tocsr()

    @cached_property
    def word_features(self) -> WordFeatures:
        return WordFeatures(self.words)

    @cached_property
    def char_features(self) -> CharFeatures:
        return CharFeatures(self.chars)

    @cached_property
    def known_rows(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Text → its feature row as (columns, values), for texts transformed before: a round's
        paragraphs are transformed for their codes and then read again by the county model."""
        return {}

    def feature_rows(self, texts: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """The texts' feature rows as (columns, values), each text transformed once (at most
        ROWS_KEPT kept: the app and a large round's processes ask again for the same ones)."""
        missing = list(dict.fromkeys(text for text in texts if text not in self.known_rows))
        if missing:
            self.remember_rows(missing, self.transform(missing))
        return [self.known_rows[text] for text in texts]

    def remember_rows(self, texts: list[str], matrix) -> None:
        """Keep each text's row of its feature `matrix` (a row depends on its text alone)."""
        if len(self.known_rows) + len(texts) > ROWS_KEPT:
            self.known_rows.clear()
        indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
        self.known_rows.update((text, (indices[indptr[i]:indptr[i + 1]], data[indptr[i]:indptr[i + 1]]))
                               for i, text in enumerate(texts))

    def margins(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Theme → each text's signed distance from that theme's separating hyperplane."""
        return self.margins_of(self.transform(texts) if texts else None, len(texts))

    def margins_of(self, matrix, count: int) -> dict[str, np.ndarray]:
        """Theme → the margin of each of `count` texts whose feature matrix is `matrix`."""
        if not count:
            return {theme: np.zeros(0) for theme in self.themes}
        scores = matrix @ self.coef.T + self.intercept
        return {theme: scores[:, i] for i, theme in enumerate(self.themes)}

    def probabilities(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Theme → the probability of that theme for each text."""
        return self.probabilities_of(self.transform(texts) if texts else None, len(texts))

    def probabilities_of(self, matrix, count: int) -> dict[str, np.ndarray]:
        """Theme → the probability of that theme for each of `count` texts whose feature matrix is `matrix`."""
        return {theme: probability(m) for theme, m in self.margins_of(matrix, count).items()}

    def most_similar(self, text: str, theme: str) -> Example | None:
        """The labelled paragraph most like `text` that was coded `theme` (or one of its sub-themes)."""
        return self.most_similar_rows(self.transform([text]), {theme: [0]})[0, theme]

    def most_similar_rows(self, matrix, wanted: dict[str, list[int]]) -> dict[tuple[int, str], Example | None]:
        """(row, theme) → the labelled paragraph coded `theme` most like row `row` of the feature
        `matrix`, for each theme's rows in `wanted`: the texts are not read again, and each theme's
        rows are compared with its coded paragraphs in one product (the same sums, in the same
        order, as one row at a time)."""
        found: dict[tuple[int, str], Example | None] = {}
        for theme, indices in wanted.items():
            rows, coded = self.rows_coded(theme)
            if not rows.size:
                found.update({(index, theme): None for index in indices})
                continue
            scores = (coded @ matrix[indices].T).toarray()
            for column, index in enumerate(indices):
                found[index, theme] = self.examples[rows[int(np.argmax(scores[:, column]))]]
        return found

    def rows_coded(self, theme: str):
        """The training rows coded `theme` or one of its sub-themes, and their feature rows:
        found once per model and theme (a large round asks for them county by county)."""
        if theme not in self.coded_rows:
            rows = np.array([i for i, e in enumerate(self.examples) if theme in implied(e.themes, self.parents)],
                            dtype=int)
            self.coded_rows[theme] = rows, self.matrix[rows]
        return self.coded_rows[theme]


def probability(margin: np.ndarray) -> np.ndarray:
    """A margin as a calibrated probability (Platt scaling with the module's constants)."""
    return 1 / (1 + np.exp(-(SCALE * margin + SHIFT)))


def word_vectorizer(**fitted) -> TfidfVectorizer:
    """The TF-IDF of lemma uni- and bigrams (a word the training texts have once is left out)."""
    return TfidfVectorizer(analyzer=lemmas_ngrams, sublinear_tf=True, min_df=2, **fitted)


def char_vectorizer(**fitted) -> TfidfVectorizer:
    """The TF-IDF of character n-grams within words (`char_ngrams`)."""
    return TfidfVectorizer(analyzer=char_ngrams, sublinear_tf=True, min_df=2, **fitted)


def char_ngrams(text: str) -> list[str]:
    """The character n-grams of each word of the text in lower case, the word padded with a space
    on each side: scikit-learn's "char_wb" analyzer, n-grams in the same order, with each word's
    n-grams made once (a round's thousands of paragraphs repeat their common words)."""
    return [gram for word in text.lower().split() for gram in word_ngrams(word)]


@lru_cache(maxsize=1 << 16)
def word_ngrams(word: str) -> tuple[str, ...]:
    """The CHAR_NGRAMS-long pieces of " word ", shortest first; a padded word shorter than an n
    counts once, whole, as scikit-learn counts it."""
    padded = f" {word} "
    grams: list[str] = []
    for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
        grams += [padded[i:i + n] for i in range(max(len(padded) - n + 1, 1))]
        if len(padded) <= n:
            break
    return tuple(grams)


class CountedFeatures:
    """What a fitted vectorizer's `transform` gives, counted from columns looked up once per
    distinct word: scikit-learn looks up every term of every text in the vocabulary, which was
    most of the learned layer's suggesting time. The counts are the matrix its CountVectorizer
    makes (one row per text, columns ascending, integers), weighted by the same
    TfidfTransformer, so the features are the same numbers (tests/test_learned.py compares)."""

    def __init__(self, vectorizer: TfidfVectorizer):
        self.vocabulary: dict[str, int] = vectorizer.vocabulary_
        self.weighting = TfidfTransformer(norm=vectorizer.norm, use_idf=vectorizer.use_idf,
                                          smooth_idf=vectorizer.smooth_idf, sublinear_tf=vectorizer.sublinear_tf)
        self.weighting.idf_ = vectorizer.idf_

    def counts(self, texts: list[str]) -> csr_matrix:
        """Each text's term counts, columns ascending."""
        raise NotImplementedError

    def transform(self, texts: list[str]) -> csr_matrix:
        return csr_matrix(self.weighting.transform(self.counts(texts), copy=False))


def occurrence_counts(rows: list[list[int]], width: int) -> csr_matrix:
    """The matrix counting each row's columns (a column listed twice counts 2), columns
    ascending: the CSR conversion sums the (row, column) entries and sorts them by column."""
    columns = np.fromiter(chain.from_iterable(rows), dtype=np.int64)
    counts = csr_matrix((np.ones(len(columns), dtype=np.int64), (np.repeat(np.arange(len(rows)), list(map(len, rows))),
                                                               columns)), shape=(len(rows), width))
    counts.sum_duplicates()
    return counts


class CharFeatures(CountedFeatures):
    """The char vectorizer's features (`char_ngrams`), from each distinct word's columns: a
    word's n-grams are counted apart from its neighbours, so a text's counts are the sum of its
    words' (texts × words times words × n-grams, integers, so exactly the same sums)."""

    def __init__(self, vectorizer: TfidfVectorizer):
        super().__init__(vectorizer)
        self.columns: dict[str, list[int]] = {}

    def word_columns(self, word: str) -> list[int]:
        """The columns of a lower-case word's n-grams in the vocabulary, once per n-gram occurrence."""
        found = self.columns.get(word)
        if found is None:
            vocabulary = self.vocabulary
            found = self.columns[word] = [vocabulary[g] for g in word_ngrams(word) if g in vocabulary]
        return found

    def counts(self, texts: list[str]) -> csr_matrix:
        words: dict[str, int] = {}  # the texts' distinct words, numbered in order of first occurrence
        per_text = [[words.setdefault(word, len(words)) for word in text.lower().split()] for text in texts]
        grams = occurrence_counts([self.word_columns(word) for word in words], len(self.vocabulary))
        counts = occurrence_counts(per_text, len(words)) @ grams
        counts.sort_indices()
        return counts


class WordFeatures(CountedFeatures):
    """The word vectorizer's features (`lemmas_ngrams`): each distinct word's lemma and its
    column are looked up once, and only the bigrams per text."""

    def __init__(self, vectorizer: TfidfVectorizer):
        super().__init__(vectorizer)
        #: A word as written → its lemma and the lemma's column (None where not in the vocabulary).
        self.words: dict[str, tuple[str, int | None]] = {}

    def word_lemma(self, word: str) -> tuple[str, int | None]:
        """A word's lemma (as `lemmas` makes it) and that lemma's column, kept for the next texts."""
        base = lemma(word.casefold())
        self.words[word] = found = (base, self.vocabulary.get(base))
        return found

    def text_columns(self, text: str) -> list[int]:
        """The columns of the text's lemma unigrams and bigrams (`lemmas_ngrams`) in the vocabulary."""
        seen = self.words.get
        known = [seen(word) or self.word_lemma(word) for word in WORD.findall(text)]
        vocabulary = self.vocabulary
        columns = [column for _, column in known if column is not None]
        columns += [vocabulary[g] for g in (f"{a} {b}" for (a, _), (b, _) in zip(known, known[1:]))
                    if g in vocabulary]
        return columns

    def counts(self, texts: list[str]) -> csr_matrix:
        return occurrence_counts([self.text_columns(text) for text in texts], len(self.vocabulary))


def lemmas_ngrams(text: str) -> list[str]:
    """Lemma unigrams and bigrams of a text."""
    words = lemmas(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


def implied(themes, parents: dict[str, list[str]]) -> set[str]:
    """The themes with every ancestor."""
    found = set(themes)
    for theme in themes:
        found.update(parents.get(theme, ()))
    return found


def train(codebook, extra: list[Example] = (), examples: list[Example] | None = None,
          kind: type[Suggester] = Suggester) -> Suggester:
    """A suggester trained on the bundled examples (or `examples`) plus `extra` (the round's decisions)."""
    return kind([*(bundled_examples() if examples is None else examples), *extra], codebook_leaves(codebook),
                codebook_parents(codebook))


def codebook_leaves(codebook) -> list[str]:
    """The themes without sub-themes: those the model learns (a parent is implied)."""
    return [t for t in codebook.themes if not any(o.parent == t for o in codebook.themes.values())]


def codebook_parents(codebook) -> dict[str, list[str]]:
    return {t: codebook.ancestors(t) for t in codebook.themes}


def suggest(segments: list[Segment], codebook, decisions: list[Decision] = (), human_codes: list[Code] = (),
            unseen: bool = False, rules: list[Code] | None = None) -> list[Code]:
    """The round's suggestions: the rules' codes and the model's, the model trained on the
    bundled examples and the round's own decisions. `unseen`: leave out the bundled examples
    whose text is in these notes, so that what is measured on them was not learned from them.
    `rules`: the segments' `tag_segments` codes, where they were tagged already."""
    rules = tag_segments(segments, codebook) if rules is None else rules
    suggester = round_suggester(segments, codebook, decisions, human_codes, rules, unseen)
    return learned_codes(suggester, segments, introductions(segments), rules)


def round_suggester(segments: list[Segment], codebook, decisions: list[Decision] = (), human_codes: list[Code] = (),
                    shown: list[Code] = (), unseen: bool = False) -> Suggester:
    """The model `suggest` suggests with: trained on the bundled examples and the round's own
    decisions (`round_examples`; `shown`: the rules' codes of at least the segments decided on)."""
    own = round_examples(segments, decisions, human_codes, shown)
    # Only texts the bundled examples hold need leaving out: notes none of them hold are
    # suggested for by the base model, read from the cache rather than trained again.
    unseen_texts = (frozenset(s.text for s in segments) & {e.text for e in bundled_examples()} if unseen
                    else frozenset())
    return cached_suggester(codebook, tuple(own), unseen_texts)


def decided_counties(segments: list[Segment], decisions: list[Decision], human_codes: list[Code] = ()) -> set[str]:
    """The counties of the segments with a coding decision or a human code: the only ones whose
    rules' codes `round_examples` reads (as the suggestions shown with a decision)."""
    decided = {d.segment_id for d in decisions if d.kind in CODE_DECISIONS} | {c.segment_id for c in human_codes}
    return {s.county for s in segments if s.segment_id in decided}


#: The suggesters trained in this process, by what they were trained on: a run that compares
#: with last year's round, or a process that builds the same round again, trains once.
_TRAINED: dict[tuple, Suggester] = {}
#: The base model's file in the user's cache directory (modelcache.py).
BASE_MODEL_FILE = "learned-base.npz"
#: How many trained suggesters a process keeps.
TRAINED_KEPT = 4


def cached_suggester(codebook, own: tuple[Example, ...], unseen_texts: frozenset[str]) -> Suggester:
    """The suggester trained on the bundled examples (less those whose text is in `unseen_texts`)
    and the round's own examples, trained once per process for the same codebook and examples."""
    key = (tuple((t.id, t.parent) for t in codebook.themes.values()), own, unseen_texts)
    if key not in _TRAINED:
        if len(_TRAINED) >= TRAINED_KEPT:
            _TRAINED.pop(next(iter(_TRAINED)))
        if own or unseen_texts:
            _TRAINED[key] = train(codebook, list(own), [e for e in bundled_examples() if e.text not in unseen_texts])
        else:
            _TRAINED[key] = base_suggester(codebook)
    return _TRAINED[key]


def base_suggester(codebook) -> Suggester:
    """The suggester trained on the bundled examples alone, read from the user's cache when a
    run before trained the same one (same training data, codebook, code and libraries), else
    trained and cached: a round without decisions of its own does not train at all."""
    leaves, parents = codebook_leaves(codebook), codebook_parents(codebook)
    examples = bundled_examples()
    return cached(BASE_MODEL_FILE, base_model_key(leaves, parents),
                  lambda arrays: restored_suggester(arrays, examples, parents, leaves),
                  lambda: Suggester(examples, leaves, parents), suggester_arrays)


def base_model_key(leaves: list[str], parents: dict[str, list[str]]) -> str:
    """What the base model depends on: the training data, the codebook's themes, this module's
    code (features and settings) and the versions of the libraries that compute them."""
    return content_key(
        resources.files("dialogtool.coding").joinpath("data/training.csv.gz").read_bytes(),
        Path(__file__).read_bytes(),
        repr((leaves, sorted(parents.items()))),
        repr((sklearn.__version__, np.__version__, scipy.__version__, simplemma.__version__)),
    )


def suggester_arrays(suggester: Suggester) -> dict[str, np.ndarray]:
    """A trained suggester as plain arrays (no objects, nothing to unpickle)."""
    matrix = suggester.matrix
    return {"themes": np.array(suggester.themes, dtype=str), "coef": suggester.coef, "intercept": suggester.intercept,
            "words": vocabulary_terms(suggester.words), "words_idf": suggester.words.idf_,
            "chars": vocabulary_terms(suggester.chars), "chars_idf": suggester.chars.idf_,
            "data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr,
            "shape": np.array(matrix.shape)}


def vocabulary_terms(vectorizer: TfidfVectorizer) -> np.ndarray:
    """A fitted vectorizer's terms in the order of their columns."""
    terms = [""] * len(vectorizer.vocabulary_)
    for term, column in vectorizer.vocabulary_.items():
        terms[column] = term
    return np.array(terms, dtype=str)


def restored_suggester(arrays: dict[str, np.ndarray], examples: list[Example], parents: dict[str, list[str]],
                       leaves: list[str]) -> Suggester | None:
    """The suggester the cached `arrays` hold, or None (or an UNREADABLE error) when they do not
    fit together or these examples and themes (a file made by something else is rebuilt, not trusted)."""
    kinds = {name: arrays[name].dtype.kind for name in arrays}
    if any(kinds[name] != "f" for name in ("coef", "intercept", "words_idf", "chars_idf", "data")) \
            or any(kinds[name] != "U" for name in ("themes", "words", "chars")):
        return None
    themes = [str(t) for t in arrays["themes"]]
    words, chars = arrays["words"], arrays["chars"]
    features = len(words) + len(chars)
    matrix = csr_matrix((arrays["data"], arrays["indices"], arrays["indptr"]), shape=tuple(arrays["shape"]))
    fits = (matrix.shape == (len(examples), features) and arrays["coef"].shape == (len(themes), features)
            and arrays["intercept"].shape == (len(themes),) and set(themes) <= set(leaves)
            and arrays["words_idf"].shape == (len(words),) and arrays["chars_idf"].shape == (len(chars),)
            and len(set(words.tolist())) == len(words) and len(set(chars.tolist())) == len(chars))
    if not fits:
        return None
    matrix.check_format(full_check=True)
    suggester = object.__new__(Suggester)
    suggester.examples, suggester.parents, suggester.coded_rows = examples, parents, {}
    suggester.words = fitted_vectorizer(word_vectorizer, words, arrays["words_idf"])
    suggester.chars = fitted_vectorizer(char_vectorizer, chars, arrays["chars_idf"])
    suggester.matrix, suggester.themes = matrix, themes
    suggester.coef, suggester.intercept = arrays["coef"], arrays["intercept"]
    return suggester


def fitted_vectorizer(make, terms: np.ndarray, idf: np.ndarray) -> TfidfVectorizer:
    """A vectorizer as `make` makes it, with the vocabulary and IDF weights it was fitted to."""
    vectorizer = make(vocabulary={str(term): column for column, term in enumerate(terms)})
    vectorizer.idf_ = idf
    return vectorizer


def learned_codes(suggester: Suggester, segments: list[Segment], leads: dict[str, str],
                  rule_codes: list[Code], threshold: float = THRESHOLD, veto: float = VETO) -> list[Code]:
    """The rules' codes with a confidence, plus the model's suggestions the rules missed.

    A rule's code keeps its evidence (the sentence that decided) and gets confidence
    max(its calibrated rule confidence, the model's probability); a learned code's evidence is
    the most similar coded paragraph. Parents are implied, as with the rules."""
    texts = segment_texts(segments, leads)
    matrix = suggester.transform(texts) if texts else None
    if texts:
        suggester.remember_rows(texts, matrix)  # the county model reads the same paragraphs
    probability = suggester.probabilities_of(matrix, len(texts))
    themes, rows = list(probability), segment_probabilities(probability, len(texts))
    column = {theme: j for j, theme in enumerate(themes)}
    by_segment: dict[str, list[Code]] = {}
    for code in rule_codes:
        by_segment.setdefault(code.segment_id, []).append(code)
    # each segment's rule codes with the model's probability for their theme (None where it has no say)
    rated_by_model = [[(code, row[column[code.theme]] if code.theme in column else None)
                       for code in by_segment.get(segment.segment_id, ())] for segment, row in zip(segments, rows)]
    confidence = rule_confidences([p for codes in rated_by_model for _, p in codes if p is not None and p >= veto])
    results: list[dict[str, Code]] = []
    wanted: dict[str, list[int]] = {}  # theme → the segments whose learned code quotes a similar paragraph
    for i, (segment, row, codes) in enumerate(zip(segments, rows, rated_by_model)):
        result = {}
        for code, p in codes:
            if p is None or p >= veto:
                result[code.theme] = rated(code, RULE_BASE if p is None else next(confidence))
        for theme, p in zip(themes, row):
            if p >= threshold and theme not in result:
                result[theme] = Code(segment.segment_id, segment.county, theme, "auto", "", confidence=round(p, 3))
                wanted.setdefault(theme, []).append(i)
        results.append(result)
    for (i, theme), example in suggester.most_similar_rows(matrix, wanted).items():
        code = results[i][theme]
        results[i][theme] = Code(code.segment_id, code.county, theme, "auto", liknar(example), confidence=code.confidence)
    return [code for segment, result in zip(segments, results)
            for code in with_parents(segment, result, suggester.parents)]


def segment_probabilities(probability: dict[str, np.ndarray], count: int) -> list[list[float]]:
    """Each of `count` segments' probabilities, one per theme in the order of `probability`, as
    the Python floats the codes carry (one conversion per segment, not one per theme and segment)."""
    if not probability:
        return [[] for _ in range(count)]
    return np.column_stack(list(probability.values())).tolist()


def with_parents(segment: Segment, result: dict[str, Code], parents: dict[str, list[str]]) -> list[Code]:
    """The segment's codes with their implied parents (each as confident as its most confident
    sub-theme), in the codebook's order (that of `parents`)."""
    for theme, code in list(result.items()):
        for parent in parents.get(theme, ()):
            implied_code = result.get(parent)
            if implied_code is None:
                implied_code = result[parent] = Code(segment.segment_id, segment.county, parent, "auto", f"via {theme}")
            if code.confidence > (implied_code.confidence or 0):
                result[parent] = rated(implied_code, code.confidence)
    return [result[theme] for theme in parents if theme in result]


def rated(code: Code, confidence: float) -> Code:
    """`code` with `confidence`: as dataclasses.replace makes it, without reading the fields'
    definitions again for each of a round's twenty thousand codes."""
    return Code(**{**vars(code), "confidence": confidence})


#: How often a rule's code is right, by the model's probability for its theme: measured
#: leave-one-writer-out (benchmarks/generalisation.py --calibrate), smoothed to rise monotonically.
RULE_CALIBRATION = ((0.025, 0.075, 0.15, 0.275, 0.425, 0.575, 0.725, 0.85, 0.95),
                    (0.11, 0.35, 0.57, 0.63, 0.68, 0.80, 0.82, 0.90, 0.98))
#: How often a rule's code is right where the model has no say (a theme too rare to learn).
RULE_BASE = 0.81


def rule_confidences(probabilities: list[float]):
    """How likely a rule's code is right, given the model's probability for it: one confidence
    per probability, in order, interpolated in one call (one np.interp per code cost more than
    the rest of the code's making). A theme the model has no say on gets RULE_BASE."""
    return (round(value, 3) for value in np.interp(probabilities, *RULE_CALIBRATION).tolist())


def liknar(example: Example | None) -> str:
    """A learned suggestion's evidence, in Swedish: the most similar paragraph coded that way."""
    if example is None:
        return "Liknar kodade stycken"
    text = " ".join(example.text.split())
    cut = text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
    return f"Liknar: «{cut}»"
