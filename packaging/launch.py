"""PyInstaller entry point: the same main() as the `caredesk` script."""

import sys

from ui.main import main

sys.exit(main())
