"""Helpers and fakes the tests share: imported by tests and conftest.py, never tests
themselves."""
