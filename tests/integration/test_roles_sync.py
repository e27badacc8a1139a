"""``flask init`` (sync_roles) leaves the permission tables as the running app
registers them: the permissions of a screen that was removed or renamed go,
from every role, Admin's included."""
from sqlalchemy import select

from app.extensions import appbuilder, db
from app.services import bootstrap


def _pairs():
    sm = appbuilder.sm
    return {(pv.permission.name, pv.view_menu.name)
            for pv in db.session.scalars(select(sm.permissionview_model))}


def test_permissions_of_removed_screens_are_dropped(ctx):
    sm = appbuilder.sm
    gone = sm.add_permission_view_menu("can_list", "UserStatsChartView")
    admin, public = sm.find_role("Admin"), sm.find_role("Public")
    sm.add_permission_role(admin, gone)
    sm.add_permission_role(public, gone)
    before = _pairs()
    assert ("can_list", "UserStatsChartView") in before

    bootstrap.sync_roles()

    after = _pairs()
    assert after == before - {("can_list", "UserStatsChartView")}
    assert sm.find_view_menu("UserStatsChartView") is None
    assert all(pv.view_menu.name != "UserStatsChartView"
               for role in (admin, public) for pv in role.permissions)


def test_admin_holds_every_registered_permission_and_nothing_else(ctx):
    bootstrap.sync_roles()
    admin = appbuilder.sm.find_role("Admin")
    held = {(pv.permission.name, pv.view_menu.name) for pv in admin.permissions}
    assert held == _pairs() == bootstrap._registered_pairs()
