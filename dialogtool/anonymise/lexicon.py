"""What the finder knows, read from `data/` once: Sweden's counties, regions, municipalities and
localities, other places, people's names, national names that identify nobody, the word lists
that tell a name from an ordinary word, and the Swedish dictionary (hunspell-sv).

Every list is a data file, so a new name or a misread word is a line to add, not code to
change: `sweden.csv` (21 län, 21 regions, 290 kommuner), `localities.csv` (tätorter and city
districts), `other_places.csv` (provinces, hospitals, universities, other names of regions;
a name ending in "*" is the stem of place-derived words, "värmländ*"), `employers.csv`
(companies and bodies that give their town away), `first_names.txt`, `surnames.txt`,
`not_identifying.txt` (national bodies, reforms, methods, acronyms) and `words.yaml`.

The gazetteer is made from these files with both dictionaries' help (some thousand words asked
of hunspell-sv and simplemma), 0.09 s of CPU in every process that searches before its first
note. It is kept, with the word lists and the name sets it is made of, in the user's cache
(usercache.py), keyed by everything it depends on: the data files, the code that reads them,
hunspell-sv's files and version, simplemma's Swedish dictionary, Python's and PyYAML's versions.
A file that is stale, foreign or spoilt is passed over, and the lexicon made and written again.
"""

from __future__ import annotations

import csv
import hashlib
import os
import site
import sys
import sysconfig
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from hunspell import Hunspell  # the chunspell package
from hunspell import __version__ as HUNSPELL_VERSION

from ..cues import lemmas
from ..cues.lemmas import dictionary_key, is_known
from ..errors import AnonymiseError
from ..ingest.read.text_reader import decoded
from ..usercache import cache_path, cached_marshal, content_key, save_marshal
from . import text
from .text import TOKEN

DATA_DIR = Path(__file__).parent / "data"
ALLOWLIST_NAME = "allowlist.txt"
#: Shortest name whose lower-case spelling, compounds ("Umeåregionen") or open endings are safe.
MIN_LOWERCASE = 5
DICTIONARY = "sv_SE"
DICTIONARY_LOCK = threading.Lock()
#: Changes when the layout of the lexicon's cache file does, so older files are passed over.
LEXICON_FORMAT = "anonymise-lexicon-1"
#: The cache file of the gazetteer, the word lists and the name sets.
LEXICON_CACHE = "anonymise-lexicon.marshal"
#: The data files the gazetteer, the word lists and the name sets are made of.
LEXICON_FILES = ("sweden.csv", "other_places.csv", "employers.csv", "localities.csv", "first_names.txt",
                 "surnames.txt", "words.yaml")
#: What the lexicon's cache file holds (`lexicon_to_store`).
STORED_PARTS = frozenset({"places", "kinds", "derived", "words", "names"})


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: the kind it identifies and how freely it may be matched."""

    kind: str
    lowercase_ok: bool
    compounds_ok: bool
    #: False for ordinary words ("Mark", "Vara"), whose capital may only mean a sentence start.
    sentence_start_ok: bool = True


def data_path(name: str) -> Path:
    return DATA_DIR / name


def data_lines(name: str) -> list[str]:
    """The non-empty, non-comment lines of a data file."""
    with data_path(name).open(encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")]


def data_rows(name: str) -> list[dict]:
    """The rows of a CSV data file, its comment lines skipped."""
    with data_path(name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@lru_cache(maxsize=None)
def word_lists() -> dict[str, tuple[str, ...]]:
    """The lists of `data/words.yaml`, from the user's cache where it holds the lexicon."""
    stored = stored_lexicon()
    return stored["words"] if stored else parsed_word_lists()


def parsed_word_lists() -> dict[str, tuple[str, ...]]:
    with data_path("words.yaml").open(encoding="utf-8") as handle:
        return {key: tuple(values) for key, values in yaml.safe_load(handle).items()}


def word_list(key: str) -> tuple[str, ...]:
    """One list of `data/words.yaml`."""
    return word_lists()[key]


@lru_cache(maxsize=None)
def word_set(key: str) -> frozenset[str]:
    return frozenset(word_list(key))


# --- The Swedish dictionary ---------------------------------------------------------------


