"""Placeholder: a realistic year (2017) of documents and tasks for the demo."""


def seed_demo_tracking():
    return 0
