"""Placeholder: filled in by the tracking / calendar work."""


def register(appbuilder):
    pass
