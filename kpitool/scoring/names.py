"""Vietnamese name order: dictionary order of letters, then tones; given name first."""

from __future__ import annotations

import unicodedata

import pandas as pd

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: i for i, letter in enumerate(_ALPHABET)}
_SHAPE = {"\u0306": "ă", "\u0302": "^", "\u031b": "'"}
_WITH_MARK = {("a", "ă"): "ă", ("a", "^"): "â", ("e", "^"): "ê", ("o", "^"): "ô",
              ("o", "'"): "ơ", ("u", "'"): "ư"}
# Tones in dictionary order: level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def vietnamese_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """A sort key in Vietnamese dictionary order: letters a ă â b c d đ e ê … first, tones second.

    Letters outside the Vietnamese alphabet sort after it by code point; spaces sort first.
    """
    letters: list[int] = []
    tones: list[int] = []
    for char in unicodedata.normalize("NFD", str(text).casefold()):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
            continue
        if char in _SHAPE and letters:
            base = _ALPHABET[letters[-1]] if 0 <= letters[-1] < len(_ALPHABET) else ""
            marked = _WITH_MARK.get((base if base != "ă" else "a", _SHAPE[char]))
            if marked:
                letters[-1] = _LETTER_RANK[marked]
            continue
        if unicodedata.combining(char):
            continue
        if char.isspace():
            letters.append(-1)
        else:
            letters.append(_LETTER_RANK.get(char, len(_ALPHABET) + ord(char)))
        tones.append(0)
    return tuple(letters), tuple(tones)


def name_order_key(full_name: str) -> tuple:
    """Given name (the last word) first, then the full name, in Vietnamese order."""
    words = str(full_name).split()
    given = words[-1] if words else ""
    return vietnamese_key(given), vietnamese_key(" ".join(words))


def name_order(names: pd.Series) -> pd.Series:
    """The position of each name in Vietnamese name order (0 first; equal names share one)."""
    keys = {name: name_order_key(name) for name in names.fillna("").unique()}
    ordered = sorted(keys, key=keys.__getitem__)
    position: dict[str, int] = {}
    previous = None
    for i, name in enumerate(ordered):
        position[name] = position[previous] if previous is not None and \
            keys[previous] == keys[name] else i
        previous = name
    return names.fillna("").map(position).astype("int64")

