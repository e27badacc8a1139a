"""The access matrix, generated from the app's own registry (issue 9, item 13).

Every URL rule Flask knows, each of its methods, each FAB action of a screen
and each workflow action of a task, is a row; each row is tried as every role
(and anonymously) on an object of the unit the unit roles belong to (Krông
Pắc) and on one of another unit (Buôn Ma Thuột), and the outcomes must match
the table below. A rule added without a row fails ``test_every_endpoint_has_a_row``.

Letters, in ROLES order (admin, Office specialist, Office leader, provincial
leader, DIC IT, unit clerk, unit leader, anonymous):

* ``+`` the request got past every access check (any answer but those below);
* ``x`` refused: 401, 403, the login page, or the task workflow's "you may not
  do this" for a role that may never do that action;
* ``0`` not found: 404 (also what a role that lacks the scope sees);
* a 5xx fails whatever the table says.

Rows on an object carry two columns, "own unit / other unit"; rows without one
carry one. Write requests go with an empty body (and the workflow's, with the
fields the action needs), so an allowed role gets a validation message or
does the action: both are ``+``.
"""
import io
import os
from datetime import date
from itertools import count

import pytest
from flask_jwt_extended import create_access_token
from flask_babel import force_locale, gettext
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from app import roles
from app.extensions import appbuilder, db
from app.models import AppUser, CalendarDay, Notification, SecretReportReceipt, Unit
from app.rules import workflow as wf
from app.services import files, tracking, urging

ROLES = [roles.ADMIN, roles.OFFICE_SPECIALIST, roles.OFFICE_LEADER, roles.PROVINCIAL_LEADER,
         roles.DIC_IT, roles.UNIT_CLERK, roles.UNIT_LEADER, None]
# The demo account of each role; two roles have none, the test adds them.
ACCOUNTS = {roles.ADMIN: "admin", roles.OFFICE_SPECIALIST: "vanphong",
            roles.OFFICE_LEADER: "matrix_vpld", roles.PROVINCIAL_LEADER: "lanhdao",
            roles.DIC_IT: "sotttt", roles.UNIT_CLERK: "krongpac",
            roles.UNIT_LEADER: "matrix_kpld"}
OWN, OTHER = "KRONGPAC", "BMT"

# What object a path's id names, by the view that serves the path.
KINDS = {
    "UnitModelView": "unit", "UnitApi": "unit",
    "DocumentModelView": "document", "DocumentApi": "document",
    "TaskModelView": "task", "TaskApi": "task",
    "AttachmentView": "attachment",
    "SecretReportModelView": "secret_report",
    "AppUserDBModelView": "user", "AppResetPasswordView": "user",
    "CalendarDayModelView": "calendar_day",
    "UrgingView": "urging", "UrgingApi": "urging",
    "NotificationView": "notification", "NotificationApi": "notification",
    "AppRoleModelView": "role", "AppPermissionModelView": "permission",
    "AppViewMenuModelView": "view_menu", "AppPermissionViewModelView": "permission_view",
}
# Screens that take the object's id as ``?pk=`` rather than in the path.
QUERY_ID = {"AppResetPasswordView"}
# A notification "of a unit" is one of its clerk's (krongpac's, buonmathuot's):
# only its owner may open it.
UNIT_SCOPED = {"unit", "document", "task", "attachment", "secret_report", "user",
               "notification"}
# An urging "of a unit" is one of a task the unit leads.
UNIT_SCOPED |= {"urging"}
ID_PARAMS = {"pk", "attachment_id", "role_id"}
FIXED_PARAMS = {"version": "v1", "locale": "en", "year": "2026"}
STATIC_FILES = {"static": "calendar/calendar.css", "appbuilder.static": "css/ab.css"}
# Workflow fields each action needs, so that its refusal (or not) is about access.
ACTION_BODY = {"reason": "Kiểm tra phân quyền", "content": "Kiểm tra phân quyền",
               "new_deadline": "2030-06-28", "approve": False}

