import pytest

from app import roles

REGISTERED = {
    ("can_list", "UnitModelView"), ("can_add", "UnitModelView"), ("can_edit", "UnitModelView"),
    ("can_list", "AppUserDBModelView"), ("can_userinfo", "AppUserDBModelView"),
    ("can_get", "UnitApi"), ("menu_access", "Units"), ("can_list", "RoleModelView"),
    ("can_list", "TaskModelView"), ("can_act", "TaskModelView"), ("can_add", "TaskModelView"),
    ("can_list", "CalendarDayModelView"), ("can_edit", "CalendarDayModelView"),
}


@pytest.mark.parametrize("role,granted", [
    (roles.ADMIN, REGISTERED),
    (roles.OFFICE_SPECIALIST, {("can_list", "UnitModelView"), ("can_userinfo", "AppUserDBModelView"),
                               ("can_get", "UnitApi"), ("menu_access", "Units"),
                               ("can_list", "TaskModelView"), ("can_act", "TaskModelView"),
                               ("can_add", "TaskModelView"), ("can_list", "CalendarDayModelView")}),
    (roles.PROVINCIAL_LEADER, {("can_list", "UnitModelView"), ("can_userinfo", "AppUserDBModelView"),
                               ("can_get", "UnitApi"), ("menu_access", "Units"),
                               ("can_list", "TaskModelView"), ("can_list", "CalendarDayModelView")}),
    (roles.UNIT_CLERK, {("can_list", "UnitModelView"), ("can_userinfo", "AppUserDBModelView"),
                        ("can_get", "UnitApi"), ("menu_access", "Units"),
                        ("can_list", "TaskModelView"), ("can_act", "TaskModelView"),
                        ("can_list", "CalendarDayModelView")}),
    (roles.DIC_IT, {("can_list", "UnitModelView"), ("can_userinfo", "AppUserDBModelView"),
                    ("can_get", "UnitApi"), ("menu_access", "Units"),
                    ("can_list", "CalendarDayModelView")}),
])
def test_wanted_permissions(role, granted):
    assert roles.wanted(role, REGISTERED) == granted


def test_every_role_has_a_label():
    assert set(roles.ROLE_PERMISSIONS) == set(roles.ROLE_LABELS)


def test_no_role_but_admin_administers_security():
    for role in roles.ROLE_PERMISSIONS:
        if role == roles.ADMIN:
            continue
        for perm, view in roles.ROLE_PERMISSIONS[role]:
            assert view not in ("RoleModelView", "PermissionModelView", "UserDBModelView")
            assert not (view == "AppUserDBModelView" and perm in ("can_list", "can_add", "can_edit"))


@pytest.mark.parametrize("role", sorted(roles.ROLE_PERMISSIONS))
def test_every_role_has_its_notification_centre(role):
    centre = {("can_list", "NotificationView"), ("can_get", "NotificationApi"),
              ("can_post", "NotificationApi")}
    assert roles.wanted(role, centre | REGISTERED) >= centre
