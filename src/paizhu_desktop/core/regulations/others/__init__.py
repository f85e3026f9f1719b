"""Declarations from the regulations besides 献县办法 (../seeds/README.md): 濮阳五项制度,
杨陵巡察办法 and 庆城两个责任办法."""