# fmt: off
#                                                        own unit / other unit
#                                                        ASLPDCU-   ASLPDCU-
EXPECTED = {
    'DELETE /api/v1/document/<int:pk>':                   '+++x0xxx / +++x000x',
    'GET /':                                              '++++++++',
    'GET /api/<version>/_openapi':                        '+++++++x',
    'GET /api/v1/document/':                              '++++x++x',
    'GET /api/v1/document/<int:pk>':                      '++++x++x / ++++x00x',
    'GET /api/v1/document/_info':                         '++++x++x',
    'GET /api/v1/menu/':                                  '+++++++x',
    'GET /api/v1/notification/':                          '+++++++x',
    'GET /api/v1/task/':                                  '++++x++x',
    'GET /api/v1/task/<int:pk>':                          '++++x++x / ++++x00x',
    'GET /api/v1/task/<int:pk>/history':                  '++++0++x / ++++000x',
    'GET /api/v1/task/_info':                             '++++x++x',
    'GET /api/v1/unit/':                                  '+++++++x',
    'GET /api/v1/unit/<int:pk>':                          '+++++++x / +++++00x',
    'GET /api/v1/unit/_info':                             '+++++++x',
    'GET /api/v1/urging/':                                '++++x++x',
    'GET /api/v1/urging/<int:pk>':                        '++++x++x / ++++x00x',
    'GET /back':                                          '++++++++',
    'GET /calendar/add':                                  '+xxxxxxx',
    'GET /calendar/delete/<pk>':                          '+xxxxxxx',
    'GET /calendar/edit/<pk>':                            '+xxxxxxx',
    'GET /calendar/list/':                                '+++++++x',
    'GET /calendar/show/<pk>':                            '+++++++x',
    'GET /calendar/year/':                                '+++++++x',
    'GET /calendar/year/<int:year>':                      '+++++++x',
    'GET /documents/add':                                 '+++xxxxx',
    'GET /documents/edit/<pk>':                           '+++xxxxx / +++xxxxx',
    'GET /documents/list/':                               '++++x++x',
    'GET /documents/remove/<pk>':                         '+++xxxxx / +++xxxxx',
    'GET /documents/show/<pk>':                           '++++x++x / ++++x00x',
    'GET /files/<attachment_id>':                         '++++x++x / ++++x00x',
    'GET /health':                                        '++++++++',
    'GET /inbox/office':                                  '++++xxxx',
    'GET /inbox/unit':                                    '+xxxx++x',
    'GET /lang/<string:locale>':                          '++++++++',
    'GET /login/':                                        '++++++++',
    'GET /logout/':                                       '++++++++',
    'GET /lookup/documents':                              '++++x++x',
    'GET /notifications/':                                '+++++++x',
    'GET /notifications/open/<int:pk>':                   '00000+0x / 0000000x',
    'GET /notifications/settings':                        '+++++++x',
    'GET /permissions/list/':                             '+xxxxxxx',
    'GET /permissionviews/list/':                         '+xxxxxxx',
    'GET /quick-entry/':                                  '+++xxxxx',
    'GET /quick-entry/duplicate':                         '+++xxxxx',
    'GET /resetmypassword/form':                          '+++++++x',
    'GET /resetpassword/form':                            '+xxxxxxx / +xxxxxxx',
    'GET /roles/list/':                                   '+xxxxxxx',
    'GET /roles/show/<pk>':                               '+xxxxxxx',
    'GET /search/':                                       '++++x++x',
    'GET /secret-reports/add':                            '+++xxxxx',
    'GET /secret-reports/edit/<pk>':                      '+++xxxxx / +++xxxxx',
    'GET /secret-reports/list/':                          '+++xxxxx',
    'GET /secret-reports/show/<pk>':                      '+++xxxxx / +++xxxxx',
    'GET /static/<path:filename>':                        '++++++++',
    'GET /static/appbuilder/<path:filename>':             '++++++++',
    'GET /swagger/<version>':                             '+xxxxxxx',
    'GET /tasks/add':                                     '+++xxxxx',
    'GET /tasks/edit/<pk>':                               '+++xxxxx / +++xxxxx',
    'GET /tasks/list/':                                   '++++x++x',
    'GET /tasks/show/<pk>':                               '++++x++x / ++++x00x',
    'GET /unit-tree/':                                    '+++++++x',
    'GET /units/add':                                     '+xxxxxxx',
    'GET /units/edit/<pk>':                               '+xxxxxxx / +xxxxxxx',
    'GET /units/list/':                                   '+++++++x',
    'GET /units/show/<pk>':                               '+++++++x / +++++00x',
    'GET /urging/':                                       '++++x++x',
    'GET /urging/<int:pk>':                               '++++x++x / ++++x00x',
    'GET /urging/new':                                    '+++xx++x',
    'GET /urging-letters/':                               '+++xxxxx',
    'GET /userinfoeditview/form':                         '+++++++x',
    'GET /users/add':                                     '+xxxxxxx',
    'GET /users/edit/<pk>':                               '+xxxxxxx / +xxxxxxx',
    'GET /users/list/':                                   '+xxxxxxx',
    'GET /users/show/<pk>':                               '+xxxxxxx / +xxxxxxx',
    'GET /users/userinfo/':                               '+++++++x',
    'GET /viewmenus/list/':                               '+xxxxxxx',
    'POST /api/v1/document/':                             '+++xxxxx',
    'POST /api/v1/notification/<int:pk>/read':            '00000+0x / 0000000x',
    'POST /api/v1/security/login':                        '++++++++',
    'POST /api/v1/security/refresh':                      '+++++++x',
    'POST /api/v1/task/':                                 '+++xxxxx',
    'POST /api/v1/task/<int:pk>/accept':                  'xxxx0++x / xxxx000x',
    'POST /api/v1/task/<int:pk>/cancel':                  '+++x0xxx / +++x000x',
    'POST /api/v1/task/<int:pk>/close':                   '+++x0xxx / +++x000x',
    'POST /api/v1/task/<int:pk>/contribute':              'xxxx0xxx / xxxx000x',
    'POST /api/v1/task/<int:pk>/correct-progress':        'xxxx0++x / xxxx000x',
    'POST /api/v1/task/<int:pk>/decide-extension':        '+++x0xxx / +++x000x',
    'POST /api/v1/task/<int:pk>/district-feedback':       'xxxx0xxx / xxxx000x',
    'POST /api/v1/task/<int:pk>/progress':                'xxxx0++x / xxxx000x',
    'POST /api/v1/task/<int:pk>/reassign':                '+++x0xxx / +++x000x',
    'POST /api/v1/task/<int:pk>/reopen':                  '+++x0xxx / +++x000x',
    'POST /api/v1/task/<int:pk>/report-done':             'xxxx0++x / xxxx000x',
    'POST /api/v1/task/<int:pk>/report-obstacle':         'xxxx0++x / xxxx000x',
    'POST /api/v1/task/<int:pk>/request-extension':       'xxxx0++x / xxxx000x',
    'POST /api/v1/task/<int:pk>/return':                  'xxxx0++x / xxxx000x',
    'POST /api/v1/task/<int:pk>/transfer':                '+++x0xxx / +++x000x',
    'POST /api/v1/urging/':                               '+++xx++x',
    'POST /api/v1/urging/<int:pk>/answer':                '+xxxx++x / +xxxx00x',
    'POST /calendar/add':                                 '+xxxxxxx',
    'POST /calendar/delete/<pk>':                         '+xxxxxxx',
    'POST /calendar/edit/<pk>':                           '+xxxxxxx',
    'POST /documents/add':                                '+++xxxxx',
    'POST /documents/edit/<pk>':                          '+++xxxxx / +++xxxxx',
    'POST /documents/remove/<pk>':                        '+++xxxxx / +++xxxxx',
    'POST /documents/upload/<pk>':                        '+++xxxxx / +++xxxxx',
    'POST /login/':                                       '++++++++',
    'POST /notifications/read-all':                       '+++++++x',
    'POST /notifications/read/<int:pk>':                  '00000+0x / 0000000x',
    'POST /notifications/settings':                       '+++++++x',
    'POST /quick-entry/save':                             '+++xxxxx',
    'POST /resetmypassword/form':                         '+++++++x',
    'POST /resetpassword/form':                           '+xxxxxxx / +xxxxxxx',
    'POST /secret-reports/add':                           '+++xxxxx',
    'POST /secret-reports/edit/<pk>':                     '+++xxxxx / +++xxxxx',
    'POST /tasks/act/<pk>/accept':                        'xxxxx++x / xxxxx00x',
    'POST /tasks/act/<pk>/cancel':                        '+++xxxxx / +++xx00x',
    'POST /tasks/act/<pk>/close':                         '+++xxxxx / +++xx00x',
    'POST /tasks/act/<pk>/contribute':                    'xxxxxxxx / xxxxx00x',
    'POST /tasks/act/<pk>/correct-progress':              'xxxxx++x / xxxxx00x',
    'POST /tasks/act/<pk>/decide-extension':              '+++xxxxx / +++xx00x',
    'POST /tasks/act/<pk>/district-feedback':             'xxxxxxxx / xxxxx00x',
    'POST /tasks/act/<pk>/progress':                      'xxxxx++x / xxxxx00x',
    'POST /tasks/act/<pk>/reassign':                      '+++xxxxx / +++xx00x',
    'POST /tasks/act/<pk>/reopen':                        '+++xxxxx / +++xx00x',
    'POST /tasks/act/<pk>/report-done':                   'xxxxx++x / xxxxx00x',
    'POST /tasks/act/<pk>/report-obstacle':               'xxxxx++x / xxxxx00x',
    'POST /tasks/act/<pk>/request-extension':             'xxxxx++x / xxxxx00x',
    'POST /tasks/act/<pk>/return':                        'xxxxx++x / xxxxx00x',
    'POST /tasks/act/<pk>/transfer':                      '+++xxxxx / +++xx00x',
    'POST /tasks/action/urge/<pk>':                       '+++xx++x / +++xx++x',
    'POST /tasks/action_post urge':                       '+++xx++x',
    'POST /tasks/add':                                    '+++xxxxx',
    'POST /tasks/edit/<pk>':                              '+++xxxxx / +++xxxxx',
    'POST /tasks/upload/<pk>':                            '+++xx++x / +++xx00x',
    'POST /units/action/activate/<pk>':                   '+xxxxxxx / +xxxxxxx',
    'POST /units/action/deactivate/<pk>':                 '+xxxxxxx / +xxxxxxx',
    'POST /units/action_post activate':                   '+xxxxxxx',
    'POST /units/action_post deactivate':                 '+xxxxxxx',
    'POST /units/add':                                    '+xxxxxxx',
    'POST /units/edit/<pk>':                              '+xxxxxxx / +xxxxxxx',
    'POST /urging/<int:pk>/answer':                       '+xxxx++x / +xxxx00x',
    'POST /urging/correction':                            '000xxxxx',
    'POST /urging/new':                                   '+++xx++x',
    'POST /urging-letters/download':                      '+++xxxxx',
    'POST /userinfoeditview/form':                        '+++++++x',
    'POST /users/action/activate/<pk>':                   '+xxxxxxx / +xxxxxxx',
    'POST /users/action/deactivate/<pk>':                 '+xxxxxxx / +xxxxxxx',
    'POST /users/action/resetmypassword/<pk>':            '+++++++x / +++++++x',
    'POST /users/action/resetpasswords/<pk>':             '+xxxxxxx / +xxxxxxx',
    'POST /users/action/unlock/<pk>':                     '+xxxxxxx / +xxxxxxx',
    'POST /users/action/userinfoedit/<pk>':               '+++++++x / +++++++x',
    'POST /users/action_post activate':                   '+xxxxxxx',
    'POST /users/action_post deactivate':                 '+xxxxxxx',
    'POST /users/action_post resetmypassword':            '00000000',
    'POST /users/action_post resetpasswords':             '00000000',
    'POST /users/action_post unlock':                     '+xxxxxxx',
    'POST /users/action_post userinfoedit':               '00000000',
    'POST /users/add':                                    '+xxxxxxx',
    'POST /users/edit/<pk>':                              '+xxxxxxx / +xxxxxxx',
    'PUT /api/v1/document/<int:pk>':                      '+++x0xxx / +++x000x',
    'PUT /api/v1/task/<int:pk>':                          '+++x0xxx / +++x000x',
}
# fmt: on


