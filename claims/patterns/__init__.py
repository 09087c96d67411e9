"""Declarative rule patterns shipped with the package (spaCy matcher patterns as JSON).

``meetings.json``: the meeting frames of ``claims.meeting_frames``.
"""
