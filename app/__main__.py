"""`python -m app` runs caredesk-admin."""

import sys

from app.cli.main import main

sys.exit(main())
