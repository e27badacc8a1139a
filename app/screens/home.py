"""The home page."""
from flask import g
from flask_appbuilder import IndexView, expose

from app.roles import ROLE_LABELS


class HomeView(IndexView):
    index_template = "home.html"

    @expose("/")
    def index(self):
        user = g.user if g.user and g.user.is_authenticated else None
        roles = [ROLE_LABELS.get(r.name, r.name) for r in user.roles] if user else []
        return self.render_template(self.index_template, user=user, role_labels=roles)
