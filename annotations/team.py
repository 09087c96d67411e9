"""A team on one Label Studio: the invite link, the members and the lead's progress view.

Label Studio's Community Edition has one organization and no roles: whoever signs up with the
organization's invite link can see, edit and export every project. ``invite_link`` reads that
link (``GET /api/invite``) or replaces it (``POST /api/invite/reset-token``, the old link stops
working). ``members`` lists the organization's users as the pseudonyms a pull writes (a salted
hash of the user id, ``annotations.wire.pseudonym``, salt from the workspace), with their
Label Studio user id and, for a project, their annotation counts: never an e-mail or a name, so
nothing printed or saved identifies a person outside Label Studio itself (its People page maps
the id to the account for whoever administers it).

``status`` is the lead's view of a project while annotation goes on: per annotator the claims
done and skipped, the coverage (claims with at least N annotations, N the project's overlap)
and the agreement so far (the share of an annotator's verdicts that agree with the claim's
majority verdict). It reads the project live, as a full pull would (``pulling.changed_tasks`` and
``wire.annotations_from_task``, read-only): ``annotations.jsonl`` and the pull cursor are not
touched, so it can run at any time beside pulls.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from annotations.client import LabelStudioClient, require_project
from annotations.model import Annotation
from annotations.pulling import changed_tasks
from annotations.state import annotator_salt
from annotations.wire import WireError, annotations_from_task, pseudonym


def invite_link(
    client: LabelStudioClient, *, reset: bool = False, public_url: str | None = None
) -> str:
    """The organization's sign-up link, absolute (``reset``: a new one; the old one dies).

    Label Studio answers with a path; it is joined to ``public_url`` (where the annotators reach
    the server) or else to the URL the client talks to.
    """
    path = "/api/invite/reset-token"
    body = client.post(path, {}) if reset else client.get("/api/invite")
    return (public_url or client.url).rstrip("/") + str(body["invite_url"])


def project_annotations(
    client: LabelStudioClient, project_id: int, *, salt: str
) -> tuple[list[Annotation], list[tuple[int, str]]]:
    """Every annotation of a project, read as a full pull reads it (nothing written)."""
    records: list[Annotation] = []
    rejected: list[tuple[int, str]] = []
    for task in changed_tasks(client, project_id, since=None):
        try:
            records.extend(annotations_from_task(task, salt=salt, project_id=project_id))
        except WireError as e:
            rejected.append((int(task["id"]), str(e)))
    return records, rejected


@dataclass
class Member:
    """One account of the organization, as claimset shows it."""

    annotator: str  # the pseudonym a pull writes for this account
    user_id: int
    annotations: int | None = None  # in the project asked for (None: no project asked)
    skips: int | None = None


def members(
    client: LabelStudioClient, workdir: Path, *, project: str | None = None
) -> list[Member]:
    """The organization's accounts with their pseudonyms (and counts in ``project``)."""
    salt = annotator_salt(workdir)
    users = client.get("/api/users/")
    listed = users.get("results", []) if isinstance(users, dict) else users
    found = [Member(pseudonym(int(u["id"]), salt), int(u["id"])) for u in listed]
    if project is not None:
        project_id = int(require_project(client, project)["id"])
        records, _ = project_annotations(client, project_id, salt=salt)
        live = Counter(a.annotator for a in records if not a.was_cancelled)
        skips = Counter(a.annotator for a in records if a.was_cancelled)
        for member in found:
            member.annotations = live[member.annotator]
            member.skips = skips[member.annotator]
    return sorted(found, key=lambda m: m.user_id)


@dataclass
class AnnotatorProgress:
    """One annotator's progress in a project."""

    annotator: str
    done: int  # claims annotated (not skipped)
    skipped: int
    compared: int  # verdicts on claims that have a majority verdict among 2+ annotators
    agreeing: int  # of which equal to that majority

    @property
    def agreement(self) -> float | None:
        """Share of ``compared`` verdicts that agree with the majority (None: none compared)."""
        return round(self.agreeing / self.compared, 4) if self.compared else None


@dataclass
class ProjectStatus:
    """``claimset annotate status``: where a project's annotation stands."""

    project: str
    project_id: int
    overlap: int  # annotations wanted per claim (the project's maximum_annotations)
    claims: int  # tasks in the project
    annotated: int  # claims with at least one annotation (not skips)
    covered: int  # claims with at least ``overlap`` annotations
    with_majority: int  # claims with a majority verdict among 2+ annotators
    annotators: list[AnnotatorProgress] = field(default_factory=list)
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        """``covered / claims`` (0 for an empty project)."""
        return round(self.covered / self.claims, 4) if self.claims else 0.0

    @property
    def agreement(self) -> float | None:
        """All compared verdicts that agree with their claim's majority."""
        compared = sum(a.compared for a in self.annotators)
        agreeing = sum(a.agreeing for a in self.annotators)
        return round(agreeing / compared, 4) if compared else None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``--json``)."""
        out = asdict(self)
        out["coverage"], out["agreement"] = self.coverage, self.agreement
        for entry, progress in zip(out["annotators"], self.annotators, strict=True):
            entry["agreement"] = progress.agreement
        return out


def majority(verdicts: list[str]) -> str | None:
    """The verdict more than half of ``verdicts`` agree on (None: fewer than 2, or no majority)."""
    if len(verdicts) < 2:
        return None
    value, count = Counter(verdicts).most_common(1)[0]
    return value if count * 2 > len(verdicts) else None


def status(client: LabelStudioClient, workdir: Path, *, project: str) -> ProjectStatus:
    """Per annotator progress, coverage and agreement in ``project``, read live."""
    project_id = int(require_project(client, project)["id"])
    info = client.get(f"/api/projects/{project_id}/")
    records, rejected = project_annotations(client, project_id, salt=annotator_salt(workdir))
    by_claim: dict[str, list[Annotation]] = defaultdict(list)
    for a in records:
        if not a.was_cancelled:
            by_claim[a.claim_id].append(a)
    overlap = int(info.get("maximum_annotations") or 1)
    report = ProjectStatus(
        project=project,
        project_id=project_id,
        overlap=overlap,
        claims=int(info.get("task_number") or 0),
        annotated=len(by_claim),
        covered=sum(len(group) >= overlap for group in by_claim.values()),
        with_majority=0,
        rejected=rejected,
    )
    people: dict[str, AnnotatorProgress] = {}
    for a in records:
        entry = people.setdefault(a.annotator, AnnotatorProgress(a.annotator, 0, 0, 0, 0))
        entry.skipped += a.was_cancelled
        entry.done += not a.was_cancelled
    for group in by_claim.values():
        winner = majority([a.verdict for a in group if a.verdict])
        report.with_majority += winner is not None
        for a in group:
            if winner is not None and a.verdict:
                people[a.annotator].compared += 1
                people[a.annotator].agreeing += a.verdict == winner
    report.annotators = sorted(people.values(), key=lambda p: (-p.done, p.annotator))
    return report
