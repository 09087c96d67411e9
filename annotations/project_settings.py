"""The project settings that keep annotators independent, and the guidelines as instructions.

Label Studio's labeling queue (``/api/projects/P/next``) hands each annotator tasks they have not
annotated, stops serving a task once it has ``maximum_annotations`` annotations, and its answer
carries the asking annotator's own annotations only (``tests/annotations/test_annotate_team.py``
measures this with three accounts). What a project can additionally hide, it hides here:

- ``show_annotation_history``: off (no history of the others' edits in the editor);
- ``show_collab_predictions``: on, but the only prediction is the extractor's span, never an
  annotator's answer; ``reveal_preannotations_interactively`` off (the span shows at once);
- ``show_overlap_first``, ``show_ground_truth_first``: off (no task marked as special);
- ``skip_queue``: a skipped claim goes to somebody else (``REQUEUE_FOR_OTHERS``);
- ``enable_empty_annotation``: off (an annotation must carry the verdict and the quality).

What the Community Edition cannot hide: every account may open the project's Data Manager,
whose task list shows who annotated each task and opens their annotations. The dataset card says
so (``CARD_SENTENCE``).

The guidelines are the project's instructions (``expert_instruction``, shown before the first
task and behind the editor's instruction button), rendered from ``annotations.schema``.
"""

from __future__ import annotations

from html import escape
from typing import Any

from annotations.busy import retry_busy
from annotations.client import LabelStudioClient
from annotations.schema import LABEL_SCHEMA, LabelSchema

#: What the dataset card says about what annotators could see.
CARD_SENTENCE = (
    "Annotators drew claims from Label Studio's labeling queue, which served each claim to the "
    "configured number of different annotators and showed none of them another annotator's "
    "answer; but Label Studio Community Edition lets every account open the project's task "
    "list, which shows who annotated each claim and opens their annotations, so independence "
    "rests on the annotators' instructions, not on access control."
)

#: Task-data columns hidden in the task list (the article text would fill every row).
HIDDEN_DATA = (
    "text",
    "context",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
    "doc_id",
    "publisher",
    "published",
)
#: Built-in columns hidden too: who annotated and what they answered (independence), and the
#: bookkeeping that pushes the claim columns off screen. Anyone can show them again (Columns).
HIDDEN_TASK_COLUMNS = (
    "inner_id", "annotators", "annotations_results", "annotations_ids", "predictions_score",
    "predictions_model_versions", "predictions_results", "file_upload", "storage_filename",
    "created_at", "updated_at", "updated_by", "avg_lead_time", "draft_exists",
)  # fmt: skip


def guidelines_html(schema: LabelSchema = LABEL_SCHEMA) -> str:
    """The instructions: the guidelines, then every choice with what it means."""
    parts = [f"<p>{escape(schema.guidelines)}</p>"]
    parts.append(
        "<p>Work alone: do not open other annotators' annotations in the task list; "
        "the dataset relies on independent judgements.</p>"
    )
    for field in schema.choices:
        items = "".join(
            f"<li><b>{escape(c.alias)}</b> (key {escape(c.hotkey)}): {escape(c.description)}</li>"
            for c in field.choices
        )
        parts.append(f"<h4>{escape(field.title)}</h4><ul>{items}</ul>")
    return "".join(parts)


def project_settings(schema: LabelSchema = LABEL_SCHEMA) -> dict[str, Any]:
    """The settings ``claimset annotate push`` gives a project besides config and overlap."""
    return {
        "show_annotation_history": False,
        "show_collab_predictions": True,
        "reveal_preannotations_interactively": False,
        "show_overlap_first": False,
        "show_ground_truth_first": False,
        "skip_queue": "REQUEUE_FOR_OTHERS",
        "enable_empty_annotation": False,
        "expert_instruction": guidelines_html(schema),
        "show_instruction": True,
    }


def task_list_view(project_id: int) -> dict[str, Any]:
    """A Data Manager tab whose columns are the claim's, not the article's."""
    hidden = [f"tasks:data.{key}" for key in HIDDEN_DATA]
    hidden += [f"tasks:{key}" for key in HIDDEN_TASK_COLUMNS]
    return {
        "project": project_id,
        "data": {
            "title": "Claims",
            "hiddenColumns": {"explore": hidden, "labeling": hidden},
            "columnsWidth": {},
            "columnsDisplayType": {},
        },
    }


def apply_project_settings(client: LabelStudioClient, project_id: int) -> None:
    """Give an existing project ``project_settings`` and, once, the ``Claims`` task-list tab."""
    wanted = project_settings()
    path = f"/api/projects/{project_id}/"
    current = retry_busy(client.get, path)
    changed = {k: v for k, v in wanted.items() if current.get(k) != v}
    if changed:
        retry_busy(client.patch, path, changed)
    retry_busy(_add_task_list_view, client, project_id)


def _add_task_list_view(client: LabelStudioClient, project_id: int) -> None:
    """Add the ``Claims`` tab unless the project has it (asked again on each retry, so a POST
    that landed before a busy server's 500 is not repeated)."""
    views = client.get("/api/dm/views/", project=project_id)
    if not any((v.get("data") or {}).get("title") == "Claims" for v in views):
        client.post("/api/dm/views/", task_list_view(project_id))
