"""Our templates reuse some of Flask-AppBuilder's own strings ("Add", "Show
record"): `make extract` adds them to messages.po untranslated; give them the
translation fab.po already has, so the two catalogs never disagree."""
import sys

from babel.messages.pofile import read_po, write_po


def fill(messages_path, fab_path, locale):
    with open(fab_path, "rb") as f:
        fab = read_po(f, locale=locale)
    with open(messages_path, "rb") as f:
        catalog = read_po(f, locale=locale)
    for message in catalog:
        known = fab.get(message.id) if message.id and not message.string else None
        if known is not None and known.string:
            message.string = known.string
    with open(messages_path, "wb") as f:
        write_po(f, catalog, width=76, omit_header=False)


if __name__ == "__main__":
    for lang in sys.argv[1:]:
        base = f"translations/{lang}/LC_MESSAGES/"
        fill(base + "messages.po", base + "fab.po", lang)
