"""System jobs: a round trip through the worker to the database."""
from sqlalchemy import func, select

from app.jobs import app_context


def ping():
    """Count units from inside the worker: proves queue, worker and database."""
    from app.extensions import db
    from app.models import Unit

    with app_context():
        return {"units": db.session.scalar(select(func.count(Unit.id)))}
