"""Run the application: ``python -m app``."""

import gc
import sys

# The window's start allocates hundreds of thousands of objects that live as long as the program (modules, Qt's
# wrappers, the first listing); the cyclic collector would scan them again and again meanwhile. It is paused
# here, and app.main resumes it: at once for a command, once the start is over for the window (app.ui.app).
gc.disable()

from app.main import main  # noqa: E402 (after pausing the collector)

sys.exit(main())
