"""``python -m paizhu_desktop`` starts the GUI."""

from paizhu_desktop.gui.app import main

raise SystemExit(main())
