"""REST resources (FAB ModelRestApi) under the same unit scope as the screens,
a module per area, and the health check for outside monitors. ``app/views.py``
registers them."""
