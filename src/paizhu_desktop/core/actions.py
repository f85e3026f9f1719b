"""Audit actions: stable codes and their Chinese labels (kept apart so ledger
descriptions can name them without importing the storage layer)."""

from __future__ import annotations


class Action:
    """Audit actions (stable strings) and their Chinese labels."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    UNLOCK_RECOVERY = "unlock_recovery"
    CREATE = "create"
    EDIT = "edit"
    VOID = "void"
    APPROVE = "approve"
    REJECT = "reject"
    STEP = "step"  # a workflow step other than approve/reject (核对、用印、办结…)
    PRINT = "print"
    EXPORT = "export"
    IMPORT = "import"
    ATTACH = "attach"
    USER_ADD = "user_add"
    USER_PASSWORD = "user_password"
    USER_ROLES = "user_roles"
    USER_DISABLE = "user_disable"
    BACKUP = "backup"
    RESTORE = "restore"
    MIGRATE = "migrate"
    INIT = "init"
    VERIFY = "verify"
    READ_AUDIT = "read_audit"
    SETTING = "setting"
    USER_KEY = "user_key"  # an account registers its first signing key
    SIGNING = "signing"  # signing starts in a database made before it
    ROOT_KEY = "root_key"  # the recovery key's root key registered (older databases)
    ALERT = "alert"  # the program found the records tampered with
    REKEY = "rekey"  # a new database key
    USER_UNLOCK = "user_unlock"  # the security admin lifts a login lockout
    #: An entry's 密级 and 保密期限 changed by an approved 降密/解密 review, in the
    #: review's approval transaction (献县办法 第五十五条).
    RECLASSIFY = "reclassify"


ACTION_LABELS = {
    Action.LOGIN: "登录", Action.LOGIN_FAILED: "登录失败", Action.LOGOUT: "退出",
    Action.UNLOCK_RECOVERY: "使用恢复密钥", Action.CREATE: "新建", Action.EDIT: "修改",
    Action.VOID: "作废", Action.APPROVE: "批准", Action.REJECT: "驳回", Action.STEP: "办理",
    Action.PRINT: "打印",
    Action.EXPORT: "导出", Action.IMPORT: "导入", Action.ATTACH: "添加附件",
    Action.USER_ADD: "新建账号", Action.USER_PASSWORD: "修改密码", Action.USER_ROLES: "设置角色",
    Action.USER_DISABLE: "停用账号", Action.BACKUP: "备份", Action.RESTORE: "恢复",
    Action.MIGRATE: "升级数据库", Action.INIT: "创建数据库", Action.VERIFY: "校验",
    Action.READ_AUDIT: "查阅审计日志", Action.SETTING: "修改设置",
    Action.USER_KEY: "登记签名密钥", Action.SIGNING: "启用记录签名",
    Action.ROOT_KEY: "登记恢复根密钥", Action.ALERT: "发现异常",
    Action.REKEY: "更换数据库密钥", Action.USER_UNLOCK: "解除登录锁定",
    Action.RECLASSIFY: "变更密级",
}