# --- The rows, from the registry -------------------------------------------------------


def _view_of(endpoint):
    name = endpoint.split(".")[0]
    for view in appbuilder.baseviews:
        if view.endpoint == name or view.__class__.__name__ == name:
            return view
    return None


def registry_rows(app):
    """key → (rule, method, extra): every rule × method, actions expanded."""
    rows = {}
    for rule in app.url_map.iter_rules():
        view = _view_of(rule.endpoint)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if "action" in rule.arguments:
                for action in wf.ACTIONS:
                    rows[f"{method} {rule.rule.replace('<action>', action)}"] = \
                        (rule, method, {"action": action})
            elif "name" in rule.arguments:
                for name in sorted(getattr(view, "actions", {})):
                    rows[f"{method} {rule.rule.replace('<string:name>', name)}"] = \
                        (rule, method, {"name": name})
            elif rule.endpoint.endswith(".action_post"):
                for name in sorted(getattr(view, "actions", {})):
                    rows[f"{method} {rule.rule} {name}"] = (rule, method, {"name": name})
            else:
                rows[f"{method} {rule.rule}"] = (rule, method, {})
    return rows


# --- The objects -----------------------------------------------------------------------

_numbers = count(1)


def _user(username):
    return db.session.scalar(select(AppUser).where(AppUser.username == username))


