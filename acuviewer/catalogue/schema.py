"""The built catalogue's schema version, shared by the builder and the reader (no sqlite-utils import)."""

from __future__ import annotations

# Bump when a table or column changes; the reader refuses any other version with a clear message.
SCHEMA_VERSION = 2  # 2: condition packs (the conditions table)

# The tokenizer that lets toneless pinyin match toned text ("weizhong" finds "Wěizhōng").
FTS_TOKENIZE = "unicode61 remove_diacritics 2"

# Kinds of search keys, best first: the order breaks ties within a search tier.
KEY_KINDS = ("code", "pinyin", "hanzi", "alias", "english")
