"""Placeholder: `flask workdays` and `flask tasks` commands."""


def register(app):
    pass