def dictionary_dirs() -> list[Path]:
    """Where hunspell-sv may be installed: this environment's data directory (pip), the user's,
    and the system's (Debian's hunspell-sv)."""
    bases = [sysconfig.get_path("data"), site.getuserbase()]
    return [Path(base) / "share" / "hunspell" for base in bases] + [Path("/usr/share/hunspell")]


def dictionary_dir() -> Path | None:
    """The first directory of `dictionary_dirs` that holds hunspell-sv's two files, if any."""
    return next((directory for directory in dictionary_dirs()
                 if all(path.is_file() for path in dictionary_files(directory))), None)


def dictionary_files(directory: Path) -> tuple[Path, Path]:
    """hunspell-sv's word list and affix rules in `directory`."""
    return directory / f"{DICTIONARY}.dic", directory / f"{DICTIONARY}.aff"


@lru_cache(maxsize=None)
def swedish_dictionary():
    """The Swedish hunspell dictionary: inflected forms and compounds of ordinary words."""
    directory = dictionary_dir()
    if directory:
        return Hunspell(DICTIONARY, hunspell_data_dir=os.fspath(directory))
    raise AnonymiseError(
        f"den svenska ordlistan ({DICTIONARY}.dic) finns inte i {', '.join(map(str, dictionary_dirs()))}; "
        "installera den med `python3 -m pip install hunspell-sv`."
    )


@lru_cache(maxsize=200_000)
def is_swedish_word(word: str) -> bool:
    """Whether the word, in lower case, is an ordinary Swedish word, inflected or compounded
    ("ledningsgruppen" is; "kiruna", "lindqvist" and "sjugruppen" are not)."""
    return spelt(word.casefold())


@lru_cache(maxsize=20_000)
def spelt_as_written(word: str) -> bool:
    """Whether hunspell-sv knows the word exactly as written: an acronym such as "ADHD" or "KBT"."""
    return spelt(word)


def spelt(word: str) -> bool:
    """Hunspell's answer for the word, one thread at a time (the C library keeps state per call)."""
    with DICTIONARY_LOCK:
        return swedish_dictionary().spell(word)


def ordinary_word(word: str) -> bool:
    """Whether both hunspell-sv and simplemma know the word in lower case: hunspell alone accepts any
    compound and lists some names in lower case ("zeynep", "siljan"), simplemma alone some names too."""
    folded = word.casefold()
    return is_known(folded) and is_swedish_word(folded)  # hunspell, the slower, last


def any_dictionary_word(word: str) -> bool:
    """Whether hunspell-sv or simplemma knows the word in lower case ("holm", "viken"); simplemma is
    asked first, as it answers in microseconds and hunspell in up to a fifth of a millisecond."""
    return is_known(word.casefold()) or is_swedish_word(word)


# --- Places -------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def sweden_rows() -> tuple[dict, ...]:
    """Sweden's counties, regions and municipalities: name, kind, county, stem."""
    return tuple(data_rows("sweden.csv"))


def genitive(name: str) -> str:
    return name if name[-1] in "sxz" else name + "s"


def words(name: str) -> tuple[str, ...]:
    return tuple(t.casefold() for t in TOKEN.findall(name))


@lru_cache(maxsize=None)
def gazetteer() -> tuple[dict[tuple[str, ...], Place], dict[str, str]]:
    """Every place form as a token tuple, and the stems of place-derived words ("skånsk…"): from
    the user's cache where it holds the lexicon, else made and then cached."""
    stored = stored_lexicon()
    if stored:
        return stored_gazetteer(stored)
    made = built_gazetteer()
    key, path = lexicon_key(), cache_path(LEXICON_CACHE)
    if key and path:
        save_marshal(path, key, lexicon_to_store(made))
    return made


