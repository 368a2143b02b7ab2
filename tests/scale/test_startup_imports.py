"""Commands that need no graph never pay for importing networkx (start-up is a pre-commit cost)."""
from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = ("import sys\nfrom linter.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
         "print('networkx.classes' in sys.modules, file=sys.stderr)")  # loaded, not merely registered lazily


@pytest.mark.parametrize("argv", [["--version"], ["rules", "--no-config"], ["rule", "SPOF001", "--no-config"],
                                  ["types"], ["schema"]])
def test_no_networkx_without_a_graph(argv):
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "False"
