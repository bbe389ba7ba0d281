"""Report wording in Chinese and English, and code -> label tables.

Reports are printed outside the Qt translation system (they are made headless, in
worker processes), so their few hundred words live here, keyed by language.
"""

from typing import Any

LANGUAGES = ("zh", "en")

TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "member_title": "个人营养关怀报告",
        "summary_title": "回访运营汇总报告",
        "member": "会员", "tier": "会员等级", "care_manager": "专属健康顾问", "phone": "联系电话",
        "period": "报告周期", "generated": "生成日期", "history_since": "历史数据自",
        "none": "暂无",
        "regimen": "当前服用方案", "product": "产品", "dose": "用量", "since": "开始日期",
        "last_purchase": "最近购买", "adherence": "依从性 PDC", "adherent": "规律服用",
        "not_adherent": "需加强", "no_regimen": "报告期内暂无购买记录。",
        "pdc_note": "PDC＝近{days}天内购买量可覆盖的天数比例，≥80% 视为规律服用。",
        "reported": "回访反馈",
        "effects": "效果评分趋势", "effects_none": "暂无足够的效果评分，下次回访后将在此显示趋势。",
        "score": "评分",
        "health": "健康指标变化", "health_none": "暂无足够的健康指标记录。",
        "satisfaction": "满意度记录", "satisfaction_none": "暂无满意度评分。",
        "satisfaction_avg": "平均满意度 {avg:.1f} / 10（共 {n} 次）",
        "date": "日期",
        "recommendations": "关怀团队建议", "recommendations_none": "暂无新的建议，请保持当前方案。",
        "next_contact": "下次计划联系", "next_contact_none": "暂无计划中的回访；如有需要请随时联系我们。",
        "next_contact_text": "{day}，{reason}",
        "booking": "预约一对一营养师",
        "booking_text": "拨打服务热线 {hotline}（{hours}），或在微信公众号“{wechat}”回复“营养师”，"
                        "即可预约一对一营养咨询。{manager}",
        "booking_manager": "您的专属健康顾问 {name} 也可为您安排。",
        "confidential": "机密：仅供 {name} 本人阅读，请勿转发",
        "page": "第 {page} 页 / 共 {total} 页",
        "calls_summary": "本期回访 {calls} 次，接通 {reached} 次。",
        # summary
        "overview": "概览", "connect_rate": "接通率", "contact_rate": "会员触达率", "target": "目标",
        "attempts": "拨打次数", "reached": "接通次数", "members_attempted": "拨打会员数",
        "members_reached": "触达会员数", "connect_trend": "接通率趋势（目标 {target:.0%}）",
        "satisfaction_trend": "满意度趋势", "satisfaction_avg_s": "平均满意度",
        "complaints": "投诉分类", "complaints_none": "本期无投诉。", "count": "数量",
        "recurring": "高频问题 TOP", "recurring_none": "本期无重复出现的问题。", "issue": "问题",
        "sla": "响应时效达标（SLA）", "sla_none": "本期无工单。", "severity": "级别", "tickets": "工单数",
        "on_time": "按时", "breached": "超时", "pending": "处理中", "compliance": "达标率",
        "refills": "回访后复购", "refills_text": "接通后 {days} 天内复购或提交续购申请：{n} / {reached}（{rate}）",
        "agents": "坐席明细", "agent": "坐席", "calls": "通话", "avg_wrap": "平均整理(秒)",
        "refills_after": "回访后复购", "agents_none": "本期无通话记录。",
        "by": "生成人", "no_data": "本期无数据。",
        "series_connect": "接通率", "series_target": "目标", "met": "达标", "not_met": "未达标",
        "recurring_detail": "涉及会员 / 重复投诉", "complaints_n": "投诉", "metric": "指标", "value": "数值", "refill_rate": "回访后复购率",
        "complaints_total": "投诉数（不含严重不良反应）", "tickets_opened": "新开工单", "sla_met_rate": "SLA 达标率",
    },
    "en": {
        "member_title": "Personal Nutrition Care Report",
        "summary_title": "Follow-up Operations Summary",
        "member": "Member", "tier": "Tier", "care_manager": "Care manager", "phone": "Phone",
        "period": "Report period", "generated": "Generated", "history_since": "History since",
        "none": "none",
        "regimen": "Current regimen", "product": "Product", "dose": "Dose", "since": "Since",
        "last_purchase": "Last bought", "adherence": "Adherence (PDC)", "adherent": "on track",
        "not_adherent": "needs attention", "no_regimen": "No purchases on record for this period.",
        "pdc_note": "PDC = share of the last {days_q} covered by purchases; 80% or more counts as adherent.",
        "reported": "On the phone",
        "effects": "Effect ratings over time",
        "effects_none": "Not enough ratings yet; the trend will appear here after your next care calls.",
        "score": "Score",
        "health": "Health indicators over time", "health_none": "Not enough health indicator records yet.",
        "satisfaction": "Satisfaction history", "satisfaction_none": "No satisfaction scores yet.",
        "satisfaction_avg": "Average satisfaction {avg:.1f} / 10 ({n_q})",
        "date": "Date",
        "recommendations": "Recommendations from your care team",
        "recommendations_none": "No new recommendations; please keep to your current regimen.",
        "next_contact": "Next planned contact",
        "next_contact_none": "No call is planned yet; contact us whenever you need.",
        "next_contact_text": "{day}: {reason}",
        "booking": "Book a 1-to-1 nutritionist",
        "booking_text": "Call our hotline {hotline} ({hours}) or message \"nutritionist\" to {wechat} "
                        "to book a personal consultation. {manager}",
        "booking_manager": "Your care manager {name} can also arrange it for you.",
        "confidential": "Confidential: for {name} only, please do not forward",
        "page": "Page {page} of {total}",
        "calls_summary": "{calls_q} this period, {reached} reached.",
        "overview": "Overview", "connect_rate": "Connect rate", "contact_rate": "Member contact rate",
        "target": "Target", "attempts": "Call attempts", "reached": "Reached",
        "members_attempted": "Members called", "members_reached": "Members reached",
        "connect_trend": "Connect rate trend (target {target:.0%})",
        "satisfaction_trend": "Satisfaction trend", "satisfaction_avg_s": "Average satisfaction",
        "complaints": "Complaints by category", "complaints_none": "No complaints this period.",
        "count": "Count", "recurring": "Top recurring issues",
        "recurring_none": "No recurring issue this period.", "issue": "Issue",
        "sla": "Response-time compliance (SLA)", "sla_none": "No tickets this period.",
        "severity": "Severity", "tickets": "Tickets", "on_time": "On time", "breached": "Late",
        "pending": "Open", "compliance": "Compliance",
        "refills": "Refills after calls",
        "refills_text": "Reached calls followed within {days_q} by an order or refill request: "
                        "{n} / {reached} ({rate})",
        "agents": "Per agent", "agent": "Agent", "calls": "Calls", "avg_wrap": "Avg wrap (s)",
        "refills_after": "Refills after", "agents_none": "No calls this period.",
        "by": "Generated by", "no_data": "No data this period.",
        "series_connect": "Connect rate", "series_target": "Target", "met": "met", "not_met": "below target",
        "recurring_detail": "Members / repeats", "complaints_n": "Complaints", "metric": "Measure", "value": "Value", "refill_rate": "Refill rate after calls",
        "complaints_total": "Complaints (severe reactions apart)", "tickets_opened": "Tickets opened",
        "sla_met_rate": "SLA met rate",
    },
}

