"""One direction of imports: rheine_integration.base < networks < cases < steering < the
composition root (settings, URLs, Celery, management commands, benchmark). The contract is in
pyproject.toml ([tool.importlinter]); a lower layer importing a higher one fails here."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_layer_imports_a_higher_one():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stdout[-3000:]
