"""Every demo user's day on the screens, in a real browser (issue 7, "Done when").

Each demo user signs in through the login form and opens every entry of their
navbar menu (the dropdown categories, the user menu, the language switch and
signing out included), then from each screen the first record's page, its
edit form and the add form where the screen offers them (the links a person
with that right sees). Every page is held to the same checks, and one run
reports every violation of every page:

* the page answers below 400 and so does everything it loads;
* no JavaScript error, no console error, nothing requested outside 127.0.0.1;
* the layout's navbar is there;
* in Vietnamese, no English string of Flask-AppBuilder's catalog, no common
  English word, no ISO date or timestamp (dates read dd/mm/yyyy);
* in any language, no ``True``/``False``/``None``/``__None``/``[]`` and no time
  with microseconds, in the text or in the fields' values.

Then: an out-of-scope task answers the Vietnamese 404 inside the layout, and
the Office's filter "first update late" on the task list finds the same
tasks as the REST API.

Screenshots of every page go to ``$E2E_SHOTS`` (default /tmp/e2e-shots), with
``violations_<user>.txt`` listing the pages each walk opened and what it found.
"""
import json
import os
import re
import sqlite3
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po

from tests.e2e.conftest import PASSWORD, ROOT, is_local, needs_chromium, sign_in

pytestmark = needs_chromium

SHOTS = Path(os.environ.get("E2E_SHOTS", "/tmp/e2e-shots"))
USERS = ("admin", "vanphong", "lanhdao", "sotttt", "sotaichinh", "buonmathuot", "krongpac")


# ----------------------------------------------------------------------------
# What may not appear on a page
# ----------------------------------------------------------------------------

# Single words of FAB's catalog that are also Vietnamese words ("In" is
# "print"), or that Vietnamese writes the same way.
_NOT_DISTINCTIVE = {"In", "OK", "Email", "EMail", "OpenID"}
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def fab_english_patterns():
    """``{msgid: regex}`` for the English strings of FAB's catalog whose
    Vietnamese text differs: at least two words, or a single distinctive word."""
    with open(os.path.join(ROOT, "translations", "vi", "LC_MESSAGES", "fab.po"), "rb") as f:
        catalog = read_po(f, locale="vi")
    patterns = {}
    for message in catalog:
        if not message.id:
            continue
        msgid = (message.id[0] if isinstance(message.id, tuple) else message.id).strip()
        string = message.string[0] if isinstance(message.string, tuple) else message.string
        if not string or string.strip() == msgid or msgid in _NOT_DISTINCTIVE:
            continue
        words = msgid.split()
        if not words or (len(words) == 1 and not re.fullmatch(r"[A-Za-z/.]{3,}", msgid)):
            continue
        parts = [re.escape(p) for p in _PLACEHOLDER.split(msgid)]
        body = r".{1,80}?".join(parts).replace(r"\ ", r"\s+")
        patterns[msgid] = re.compile(r"(?<![\w])" + body + r"(?![\w])")
    return patterns


FAB_ENGLISH = fab_english_patterns()
# Common English words that are not Vietnamese words (no "an", "to", "no", "in").
ENGLISH_WORDS = re.compile(
    r"(?<![\w])(the|and|with|from|your|please|this|that|is|are|was|were|has|have|been|"
    r"of|for|you|will|should|must|cannot|not|or|by|on|at|any|all|none|yes|select|list|"
    r"add|edit|show|delete|search|filter|record|records|page|user|users)(?![\w])", re.I)
RAW_VALUES = re.compile(r"(?<![\w])(True|False|None|__None)(?![\w])|\[\]")
ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}")
ISO_DATE = re.compile(r"(?<![\d/.-])\d{4}-\d{2}-\d{2}(?![\d])")
MICROSECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}[.,]\d{3,6}(?!\d)")


def _snippet(text, match, width=40):
    start, end = max(0, match.start() - width), min(len(text), match.end() + width)
    return "…" + re.sub(r"\s+", " ", text[start:end]).strip() + "…"


