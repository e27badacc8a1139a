"""search index: the folded words of every task and document

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 12:00:00

One row per distinct word of a row's folded ``search_key`` (what
``app.rules.search.key_words`` gives), so that the search page and the
folded filter read the rows having the words instead of testing every row.
The application keeps it with every write (``app.services.tracking.keys``);
the upgrade fills it for the rows already there. PostgreSQL: collation "C"
(code point order), so that a range of words is exactly "starts with".
"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

WORD_MAX = 40  # app.rules.search.WORD_MAX when written
OWNERS = (("task_word", "task", ("content", "notes")),
          ("document_word", "document", ("number_symbol", "summary", "signer")))
BATCH = 5000
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")


def _fold(text):
    """app.rules.text.fold as written: lower case, no diacritics, đ → d."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def _words(key):
    return sorted({word[:WORD_MAX] for word in _WORD.findall(key or "")})


def _fill(name, owner, text_columns):
    """The words of every existing row, a batch of rows at a time (a row
    without a key, which the application never leaves, gets one folded from
    its text, as the application folds it)."""
    conn = op.get_bind()
    source = sa.table(owner, sa.column("id"), sa.column("search_key"),
                      *(sa.column(c) for c in text_columns))
    target = sa.table(name, sa.column("word"), sa.column(f"{owner}_id"))
    last = 0
    while True:
        rows = conn.execute(sa.select(source).where(source.c.id > last)
                            .order_by(source.c.id).limit(BATCH)).all()
        if not rows:
            break
        values = []
        for row in rows:
            key = row.search_key
            if key is None:
                key = _fold(" ".join(filter(None, (getattr(row, c) for c in text_columns))))
            values.extend({"word": w, f"{owner}_id": row.id} for w in _words(key))
        if values:
            conn.execute(sa.insert(target), values)
        last = rows[-1].id


def upgrade():
    word_type = sa.String(WORD_MAX).with_variant(sa.String(WORD_MAX, collation="C"),
                                                 "postgresql")
    for name, owner, text_columns in OWNERS:
        op.create_table(
            name,
            sa.Column("word", word_type, nullable=False),
            sa.Column(f"{owner}_id", sa.Integer(), nullable=False),
            sa.ForeignKeyConstraint([f"{owner}_id"], [f"{owner}.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("word", f"{owner}_id"),
            sqlite_with_rowid=False,
        )
        _fill(name, owner, text_columns)
        # After the fill: one sort instead of an index kept row by row.
        op.create_index(f"ix_{name}_{owner}_id", name, [f"{owner}_id"])


def downgrade():
    for name, owner, _ in OWNERS:
        op.drop_index(f"ix_{name}_{owner}_id", table_name=name)
        op.drop_table(name)
