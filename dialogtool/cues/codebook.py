"""themes.yaml: the theme tree, its cues, the typology rules and the crosstabs, validated.

The file is data an investigator edits, so every mistake is reported with the file, the
line (from the YAML node marks) and what to do. Cues are parsed here, once, into one
`Matcher` the tagger and the classifier share.
"""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml
from yaml.constructor import SafeConstructor

from ..configfile import composed, config_text
from ..defaults import project_file
from ..errors import CodebookError, TypologyError
from .clauses import STATES, Markers
from .grammar import WITHIN, WORD_LIST_REF, Cue, Pattern, PatternError, UnknownWordList, expand_word_lists
from .matcher import Matcher, Reading

DEFAULT_THEMES = Path("themes.yaml")

TOP_KEYS = ("version", "language", "words", "themes", "typology", "crosstabs")
LANGUAGE_KEYS = ("negation", "sentence_negation", "answer_yes", "contrast", "question", "planned", "past", "clause_breaks", "answers", "remark_labels", "negative_openers", "requirement", "window",
                 "max_gap", "fuzzy_min_length", "abbreviations")
THEME_KEYS = ("id", "label", "description", "parent", "areas", "cues")
CUE_KEYS = ("pattern", "regex", "when", "unless", "areas", "weight", "within", "note")
DIMENSION_KEYS = ("id", "label", "description", "categories", "scope", "only_where", "rules", "decide", "otherwise", "reason")
CATEGORY_KEYS = ("id", "label")
RULE_KEYS = ("category", "cues", "note")
SCOPE_KEYS = ("themes", "areas")
CROSSTAB_KEYS = ("id", "title", "rows", "columns", "row_groups", "column_groups", "row_labels", "row_title",
                 "column_title")
DECIDE = ("first", "most")
#: Which clause states a cue counts in when it does not say (`when:`): a theme is about
#: its topic even when negated ("skolan är inte med" is about school); a typology rule
#: counts stated facts only.
THEME_STATES = STATES
RULE_STATES = ("stated",)
#: One word as the text is cut into words: a word list's name, an abbreviation.
ONE_WORD = re.compile(r"\w+")
#: A cue's weight: below 1 a theme takes more than one match; above 1 a typology sentence
#: counts as several (a summing-up verdict against a passing remark).
MAX_WEIGHT = 3


class CueGroup:
    """Cues matched together (a theme's, a typology rule's): a read text in which none of
    their patterns occurs need not be tried cue by cue."""

    cues: tuple[Cue, ...]

    @cached_property
    def patterns(self) -> frozenset[Pattern] | None:
        """The patterns of the cues, None where one is a regular expression: kept to pass
        over the texts in which none of them occurs (`absent_from`)."""
        if any(cue.regex is not None for cue in self.cues):
            return None
        return frozenset(cue.pattern for cue in self.cues)

    def absent_from(self, reading: Reading) -> bool:
        """Whether no cue of the group can match a read text: none of its patterns occurs in
        it (`Reading.present`)."""
        return self.patterns is not None and self.patterns.isdisjoint(reading.present)


