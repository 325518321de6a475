"""GUI tests. Without Qt's system libraries the folder is skipped (and fails under CI=true), before any Qt import."""

from tests.conftest import require_qt

require_qt()
