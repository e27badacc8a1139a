"""Today in Vietnam: every rule takes "today" from here, never date.today()."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def today_vn() -> date:
    return datetime.now(VN).date()

