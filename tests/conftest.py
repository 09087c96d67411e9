"""Shared pytest plugins: fixture modules under tests/fixtures/."""

pytest_plugins = ["fixtures.datasets", "fixtures.labelstudio", "fixtures.wheel"]
