"""File downloads."""
from flask import g, send_file
from flask_appbuilder import BaseView, expose, has_access

from app.services import files


class AttachmentView(BaseView):
    """Downloads: who may see the owner may read its files."""

    route_base = "/files"
    default_view = "download"

    @expose("/<attachment_id>")
    @has_access
    def download(self, attachment_id):
        attachment, path = files.open_attachment(g.user, attachment_id)
        return send_file(path, mimetype=attachment.content_type, as_attachment=True,
                         download_name=attachment.filename)
