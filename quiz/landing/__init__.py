"""The landing page. Its view is in ``routes``, which only ``create_app`` imports."""
