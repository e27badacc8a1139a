"""English is the source language: fill every empty English msgstr with its msgid."""
import sys

from babel.messages.pofile import read_po, write_po


def fill(path):
    with open(path, "rb") as f:
        catalog = read_po(f, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = tuple(message.id[min(i, 1)] for i in range(len(message.string)))
        elif not message.string:
            message.string = message.id
        message.flags.discard("fuzzy")
    with open(path, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        fill(arg)
