"""Every string has its Vietnamese and English text, and templates hold no
untranslated literal."""
import glob
import os
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(__file__)))
TRANSLATIONS = os.path.join(ROOT, "translations")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "N_": None, "lazy_ngettext": (1, 2)}


def _catalog(lang, domain):
    with open(os.path.join(TRANSLATIONS, lang, "LC_MESSAGES", f"{domain}.po"), "rb") as f:
        return read_po(f, locale=lang)


def _entries():
    for lang in ("vi", "en"):
        for domain in ("fab", "messages"):
            for message in _catalog(lang, domain):
                if message.id:
                    yield pytest.param(lang, domain, message, id=f"{lang}/{domain}:{str(message.id)[:40]}")


@pytest.mark.parametrize("lang,domain,message", list(_entries()))
def test_every_entry_is_translated_with_the_same_placeholders(lang, domain, message):
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    assert all(s.strip() for s in strings), f"{lang} {domain}: no translation for {ids[0]!r}"
    assert not message.fuzzy, f"{lang} {domain}: fuzzy translation for {ids[0]!r}"
    expected = sorted(PLACEHOLDER.findall(ids[0]))
    for s in strings:
        assert sorted(PLACEHOLDER.findall(s)) == expected, f"placeholders differ in {ids[0]!r}"


def _extracted_app_msgids():
    method_map = [("app/**.py", "python"), ("app/templates/**.html", "jinja2")]
    options = {"app/templates/**.html": {"extensions": "jinja2.ext.do,jinja2.ext.i18n"}}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT, method_map=method_map, options_map=options, keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_app_string_is_in_the_catalogs(lang):
    known = {m.id[0] if isinstance(m.id, tuple) else m.id
             for domain in ("fab", "messages") for m in _catalog(lang, domain)}
    missing = sorted(_extracted_app_msgids() - known)
    assert not missing, f"run `make extract` and translate: {missing[:20]}"


# Text a person reads: between tags, or in these attributes.
_ATTR = re.compile(r'\b(?:placeholder|title|alt|aria-label|value)="([^"{]*[A-Za-z][^"]*)"')
_JINJA = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.S)
_BLOCKS = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>", re.S)


def _literals(source):
    source = _BLOCKS.sub(" ", source)
    bare = _JINJA.sub(" ", source)
    texts = [t.strip() for t in _TAG.sub("\n", bare).split("\n")]
    found = [t for t in texts if re.search(r"[A-Za-zÀ-ỹ]{2}", t) and not t.startswith("&")]
    found += [a for a in _ATTR.findall(_JINJA.sub("", source)) if a.strip()]
    return found


@pytest.mark.parametrize("path", sorted(glob.glob(os.path.join(ROOT, "app/templates/**/*.html"),
                                                  recursive=True)), ids=os.path.basename)
def test_templates_hold_no_untranslated_literal(path):
    with open(path, encoding="utf-8") as f:
        assert _literals(f.read()) == []


@pytest.mark.parametrize("source,expected", [
    ('<p>{{ _("Hello") }}</p>', []),
    ("<p>Hello</p>", ["Hello"]),
    ('<input placeholder="Search">', ["Search"]),
    ('<input placeholder="{{ _(\'Search\') }}">', []),
    ("<script>var a = 'Hello';</script>", []),
    ("{% if x %}<b>Total</b>{% endif %}", ["Total"]),
])
def test_literal_finder(source, expected):
    assert _literals(source) == expected