def text_violations(text, fields, vietnamese=True):
    """What is wrong with a page's visible ``text`` and its ``fields``' values."""
    found = []
    flat = re.sub(r"\s+", " ", text)
    if vietnamese:
        for msgid, pattern in FAB_ENGLISH.items():
            match = pattern.search(flat)
            if match:
                found.append(f"English from FAB's catalog {msgid!r}: {_snippet(flat, match)}")
        words = sorted({m.group(0) for m in ENGLISH_WORDS.finditer(flat)})
        if words:
            first = ENGLISH_WORDS.search(flat)
            found.append(f"English words {words}: {_snippet(flat, first)}")
    checks = [("raw value", RAW_VALUES), ("time with microseconds", MICROSECONDS)]
    if vietnamese:
        checks += [("ISO timestamp", ISO_TIMESTAMP), ("ISO date (dates read dd/mm/yyyy)", ISO_DATE)]
    for what, pattern in checks:
        hits = list(pattern.finditer(flat))
        if hits:
            more = f" (+{len(hits) - 1} more)" if len(hits) > 1 else ""
            found.append(f"{what} {hits[0].group(0)!r} in the text: {_snippet(flat, hits[0])}{more}")
        for name, value in fields:
            value = (value or "").strip()
            hit = (value in ("True", "False", "None", "__None", "[]") if what == "raw value"
                   else pattern.search(value))
            if hit:
                found.append(f"{what} in the field {name!r}: {value[:80]!r}")
    return found


def tip_violations(tips):
    """English in tooltips and placeholders (once per distinct text)."""
    found = []
    for tip in sorted(set(tips)):
        flat = re.sub(r"\s+", " ", tip)
        english = [m for m, p in FAB_ENGLISH.items() if p.search(flat)]
        words = sorted({m.group(0) for m in ENGLISH_WORDS.finditer(flat)})
        if english or words:
            found.append(f"English in a tooltip or placeholder: {flat[:80]!r}")
    return found


def test_the_checks_see_what_they_must_and_nothing_else():
    """The page checks themselves, on text known to be right or wrong."""
    clean = ("Danh sách nhiệm vụ\nIn báo cáo\tEmail: vanphong@daklak.example.vn\n"
             "Thời hạn 30/06/2017 10:15 · Sở Tài chính · Không có thời hạn · OK")
    assert text_violations(clean, [("deadline", "30/06/2017")]) == []
    wrong = {
        "Record Count: 12": "English from FAB's catalog 'Record Count'",
        "Trường này phải có ít nhất 8 ký tự. Field must be at least 8 character long.":
            "English from FAB's catalog 'Field must be at least %(min)d character long.'",
        "Vai trò\nThêm mới\n[]": "raw value '[]'",
        "Đang hoạt động? True": "raw value 'True'",
        "Đơn vị None": "raw value 'None'",
        "Đăng nhập lần cuối 2017-03-15 10:22": "ISO timestamp '2017-03-15 10:22'",
        "Ngày tạo 15/03/2017 10:22:33.123456": "time with microseconds '10:22:33.123456'",
        "Ngày 2017-03-15": "ISO date",
        "A secret document is not entered": "English words",
    }
    for text, expected in wrong.items():
        found = text_violations(text, [])
        assert any(f.startswith(expected) for f in found), (text, found)
    assert text_violations("", [("kind", "__None")])[0].startswith("raw value in the field")
    assert text_violations("", [("day", "2017-03-15")])[0].startswith("ISO date")
    # In English, ISO dates and English words are expected; raw values never are.
    assert text_violations("Deadline 2017-03-15 for the list", [], vietnamese=False) == []
    assert text_violations("Active True", [], vietnamese=False)
    assert tip_violations(["Remove all items", "Xóa tất cả"]) == [
        "English in a tooltip or placeholder: 'Remove all items'"]