def _unit(code):
    return db.session.scalar(select(Unit).where(Unit.code == code))


def _add_account(username, role, unit_code):
    user = AppUser(first_name=username, last_name="Matrix", username=username,
                   email=f"{username}@matrix.example.vn", active=True, password="-",
                   roles=[appbuilder.sm.find_role(role)], unit=_unit(unit_code))
    db.session.add(user)
    return user


def _task_in(code, with_file):
    """An accepted task led by the unit, on a document of its own."""
    office = _user("vanphong")
    doc = tracking.quick_entry(office, {
        "doc_type": "official_letter", "number_symbol": f"{next(_numbers)}/MATRIX",
        "summary": "Kiểm tra phân quyền", "issued_on": "2026-03-02",
        "signer": "Chủ tịch", "issuing_authority": "chairman",
    }, [{"content": "Kiểm tra phân quyền", "lead_unit_id": _unit(code).id,
         "coordinating_unit_ids": [], "has_deadline": True, "deadline": "2030-12-31"}],
        transfer=True)
    task = doc.tasks[0]
    tracking.act(_user(ACCOUNTS[roles.UNIT_CLERK]) if code == OWN else _user("buonmathuot"),
                 task.id, wf.ACCEPT, {})
    made = {"task": task.id, "document": doc.id}
    if with_file:
        made["attachment"] = files.store_upload(
            FileStorage(io.BytesIO(b"%PDF-1.4 x"), "a.pdf"), "task", task.id, office).id
    return made


