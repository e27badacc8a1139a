"""Urging letters: the Office picks the units that lead overdue or due-soon
tasks and downloads a .docx draft for one, or a zip of them for several."""
import io

from flask import flash, g, redirect, request, send_file, url_for
from flask_appbuilder import BaseView, expose, has_access
from flask_babel import gettext as _, lazy_gettext as _l
from flask_wtf.csrf import generate_csrf

from app.clock import today_vn
from app.services import letters

ZIP_TYPE = "application/zip"
# A province has a few hundred units: more ids than this are a slip or an attack.
MAX_UNITS = 1000
MAX_ID = 2**31 - 1  # an integer column: a larger number would fail in the database


def _chosen_ids():
    """The unit ids sent, or a message saying what is wrong with them."""
    sent = request.form.getlist("unit_id")
    if not sent:
        return None, _("Choose at least one unit.")
    try:
        ids = {int(value) for value in sent[:MAX_UNITS + 1]}
    except (TypeError, ValueError):
        return None, _("Unknown unit.")
    if len(sent) > MAX_UNITS or not all(0 < i <= MAX_ID for i in ids):
        return None, _("Unknown unit.")
    return ids, None


class UrgingLetterView(BaseView):
    """Công văn đôn đốc (Decision 45/2016/QĐ-UBND): drafts the Office signs."""

    route_base = "/urging-letters"
    default_view = "list"

    @expose("/")
    @has_access
    def list(self):
        return self.render_template("letters/urge.html", title=_l("Urging letters"),
                                    units=letters.units_to_urge(g.user), today=today_vn(),
                                    csrf_token=generate_csrf)

    @expose("/download", methods=["POST"])
    @has_access
    def download(self):
        ids, message = _chosen_ids()
        units = []
        if ids is not None:
            # A unit the user may not see is as unknown as a typo.
            units = letters.visible_units(g.user, ids)
            if len(units) != len(ids):
                message = _("Unknown unit.")
        if message is None:
            today = today_vn()
            found = letters.tasks_by_unit([u.id for u in units], today, g.user)
            empty = [u.name for u in units if u.id not in found]
            if empty:
                message = _("No overdue or due-soon task to urge for: %(units)s.",
                            units=", ".join(empty))
        if message is not None:
            flash(message, "danger")
            return redirect(url_for(".list"))
        if len(units) == 1:
            unit = units[0]
            body = letters.urging_letter(unit, *found[unit.id], today)
            return _attachment(body, letters.DOCX_TYPE, letters.letter_filename(unit, today))
        body = letters.urging_letters_zip([(u, *found[u.id]) for u in units], today)
        return _attachment(body, ZIP_TYPE, f"don-doc-{today:%Y%m%d}.zip")


def _attachment(body, mimetype, filename):
    response = send_file(io.BytesIO(body), mimetype=mimetype, as_attachment=True,
                         download_name=filename, max_age=0)
    # The tasks of a unit: not for shared caches.
    response.headers["Cache-Control"] = "private, no-store"
    return response