# ----------------------------------------------------------------------------
# A person's walk through the screens, checking every page
# ----------------------------------------------------------------------------

_FIELDS_JS = """() => Array.from(document.querySelectorAll(
    'input:not([type=hidden]):not([type=password]):not([type=checkbox]):not([type=radio]), textarea'))
  .filter(e => e.offsetParent !== null)
  .map(e => [e.name || e.id || e.type, e.value])"""
# Every text of the page, also what shows only once opened (options of a
# dropdown, a dialog, a collapsed panel).
_ALL_TEXT_JS = """() => {
  if (!document.body) return '';
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('script, style, noscript, template').forEach(e => e.remove());
  copy.querySelectorAll('option, li, td, th, div, p, br, h1, h2, h3, h4, h5, label, a, button')
      .forEach(e => e.append(' '));
  return copy.textContent;
}"""
# Tooltips and placeholders people read too.
_TIPS_JS = """() => Array.from(document.querySelectorAll('[title], [placeholder], [data-original-title]'))
  .filter(e => e.offsetParent !== null || e.tagName === 'SPAN')
  .flatMap(e => ['title', 'placeholder', 'data-original-title'].map(a => e.getAttribute(a)))
  .filter(v => v && v.trim())"""
_CONTENT_LINKS_JS = """() => Array.from(document.querySelectorAll('a[href]'))
  .filter(e => !e.closest('.navbar'))
  .map(e => e.getAttribute('href'))"""
_MENU_JS = """() => Array.from(document.querySelectorAll('.navbar a[href]')).map(a => {
  const dropdown = a.closest('ul.dropdown-menu');
  const toggle = dropdown ? dropdown.parentElement.querySelector(':scope > a.dropdown-toggle') : null;
  return {href: a.getAttribute('href'), label: a.innerText.trim(),
          in_dropdown: !!toggle, category: toggle ? (toggle.innerText.trim() || '…') : ''};
})"""
# Links that change something or leave the screens: never followed as "pages".
_NOT_A_PAGE = re.compile(r"/(delete|action|action_post|download|logout|lang)(/|$)|^/back$|"
                         r"^(#|javascript:|mailto:)")


