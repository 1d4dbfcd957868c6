"""`python -m diplomap`: the same as the `diplomap` command."""

import sys

from diplomap.cli import main

sys.exit(main())
