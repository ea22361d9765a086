"""The load test runs end to end (shortened): locust against gunicorn, no unexpected errors.

Speed is not asserted here; ``scripts/loadtest.py`` prints the figures.
"""

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "loadtest.py"


def test_short_load_run_has_no_unexpected_errors():
    result = subprocess.run([sys.executable, str(SCRIPT), "--duration", "8", "--users", "16"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^unexpected errors: 0$", result.stdout, re.M)
    total = re.search(r"^ALL\s+(\d+)\s+(\d+)", result.stdout, re.M)
    assert total and int(total.group(1)) > 50 and int(total.group(2)) == 0
    for kind in ("sparql: example query", "sparql: cross product (deadline)", "page: text/html", "dump: dataset.ttl.gz", "validate: turtle"):
        assert kind in result.stdout, kind
    assert "server still answers /health: 200" in result.stdout
