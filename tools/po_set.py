"""Set the Vietnamese (and English) text of catalog entries from the shell.

    python tools/po_set.py [--domain fab] "English msgid" "Vietnamese text" [...]

Pairs of arguments; an entry that does not exist yet is added to both the
vi and en catalogs (English: the msgid itself), so a string can be
translated before ``make extract`` runs. Holds ``translations/.lock`` while it
writes, as ``make extract`` does, so several people can translate at once.
Plural entries are left to the .po file itself.
"""
import argparse
import fcntl
import os

from babel.messages.pofile import read_po, write_po

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRANSLATIONS = os.path.join(ROOT, "translations")


def _update(lang, domain, pairs):
    path = os.path.join(TRANSLATIONS, lang, "LC_MESSAGES", f"{domain}.po")
    with open(path, "rb") as f:
        catalog = read_po(f, locale=lang)
    for msgid, vi in pairs:
        text = vi if lang == "vi" else msgid
        message = catalog.get(msgid)
        if message is None:
            catalog.add(msgid, text)
        elif lang == "vi" or not message.string:
            message.string = text
            message.flags.discard("fuzzy")
    with open(path, "wb") as f:
        write_po(f, catalog, width=100, omit_header=False, sort_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domain", default="messages", choices=("messages", "fab"))
    parser.add_argument("texts", nargs="+")
    args = parser.parse_args()
    if len(args.texts) % 2:
        parser.error("give msgid and Vietnamese text in pairs")
    pairs = list(zip(args.texts[::2], args.texts[1::2]))
    with open(os.path.join(TRANSLATIONS, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for lang in ("vi", "en"):
            _update(lang, args.domain, pairs)
    print(f"{len(pairs)} entries set in {args.domain}")


if __name__ == "__main__":
    main()