CODES: dict[str, dict[str, dict[str, str]]] = {
    "tier": {
        "zh": {"standard": "普通会员", "silver": "银卡会员", "gold": "金卡会员", "diamond": "钻石会员"},
        "en": {"standard": "Standard", "silver": "Silver", "gold": "Gold", "diamond": "Diamond"},
    },
    "dimension": {
        "zh": {"energy": "精力", "sleep": "睡眠", "mood": "情绪", "digestion": "消化", "exercise": "运动表现",
               "immunity": "免疫力", "skin": "皮肤", "baby_growth": "宝宝成长"},
        "en": {"energy": "Energy", "sleep": "Sleep", "mood": "Mood", "digestion": "Digestion",
               "exercise": "Exercise", "immunity": "Immunity", "skin": "Skin", "baby_growth": "Baby growth"},
    },
    "indicator": {
        "zh": {"hemoglobin": "血红蛋白", "weight": "体重", "bmi": "BMI", "blood_pressure_sys": "收缩压",
               "blood_pressure_dia": "舒张压", "blood_glucose": "血糖", "cholesterol": "胆固醇",
               "vitamin_d": "维生素D", "ferritin": "铁蛋白"},
        "en": {"hemoglobin": "Hemoglobin", "weight": "Weight", "bmi": "BMI", "blood_pressure_sys": "Systolic BP",
               "blood_pressure_dia": "Diastolic BP", "blood_glucose": "Blood glucose",
               "cholesterol": "Cholesterol", "vitamin_d": "Vitamin D", "ferritin": "Ferritin"},
    },
    "reason": {
        "zh": {"refill": "续购提醒", "effect_check": "效果回访", "delivery_survey": "收货满意度回访",
               "churn_risk": "关怀回访", "revisit": "问题处理回访", "cadence": "定期关怀",
               "care_moment": "节日/关怀时刻问候", "callback": "预约回电", "new_customer": "新客关怀"},
        "en": {"refill": "refill reminder", "effect_check": "effect check", "delivery_survey": "delivery survey",
               "churn_risk": "care call", "revisit": "follow-up on your issue", "cadence": "regular care call",
               "care_moment": "care moment greeting", "callback": "scheduled call back",
               "new_customer": "welcome call"},
    },
    "adherence": {
        "zh": {"as_directed": "按时服用", "irregular": "偶有漏服", "stopped": "已停用"},
        "en": {"as_directed": "as directed", "irregular": "irregular", "stopped": "stopped"},
    },
    "advice": {
        "zh": {
            "keep_regular": "建议固定服用时间（如随早餐），设置手机提醒，减少漏服。",
            "restart": "您曾暂停服用，如有不适或疑问请联系营养师，评估后再恢复。",
            "mild_reaction": "服用后如有轻微肠胃不适，可改为随餐服用；若持续不适请及时联系我们。",
            "refill_soon": "您的产品即将用完，建议提前续购，保持连续服用。",
        },
        "en": {
            "keep_regular": "Take it at a fixed time (e.g. with breakfast) and set a phone reminder.",
            "restart": "You paused the regimen; talk to a nutritionist before restarting.",
            "mild_reaction": "For mild stomach discomfort, take it with meals; call us if it persists.",
            "refill_soon": "Your supply is running low; reorder early to keep taking it without gaps.",
        },
    },
    "complaint": {
        "zh": {"quality": "产品质量", "usage": "使用方法", "logistics": "物流（延误/破损）",
               "service": "服务态度", "stock_out": "缺货", "counterfeit": "疑似假货",
               "adverse_reaction": "严重不良反应"},
        "en": {"quality": "Product quality", "usage": "Usage method", "logistics": "Logistics",
               "service": "Service attitude", "stock_out": "Stock-out", "counterfeit": "Suspected counterfeit",
               "adverse_reaction": "Severe adverse reaction"},
    },
    "department": {
        "zh": {"quality": "品控", "logistics": "物流", "service": "客服", "supply_chain": "供应链",
               "technology": "技术（防伪）", "medical": "营养/医学",
               "special_team": "专项小组（48小时）"},
        "en": {"quality": "Quality", "logistics": "Logistics", "service": "Service",
               "supply_chain": "Supply chain", "technology": "Technology", "medical": "Medical",
               "special_team": "Special team (48 h)"},
    },
    "severity": {
        "zh": {"urgent": "紧急（2小时）", "normal": "普通（24小时）"},
        "en": {"urgent": "Urgent (2 h)", "normal": "Normal (24 h)"},
    },
}


# Counted units: English needs the singular for one ("1 day", never "1 days"); Chinese has none.
UNITS: dict[str, dict[str, tuple[str, str]]] = {
    "zh": {"day": ("天", "天"), "call": ("次", "次"), "care_call": ("次回访", "次回访")},
    "en": {"day": ("day", "days"), "call": ("call", "calls"), "care_call": ("care call", "care calls")},
}


def quantity(language: str, n: int, unit: str) -> str:
    """'1 day', '3 days', '3天': a number with its unit, read naturally in the language."""
    one, many = UNITS.get(language, UNITS["zh"])[unit]
    word = one if n == 1 else many
    return f"{n}{word}" if language == "zh" else f"{n} {word}"


def text(language: str, key: str, **values: Any) -> str:
    template = TEXT.get(language, TEXT["zh"])[key]
    return template.format(**values) if values else template


def code(language: str, kind: str, value: str | None) -> str:
    """The label for a code; an unknown code shows as itself rather than failing."""
    if value is None:
        return ""
    return CODES[kind].get(language, CODES[kind]["zh"]).get(value, value)
