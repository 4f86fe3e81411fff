"""Site administration: pages for accounts with ``is_admin`` only (others get a 404).

Views are in ``routes``, which only ``create_app`` imports.
"""