class Walk:
    """One user's browser tab; ``visit`` opens a page and records what is wrong."""

    def __init__(self, user, context, base, outside):
        self.user, self.base, self.outside = user, base, outside
        self.page = context.new_page()
        self.violations = []  # (page label, url, what)
        self.favicon_missing = False
        self.timing = []
        self.visited = []
        self._errors, self._console, self._failed = [], [], []
        self.page.on("pageerror", lambda error: self._errors.append(str(error).splitlines()[0]))
        self.page.set_default_timeout(5000)
        self.page.set_default_navigation_timeout(20000)
        self.page.on("console", self._on_console)
        self.page.on("response", lambda r: self._failed.append((r.status, r.url))
                     if r.status >= 400 else None)
        self.page.on("requestfailed", lambda r: self._failed.append(("failed", r.url))
                     if is_local(r.url) else None)

    def _on_console(self, msg):
        if msg.type != "error":
            return
        source = (msg.location or {}).get("url", "")
        if source.endswith("/favicon.ico"):
            # Every page asks for it: reported once per walk, not per page.
            self.favicon_missing = True
            return
        self._console.append((msg.text, self.path(source) if source else ""))

    def path(self, url=None):
        parts = urlsplit(url or self.page.url)
        return parts.path + ("?" + parts.query if parts.query else "")

    def visit(self, label, open_page, vietnamese=True, expect_status=None):
        """``open_page()`` navigates (returns the main response or None); then
        every check. Returns the main response's status."""
        self._errors.clear(), self._console.clear(), self._failed.clear()
        seen_outside = len(self.outside)
        status = None
        opened = time.monotonic()
        try:
            response = open_page()
            self.page.wait_for_load_state("load")
            status = response.status if response is not None else self.page.evaluate(
                "(performance.getEntriesByType('navigation')[0] || {}).responseStatus")
        except Exception as error:  # a timeout or a crash is a finding too
            self.add(label, f"could not be opened: {str(error).splitlines()[0]}")
        self.page.wait_for_timeout(100)  # late scripts and their errors
        url = self.path()
        self.visited.append((label, url, status))
        started = time.monotonic()
        what = []
        if expect_status is not None:
            if status != expect_status:
                what.append(f"HTTP status {status}, expected {expect_status}")
        elif status is None or status >= 400:
            what.append(f"HTTP status {status}")
        for code, failed in self._failed:
            if failed.split("#")[0] != self.page.url.split("#")[0]:
                what.append(f"a resource answered {code}: {self.path(failed)}")
        what += [f"JavaScript error: {e}" for e in self._errors]
        for text, source in self._console:
            if (expect_status and source == url and "Failed to load resource" in text
                    and f"status of {expect_status}" in text):
                continue  # the expected status of the page itself
            what.append(f"console error: {text}" + (f" ({source})" if source else ""))
        what += [f"request outside 127.0.0.1: {u}" for u in self.outside[seen_outside:]]
        if not self.page.locator(".navbar a[href='/users/userinfo/'], .navbar a[href='/login/']"
                                 ).count():
            what.append("no navbar (the page is not inside the layout)")
        try:
            text = self.page.evaluate("document.body ? document.body.innerText : ''")
            fields = self.page.evaluate(_FIELDS_JS)
            tips = self.page.evaluate(_TIPS_JS)
            hidden = self.page.evaluate(_ALL_TEXT_JS)
        except Exception as error:
            text, fields, tips, hidden = "", [], [], ""
            what.append(f"text unreadable: {error}")
        shown = text_violations(text, fields, vietnamese=vietnamese)
        what += shown
        # Menus, dialogs, collapsed panels and dropdown choices: read once opened.
        heads = {v.split(":")[0] for v in shown}
        what += [f"(shown on click) {v}" for v in text_violations(hidden, [], vietnamese)
                 if v.split(":")[0] not in heads]
        if vietnamese:
            what += tip_violations(tips)
        for item in what:
            self.add(label, item, url)
        checked = time.monotonic()
        self.screenshot(label)
        self.timing.append((url, round(started - opened, 2), round(checked - started, 2),
                            round(time.monotonic() - checked, 2)))
        return status

    def add(self, label, what, url=None):
        self.violations.append((label, url or self.path(), what))

    def screenshot(self, label):
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", f"{self.user}_{len(self.visited):02d}_{label}")[:120]
        try:
            self.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
        except Exception:
            pass

    def goto(self, url):
        return lambda: self.page.goto(self.base + url)

    def click(self, locator):
        return lambda: self.navigation(locator.click)

    def navigation(self, act):
        """``act()`` and the response of the document it leads to (after any
        redirect; a "#" link whose script then submits a form is no page)."""
        main = self.page.main_frame

        def document(response):
            request = response.request
            return (request.is_navigation_request() and request.frame == main
                    and not 300 <= response.status < 400)

        with self.page.expect_response(document, timeout=20000) as response:
            act()
        landed = response.value.url.split("#")[0]
        self.page.wait_for_url(lambda u: u.split("#")[0] == landed, wait_until="load",
                               timeout=20000)
        return response.value

    def menu_entries(self):
        return self.page.evaluate(_MENU_JS)

    def open_from_menu(self, entry):
        """Through the navbar as a person does: the category, then the entry
        (straight to the address when this page has no navbar)."""
        link = self.page.locator(f".navbar a[href='{entry['href']}']").first
        if not link.count():
            self.add(entry["label"], "not in the navbar of the page before it")
            return self.goto(entry["href"])()
        if entry["in_dropdown"]:
            toggle = link.locator("xpath=ancestor::ul[contains(@class, 'dropdown-menu')][last()]"
                                  "/../a[contains(@class, 'dropdown-toggle')]").first
            toggle.click()
            link.wait_for(state="visible", timeout=3000)
        return self.click(link)()

    def report(self):
        if self.favicon_missing:
            self.add("every page", "/favicon.ico answers 404: a console error on every page",
                     "/favicon.ico")
            self.favicon_missing = False
        return [f"{self.user} | {label} | {url} | {what}" for label, url, what in self.violations]


