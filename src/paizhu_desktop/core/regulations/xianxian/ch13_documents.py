"""placeholder"""

LEDGERS = ()
