"""The workspace still opening on a worker while the main window already shows the first listing."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.desktop import DesktopServices
    from app.services.workspace import WorkspaceService
    from app.ui.context import GuiContext


class Opening:
    """The workspace still opening on a worker, while the window already shows its first listing.

    ``set`` (or ``fail``) is called by the worker once the workspace is open; ``get`` waits for it. The window
    uses ``workspace`` and ``services`` in its context meanwhile: each waits on first use, then is the real one.
    """

    def __init__(self) -> None:
        self._done = threading.Event()
        self._ctx: GuiContext | None = None
        self._error: BaseException | None = None

    @property
    def opened(self) -> bool:
        """Whether the workspace is open (False while it opens, and after a failure)."""
        return self._done.is_set() and self._ctx is not None

    def set(self, ctx: GuiContext) -> None:
        self._ctx = ctx
        self._done.set()

    def fail(self, error: BaseException) -> None:
        self._error = error
        self._done.set()

    def get(self) -> GuiContext:
        self._done.wait()
        if self._ctx is None:
            raise RuntimeError("the workspace could not be opened") from self._error
        return self._ctx

    @property
    def workspace(self) -> WorkspaceService:
        return _Awaited(self, "workspace")  # type: ignore[return-value]  # forwards every attribute

    @property
    def services(self) -> DesktopServices:
        return _Awaited(self, "services")  # a protocol: _Awaited forwards its methods


class _Awaited:
    """Stands for the opened context's ``workspace`` or ``services``: waits for the opening, then forwards."""

    def __init__(self, opening: Opening, name: str) -> None:
        self._opening = opening
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(getattr(self._opening.get(), self._name), attribute)