def content_links(walk):
    """The pages a screen leads to (outside the navbar): one of each kind —
    a record's page, its edit form, the add form, other screens."""
    here = urlsplit(walk.page.url).path
    found, kinds = [], set()
    for href in walk.page.evaluate(_CONTENT_LINKS_JS):
        parts = urlsplit(href)
        if parts.netloc and parts.netloc != urlsplit(walk.base).netloc:
            continue
        if _NOT_A_PAGE.search(parts.path or href) or not parts.path or parts.path == here:
            continue
        kind = re.sub(r"\d+", "N", parts.path)
        if kind not in kinds:
            kinds.add(kind)
            found.append(parts.path + ("?" + parts.query if parts.query else ""))
    return found


def _label(entry):
    return " > ".join(x for x in (entry["category"], entry["label"]) if x) or entry["href"]


def _write_report(user, lines, visited, timing=()):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with open(SHOTS / f"violations_{user}.txt", "w", encoding="utf-8") as f:
        f.write(f"{len(visited)} pages: " + ", ".join(url for _l, url, _s in visited) + "\n")
        f.write("".join(line + "\n" for line in lines))
        f.write("seconds (open, check, screenshot): " + repr(list(timing)) + "\n")


@pytest.mark.parametrize("user", USERS)
def test_every_menu_entry_of_every_demo_user(user, demo_server, browser, new_context,
                                             outside_requests):
    base = demo_server["base"]
    context = new_context(browser)
    walk = Walk(user, context, base, outside_requests)

    walk.visit("login form", walk.goto("/login/"))
    walk.visit("home after signing in", lambda: _sign_in(walk, user))
    entries = [e for e in walk.menu_entries() if e["href"] not in ("#", "/")]
    assert any(e["href"] == "/users/userinfo/" for e in entries), entries
    pages = [e for e in entries if not _NOT_A_PAGE.search(e["href"])]
    assert pages, f"{user} has no menu entry"

    followed = set()
    for entry in pages:
        walk.visit(_label(entry), lambda: walk.open_from_menu(entry))
        if entry["href"] == "/users/userinfo/":
            _own_account_forms(walk)
            continue
        if entry["href"] == "/search/":
            _search(walk, "quá hạn")
        for href in content_links(walk):
            kind = re.sub(r"\d+", "N", urlsplit(href).path)
            if kind in followed:
                continue
            followed.add(kind)
            walk.visit(f"{_label(entry)} → {kind}", walk.goto(href))

    # The language switch: the English page still shows no raw value; back to Vietnamese.
    for entry in entries:
        if "/lang/" in entry["href"]:
            walk.visit(f"language {entry['href']}", lambda: walk.open_from_menu(entry),
                       vietnamese=False)
            walk.visit("back to Vietnamese", walk.goto("/lang/vi"))
    # Signing out from the user menu lands on a page in Vietnamese.
    logout = [e for e in entries if e["href"] == "/logout/"]
    if not logout:
        walk.add("user menu", "no sign-out entry")
    else:
        walk.visit("user menu > sign out", lambda: walk.open_from_menu(logout[0]))

    lines = walk.report()
    _write_report(user, lines, walk.visited, walk.timing)
    # Each refused request is reported with its page above.
    outside_requests.clear()
    assert not lines, f"{len(lines)} violations on {len(walk.visited)} pages of {user}:\n" + \
        "\n".join(lines)