@dataclass(frozen=True)
class Theme(CueGroup):
    id: str
    label: str
    description: str = ""
    parent: str | None = None
    cues: tuple[Cue, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Category:
    id: str
    label: str


@dataclass(frozen=True)
class Rule(CueGroup):
    """Cues that, where one matches a segment in scope, put the county in `category`."""

    category: str
    cues: tuple[Cue, ...]
    line: int = 0


@dataclass
class Dimension:
    """A typology dimension: its categories in report order and the rules that decide them.

    `scope` names the themes and question areas whose segments the rules read; `only_where`
    limits it to counties in given categories of other dimensions; `decide` is `first` (the
    first rule, in file order, with a match decides) or `most` (the category with the most
    matching sentences; a tie goes to `otherwise` where set, else to the earlier rule). Where no rule matches, `otherwise`
    (a category, or None) with `reason` applies if the county has segments in scope.
    """

    id: str
    label: str
    categories: dict[str, Category]
    description: str = ""
    scope_themes: tuple[str, ...] = ()
    scope_areas: tuple[str, ...] = ()
    only_where: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    decide: str = "first"
    otherwise: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Crosstab:
    id: str
    title: str
    rows: str
    columns: str
    row_groups: dict[str, list[str]] | None = None
    column_groups: dict[str, list[str]] | None = None
    row_labels: dict[str, str] = field(default_factory=dict)
    #: The headers the table prints over its rows (the corner) and its columns; the dimensions' labels by default.
    row_title: str = ""
    column_title: str = ""


@dataclass
class Codebook:
    path: Path
    themes: dict[str, Theme]
    dimensions: dict[str, Dimension]
    crosstabs: dict[str, Crosstab]
    matcher: Matcher
    #: The word lists of `words:` (name → alternatives), which cues refer to as `@name`.
    words: dict[str, str] = field(default_factory=dict)

    def ancestors(self, theme_id: str) -> list[str]:
        """The theme's parent, grandparent, … (nearest first)."""
        result = []
        parent = self.themes[theme_id].parent if theme_id in self.themes else None
        while parent:
            result.append(parent)
            parent = self.themes[parent].parent
        return result

    def children(self, theme_id: str) -> list[str]:
        return [t.id for t in self.themes.values() if t.parent == theme_id]


#: Codebooks read in this process, by the text of their file: a command that builds two rounds
#: (compare), the app and the test suite read the same themes.yaml many times. Each caller gets
#: `fresh_copy` of it, never the cached object.
_READ: dict[str, Codebook] = {}
_READING = threading.Lock()
#: How many distinct files' codebooks a process keeps.
READ_KEPT = 8


def load_codebook(path: Path | str = DEFAULT_THEMES) -> Codebook:
    """Read and validate themes.yaml (CodebookError naming the line and the fix).

    A file whose text was read before in this process is not parsed again: its parsed cues
    (immutable) are shared, and everything a caller can change or that keeps state — the
    matcher (the paragraphs it has read, cues added with `read_cue`), the dictionaries, the
    dimensions — is the caller's own, so nothing one round does reaches another."""
    path = project_file(path)
    if not path.is_file():
        raise CodebookError(f"{path}: filen finns inte; ange --themes med sökvägen till themes.yaml.")
    text = config_text(path, CodebookError)
    with _READING:  # the app's requests run in threads
        codebook = _READ.get(text)
        if codebook is None:
            codebook = CodebookReader(path).read(text)
            if len(_READ) >= READ_KEPT:
                _READ.pop(next(iter(_READ)))
            _READ[text] = codebook
    return fresh_copy(codebook, path)


def fresh_copy(codebook: Codebook, path: Path) -> Codebook:
    """`codebook` read from `path`, sharing only what nobody changes: the frozen themes, rules,
    cues and their parsed patterns. The matcher is a new one with the same patterns."""
    dimensions = {key: replace(dimension, categories=dict(dimension.categories), only_where=dict(dimension.only_where),
                               rules=list(dimension.rules))
                  for key, dimension in codebook.dimensions.items()}
    return Codebook(path, dict(codebook.themes), dimensions, copy.deepcopy(codebook.crosstabs),
                    codebook.matcher.fresh(), dict(codebook.words))


def read_cue(codebook: Codebook, source: str, rule: bool = False) -> Cue:
    """One cue written as in themes.yaml — a pattern ("@plan & anta") or a mapping ("{pattern:
    '@plan', unless: utkast}") — validated as the file's cues are, with the codebook's word
    lists, and added to its matcher: to try a cue on a sentence before putting it in the file.
    `rule`: it counts only stated facts unless it says `when:`, as a typology rule's cue does."""
    reader = CodebookReader(codebook.path, place=f"cuen '{source}'")
    reader.matcher, reader.words = codebook.matcher, codebook.words
    item = reader.value(reader.compose(source)) if source.lstrip().startswith("{") else source
    return reader.cue(item, 1, "cuen", RULE_STATES if rule else THEME_STATES)


# ---------------------------------------------------------------------------------------
# YAML with line numbers


class Lined(dict):
    """A YAML mapping that remembers its line and each key's line."""

    def __init__(self, *args, line: int = 1) -> None:
        super().__init__(*args)
        self.line, self.key_lines = line, {}


class LinedList(list):
    """A YAML list that remembers its line and each item's line."""

    def __init__(self, *args, line: int = 1) -> None:
        super().__init__(*args)
        self.line, self.item_lines = line, []


class CodebookReader:
    """Builds a Codebook from one file, raising the first error with its line."""

    def __init__(self, path: Path, place: str | None = None) -> None:
        self.path = path
        #: What an error names instead of the file and line (a cue read on its own).
        self.place = place
        self.constructor = SafeConstructor()

    def fail(self, line: int, message: str) -> CodebookError:
        return CodebookError(f"{self.place or f'{self.path} rad {line}'}: {message}")

    def read(self, text: str) -> Codebook:
        """The codebook `text` (the file's) describes."""
        node = self.compose(text)
        data = self.value(node) if node is not None else Lined()
        if not isinstance(data, Lined):
            raise self.fail(1, "filen måste vara en avbildning med 'themes:'; se den medföljande themes.yaml.")
        self.check_keys(data, TOP_KEYS, "filen")
        self.matcher = Matcher(self.markers(data.get("language") or Lined()))
        self.words = self.word_lists(data.get("words"))
        themes = self.themes(data)
        dimensions = self.dimensions(data.get("typology"), themes)
        crosstabs = self.crosstabs(data.get("crosstabs"), dimensions)
        return Codebook(self.path, themes, dimensions, crosstabs, self.matcher, self.words)

    def compose(self, text: str) -> yaml.Node | None:
        """The YAML node tree of `text` (alias bombs refused), or the error with its line."""
        try:
            return composed(text, self.path, CodebookError)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            problem = getattr(error, "problem", None) or str(error)
            raise self.fail(line, f"ogiltig YAML ({problem}); rätta indraget eller citattecknen.") from None

    def value(self, node):
        """The node as Python data; mappings and lists remember their lines."""
        if isinstance(node, yaml.MappingNode):
            result = Lined()
            result.line, result.key_lines = node.start_mark.line + 1, {}
            for key_node, value_node in node.value:
                key = self.value(key_node)
                line = key_node.start_mark.line + 1
                if key in result:
                    raise self.fail(line, f"nyckeln '{key}' förekommer två gånger i samma post (först på rad "
                                          f"{result.key_lines[key]}); behåll en.")
                result[key] = self.value(value_node)
                result.key_lines[key] = line
            return result
        if isinstance(node, yaml.SequenceNode):
            result = LinedList(self.value(item) for item in node.value)
            result.line, result.item_lines = node.start_mark.line + 1, [i.start_mark.line + 1 for i in node.value]
            return result
        return self.constructor.construct_object(node)

    def check_keys(self, entry: Lined, allowed: tuple[str, ...], what: str) -> None:
        for key in entry:
            if key not in allowed:
                raise self.fail(entry.key_lines[key], f"okänd nyckel '{key}' i {what}; använd en av "
                                                      f"{', '.join(allowed)}.")

    def required(self, entry, key: str, what: str, line: int):
        if not isinstance(entry, Lined):
            raise self.fail(line, f"{what} måste vara en avbildning med '{key}:'; se den medföljande themes.yaml.")
        value = entry.get(key)
        if value is None or value == "":
            raise self.fail(entry.line, f"{what} saknar '{key}'; lägg till '{key}:'.")
        return value

    def list_of(self, value, what: str, line: int) -> LinedList:
        if value is None:
            value = []
        if not isinstance(value, list):
            raise self.fail(line, f"{what} måste vara en lista (rader som börjar med '- ').")
        if not isinstance(value, LinedList):
            value = LinedList(value)
            value.line, value.item_lines = line, [line] * len(value)
        return value

    # --- language ---------------------------------------------------------------------

    def markers(self, language: Lined) -> Markers:
        if not isinstance(language, Lined):
            raise self.fail(1, "'language:' måste vara en avbildning; se den medföljande themes.yaml.")
        self.check_keys(language, LANGUAGE_KEYS, "language")
        words = {}
        for key in ("negation", "sentence_negation", "answer_yes", "contrast", "question", "planned", "past", "clause_breaks",
                    "answers", "remark_labels", "negative_openers", "requirement"):
            items = self.list_of(language.get(key), f"language.{key}", language.key_lines.get(key, language.line))
            words[key] = tuple(str(w) for w in items)
        numbers = {}
        for key in ("window", "max_gap", "fuzzy_min_length"):
            if key in language:
                if not isinstance(language[key], int) or language[key] < 0:
                    raise self.fail(language.key_lines[key], f"language.{key} måste vara ett heltal ≥ 0.")
                numbers[key] = language[key]
        return Markers(**words, **numbers, abbreviations=self.abbreviations(language))

    def abbreviations(self, language: Lined) -> tuple[tuple[str, str], ...]:
        """`language.abbreviations`: abbreviation → the one word it stands for, in lower case."""
        found = language.get("abbreviations") or {}
        line = language.key_lines.get("abbreviations", language.line)
        if not isinstance(found, dict) or not all(
                isinstance(value, str) and value.strip() and len(value.split()) == 1 and ONE_WORD.fullmatch(str(key))
                for key, value in found.items()):
            raise self.fail(line, "language.abbreviations måste vara en avbildning från en förkortning till det ord "
                                  "den står för, ett ord var (\"ök: överenskommelse\").")
        return tuple((str(key).casefold(), value.strip().casefold()) for key, value in found.items())

    # --- themes -----------------------------------------------------------------------

    def themes(self, data: Lined) -> dict[str, Theme]:
        entries = self.list_of(data.get("themes"), "themes", data.key_lines.get("themes", 1))
        themes: dict[str, Theme] = {}
        for entry, line in zip(entries, entries.item_lines):
            theme_id = str(self.required(entry, "id", "a theme", line))
            what = f"temat '{theme_id}'"
            self.check_keys(entry, THEME_KEYS, what)
            if theme_id in themes:
                raise self.fail(entry.key_lines["id"], f"temats id '{theme_id}' används två gånger (först på rad "
                                                       f"{themes[theme_id].line}); ge varje tema ett eget id.")
            parent = entry.get("parent")
            if parent is not None and parent not in themes:
                raise self.fail(entry.key_lines["parent"], f"{what} har en okänd förälder '{parent}'; använd ett "
                                                           "befintligt "
                                                           "temas id (definierat ovanför).")
            areas = self.areas(entry, what)
            cues = self.cues(entry.get("cues"), what, entry.key_lines.get("cues", entry.line), THEME_STATES, areas)
            themes[theme_id] = Theme(theme_id, str(self.required(entry, "label", what, line)),
                                     str(entry.get("description") or "").strip(), parent, cues, entry.key_lines["id"])
        return themes

    def areas(self, entry: Lined, what: str) -> tuple[str, ...]:
        areas = entry.get("areas")
        if areas is None:
            return ()
        return tuple(str(a) for a in (areas if isinstance(areas, list) else [areas]))

    def cues(self, value, what: str, line: int, states: tuple[str, ...], areas: tuple[str, ...] = ()) -> tuple[Cue, ...]:
        items = self.list_of(value, f"the cues of {what}", line)
        return tuple(self.cue(item, item_line, what, states, areas) for item, item_line in zip(items, items.item_lines))

    def cue(self, item, line: int, what: str, states: tuple[str, ...], areas: tuple[str, ...] = ()) -> Cue:
        if isinstance(item, str):
            return Cue(item, self.pattern(item, line, what), when=states, areas=areas, line=line)
        if not isinstance(item, Lined):
            raise self.fail(line, f"en cue i {what} måste vara text eller en avbildning med 'pattern:' eller 'regex:'.")
        self.check_keys(item, CUE_KEYS, f"en cue i {what}")
        if ("pattern" in item) == ("regex" in item):
            raise self.fail(line, f"en cue i {what} behöver exakt ett av 'pattern:' och 'regex:'.")
        when = states
        if "when" in item:
            when = tuple(self.list_of(item["when"], "when", item.key_lines["when"])) if isinstance(item["when"], list) else (item["when"],)
            bad = [w for w in when if w not in STATES]
            if bad:
                raise self.fail(item.key_lines["when"], f"okänt läge '{bad[0]}' i en cue i {what}; använd "
                                                        f"{', '.join(STATES)}.")
        unless = self.pattern(str(item["unless"]), item.key_lines["unless"], what) if "unless" in item else None
        areas = self.areas(item, what) or areas
        weight = self.weight(item, what)
        within = str(item.get("within", "sentence"))
        if within not in WITHIN:
            raise self.fail(item.key_lines["within"], f"okänt värde '{within}' för 'within' i en cue i {what}; använd "
                                                      f"{' eller '.join(WITHIN)}.")
        if "regex" in item:
            source = str(item["regex"])
            try:
                regex = re.compile(source, re.IGNORECASE)
            except re.error as error:
                raise self.fail(item.key_lines["regex"], f"felaktigt reguljärt uttryck '{source}' i {what} ({error}); "
                                                         "rätta "
                                                         "uttrycket.") from None
            return Cue(source, regex=regex, when=when, unless=unless, areas=areas, weight=weight, line=line)
        text = str(item["pattern"])
        return Cue(text, self.pattern(text, item.key_lines["pattern"], what), when=when, unless=unless, areas=areas,
                   weight=weight, within=within, line=line)

    def weight(self, item: Lined, what: str) -> float:
        if "weight" not in item:
            return 1.0
        value = item["weight"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_WEIGHT:
            raise self.fail(item.key_lines["weight"], f"vikten för en cue i {what} måste vara ett tal över 0 och "
                                                      f"högst {MAX_WEIGHT} (den är {value!r}); skriv t.ex. 'weight: "
                                                      "0.5'.")
        return float(value)

    def word_lists(self, value) -> dict[str, str]:
        """`words:`: named lists of alternatives a cue refers to as `@name` ("@plan & anta"), so
        that the words for one thing (the action plan: handlingsplan, länsplan, styrdokument …)
        are written once and every cue about it reads them all."""
        if value is None:
            return {}
        if not isinstance(value, Lined):
            raise self.fail(getattr(value, "line", 1), "'words:' måste ge namn till alternativ, t.ex. "
                                                        "'plan: handlingsplan|länsplan|=plan'.")
        lists = {}
        for name, alternatives in value.items():
            line = value.key_lines[name]
            if not isinstance(name, str) or not ONE_WORD.fullmatch(name):
                raise self.fail(line, f"ordlistans namn '{name}' får bara innehålla bokstäver, siffror eller '_'.")
            if isinstance(alternatives, list):
                alternatives = "|".join(str(a) for a in alternatives)
            if not isinstance(alternatives, str) or not alternatives.strip() or WORD_LIST_REF.search(alternatives):
                raise self.fail(line, f"ordlistan '{name}' måste vara ord åtskilda av '|' (utan '@'), t.ex. "
                                      "'handlingsplan|länsplan|=plan'.")
            lists[name] = "|".join(part.strip() for part in alternatives.split("|"))
        return lists

    def expanded(self, text: str, line: int, what: str) -> str:
        """`text` with each `@name` replaced by its word list."""
        try:
            return expand_word_lists(text, self.words)
        except UnknownWordList as error:
            known = ", ".join(f"@{n}" for n in self.words) or "none defined"
            raise self.fail(line, f"okänd ordlista '@{error.name}' i {what}; definiera den under 'words:' "
                                  f"eller använd en av {known}.") from None

    def pattern(self, text: str, line: int, what: str) -> Pattern:
        text = self.expanded(text, line, what)
        try:
            return self.matcher.add(text)
        except PatternError as error:
            raise self.fail(line, f"felaktig cue i {what}: {error}; skriv ord åtskilda av mellanslag, med '...' "
                                  "(ord emellan), '&' (samma mening), '|' (antingen eller) eller en avslutande '*'.") from None

    # --- typology ---------------------------------------------------------------------

    def dimensions(self, typology, themes: dict[str, Theme]) -> dict[str, Dimension]:
        if typology is None:
            return {}
        entries = self.list_of(typology, "typology", getattr(typology, "line", 1))
        dimensions: dict[str, Dimension] = {}
        for entry, line in zip(entries, entries.item_lines):
            dimension_id = str(self.required(entry, "id", "a typology dimension", line))
            what = f"dimensionen '{dimension_id}'"
            self.check_keys(entry, DIMENSION_KEYS, what)
            if dimension_id in dimensions:
                raise self.fail(entry.key_lines["id"], f"dimensionens id '{dimension_id}' används två gånger; ge varje "
                                                       "dimension ett eget id.")
            categories = self.categories(entry, what)
            dimension = Dimension(dimension_id, str(self.required(entry, "label", what, line)), categories,
                                  str(entry.get("description") or "").strip())
            self.scope(entry, dimension, themes, dimensions)
            dimension.decide = str(entry.get("decide", "first"))
            if dimension.decide not in DECIDE:
                raise self.fail(entry.key_lines["decide"], f"{what}: decide måste vara {' eller '.join(DECIDE)}.")
            for rule, rule_line in zip(*self.items(entry, "rules", what)):
                self.check_keys(rule, RULE_KEYS, f"en regel i {what}")
                category = self.category_id(self.required(rule, "category", f"en regel i {what}", rule_line),
                                            dimension, rule.key_lines["category"])
                cues = self.cues(rule.get("cues"), f"{what} → {category}", rule.key_lines.get("cues", rule.line), RULE_STATES)
                dimension.rules.append(Rule(category, cues, rule_line))
            if entry.get("otherwise") is not None:
                dimension.otherwise = self.category_id(entry["otherwise"], dimension, entry.key_lines["otherwise"])
            dimension.reason = str(entry.get("reason") or "").strip()
            dimensions[dimension_id] = dimension
        return dimensions

    def items(self, entry: Lined, key: str, what: str) -> tuple[LinedList, list[int]]:
        items = self.list_of(entry.get(key), f"{what}: {key}", entry.key_lines.get(key, entry.line))
        for item, line in zip(items, items.item_lines):
            if not isinstance(item, Lined):
                raise self.fail(line, f"varje post i {key} i {what} måste vara en avbildning; se den medföljande "
                                      "themes.yaml.")
        return items, items.item_lines

    def categories(self, entry: Lined, what: str) -> dict[str, Category]:
        categories: dict[str, Category] = {}
        for item, line in zip(*self.items(entry, "categories", what)):
            category_id = str(self.required(item, "id", f"a category of {what}", line))
            self.check_keys(item, CATEGORY_KEYS, f"category '{category_id}' of {what}")
            if category_id in categories:
                raise self.fail(line, f"kategorins id '{category_id}' används två gånger i {what}; ge varje kategori "
                                      "ett eget id.")
            categories[category_id] = Category(category_id, str(self.required(item, "label", f"kategorin '{category_id}'", line)))
        if not categories:
            raise self.fail(entry.line, f"{what} har inga kategorier; lägg till 'categories:' med id och etiketter.")
        return categories

    def category_id(self, value, dimension: Dimension, line: int) -> str:
        if value not in dimension.categories:
            raise self.fail(line, f"dimensionen '{dimension.id}' har ingen kategori '{value}'; använd en av "
                                  f"{', '.join(dimension.categories)}.")
        return str(value)

    def scope(self, entry: Lined, dimension: Dimension, themes: dict[str, Theme], earlier: dict[str, Dimension]) -> None:
        scope = entry.get("scope") or Lined()
        if not isinstance(scope, Lined):
            raise self.fail(entry.key_lines["scope"], f"dimensionen '{dimension.id}': scope måste vara en avbildning "
                                                      "med "
                                                      "'themes:' och/eller 'areas:'.")
        self.check_keys(scope, SCOPE_KEYS, f"scope för dimensionen '{dimension.id}'")
        scope_themes = self.list_of(scope.get("themes"), "scope themes", scope.key_lines.get("themes", scope.line))
        for theme_id in scope_themes:
            if theme_id not in themes:
                raise self.fail(scope.key_lines["themes"], f"dimensionen '{dimension.id}' läser ett okänt tema "
                                                           f"'{theme_id}'; använd ett befintligt temas id.")
        dimension.scope_themes = tuple(scope_themes)
        dimension.scope_areas = tuple(self.list_of(scope.get("areas"), "scope areas", scope.key_lines.get("areas", scope.line)))
        only = entry.get("only_where") or Lined()
        for other, wanted in only.items():
            line = only.key_lines[other]
            if other not in earlier:
                raise self.fail(line, f"dimensionen '{dimension.id}' beror på en okänd dimension '{other}'; använd en "
                                      "som är definierad ovanför.")
            wanted = tuple(wanted) if isinstance(wanted, list) else (wanted,)
            for category in wanted:
                self.category_id(category, earlier[other], line)
            dimension.only_where[other] = wanted

    # --- crosstabs --------------------------------------------------------------------

    def crosstabs(self, value, dimensions: dict[str, Dimension]) -> dict[str, Crosstab]:
        entries = self.list_of(value, "crosstabs", getattr(value, "line", 1))
        crosstabs: dict[str, Crosstab] = {}
        for entry, line in zip(entries, entries.item_lines):
            crosstab_id = str(self.required(entry, "id", "a crosstab", line))
            what = f"korstabellen '{crosstab_id}'"
            self.check_keys(entry, CROSSTAB_KEYS, what)
            if crosstab_id in crosstabs:
                raise self.fail(entry.key_lines["id"], f"korstabellens id '{crosstab_id}' används två gånger; ge "
                                                       "varje korstabell ett eget id.")
            axes = {}
            for axis in ("rows", "columns"):
                dimension_id = self.required(entry, axis, what, line)
                if dimension_id not in dimensions:
                    raise self.fail(entry.key_lines[axis], f"{what} anger en okänd dimension '{dimension_id}' som "
                                                           f"{axis}; "
                                                           f"använd en av {', '.join(dimensions)}.")
                axes[axis] = dimensions[dimension_id]
            row_groups = self.groups(entry, "row_groups", axes["rows"], what)
            column_groups = self.groups(entry, "column_groups", axes["columns"], what)
            labels = entry.get("row_labels") or Lined()
            for category in labels:
                self.category_id(category, axes["rows"], labels.key_lines[category])
            crosstabs[crosstab_id] = Crosstab(crosstab_id, str(entry.get("title") or ""), axes["rows"].id,
                                              axes["columns"].id, row_groups, column_groups,
                                              {str(k): str(v) for k, v in labels.items()},
                                              str(entry.get("row_title") or ""), str(entry.get("column_title") or ""))
        return crosstabs

    def groups(self, entry: Lined, key: str, dimension: Dimension, what: str) -> dict[str, list[str]] | None:
        groups = entry.get(key)
        if groups is None:
            return None
        if not isinstance(groups, Lined):
            raise self.fail(entry.key_lines[key], f"{what}: {key} måste koppla en svensk etikett till en lista av "
                                                  "kategorier.")
        for label, ids in groups.items():
            ids = ids if isinstance(ids, list) else [ids]
            for category in ids:
                self.category_id(category, dimension, groups.key_lines[label])
        return {str(label): list(ids if isinstance(ids, list) else [ids]) for label, ids in groups.items()}


def checked_dimension(codebook, dimension_id: str):
    """The codebook's dimension `dimension_id`, or an error naming the valid ids."""
    try:
        return codebook.dimensions[dimension_id]
    except KeyError:
        raise TypologyError(
            f"okänd typologidimension '{dimension_id}'; använd en av {', '.join(codebook.dimensions)}."
        ) from None


def checked_category(codebook, dimension_id: str, category_id: str):
    """The category `category_id` of a dimension, or an error naming the dimension's valid ids."""
    categories = checked_dimension(codebook, dimension_id).categories
    try:
        return categories[category_id]
    except KeyError:
        raise TypologyError(
            f"dimensionen '{dimension_id}' har ingen kategori '{category_id}'; använd en av {', '.join(categories)}."
        ) from None
