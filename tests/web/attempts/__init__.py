"""Web tests of attempts."""
