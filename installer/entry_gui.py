"""Frozen entry point of the GUI program ``paizhu-desktop`` (see paizhu.spec)."""

from paizhu_desktop.gui.app import main

raise SystemExit(main())
