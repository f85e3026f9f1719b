"""The compliance calendar: working days, every declared duty's instances and their
state, and the yearly compliance report (DOMAIN §5)."""

from paizhu_desktop.core.compliance.engine import Engine, Instance, State
from paizhu_desktop.core.compliance.service import (
    attention,
    calendar_days,
    duty_json,
    instances,
    mine,
    set_calendar_days,
    work_calendar,
)
from paizhu_desktop.core.compliance.workdays import DayRule, WorkCalendar

__all__ = ["DayRule", "Engine", "Instance", "State", "WorkCalendar", "attention",
           "calendar_days", "duty_json", "instances", "mine", "set_calendar_days",
           "work_calendar"]
