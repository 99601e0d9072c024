"""Widgets and dialogs. They talk to the controller, never to core I/O."""
