"""Frozen entry point of the command-line program ``paizhu`` (see paizhu.spec)."""

from paizhu_desktop.cli import main

raise SystemExit(main())
