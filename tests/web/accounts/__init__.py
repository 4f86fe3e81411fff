"""Web tests of accounts."""
