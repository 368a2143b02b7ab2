"""JSON output, in exactly the shape of the interface spec (keys sorted for stable bytes)."""
from __future__ import annotations

import json

from .. import __version__
from ..findings import Report
from . import OutputContext


def render(report: Report, context: OutputContext) -> str:
    document = {
        "tool": {"name": "archlint", "version": __version__},
        "findings": [f.as_dict() for f in report.findings],
        "errors": [e.as_dict() for e in report.errors],
        "summary": {"files": len(report.files), "findings": len(report.findings),
                    "error": report.count("error"), "warning": report.count("warning"),
                    "info": report.count("info"), "waived": report.waived},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
