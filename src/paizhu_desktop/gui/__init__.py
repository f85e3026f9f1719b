"""The PySide6 interface over :mod:`paizhu_desktop.core`."""
