"""Declarative rule patterns shipped with the package (spaCy matcher patterns as JSON).

``meetings.json``: the meeting frames of ``claims.rules.meeting_frames``.
"""
