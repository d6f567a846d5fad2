#!/usr/bin/env python3
"""Writes the five hand-filled 上报表 of the 嘉兴市 sample (inputs/jiaxing/2023-04 … 06): 南湖区, 秀洲区, 嘉善县,
海盐县 and 平湖市, as a county office without gaizao fills the README's template — no digests, 流程 left empty,
嘉善县's saved as GBK by Excel on Chinese Windows, 平湖市 writing 报告期 as 2023年6月. 海盐县 sends nothing for May
(its April report carries forward), 秀洲区's June report arrives late, and 南湖区's June green-loan share is
typed as a rounded figure its own components do not give (a planted component-mismatch). The green-loan shares
are far apart, so Σ numerators / Σ denominators differs from the mean of the shares.

桐乡市 (330483) and 海宁市 (330481) come from their own gaizao runs' 上报表 (tools/rollup.sh --refresh-samples).

usage: jiaxing_samples.py [INPUTS_ROOT]   (default: inputs)
"""
import csv, io, os, sys

root = sys.argv[1] if len(sys.argv) > 1 else "inputs"
HEADERS = ["地区代码", "地区名称", "报告期", "流程", "指标代码", "指标名称", "单位", "类型", "本月", "本年累计", "规划期累计",
           "年度目标", "规划期目标", "分子", "分母", "本期", "上期", "基期分子", "基期分母", "输入SHA256", "数据SHA256"]
# code, name, scale, green loans 亿元, all loans 亿元, reports robots
COUNTIES = [("330402", "南湖区", 0.8, 120.0, 800.0, False), ("330411", "秀洲区", 0.9, 30.0, 900.0, True),
            ("330421", "嘉善县", 1.1, 210.0, 1000.0, True), ("330424", "海盐县", 0.7, 10.0, 400.0, False),
            ("330482", "平湖市", 1.2, 60.0, 1500.0, True)]
MONTHS = ["2023-04", "2023-05", "2023-06"]
RECEIVED = {"2023-04": "2023-05-06 10:20", "2023-05": "2023-06-07 15:05", "2023-06": "2023-07-07 11:40"}


def num(v):
    """As the README asks: plain decimals, at most 15 significant digits."""
    if v == int(v):
        return str(int(v))
    return ("%.15g" % v)


def accrued(code, name, unit, kind, per_month, month, year_target, plan_target, before_2023):
    """A count or sum row: the month, year-to-date (January … month) and plan-to-date."""
    m = int(month[5:])
    ytd = sum(per_month(k) for k in range(1, m + 1))
    return [code, name, unit, kind, num(per_month(m)), num(ytd), num(before_2023 + ytd), num(year_target), num(plan_target)] + [""] * 6


def rows(code, name, scale, green, loans, robots, month):
    m = int(month[5:])
    r = lambda v, d=2: round(v, d)
    out = [
        accrued("projects", "实施“两化”改造项目", "项", "count", lambda k: round(6 * scale) + k % 3, month,
                round(80 * scale), round(320 * scale), round(70 * scale)),
        accrued("investment", "“两化”改造拉动先进制造业投资", "亿元", "sum", lambda k: r(2.5 * scale + 0.1 * k), month,
                r(32 * scale), r(130 * scale), r(28 * scale)),
        accrued("energy_saving", "节约用能", "万吨标煤", "sum", lambda k: r(0.3 * scale + 0.01 * k, 3), month,
                r(4 * scale, 3), r(16 * scale, 3), r(3.5 * scale, 3)),
        accrued("smart_factories", "创建省级智能工厂（数字化车间）", "家", "count", lambda k: 1 if k % 3 == 0 else 0, month,
                round(4 * scale), round(10 * scale), 2),
        accrued("green_factories", "新增绿色工厂", "家", "count", lambda k: 1 if k % 2 == 0 else 0, month,
                round(8 * scale), round(25 * scale), round(6 * scale)),
        accrued("provincial_green_factories", "争创省级以上绿色工厂", "家", "count", lambda k: 1 if k == 6 else 0, month,
                1, round(3 * scale), 1),
    ]
    if robots:
        out.append(accrued("robots", "新增工业机器人", "台", "sum", lambda k: round(20 * scale) + k, month,
                           round(300 * scale), round(1100 * scale), round(250 * scale)))
    g, l = r(green * (1 + 0.01 * m)), r(loans * (1 + 0.004 * m))
    share = g / l * 100
    if code == "330402" and month == "2023-06":
        share = 10.5   # typed from last year's report instead of computed: the components give 15.3…
    out.append(["green_credit_share", "绿色贷款余额占比", "%", "ratio", num(r(share, 12)), "", "", "10", "10", num(g), num(l), "", "", "", ""])
    before = r(g / (1.12 + 0.02 * scale))
    out.append(["green_credit_growth", "绿色信贷增速", "%", "growth", num(r((g / before - 1) * 100, 12)), "", "", "20", "20",
                "", "", num(g), num(before), "", ""])
    e, v = r(55 * scale * m / 12, 3), r(95 * scale * m / 12 * 1.1, 2)
    eb, vb = r(58 * scale * m / 12, 3), r(88 * scale * m / 12, 2)
    decline = (1 - (e / v) / (eb / vb)) * 100
    out.append(["energy_intensity_decline", "规上工业万元增加值能耗下降", "%", "decline", num(r(decline, 12)), "", "", "8", "15",
                num(e), num(v), "", "", num(eb), num(vb)])
    period = "2023年6月" if code == "330482" and month == "2023-06" else month
    return [[code, name, period, ""] + row + ["", ""] for row in out]


for month in MONTHS:
    folder = os.path.join(root, "jiaxing", month)
    os.makedirs(folder, exist_ok=True)
    log = [("330483-%s.csv" % month, RECEIVED[month]), ("330481-%s.csv" % month, RECEIVED[month])]
    for code, name, scale, green, loans, robots in COUNTIES:
        if code == "330424" and month == "2023-05":
            continue   # 海盐县 sent nothing for May
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(HEADERS)
        w.writerows(rows(code, name, scale, green, loans, robots, month))
        file = "%s-上报表-%s.csv" % (name, month)
        data = buf.getvalue().encode("gbk") if code == "330421" else ("\ufeff" + buf.getvalue()).encode("utf-8")
        with open(os.path.join(folder, file), "wb") as f:
            f.write(data)
        log.append((file, "2023-07-12 09:30" if code == "330411" and month == "2023-06" else RECEIVED[month]))
    with open(os.path.join(folder, "_收件登记.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["文件", "接收时间"])
        w.writerows(sorted(log))
