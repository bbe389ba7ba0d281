"""What every benchmark shares: the machine's CPU name and its own section of docs/benchmarks.md."""

import platform
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def write_section(heading: str, block: str, doc: Path = DOC) -> None:
    """Replace only the section starting at `heading` (other sections belong to other benchmarks)."""
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    block = block.rstrip("\n") + "\n"
    start = old.find(heading + "\n")
    if start == -1:
        new = old.rstrip("\n") + "\n\n" + block
    else:
        end = old.find("\n## ", start + len(heading))
        new = old[:start] + block + ("\n" + old[end + 1:] if end != -1 else "")
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(new, encoding="utf-8")