def _sign_in(walk, user):
    """The login form, as a person fills it; returns the response of the page
    it lands on."""
    page = walk.page
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    response = walk.navigation(lambda: page.keyboard.press("Enter"))
    assert page.url == walk.base + "/", f"{user} did not land on the home page: {page.url}"
    return response


def _own_account_forms(walk):
    """The profile leads to the person's own password and profile forms."""
    found = {}
    for action, label in (("resetmypassword", "change my password"),
                          ("userinfoedit", "edit my profile")):
        # The profile page's own buttons (the user menu's links are walked as menu entries).
        button = walk.page.locator(f"[id$='-{action}']:visible, a[href*='{action}']:visible").first
        found[action] = bool(button.count())
        if not found[action]:
            walk.add("profile", f"no button to {label} (issue 7 item 2)")
    for action, label in (("resetmypassword", "change my password"),
                          ("userinfoedit", "edit my profile")):
        if found[action]:
            if urlsplit(walk.page.url).path != "/users/userinfo/":
                walk.visit(f"profile → {label}", walk.goto("/users/userinfo/"))
            button = walk.page.locator(
                f"[id$='-{action}']:visible, a[href*='{action}']:visible").first
            walk.visit(f"profile → {label} form", walk.click(button))


def _search(walk, words):
    box = walk.page.locator("input[name='q']").first
    if not box.count():
        walk.add("search", "no search box")
        return

    def _open():
        box.fill(words)
        return walk.navigation(lambda: box.press("Enter"))

    walk.visit(f"search {words!r}", _open)


# ----------------------------------------------------------------------------
# The Vietnamese 404 of an out-of-scope task
# ----------------------------------------------------------------------------

