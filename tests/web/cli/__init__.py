"""Web tests of the command line."""
