"""`_info` of every REST resource answers within the caller's scope (issue 9):
it lists no user account and no row the caller cannot see; `related` and
`distinct` are not offered."""
import json

import pytest

from app.extensions import appbuilder

USERS = ["admin", "vanphong", "lanhdao", "sotttt", "sotaichinh", "buonmathuot", "krongpac"]


def _resources():
    from flask_appbuilder.api import ModelRestApi

    return sorted(v.resource_name for v in appbuilder.baseviews
                  if isinstance(v, ModelRestApi) and v.resource_name not in ("user", "role"))


def _values(info):
    """Every (id, value) offered by a Related field of the _info answer."""
    for key in ("add_columns", "edit_columns"):
        for field in info.get(key, []):
            for value in field.get("values", []) or []:
                yield field["name"], value


@pytest.mark.parametrize("username", USERS)
def test_info_lists_no_account_and_nothing_outside_the_scope(app, client, api_token, username):
    with app.app_context():
        resources = _resources()
    assert {"unit", "task", "document"} <= set(resources)
    headers = api_token(username)
    for resource in resources:
        response = client.get(f"/api/v1/{resource}/_info", headers=headers)
        if response.status_code in (401, 403, 404):
            continue
        assert response.status_code == 200, (resource, response.status_code)
        info = response.json
        text = json.dumps(info, ensure_ascii=False)
        for name in ("admin", "Quản trị", "krongpac", "sotaichinh"):
            assert name not in text, (resource, name)
        if username not in ("admin", "vanphong", "lanhdao", "sotttt"):
            assert list(_values(info)) == [], (resource, list(_values(info))[:3])


@pytest.mark.parametrize("path", ["related/parent", "related/users", "distinct/name"])
def test_related_and_distinct_are_not_offered(client, api_token, path):
    for resource in ("unit", "task", "document"):
        response = client.get(f"/api/v1/{resource}/{path}", headers=api_token("krongpac"))
        assert response.status_code == 404