def _unit_object(kind, code):
    """The id of a new object of this kind in the unit (the unit itself for units)."""
    if kind == "unit":
        return _unit(code).id
    if kind in ("task", "document", "attachment"):
        return _task_in(code, with_file=kind == "attachment")[kind]
    if kind == "urging":
        task_id = _task_in(code, with_file=False)["task"]
        return urging.record_urging(_user("vanphong"), {
            "task_ids": [task_id], "form": "phone", "level": "explanation",
            "content": "Kiểm tra phân quyền"}).id
    if kind == "secret_report":
        receipt = SecretReportReceipt(unit_id=_unit(code).id, period="2026-Q1",
                                      reference=f"{next(_numbers)}/BC-MATRIX",
                                      received_on=date(2026, 4, 2), received_by="Matrix")
        db.session.add(receipt)
        db.session.commit()
        return receipt.id
    if kind == "notification":
        owner = _user(ACCOUNTS[roles.UNIT_CLERK] if code == OWN else "buonmathuot")
        note = Notification(user_id=owner.id, kind="due_soon", created_on=date(2026, 4, 2),
                            params={"document": "1/MATRIX", "deadline": "2026-04-03"})
        db.session.add(note)
        db.session.commit()
        return note.id
    if kind == "user":
        user = _add_account(f"matrix_{code.lower()}_{next(_numbers)}", roles.UNIT_CLERK, code)
        db.session.commit()
        return user.id
    raise AssertionError(f"no object for {kind}")


# Security objects live in tables the suite never restores: made here, and
# removed (with anything else the rows added) when the module ends.
SCRATCH = {"role": "Matrix role", "permission": "matrix_perm", "view_menu": "MatrixView"}


