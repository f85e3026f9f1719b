"""paizhu-desktop: 派驻纪检监察组日常管理（涉密单机，加密存储）."""

__version__ = "0.1.0"
