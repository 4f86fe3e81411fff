"""Web tests of organisation banks."""
