"""Fixtures for the window tests: Qt draws offscreen, dialogs never block."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
