"""Tables and relationships only; behaviour lives in app/rules and app/services."""
from datetime import date

from flask_appbuilder import Model
from flask_appbuilder.security.sqla.models import User as FabUser
from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, event
from sqlalchemy.orm import relationship

from app.rules.text import fold


class UnitKind:
    OFFICE = "office"
    LEADERSHIP = "leadership"
    DEPARTMENT = "department"
    DISTRICT = "district"
    DIC = "dic"
    OTHER = "other"
    ALL = (OFFICE, LEADERSHIP, DEPARTMENT, DISTRICT, DIC, OTHER)


class Unit(Model):
    """An agency: the Office, the leadership, a department, a district..."""

    __tablename__ = "unit"
    id = Column(Integer, primary_key=True)
    code = Column(String(32), unique=True, nullable=False)
    name = Column(String(255), nullable=False)
    short_name = Column(String(100))
    kind = Column(String(20), nullable=False, default=UnitKind.OTHER, index=True)
    parent_id = Column(Integer, ForeignKey("unit.id"), index=True)
    parent = relationship("Unit", remote_side=[id], backref="children")
    active = Column(Boolean, nullable=False, default=True)
    valid_from = Column(Date)
    valid_to = Column(Date)
    email = Column(String(255))
    sort_order = Column(Integer, nullable=False, default=0)
    # Folded name and short name, for accent-insensitive search on any database.
    search_key = Column(String(400), index=True)

    def is_valid_on(self, day: date) -> bool:
        return (
            self.active
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_to is None or day <= self.valid_to)
        )

    @classmethod
    def scope_clause(cls, unit_ids):
        return cls.id.in_(unit_ids)

    def __str__(self):
        return self.name


@event.listens_for(Unit, "before_insert")
@event.listens_for(Unit, "before_update")
def _unit_search_key(mapper, connection, unit):
    unit.search_key = fold(f"{unit.name} {unit.short_name or ''} {unit.code}")


class AppUser(FabUser):
    """FAB's user with the unit the person works for (FAB's documented subclass)."""

    __tablename__ = "ab_user"
    unit_id = Column(Integer, ForeignKey("unit.id"), index=True)
    unit = relationship("Unit", backref="users")

    search_key = Column(String(400), index=True)

    @classmethod
    def scope_clause(cls, unit_ids):
        return cls.unit_id.in_(unit_ids)


@event.listens_for(AppUser, "before_insert")
@event.listens_for(AppUser, "before_update")
def _user_search_key(mapper, connection, user):
    user.search_key = fold(
        f"{user.first_name} {user.last_name} {user.username} {user.email}"
    )
