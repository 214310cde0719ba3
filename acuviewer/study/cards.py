"""What a study card is: one point asked one kind of question, and the id that names it in the user's data."""

from __future__ import annotations

from dataclasses import dataclass

# The user database checks its card kinds against its own copy of these words (userdata.model.STUDY_KINDS), so
# the study layer and the stored progress never import each other; a test keeps the two lists equal.
KINDS = ("locate", "name", "prescription", "pregnancy")


@dataclass(frozen=True, order=True)
class CardKey:
    """A point asked one kind of question; `card_id` ("locate:GB34") is how progress is stored."""

    kind: str
    code: str

    @property
    def card_id(self) -> str:
        return f"{self.kind}:{self.code}"

    @classmethod
    def parse(cls, card_id: str) -> CardKey:
        """The key a card id names; ValueError when it is not "<kind>:<code>" with a known kind."""
        kind, colon, code = card_id.partition(":")
        if not colon or kind not in KINDS:
            raise ValueError(f"not a study card id: {card_id!r} (expected one of {', '.join(KINDS)}, ':', a code)")
        if not code or code != code.strip() or ":" in code:
            raise ValueError(f"not a study card id: {card_id!r} (the point code is missing or malformed)")
        return cls(kind, code)
