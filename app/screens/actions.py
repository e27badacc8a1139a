"""What the screens with bulk actions share."""
from flask import abort, redirect, request, url_for
from flask_appbuilder import expose
from flask_login import current_user


class KnownActionsOnly:
    """Before a ModelView: FAB's action routes answer like every other route.

    FAB answers 500 to an unknown action name or a one-row action posted for
    a list of rows (here: 404), and refuses a role that lacks the action with
    a redirect and a flash (here: 403, or the sign-in page when signed out).
    They take POST only: FAB's own buttons post a form, so no link or image
    can change data.
    """

    @expose("/action/<string:name>/<pk>", methods=["POST"])
    def action(self, name, pk):
        refusal = self._refuse(self.actions.get(name), multiple=False)
        return refusal or super().action(name, pk)

    @expose("/action_post", methods=["POST"])
    def action_post(self):
        refusal = self._refuse(self.actions.get(request.form.get("action")), multiple=True)
        return refusal or super().action_post()

    def _refuse(self, action, multiple):
        if action is None or (multiple and not action.multiple):
            abort(404)
        permission = self.get_action_permission_name(action.name)
        if self.appbuilder.sm.has_access(permission, self.class_permission_name):
            return None
        if current_user.is_authenticated:
            abort(403)
        return redirect(url_for(self.appbuilder.sm.auth_view.__class__.__name__ + ".login",
                                next=request.url))
