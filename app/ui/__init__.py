"""The Qt user interface: the only package that imports PySide6.

PySide6's package is loaded here, and its scan of each module imported after it made light at once, before any of
Qt's modules or this package's load (app.ui.featurescan).
"""

from app.ui import featurescan

featurescan.load_pyside()
