"""API resources, one module per resource: its models, its views, its scope."""
