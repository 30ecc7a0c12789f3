"""Closest-name suggestions for typos in keys and group names."""

from __future__ import annotations

import difflib

# The Swedish words editors type for the unit file's English keys; a word is
# suggested only where its key is allowed. Spelling alone finds the others
# ("adress" → "address"), and would suggest "email" for "mobil".
SWEDISH_KEYS = {
    "namn": "name", "roll": "role", "titel": "title", "telefon": "phone", "tel": "phone",
    "telefonnummer": "phone", "nummer": "phone", "mobil": "alt_phone",
    "mobilnummer": "alt_phone", "mobiltelefon": "alt_phone", "epost": "email",
    "e-post": "email", "mejl": "email", "mail": "email", "anteckning": "note",
    "kommentar": "note", "notering": "note", "länk": "url", "lank": "url", "adress": "address",
    "beskrivning": "description", "ägare": "owner", "agare": "owner",
    "godkänd": "approved", "godkand": "approved", "godkänt": "approved",
    "godkänd_av": "approved_by", "kontakter": "contacts", "blanketter": "forms",
    "rutiner": "routines", "övningar": "exercises", "ovningar": "exercises",
    "checklistor": "checklists", "steg": "steps", "datum": "date", "deltagare": "participants",
    "ansvarig": "responsible", "förvaring": "paper_location", "förvaras": "paper_location",
    "papperskopia": "paper_location", "plats": "location",
    "ärver": "extends", "grupper": "extends", "förvaltare": "maintainers",
}


def closest(word: str, candidates: list[str]) -> str | None:
    """The candidate ``word`` most likely meant: its English key if it is a Swedish word
    editors type for one, else the closest spelling."""
    english = SWEDISH_KEYS.get(word.lower())
    if english in candidates:
        return english
    matches = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def close_matches(word: str, candidates: list[str], count: int = 5) -> list[str]:
    """Up to ``count`` candidates that look like ``word``, closest first."""
    return difflib.get_close_matches(word.lower(), candidates, n=count, cutoff=0.6)