def built_gazetteer() -> tuple[dict[tuple[str, ...], Place], dict[str, str]]:
    """The gazetteer made from the data files, asking both dictionaries."""
    places: dict[tuple[str, ...], Place] = {}
    ordinary_places, sentence_start = word_set("ordinary_place_names"), word_set("sentence_start_place_names")

    def add(name: str, kind: str, context: bool = False, override: bool = False, word_too: bool = False) -> None:
        key = words(name)
        if not key or (key in places and not override):
            return
        bare = " ".join(key)
        core = key[0].rstrip("s") if context else bare
        ordinary = word_too or any(word in ordinary_places for word in (bare, core, key[-1], bare.removesuffix("s")))
        places[key] = Place(
            kind=kind,
            lowercase_ok=not ordinary and len(bare) >= MIN_LOWERCASE,
            compounds_ok=not ordinary,
            sentence_start_ok=context or (bare not in sentence_start and not word_too),
        )

    for row in sweden_rows():
        add(row["name"], row["kind"], override=True)
    for row in sweden_rows():
        if row["kind"] == "kommun":
            name = row["name"]
            add(genitive(name), "kommun")
            for word in ("kommun", "stad"):
                add(f"{name} {word}", "kommun", context=True)
                add(f"{genitive(name)} {word}", "kommun", context=True)
            add(f"Region {name}", "region")
    for row in sweden_rows():
        if row["kind"] == "lan":
            stem = row["stem"]
            for form in (stem, genitive(stem), f"{stem} län", f"{genitive(stem)} län"):
                add(form, "lan")
            add(f"Region {stem}", "region")
    stems = {}
    for row in data_rows("other_places.csv"):
        if row["name"].endswith("*"):
            stems[row["name"][:-1].casefold()] = row["kind"]
        else:
            add(row["name"], row["kind"])
            add(genitive(row["name"]), row["kind"])
    derived = {stem: places[key].kind for key in list(places) if len(key) == 1 and places[key].compounds_ok
               for stem in demonym_stems(key[0])} | stems
    for key in [key for key in places if len(key) == 1 and key[0].endswith("land") and places[key].compounds_ok]:
        # "jämtar", "jämtarna": found in lower case only where no ordinary word ("hallar") is meant
        for form in (key[0][:-4] + "ar", key[0][:-4] + "arna"):
            places.setdefault((form,), Place(places[key].kind, lowercase_ok=not is_swedish_word(form), compounds_ok=False))
    # Employers and localities come last; a name that is also an ordinary word ("Holmen",
    # "Viken") counts only with a capital that no sentence start explains.
    # A locality that is also a word and a name ("Holm") is too ambiguous to count alone.
    names = person_names()[0] | person_names()[1]
    for row in data_rows("employers.csv") + data_rows("localities.csv"):
        plain = not row["name"].isupper() and all(any_dictionary_word(word) for word in words(row["name"]))
        if plain and row["name"].casefold() in names:
            continue
        kind = row.get("kind", "plats")
        add(row["name"], kind, word_too=plain)
        add(genitive(row["name"]), kind, word_too=plain)
    return places, derived


# --- The lexicon in the user's cache -------------------------------------------------------


def lexicon_key() -> str | None:
    """What the gazetteer, the word lists and the name sets depend on, hashed: the data files, the
    code that makes them (this module, the tokeniser, the lemmatiser), hunspell-sv's files and
    version, simplemma's Swedish dictionary, and Python's (case folding, csv) and PyYAML's
    versions. None where hunspell-sv or simplemma's dictionary cannot be read (nothing is cached)."""
    directory, simplemma_key = dictionary_dir(), dictionary_key("sv")
    if not directory or not simplemma_key:
        return None
    try:
        files = [path.read_bytes() for path in (*map(data_path, LEXICON_FILES), *dictionary_files(directory))]
        code = [Path(source).read_bytes() for source in (__file__, text.__file__, lemmas.__file__)]
    except OSError:
        return None
    return content_key(LEXICON_FORMAT, sys.version, yaml.__version__, HUNSPELL_VERSION, simplemma_key,
                       *(hashlib.sha256(data).digest() for data in files + code))


@lru_cache(maxsize=None)
def stored_lexicon() -> dict | None:
    """The lexicon as the user's cache holds it for this key (see `lexicon_to_store`); None where
    it holds none, or holds it stale, foreign or spoilt."""
    key, path = lexicon_key(), cache_path(LEXICON_CACHE)
    stored = cached_marshal(path, key) if key and path else None
    return stored if type(stored) is dict and stored.keys() == STORED_PARTS else None


