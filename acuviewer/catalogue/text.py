"""Text folding shared by the catalogue build and search, so both sides compare the same keys."""

from __future__ import annotations

import re
import unicodedata

# Codes people type from other books: UB40 is BL40, Du4 is GV4, Liv3 / LV3 are LR3.
_CODE_PREFIXES = {"ub": "bl", "du": "gv", "liv": "lr", "lv": "lr"}
_CODE = re.compile(r"^([a-z]{2,3})(\d+)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# Longest query we look at: enough for any name or phrase; a 10,000-character paste is cut, not refused.
MAX_QUERY = 200


def clean_query(text: str) -> str:
    """Drops control characters and lone surrogates, trims, and cuts to MAX_QUERY characters."""
    return _CONTROL.sub(" ", text)[:MAX_QUERY].strip()


def fold(text: str) -> str:
    """Lower case, no tone marks or other diacritics, letters and digits only: 'Wěi zhōng' -> 'weizhong'."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = (c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in "".join(kept).casefold() if c.isalnum())


def code_key(text: str) -> str:
    """The folded form of a point code with other books' prefixes mapped: 'UB 40' -> 'bl40'."""
    key = fold(text)
    match = _CODE.match(key)
    return channel_key(match.group(1)) + match.group(2) if match else key


def channel_key(text: str) -> str:
    """A channel code folded, with other books' names mapped: 'UB' -> 'bl', 'Liv' -> 'lr'."""
    key = fold(text)
    return _CODE_PREFIXES.get(key, key)


def has_cjk(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or c >= "\U00020000" for c in text)
