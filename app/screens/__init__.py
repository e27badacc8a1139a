"""Screens (FAB views), a module per area; ``app/views.py`` registers them."""