def lexicon_to_store(gazetteer_made) -> dict:
    """The gazetteer, the word lists and the name sets as marshal keeps them: each place's entry
    as the index of its `Place` among the few distinct ones."""
    places, derived = gazetteer_made
    kinds = list(dict.fromkeys(places.values()))
    index = {place: number for number, place in enumerate(kinds)}
    return {
        "places": {key: index[place] for key, place in places.items()},
        "kinds": [(p.kind, p.lowercase_ok, p.compounds_ok, p.sentence_start_ok) for p in kinds],
        "derived": derived,
        "words": word_lists(),
        "names": person_names(),
    }


def stored_gazetteer(stored: dict) -> tuple[dict[tuple[str, ...], Place], dict[str, str]]:
    """The gazetteer a `lexicon_to_store` value holds."""
    kinds = [Place(*fields) for fields in stored["kinds"]]
    return {key: kinds[number] for key, number in stored["places"].items()}, stored["derived"]


def demonym_stems(name: str) -> tuple[str, ...]:
    """The stems of the words for a place's people, made from its name: "värmlänning" (Värmland),
    "norrbottning" (Norrbotten), "skåning" (Skåne), "kronobergar" ("kronobergare", "kronobergarna")."""
    if len(name) < 4 or not name.isalpha():
        return ()
    if name.endswith("land"):
        return (name[:-4] + "länning",)
    if name.endswith("en"):
        return (name[:-2] + "ning",)
    if name.endswith("e"):
        return (name[:-1] + "ing",)
    return (name + "ar",)


@lru_cache(maxsize=None)
def multiword_starts() -> frozenset[str]:
    """The first words of the place names of more than one word: only there may a match reach on."""
    return frozenset(key[0] for key in gazetteer()[0] if len(key) > 1)


@lru_cache(maxsize=None)
def longest_place() -> int:
    """How many words the longest place name has (how far a match may reach)."""
    return max(len(key) for key in gazetteer()[0])


@lru_cache(maxsize=None)
def identifying_counts() -> dict[int, str]:
    """The numbers of municipalities that only one county has, each with that county."""
    per_county = Counter(row["county"] for row in sweden_rows() if row["kind"] == "kommun")
    counties: dict[int, list[str]] = defaultdict(list)
    for county, number in per_county.items():
        counties[number].append(county)
    return {number: names[0] for number, names in counties.items() if len(names) == 1}


# --- People -------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def person_names() -> tuple[frozenset[str], frozenset[str]]:
    """First names (each part of a hyphenated one too) and surnames borne in Sweden, in lower case:
    from the user's cache where it holds the lexicon."""
    stored = stored_lexicon()
    return stored["names"] if stored else built_person_names()


def built_person_names() -> tuple[frozenset[str], frozenset[str]]:
    """`person_names` read from the data files."""
    first = {part.casefold() for name in data_lines("first_names.txt") for part in name.split("-")}
    return frozenset(first), frozenset(name.casefold() for name in data_lines("surnames.txt"))


def ordinary_name(word: str) -> bool:
    """Whether a name is also an ordinary word ("Bo", "Holm"): such a first name counts only with a
    surname, such a surname only after a first name or a role (the names-dataset part of the name
    lists has no ordinary words: tools/build_anon_data.py leaves them out)."""
    return word.casefold() in word_set("ordinary_names")


# --- What identifies nobody ---------------------------------------------------------------


@lru_cache(maxsize=None)
def not_identifying() -> tuple[str, ...]:
    """National bodies, reforms, methods and acronyms: names that identify nobody."""
    return tuple(data_lines("not_identifying.txt"))


@lru_cache(maxsize=None)
def national_domains() -> frozenset[str]:
    """The national names as a web address writes them: "folkhalsomyndigheten", "suicidezero", "1177"."""
    fold = str.maketrans("åäöéü", "aaoeu", " -")
    return frozenset(name.casefold().translate(fold) for name in not_identifying())


def load_allowlist(notes_dir: Path) -> tuple[str, ...]:
    """The investigator's terms that do not identify (`allowlist.txt` in the notes directory)."""
    path = Path(notes_dir) / ALLOWLIST_NAME
    if not path.is_file():
        return ()
    return tuple(
        line.split("#", 1)[0].strip() for line in decoded(path).splitlines() if line.split("#", 1)[0].strip()
    )
