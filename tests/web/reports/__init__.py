"""Web tests of reports."""
