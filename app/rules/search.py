"""Search that finds what was meant: whole words, accents optional, the exact
accented words first.

A text is cut into words (runs of letters and digits, ``\\w+``); a row matches
when every word typed is a whole word of the row's folded text (``fold``:
lower case, no diacritics, đ → d), so "quá hạn" finds "Quá hạn" and
"qua han" but neither "hạn hán" alone nor "quan". Among the matches, those
with the words as typed come first (``as_typed``: a word typed with accents
with the same accents, a word typed without any in whichever), so "quá hạn"
lists "nhiệm vụ quá hạn" before "hậu quả hạn hán" (``rank``).

The database does the matching through a word index: every distinct word
of a row's folded ``search_key`` (``key_words``) is a row of the index table
(``task_word``, ``document_word``), kept with the row in the same transaction;
a search looks each folded word up there (equality for a whole word, a range
for the start of a word: ``prefix_end``), so it reads the rows that have the
words, not every row. Words longer than ``WORD_MAX`` are indexed by their
first ``WORD_MAX`` characters; a search for such a word also checks the key
with ``word_pattern`` (a regular expression valid for SQLite's REGEXP and
PostgreSQL's ``~``). The ranking is done here, on the rows' own text.
"""
import re
import unicodedata
from dataclasses import dataclass

from app.rules.text import fold

# More words than this are not searched: the query stays small for the
# database, and the screen says the rest was left out.
MAX_WORDS = 12
# The index keeps at most this many characters of a word (a btree entry has a
# size limit; no Vietnamese word, number or code comes near it).
WORD_MAX = 40
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Word:
    """A word as written (lower case, composed Unicode) and folded."""

    exact: str
    folded: str


# A language has a few thousand words: ranking hundreds of rows folds each
# of them once. Words of ordinary length only; emptied when full.
_KNOWN = {}
_KNOWN_MAX = 50_000
_NOT_A_WORD = Word("", "")


def _word(exact):
    folded = fold(exact)
    found = Word(exact, folded) if folded else _NOT_A_WORD
    if len(exact) <= WORD_MAX:
        if len(_KNOWN) >= _KNOWN_MAX:
            _KNOWN.clear()
        _KNOWN[exact] = found
    return found


def words(text):
    """The words of ``text`` in order, each as written and folded.

    Text typed with decomposed accents (some Vietnamese keyboards) is composed
    first, so "hạn" reads the same whichever way it was typed."""
    if not text:
        return []
    text = unicodedata.normalize("NFC", str(text)).lower()
    known = _KNOWN.get
    found = [known(token) or _word(token) for token in _WORD.findall(text)]
    return [w for w in found if w is not _NOT_A_WORD]


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


def key_words(key):
    """The words a folded ``search_key`` is indexed under: each distinct run
    of letters and digits, cut to ``WORD_MAX`` characters, sorted. A folded
    word shorter than ``WORD_MAX`` is a whole word of the key
    (``word_pattern``) exactly when it is one of these (``index_terms``)."""
    return sorted({word[:WORD_MAX] for word in _WORD.findall(key or "")})


def index_terms(folded_word):
    """(the index words every row with ``folded_word`` has, whether having
    them is enough): a word shorter than ``WORD_MAX`` is its own index word;
    the index holds a longer word by its first ``WORD_MAX`` characters (as
    any word starting with them), so the key must then be checked with
    ``word_pattern`` as well."""
    terms = key_words(folded_word)
    return tuple(terms), terms == [folded_word] and len(folded_word) < WORD_MAX


def prefix_end(prefix):
    """The smallest string greater than every string starting with
    ``prefix``, in code point order (the index's order: binary on SQLite,
    collation "C" on PostgreSQL): ``word >= prefix AND word < prefix_end``
    is "word starts with prefix", and uses the index on both databases
    (``LIKE 'x%'`` does not on SQLite, whose LIKE ignores case). None when
    no such string exists (the prefix ends with the last code point)."""
    for i in range(len(prefix) - 1, -1, -1):
        code = ord(prefix[i]) + 1
        if 0xD800 <= code < 0xE000:  # surrogates are no text
            code = 0xE000
        if code <= 0x10FFFF:
            return prefix[:i] + chr(code)
    return None


def matches(query, text):
    """Every word of ``query`` is a whole word of ``text``, accents optional
    (what the database's match on the folded key answers)."""
    present = {w.folded for w in words(text)}
    return bool(query) and all(word in present for word in query.folded)


def _has_run(sequence, run):
    """``run`` (words) appears in ``sequence`` (words), together and in order.
    Words have no spaces: joined by spaces, a run is a substring between
    spaces."""
    return bool(run) and f" {' '.join(run)} " in f" {' '.join(sequence)} "


def _all_fit(query, exact, folded):
    """Every word of ``query`` fits a word of the text, whose words as
    written are the set ``exact`` and folded the set ``folded``: a word
    typed without accents fits the same letters with any accents, one typed
    with accents only the same accents."""
    return bool(query) and all(
        q.exact in exact or (q.exact == q.folded and q.folded in folded) for q in query.words)


def as_typed(query, text):
    """Every word of ``query`` is in ``text`` as typed (``_all_fit``)."""
    found = words(text)
    return _all_fit(query, {w.exact for w in found}, {w.folded for w in found})


def rank(query, text):
    """How well ``text`` answers ``query``: a tuple, larger is better.

    1. every word typed is there as typed (``as_typed``);
    2. the words typed appear together, in order, exactly as typed;
    3. the words typed appear together, in order, accents aside;
    4. how many of the words typed appear exactly as typed.
    """
    found = words(text)
    exact = [w.exact for w in found]
    folded = [w.folded for w in found]
    present = set(exact)
    typed = [w.exact for w in query.words]
    return (
        _all_fit(query, present, set(folded)),
        _has_run(exact, typed),
        _has_run(folded, [w.folded for w in query.words]),
        sum(1 for word in typed if word in present),
    )


def ranked(query, rows, text_of):
    """``rows`` best first (``rank`` of ``text_of(row)``); equally good rows
    keep the order they came in (the caller's: most recent first)."""
    return sorted(rows, key=lambda row: rank(query, text_of(row)), reverse=True)
