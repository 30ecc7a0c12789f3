"""Swedish letters in search: "gardsten" finds Gårdsten.

Material's search (lunr) matches words as they are written, and a reader on a
phone or a foreign keyboard often types a for å and ä, o for ö. After Material
has written ``search/search_index.json``, each entry whose title or text has
such letters gets the same words folded (å, ä → a, ö → o, é → e …) in fields
of its own (``folded_title``, ``folded_text``, weighted like the title and the
text), which lunr indexes but the result list never shows.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

FOLDED = {"title": "folded_title", "text": "folded_text"}
_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without diacritics: "Gårdsten Öster" → "gardsten oster"."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _folded_words(text: str) -> str:
    text = _TAG.sub(" ", text)
    # An ASCII word folds to itself: only the others are worth folding.
    words = sorted({w for w in set(_WORD.findall(text))
                    if not w.isascii() and fold(w) != w.lower()})
    return " ".join(fold(w) for w in words)


def add_folded_words(index: dict[str, Any]) -> dict[str, Any]:
    """The index with the folded fields added and indexed."""
    fields = index.setdefault("config", {}).setdefault("fields", {})
    for source, folded in FOLDED.items():
        fields[folded] = {"boost": fields.get(source, {}).get("boost", 1.0)}
    for doc in index.get("docs", []):
        for source, folded in FOLDED.items():
            words = _folded_words(str(doc.get(source, "")))
            if words:
                doc[folded] = words
    return index


def fold_search_index(site_dir: Path) -> None:
    path = site_dir / "search" / "search_index.json"
    if not path.exists():  # search turned off
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(add_folded_words(index), ensure_ascii=False,
                               separators=(",", ":")), encoding="utf-8")
