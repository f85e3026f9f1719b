"""The yearly hand-off file (DOMAIN §7): encrypted export, verified import, safe merge."""
