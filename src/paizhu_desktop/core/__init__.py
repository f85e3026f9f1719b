"""The Qt-free core: storage, ledgers, rules, printing, hand-off and CLI.

Nothing in this package imports PySide6 or :mod:`paizhu_desktop.gui`.
"""
