"""Small helpers the integration tests share (inside an app context)."""
from html import unescape

from sqlalchemy import select

from app.extensions import db
from app.models import AppUser, Unit


def who(username):
    return db.session.scalar(select(AppUser).where(AppUser.username == username))


def unit_id(code):
    return db.session.scalar(select(Unit.id).where(Unit.code == code))


def text(response):
    return unescape(response.get_data(as_text=True))
