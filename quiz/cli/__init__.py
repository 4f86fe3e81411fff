"""Every ``flask`` command, one module per group; ``create_app`` registers them."""
