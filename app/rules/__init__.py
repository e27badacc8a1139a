"""Pure business rules: standard library only, every input passed in.

No Flask, no SQLAlchemy and no ``date.today()`` here: callers pass today's date
(in Asia/Ho_Chi_Minh), the calendar and the state they loaded.
"""


def N_(message):
    """Mark a message for extraction without translating it: rules do not
    know the user's language; the view or API layer translates RuleError."""
    return message


class RuleError(Exception):
    """A business rule refused an operation.

    ``message`` is an English msgid marked with ``N_``; ``params`` fill its
    ``%(name)s`` placeholders after translation.
    """

    def __init__(self, message, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params
