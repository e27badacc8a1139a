"""What the screens with bulk actions share."""
from flask import abort, request
from flask_appbuilder import expose


class KnownActionsOnly:
    """Before a ModelView: FAB answers 500 to an unknown action name or a
    missing row id; here they are "not found"."""

    @expose("/action/<string:name>/<pk>", methods=["GET", "POST"])
    def action(self, name, pk):
        if name not in self.actions:
            abort(404)
        return super().action(name, pk)

    @expose("/action_post", methods=["POST"])
    def action_post(self):
        if request.form.get("action") not in self.actions:
            abort(404)
        return super().action_post()
