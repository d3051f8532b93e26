"""`make mutation`'s last step: the score of the run mutmut just made, and its survivors.

Killed counts mutants a test caught (failed or timed out); the score is killed over
all mutants that ran. Every survivor is listed so it can be read with
`mutmut show NAME` and either killed by a test or explained.
"""

import json
import subprocess
import sys
from pathlib import Path

TARGET = 0.90


def main() -> int:
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    subprocess.run([mutmut, "export-cicd-stats"], check=True, stdout=subprocess.DEVNULL)
    stats = json.loads(Path("mutants/mutmut-cicd-stats.json").read_text())
    killed = stats["killed"] + stats["timeout"]
    ran = killed + stats["survived"] + stats["suspicious"]
    score = killed / ran if ran else 0.0
    survivors = subprocess.run([mutmut, "results"], check=True, capture_output=True, text=True).stdout
    print(survivors.rstrip())
    print(
        f"mutation score {score:.1%} ({killed} killed of {ran}; {stats['no_tests']} without tests, "
        f"{stats['skipped']} skipped); target {TARGET:.0%}"
    )
    return 0 if score >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
