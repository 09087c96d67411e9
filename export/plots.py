"""The card's pictures: label distribution and agreement histogram, as PNG.

Drawn with matplotlib's object API and its Agg canvas (no pyplot, no global figure state, no
display), in a fixed style: bundled DejaVu Sans, fixed size and dpi, and no ``Software`` entry in
the PNG metadata, so the same figures give the same bytes on every export.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

IMAGES_DIR = "images"
LABELS_PNG = f"{IMAGES_DIR}/labels.png"
AGREEMENT_PNG = f"{IMAGES_DIR}/agreement.png"

_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "path.simplify": False,
    "svg.hashsalt": "claimset",
}
_DPI = 100


def _png(draw: Any, size: tuple[float, float]) -> bytes:
    """Render ``draw(figure)`` into PNG bytes (deterministic for the same input)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rc_context: Any = matplotlib.rc_context  # its stubs want literal keys
    with rc_context(_STYLE):
        figure = Figure(figsize=size, dpi=_DPI, layout="constrained")
        FigureCanvasAgg(figure)
        draw(figure)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    return buffer.getvalue()


def labels_png(agreement: dict[str, dict[str, Any]]) -> bytes:
    """Horizontal bars: claims per aggregate label of each choice field (with unresolved)."""
    fields = [name for name, a in agreement.items() if "label_counts" in a]

    def draw(figure: Any) -> None:
        axes = figure.subplots(1, len(fields), squeeze=False)[0]
        for ax, name in zip(axes, fields, strict=True):
            counts = agreement[name]["label_counts"]
            labels = list(counts)[::-1]
            values = [counts[k] for k in labels]
            bars = ax.barh(labels, values, color="#4c72b0")
            ax.bar_label(bars, padding=2)
            ax.set_title(name)
            ax.set_xlabel("claims")
            ax.margins(x=0.15)

    return _png(draw, (4.0 * max(len(fields), 1), 3.0))


def agreement_png(agreement: dict[str, dict[str, Any]]) -> bytes:
    """Bars: claims by share of verdicts equal to the aggregate (claims with 2+ verdicts)."""
    hist = agreement["verdict"]["histogram"]
    edges, counts = hist["edges"], hist["counts"]

    def draw(figure: Any) -> None:
        ax = figure.subplots()
        ax.bar(edges[:-1], counts, width=0.1, align="edge", color="#55a868", edgecolor="white")
        ax.set_xlim(0, 1)
        ax.set_xlabel("agreement (share of verdicts equal to the aggregate)")
        ax.set_ylabel("claims")
        ax.set_title("Verdict agreement per claim (2+ verdicts)")

    return _png(draw, (5.0, 3.0))


def write_images(root: Path, agreement: dict[str, dict[str, Any]]) -> list[str]:
    """Write both PNGs under ``root/images``; return their paths relative to ``root``."""
    (root / IMAGES_DIR).mkdir(parents=True, exist_ok=True)
    written = []
    for rel, data in (
        (LABELS_PNG, labels_png(agreement)),
        (AGREEMENT_PNG, agreement_png(agreement)),
    ):
        (root / rel).write_bytes(data)
        written.append(rel)
    return written
