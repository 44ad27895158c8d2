"""Talking to a person: duty teams' hours (hours.py), choosing the team for a chat and the
handoff's steps — asked, a message left, taken, handed back, closed (handoffs.py)."""