def _global_object(kind):
    sm = appbuilder.sm
    if kind == "calendar_day":
        day = date(2026, 12, 31)
        if db.session.get(CalendarDay, day) is None:
            db.session.add(CalendarDay(day=day, is_working=False, name="Matrix",
                                       source="admin"))
            db.session.commit()
        return day.isoformat()
    if kind == "role":
        return (sm.find_role(SCRATCH["role"]) or sm.add_role(SCRATCH["role"])).id
    if kind == "permission":
        return (sm.find_permission(SCRATCH["permission"])
                or sm.add_permission(SCRATCH["permission"])).id
    if kind == "view_menu":
        return (sm.find_view_menu(SCRATCH["view_menu"])
                or sm.add_view_menu(SCRATCH["view_menu"])).id
    if kind == "permission_view":
        return sm.add_permission_view_menu(SCRATCH["permission"], SCRATCH["view_menu"]).id
    raise AssertionError(f"no object for {kind}")


def _kept_counts():
    from tests.conftest import KEPT

    tables = db.metadata.tables
    return {name: db.session.scalar(select(func.count()).select_from(tables[name]))
            for name in KEPT if name in tables}


@pytest.fixture(scope="module")
def scratch_cleanup(app):
    with app.app_context():
        before = _kept_counts()
    yield
    with app.app_context():
        sm = appbuilder.sm
        pv = sm.find_permission_view_menu(SCRATCH["permission"], SCRATCH["view_menu"])
        if pv is not None:
            sm.del_permission_view_menu(SCRATCH["permission"], SCRATCH["view_menu"],
                                        cascade=True)
        for name, finder, remover in (
                ("role", sm.find_role, None),
                ("permission", sm.find_permission, sm.del_permission),
                ("view_menu", sm.find_view_menu, sm.del_view_menu)):
            if finder(SCRATCH[name]) is not None:
                if remover is None:
                    db.session.delete(finder(SCRATCH[name]))
                    db.session.commit()
                else:
                    remover(SCRATCH[name])
        assert _kept_counts() == before, "the matrix left rows in the security tables"


# --- One request, as one role ----------------------------------------------------------


def _client(app, role):
    client = app.test_client()
    if role is None:
        return client
    user = _user(ACCOUNTS[role])
    with client.session_transaction() as session:
        session.update({"_user_id": str(user.id), "_fresh": True,
                        "_epoch": user.session_epoch})
    return client


def _headers(role):
    if role is None:
        return {}
    user = _user(ACCOUNTS[role])
    return {"Authorization": "Bearer " + create_access_token(identity=str(user.id),
                                                             fresh=True)}


def _refused_by_workflow(client):
    with client.session_transaction() as session:
        flashed = [text for _, text in session.get("_flashes", [])]
    with force_locale("vi"):
        refusal = gettext("You may not do this on this task.")
    return refusal in flashed


def outcome(response, client):
    code = response.status_code
    if code >= 500:
        return "5"
    if code in (401, 403):
        return "x"
    if code == 404:
        return "0"
    if code in (301, 302, 303, 307, 308):
        if "/login" in response.headers.get("Location", ""):
            return "x"
        if _refused_by_workflow(client):
            return "x"
    return "+"


def _request(app, role, rule, method, extra, object_id):
    values = {}
    for arg in rule.arguments:
        if arg in ID_PARAMS:
            values[arg] = object_id
        elif arg == "filename":
            values[arg] = STATIC_FILES.get(rule.endpoint, "missing.txt")
        elif arg in extra:
            values[arg] = extra[arg]
        else:
            values[arg] = FIXED_PARAMS[arg]
    path = rule.rule
    for arg, value in values.items():
        path = path.replace(f"<{_converter(rule, arg)}{arg}>", str(value))
    if rule.endpoint.split(".")[0] in QUERY_ID:
        path += f"?pk={object_id}"
    db.session.expire_all()
    api = rule.rule.startswith("/api/")
    client = app.test_client() if api or role is None else _client(app, role)
    kwargs = {"headers": _headers(role)} if api else {}
    if method in ("POST", "PUT"):
        body = _body(rule, extra, object_id)
        kwargs["json" if api else "data"] = body
    # Each request in an app context of its own, as in production: the
    # caller's context (and its ``g``) must not leak into the request.
    with app.app_context():
        response = client.open(path, method=method, **kwargs)
        letter = outcome(response, client)
    db.session.expire_all()
    return letter, response


