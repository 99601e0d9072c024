"""QtCore-only layer: the worker thread and the controller the widgets talk to."""
