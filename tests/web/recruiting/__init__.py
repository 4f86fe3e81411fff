"""Web tests of recruiting."""