def _converter(rule, arg):
    for converter, variable in _rule_parts(rule):
        if variable == arg:
            return f"{converter}:" if converter else ""
    return ""


def _rule_parts(rule):
    import re

    return re.findall(r"<(?:(\w+):)?(\w+)>", rule.rule)


def _body(rule, extra, object_id):
    if "action" in extra:
        body = {**ACTION_BODY, "unit_id": _unit("STC").id}
        return {name: body[name] for name in wf.REQUIRED_FIELDS[extra["action"]]}
    if rule.endpoint.endswith(".action_post"):
        return {"action": extra["name"], "rowid": [object_id]}
    return {}


# --- The tests -------------------------------------------------------------------------


def _column(app, key, rule, method, extra, object_for):
    """The row's letters for one object column, as each role in turn."""
    letters = {}
    # Admin last: only it can deactivate the units and accounts the others use.
    for role in reversed(ROLES):
        object_id = object_for()
        letter, response = _request(app, role, rule, method, extra, object_id)
        letters[role] = (letter, response.status_code)
    return "".join(letters[role][0] for role in ROLES), letters


def actual_row(app, key, rule, method, extra):
    kind = KINDS.get(rule.endpoint.split(".")[0])
    has_id = bool(set(rule.arguments) & ID_PARAMS) or rule.endpoint.split(".")[0] in QUERY_ID
    writes = method != "GET" or any(part in rule.rule for part in ("/delete/", "/remove/",
                                                                    "/action/", "/logout"))
    _add_account("matrix_vpld", roles.OFFICE_LEADER, "OFFICE")
    _add_account("matrix_kpld", roles.UNIT_LEADER, OWN)
    db.session.commit()
    if not has_id:
        return _column(app, key, rule, method, extra, lambda: None)
    if kind not in UNIT_SCOPED:
        return _column(app, key, rule, method, extra, lambda: _global_object(kind))

    def object_in(code):
        made = []

        def one():
            if writes or not made:  # a write may have changed or removed the last one
                made.append(_unit_object(kind, code))
            return made[-1]
        return one

    own, own_detail = _column(app, key, rule, method, extra, object_in(OWN))
    other, other_detail = _column(app, key, rule, method, extra, object_in(OTHER))
    return f"{own} / {other}", {**own_detail, **{("other", r): v
                                                 for r, v in other_detail.items()}}


def test_every_endpoint_has_a_row(app):
    with app.app_context():
        registered = set(registry_rows(app))
    missing = sorted(registered - set(EXPECTED))
    stale = sorted(set(EXPECTED) - registered)
    assert not missing and not stale, (
        "Add a row for each new endpoint (or remove the stale ones):\n"
        + "\n".join(f"    {key!r}: ..., (new)" for key in missing)
        + "\n" + "\n".join(f"    {key!r}: (gone)" for key in stale))


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_access(app, scratch_cleanup, key):
    with app.app_context():
        rows = registry_rows(app)
        if key not in rows:
            pytest.fail(f"{key} is no longer registered: remove its row")
        rule, method, extra = rows[key]
        got, detail = actual_row(app, key, rule, method, extra)
    assert "5" not in got, detail
    assert got == EXPECTED[key], f"{key!r}: {got!r},  # codes {detail}"


@pytest.mark.skipif(not os.environ.get("MATRIX_TABLE"), reason="writes the table on demand")
def test_write_table(app, scratch_cleanup):
    """``MATRIX_TABLE=path pytest -k write_table`` writes the rows as they are now,
    to review and paste into EXPECTED after adding or changing endpoints."""
    from tests.conftest import _restore

    lines = []
    with app.app_context():
        rows = registry_rows(app)
        for key in sorted(rows):
            got, _ = actual_row(app, key, *rows[key])
            lines.append(f"    {key!r}: {' ' * max(0, 52 - len(repr(key)))}{got!r},")
            _restore(db, app.config["_SNAPSHOT"], everything=False)
    with open(os.environ["MATRIX_TABLE"], "w") as out:
        out.write("\n".join(lines) + "\n")