def _api(base, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(base + path, headers=headers, method="POST" if body else "GET",
                                     data=json.dumps(body).encode() if body else None)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _token(base, username):
    return _api(base, "/api/v1/security/login",
                body={"username": username, "password": PASSWORD, "provider": "db"})["access_token"]


def _visible_task_ids(base, username):
    token = _token(base, username)
    ids, page = set(), 0
    while True:
        answer = _api(base, f"/api/v1/task/?q=(columns:!(id),page:{page},page_size:500)", token)
        ids |= {row["id"] for row in answer["result"]}
        if len(answer["result"]) < 500:
            return ids
        page += 1


def test_an_out_of_scope_task_shows_the_vietnamese_404_in_the_layout(
        demo_server, browser, new_context, outside_requests):
    base = demo_server["base"]
    with sqlite3.connect(demo_server["database"]) as conn:
        every = [i for (i,) in conn.execute("SELECT id FROM task ORDER BY id")]
    hidden = sorted(set(every) - _visible_task_ids(base, "krongpac"))
    assert hidden, "every task is visible to krongpac: the demo data should hold others"
    walk = Walk("krongpac", new_context(browser), base, outside_requests)
    sign_in(walk.page, base, "krongpac")
    walk.visit("out-of-scope task", walk.goto(f"/tasks/show/{hidden[0]}"), expect_status=404)
    text = walk.page.evaluate("document.body.innerText")
    if not walk.page.locator(".navbar a[href='/tasks/list/']").count():
        walk.add("out-of-scope task", "the navbar lacks the person's menu (Nhiệm vụ)")
    if not re.search(r"[Kk]hông tìm thấy|không tồn tại|không có quyền xem", text):
        walk.add("out-of-scope task", f"no Vietnamese not-found sentence in: {text[:300]!r}")
    if re.search(r"Not Found|requested URL", text):
        walk.add("out-of-scope task", "Werkzeug's English 404 text")
    back = walk.page.evaluate("""() => Array.from(document.querySelectorAll('a[href], button'))
        .filter(e => !e.closest('.navbar') && e.offsetParent !== null).length""")
    if not back:
        walk.add("out-of-scope task", "no link or button back in the page body")
    lines = walk.report()
    _write_report("krongpac-404", lines, walk.visited)
    outside_requests.clear()
    assert not lines, "\n".join(lines)


# ----------------------------------------------------------------------------
# The Office's filter "first update late" = the API's
# ----------------------------------------------------------------------------

def _listed_task_ids(page):
    hrefs = page.eval_on_selector_all("a[href*='/tasks/show/']",
                                      "els => els.map(e => e.getAttribute('href'))")
    return {int(re.search(r"/tasks/show/(\d+)", h).group(1)) for h in hrefs}


def test_the_office_filters_tasks_on_first_update_late_like_the_api(
        demo_server, browser, new_context, outside_requests):
    base = demo_server["base"]
    token = _token(base, "vanphong")
    answer = _api(base, "/api/v1/task/?q=(filters:!((col:first_update_late,opr:eq,value:!t)),"
                        "page_size:100)", token)
    expected = {row["id"] for row in answer["result"]}
    assert answer["count"] == len(expected) <= 100
    with sqlite3.connect(demo_server["database"]) as conn:
        late = {i for (i,) in conn.execute("SELECT id FROM task WHERE first_update_late")}
    assert expected == late and expected, "the API's filter must return the flagged tasks"

    walk = Walk("vanphong", new_context(browser), base, outside_requests)
    page = walk.page
    sign_in(page, base, "vanphong")
    walk.visit("task list", lambda: walk.open_from_menu(
        next(e for e in walk.menu_entries() if e["href"] == "/tasks/list/")))
    # "Tìm kiếm" opens the filters; "Thêm bộ lọc" lists the fields.
    page.locator("a.accordion-toggle").filter(has_text="Tìm kiếm").first.click()
    page.locator("#filter_form button.dropdown-toggle").filter(has_text="Thêm bộ lọc").click()
    field = page.locator("#filter_form a.filter[name='first_update_late']")
    labels = page.locator("#filter_form a.filter").all_inner_texts()
    assert field.count(), f"the task list offers no filter on 'first update late': {labels}"
    field.click()
    row = page.locator("#filter_form .filters tr").last
    value = row.locator(".filter_val").first
    if value.evaluate("e => e.tagName") == "SELECT":
        options = [o.strip() for o in value.locator("option").all_inner_texts()]
        assert "Có" in options, f"the filter's choices are not Có/Không: {options}"
        if value.is_visible():
            value.select_option(label="Có")
        else:  # select2: open it and pick the choice
            row.locator(".select2-container").last.click()
            page.locator(".select2-results__option").filter(
                has_text=re.compile(r"^\s*Có\s*$")).first.click()
    else:
        value.check()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "vanphong_filter_first_update_late_form.png"))
    walk.visit("filtered on first update late",
               walk.click(page.locator("#filter_form button[type='submit']")))
    listed = _listed_task_ids(page)
    # Every page of results, through the pagination under or above the list.
    seen = {page.url}
    while True:
        nxt = [h for h in page.eval_on_selector_all(
            ".pagination a[href*='page_TaskModelView']", "els => els.map(e => e.href)")
            if h not in seen]
        if not nxt:
            break
        seen.add(nxt[0])
        page.goto(nxt[0])
        listed |= _listed_task_ids(page)
    lines = walk.report()
    outside_requests.clear()
    assert listed == expected, (f"screen only: {sorted(listed - expected)}; "
                                f"API only: {sorted(expected - listed)}")
    assert not lines, "\n".join(lines)


def test_the_guard_refuses_and_records_requests_outside_127_0_0_1(
        demo_server, browser, new_context, outside_requests):
    """The guard cannot pass by accident: an outside address gets nothing and
    is recorded; the app's own pages load."""
    context = new_context(browser)
    with pytest.raises(Exception, match="ERR_BLOCKED_BY_CLIENT"):
        context.new_page().goto("http://198.51.100.7/pixel.png")
    assert outside_requests == ["http://198.51.100.7/pixel.png"]
    context.new_page().goto(demo_server["base"] + "/login/")
    assert outside_requests == ["http://198.51.100.7/pixel.png"]
    outside_requests.clear()
