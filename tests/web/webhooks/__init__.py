"""Web tests of webhooks."""
