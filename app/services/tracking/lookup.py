"""Documents looked up as they are typed, for the screens' searched
drop-downs (select2): a few of the user's scope, the newest first."""
import re

from sqlalchemy import and_, or_

from app.extensions import db
from app.models import Document
from app.rules import search as rules
from app.rules.documents import number_key

from .common import scoped

# The most documents a look-up answers with: a drop-down, not a list.
LOOKUP_LIMIT = 20
# Longer text is no number nor the start of a summary anyone types.
LOOKUP_MAX_CHARS = 200


def _word_starts(column, folded_words):
    """SQL: every word of ``folded_words`` begins a word of ``column`` (a
    folded key): "han" finds "hạn hán" and "hanh", not "nhan" (what is typed
    so far of a word). Substring test first, then the expression, as
    ``app.filters.whole_words``."""
    return and_(*(and_(column.contains(word, autoescape=True),
                       column.regexp_match(r"(^|\W)" + re.escape(word)))
                  for word in folded_words))


def lookup_documents(user, text, limit=LOOKUP_LIMIT):
    """At most ``limit`` (≤ ``LOOKUP_LIMIT``) documents of the user's scope
    matching what was typed so far, the newest first: its number and symbol
    holds the text ("34/ubnd" finds "1234/UBND-TH"; spaces, case and accents
    aside, as ``number_key``), or every word typed begins a word of the
    number, summary or signer, accents optional. Nothing typed: the newest.
    A user who reads no tasks (DIC IT) finds nothing (``scoped``)."""
    limit = max(1, min(int(limit), LOOKUP_LIMIT))
    text = (text or "")[:LOOKUP_MAX_CHARS]
    stmt = scoped(Document, user)
    key = number_key(text)
    if key:
        matches = [Document.number_key.contains(key, autoescape=True)]
        folded = rules.parse(text).folded
        if folded:
            matches.append(_word_starts(Document.search_key, folded))
        stmt = stmt.where(or_(*matches))
    return db.session.scalars(
        stmt.order_by(Document.issued_on.desc(), Document.id.desc()).limit(limit)).all()
