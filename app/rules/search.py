"""Search that finds what was meant: whole words, accents optional, the exact
accented words first.

A text is cut into words (runs of letters and digits, ``\\w+``); a row matches
when every word typed is a whole word of the row's folded text (``fold``:
lower case, no diacritics, đ → d), so "quá hạn" finds "Quá hạn" and
"qua han" but neither "hạn hán" alone nor "quan". Among the matches, those
with the words as typed come first (``as_typed``: a word typed with accents
with the same accents, a word typed without any in whichever), so "quá hạn"
lists "nhiệm vụ quá hạn" before "hậu quả hạn hán" (``rank``).

The database does the matching on the folded ``search_key`` with
``word_pattern`` (the same regular expression on SQLite, through Python's
``re``, and on PostgreSQL); the ranking is done here, on the rows' own text.
"""
import re
import unicodedata
from dataclasses import dataclass

from app.rules.text import fold

# More words than this are not searched: the query stays small for the
# database, and the screen says the rest was left out.
MAX_WORDS = 12
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Word:
    """A word as written (lower case, composed Unicode) and folded."""

    exact: str
    folded: str


def words(text):
    """The words of ``text`` in order, each as written and folded.

    Text typed with decomposed accents (some Vietnamese keyboards) is composed
    first, so "hạn" reads the same whichever way it was typed."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", str(text)).lower()
    found = []
    for word in _WORD.findall(text):
        folded = fold(word)
        if folded:
            found.append(Word(word, folded))
    return found


@dataclass(frozen=True)
class Query:
    """What was typed: its distinct words (at most ``MAX_WORDS`` folded ones)
    and whether some were left out."""

    words: tuple = ()
    truncated: bool = False

    @property
    def folded(self):
        """The distinct folded words, in the order typed: what must match."""
        return tuple(dict.fromkeys(w.folded for w in self.words))

    def __bool__(self):
        return bool(self.words)


def parse(text):
    kept, folded = [], []
    truncated = False
    for word in words(text):
        if word in kept:
            continue
        if word.folded not in folded:
            if len(folded) == MAX_WORDS:
                truncated = True
                continue
            folded.append(word.folded)
        kept.append(word)
    return Query(tuple(kept), truncated)


def word_pattern(folded_word):
    """A regular expression matching ``folded_word`` as a whole word of a
    folded text. Valid for Python's ``re`` (SQLite's REGEXP in SQLAlchemy)
    and PostgreSQL's ``~`` alike: no ``\\b`` (a backspace to PostgreSQL)."""
    return r"(^|\W)" + re.escape(folded_word) + r"(\W|$)"


def matches(query, text):
    """Every word of ``query`` is a whole word of ``text``, accents optional
    (what the database's match on the folded key answers)."""
    present = {w.folded for w in words(text)}
    return bool(query) and all(word in present for word in query.folded)


def _has_run(sequence, run):
    n = len(run)
    return n > 0 and any(sequence[i:i + n] == run for i in range(len(sequence) - n + 1))


def _fits(typed, word):
    """A word typed without accents fits the same letters with any accents;
    one typed with accents only the same accents."""
    return typed.exact == word.exact or (typed.exact == typed.folded
                                         and typed.folded == word.folded)


def as_typed(query, text):
    """Every word of ``query`` is in ``text`` as typed (``_fits``)."""
    found = words(text)
    return bool(query) and all(any(_fits(q, w) for w in found) for q in query.words)


def rank(query, text):
    """How well ``text`` answers ``query``: a tuple, larger is better.

    1. every word typed is there as typed (``as_typed``);
    2. the words typed appear together, in order, exactly as typed;
    3. the words typed appear together, in order, accents aside;
    4. how many of the words typed appear exactly as typed.
    """
    found = words(text)
    exact = [w.exact for w in found]
    present = set(exact)
    typed = [w.exact for w in query.words]
    return (
        bool(query) and all(any(_fits(q, w) for w in found) for q in query.words),
        _has_run(exact, typed),
        _has_run([w.folded for w in found], [w.folded for w in query.words]),
        sum(1 for word in typed if word in present),
    )


def ranked(query, rows, text_of):
    """``rows`` best first (``rank`` of ``text_of(row)``); equally good rows
    keep the order they came in (the caller's: most recent first)."""
    return sorted(rows, key=lambda row: rank(query, text_of(row)), reverse=True)
