#!/usr/bin/env python3
"""Regenerates the shipped Anhui sample inputs and the city target decomposition.

usage: tools/gen_samples_anhui.py [--root .]

Programme: 安徽省以数字化转型推动制造业高端化智能化绿色化发展实施方案（2023—2025年）, seed
../shared/seeds/004_f04ad51e7694fa67.txt, pipeline pipelines/anhui.yaml.

Writes inputs/anhui/2023-01 … 2023-06/*.csv:
  - each of the 16 cities: 制造业数字化转型月报 (increment, one row a month) and 供需对接活动台账 (snapshot);
  - 省经济和信息化厅: 数字化转型认定名单 and 工业互联网平台名录 (snapshots), 数字化转型监测指标 (increment);
  - 省统计局: 规上工业能耗与劳动生产率 (increment; the January file backfills 2022, the base year);
  - _收件登记.csv per month (文件,接收时间);
and pipelines/anhui.targets.csv (robots and 对接活动 split over the cities, coverage rates 100% each).

Deterministic (fixed seed): running it twice gives the same bytes. Honest mistakes planted on purpose:
  - 宿州市 writes 新增应用工业机器人 as “八十六” in March (row rejected); April's file re-sends March corrected;
  - 淮南市 sends nothing for April (both templates missing); May's 月报 carries April and May;
  - 省经济和信息化厅's May 认定名单 has one credit code with a wrong check digit (row rejected), fixed in June;
  - 池州市 (March) and 黄山市 (June 月报) are logged after the deadline (day 5).
阜阳市 exports from Excel on Chinese Windows (GB18030) and 省经济和信息化厅 saves “CSV UTF-8” with a BOM — both valid.
"""
import argparse, datetime, os, random
import sample_kit as kit
from sample_kit import month_end, rand_date, csv_text, tag

# code, name, share of the province's robots and 对接活动 targets, pace (how fast it runs in 2023 H1)
CITIES = [
    ("340100", "合肥市", 0.22, 1.06), ("340600", "淮北市", 0.03, 0.82), ("341600", "亳州市", 0.03, 0.91),
    ("341300", "宿州市", 0.04, 0.88), ("340300", "蚌埠市", 0.05, 0.97), ("341200", "阜阳市", 0.06, 1.02),
    ("340400", "淮南市", 0.03, 0.74), ("341100", "滁州市", 0.09, 1.12), ("341500", "六安市", 0.04, 0.93),
    ("340500", "马鞍山市", 0.07, 1.04), ("340200", "芜湖市", 0.14, 1.10), ("341800", "宣城市", 0.05, 0.99),
    ("340700", "铜陵市", 0.04, 0.95), ("341700", "池州市", 0.03, 0.78), ("340800", "安庆市", 0.06, 0.90),
    ("341000", "黄山市", 0.02, 1.15),
]
PROVINCE_TARGETS = {"robots": 10000, "matchmaking_events": 100}   # per year, 2023–2025 (seed: 任务九, 任务四)
YEARS = (2023, 2024, 2025)
MONTHS = [datetime.date(2023, m, 1) for m in range(1, 7)]
JXT, TJJ = "省经济和信息化厅", "省统计局"
INDUSTRIES = ["新一代信息技术", "汽车及零部件", "装备制造", "新材料", "现代化工", "智能家电", "绿色食品", "钢铁和有色",
              "光伏", "节能环保", "纺织服装", "轻工及制成品", "生物医药", "新型建材"]
WORDS = ["华创", "科瑞", "恒信", "众诚", "鼎力", "安瑞", "新泰", "宏图", "金诺", "天元", "博创", "皖丰", "徽宏", "江源",
         "淮海", "长兴", "瑞达", "中研", "同创", "盛景", "汇通", "嘉禾", "永固", "泰昌", "联益", "德润", "振华", "远航"]
SUFFIX = ["科技有限公司", "智能装备有限公司", "新材料股份有限公司", "汽车部件有限公司", "电器有限公司", "化工有限公司",
          "食品有限公司", "精密制造有限公司", "光伏科技有限公司", "生物医药有限公司"]
SCENES = ["柔性排产", "设备预测性维护", "质量在线检测", "能耗在线监测", "智能仓储物流", "供应链协同", "数字孪生产线",
          "安全生产监测", "工艺参数优化", "订单全流程追溯"]
WORKSHOPS = ["总装", "焊装", "冲压", "注塑", "机加工", "包装", "配料", "涂装", "电芯", "组件"]
PARKS = ["经济技术开发区", "高新技术产业开发区", "现代产业园", "工业园区", "新型工业化产业示范基地"]
VENUES = ["市政务服务中心", "市经信局会议室", "高新区创新中心", "经开区管委会", "市工业互联网体验中心", "线上直播"]


def uscc(rng, area, kind="91"):
    return kit.uscc(rng, kind + area)


def bad_check_digit(code):
    return code[:-1] + ("0" if code[-1] != "0" else "1")


class Out:
    def __init__(self, root):
        self.root = root
        self.receipts = []

    def write(self, month, unit, template, text, encoding="utf-8", bom=False, when=None):
        folder = os.path.join(self.root, "inputs", "anhui", f"{month.year}-{month.month:02d}")
        os.makedirs(folder, exist_ok=True)
        fname = f"{unit}-{template}-{tag(month)}.csv"
        data = text.encode(encoding)
        if bom:
            data = b"\xef\xbb\xbf" + data
        with open(os.path.join(folder, fname), "wb") as f:
            f.write(data)
        self.receipts.append((month, fname, when or arrival(unit, template, month)))


def arrival(unit, template, month):
    """Logged on days 1–4 of the next month; 池州市 is late in March, 黄山市's 月报 in June."""
    nxt = datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    h = sum(map(ord, unit + template))
    day = 1 + (h + month.month) % 4
    if unit == "池州市" and month.month == 3:
        day = 7
    if unit == "黄山市" and month.month == 6 and template == "制造业数字化转型月报":
        day = 6
    hour = 8 + (h * 7 + month.month) % 9
    return f"{nxt.year}-{nxt.month:02d}-{day:02d} {hour:02d}:{(h * month.month) % 60:02d}"


def firm(rng, area):
    return rng.choice(["安徽", ""]) + rng.choice(WORDS) + rng.choice(SUFFIX), uscc(rng, area)


# ---------------------------------------------------------------- cities
MONTHLY_HEADER = ["统计月份", "新增应用工业机器人（台）", "重点行业规上制造业企业数（家）", "已实施数字化改造的规上企业数（家）",
                  "规下制造业企业数（家）", "已开展数字化应用的规下企业数（家）"]
EVENT_HEADER = ["活动编号", "活动名称", "所属市", "活动形式", "活动日期", "举办地点", "参与企业数（家）", "参与服务商数（家）",
                "达成合作意向（项）"]
SEASON = {1: 0.75, 2: 0.65, 3: 1.0, 4: 1.05, 5: 1.1, 6: 1.2}   # robots installed by month (Spring Festival dip)


def city_series(rng, code, name, share, pace):
    """Month rows of the 月报 for 2023-01 … 2023-06."""
    above_total = int(round(17200 * share * rng.uniform(0.85, 1.15)))
    below_total = int(round(118000 * share * rng.uniform(0.85, 1.15)))
    above_rate = rng.uniform(0.50, 0.76)
    below_rate = rng.uniform(0.22, 0.44)
    rows = {}
    for m in range(1, 7):
        robots = int(round(10000 * share * SEASON[m] * pace / 12 * rng.uniform(0.92, 1.08)))
        above_rate += rng.uniform(0.008, 0.016) * pace
        below_rate += rng.uniform(0.007, 0.014) * pace
        at = above_total + (m >= 3) * int(round(above_total * 0.006))       # a few firms enter 规上 in spring
        bt = below_total + m * int(round(below_total * 0.002))
        rows[m] = [f"2023-{m:02d}", str(robots), str(at), str(int(at * min(above_rate, 0.99))), str(bt),
                   str(int(bt * min(below_rate, 0.99)))]
    return rows


def city_events(rng, code, name, share, pace):
    """The city's 对接活动 from 2022 Q4 (ledger opened then) to June 2023: (row, date)."""
    events = []
    n22 = rng.randint(1, 3)
    n23 = max(1, int(round(100 * share * 0.5 * pace * rng.uniform(0.9, 1.2))))
    short = name[:-1]
    for i in range(n22 + n23):
        day = rand_date(rng, datetime.date(2022, 10, 10), datetime.date(2022, 12, 28)) if i < n22 else \
            rand_date(rng, datetime.date(2023, 1, 9), datetime.date(2023, 6, 28))
        events.append(day)
    events.sort()
    out = []
    for seq, day in enumerate(events, 1):
        form = rng.choices(["现场对接会", "线上对接会", "产业链供需对接", "诊断服务进企业"], weights=[5, 2, 3, 2])[0]
        industry = rng.choice(INDUSTRIES)
        title = f"{short}{industry}行业数字化转型{'供需对接会' if form != '诊断服务进企业' else '诊断服务进企业活动'}"
        if form == "产业链供需对接":
            title = f"{short}{industry}产业链数字化转型供需对接活动"
        venue = "线上直播" if form == "线上对接会" else rng.choice(VENUES[:-1])
        firms = rng.randint(25, 160)
        out.append(([f"{code}-{day.year}-{seq:03d}", title, name, form, day.isoformat(), venue, str(firms),
                     str(rng.randint(4, 30)), str(rng.randint(0, firms // 8))], day))
    return out


def cities(rng, out):
    for ci, (code, name, share, pace) in enumerate(CITIES):
        crng = random.Random(f"{code}-{rng.random()}")
        series = city_series(crng, code, name, share, pace)
        events = city_events(crng, code, name, share, pace)
        encoding = "gb18030" if name == "阜阳市" else "utf-8"
        for month in MONTHS:
            m = month.month
            if name == "淮南市" and m == 4:
                continue                                                # missed April altogether
            rows = [list(series[m])]
            if name == "宿州市" and m == 3:
                rows[0][1] = "八十六"                                     # typed in words: rejected
            if name == "宿州市" and m == 4:
                rows.insert(0, list(series[3]))                          # March re-sent, corrected
            if name == "淮南市" and m == 5:
                rows.insert(0, list(series[4]))                          # April sent late with May
            out.write(month, name, "制造业数字化转型月报", csv_text(MONTHLY_HEADER, rows), encoding)
            ledger = [r for r, day in events if day <= month_end(month)]
            out.write(month, name, "供需对接活动台账", csv_text(EVENT_HEADER, ledger), encoding)


# ---------------------------------------------------------------- 省经济和信息化厅
REC_HEADER = ["认定类型", "级别", "名称", "申报单位", "统一社会信用代码", "所属市", "所属产业", "认定日期", "文号"]
# 认定类型 → batches (date, count, 级别, 文号); 2022 batches precede the plan and are not counted.
BATCHES = {
    "数字领航企业": [("2022-11-18", 8, "省级", "皖经信数字〔2022〕142号"), ("2022-12-06", 2, "国家级", "工信厅信发〔2022〕35号"),
                 ("2023-03-24", 14, "省级", "皖经信数字〔2023〕38号")],
    "省级智能工厂": [("2022-12-20", 47, "省级", "皖经信装备〔2022〕168号"), ("2023-06-16", 38, "省级", "皖经信装备〔2023〕96号")],
    "省级数字化车间": [("2022-12-20", 158, "省级", "皖经信装备〔2022〕168号"), ("2023-06-16", 71, "省级", "皖经信装备〔2023〕96号")],
    "省级数字化转型典型示范项目": [("2022-11-04", 102, "省级", "皖经信数字〔2022〕131号"),
                       ("2023-04-21", 46, "省级", "皖经信数字〔2023〕57号")],
    "数字化改造区域样板": [("2022-12-28", 18, "省级", "皖经信数字〔2022〕175号"), ("2023-05-26", 6, "省级", "皖经信数字〔2023〕81号")],
    "数字化转型解决方案": [("2022-10-12", 105, "省级", "皖经信数字函〔2022〕311号"),
                   ("2023-06-09", 57, "省级", "皖经信数字函〔2023〕142号")],
    "数字化转型优秀实践案例": [("2022-10-12", 98, "省级", "皖经信数字函〔2022〕311号"),
                     ("2023-06-09", 43, "省级", "皖经信数字函〔2023〕142号")],
}


def pick_city(rng):
    return rng.choices(CITIES, weights=[c[2] for c in CITIES])[0]


def recognition_rows(rng):
    rows = []
    for kind, batches in BATCHES.items():
        for day, n, level, doc in batches:
            for _ in range(n):
                code, city = pick_city(rng)[:2]
                industry = rng.choice(INDUSTRIES)
                company, credit = firm(rng, code)
                if kind == "数字化改造区域样板":
                    park = f"{city[:-1]}{rng.choice(PARKS)}"
                    name, applicant, credit = f"{park}{industry}“一区一业一样板”", f"{park}管理委员会", uscc(rng, code, "11")
                elif kind == "省级智能工厂":
                    name, applicant = f"{company[:-4] if company.endswith('有限公司') else company}{industry}智能工厂", company
                elif kind == "省级数字化车间":
                    name, applicant = f"{company}{rng.choice(WORKSHOPS)}数字化车间", company
                elif kind == "省级数字化转型典型示范项目":
                    name, applicant = f"{company}{rng.choice(SCENES)}数字化转型项目", company
                elif kind == "数字化转型解决方案":
                    name, applicant = f"面向{industry}行业的{rng.choice(SCENES)}解决方案", company
                elif kind == "数字化转型优秀实践案例":
                    name, applicant = f"{company}{rng.choice(SCENES)}实践案例", company
                else:
                    name, applicant = company, company
                rows.append([kind, level, name, applicant, credit, city, industry, day, doc])
    rows.sort(key=lambda r: (r[7], r[0], r[4]))
    return rows


PLAT_HEADER = ["平台名称", "运营企业", "统一社会信用代码", "所属市", "平台类型", "服务行业", "入库日期", "省级重点平台认定日期",
               "认定文号"]


def platform_rows(rng):
    """(row, 入库日期, 省级重点 date or None)."""
    plats = []
    plan = [  # 平台类型, count entered before 2023, count entered 2023 H1
        ("跨行业跨领域", 1, 1), ("行业型", 22, 5), ("专业型", 10, 3), ("区域型", 6, 1), ("企业级", 40, 5),
        ("市级服务子平台", 0, 4),
    ]
    for kind, before, during in plan:
        for i in range(before + during):
            entered = rand_date(rng, datetime.date(2019, 5, 1), datetime.date(2022, 12, 15)) if i < before else \
                rand_date(rng, datetime.date(2023, 1, 10), datetime.date(2023, 6, 26))
            code, city = pick_city(rng)[:2]
            company, credit = firm(rng, code)
            industry = rng.choice(INDUSTRIES)
            if kind == "市级服务子平台":
                city = CITIES[[0, 10, 7, 9, 5, 4][i]][1]                 # 合肥, 芜湖, 滁州, 马鞍山, 阜阳, 蚌埠
                code = next(c[0] for c in CITIES if c[1] == city)
                company, credit = f"{city}工业互联网运营服务有限公司", uscc(rng, code)
                name, industry = f"{city}工业互联网服务子平台", "综合"
            elif kind == "跨行业跨领域":
                name, industry = f"{rng.choice(WORDS)}{rng.choice(WORDS)}工业互联网平台", "综合"
            else:
                name = f"{rng.choice(WORDS)}{industry}{'行业' if kind == '行业型' else ''}工业互联网平台"
            plats.append({"row": [name, company, credit, city, kind, industry, entered.isoformat()], "entered": entered,
                          "key": None})
    # 省级重点平台: 25 designated in 2021–2022, 6 on 2023-05-18 (from platforms already in the registry).
    candidates = [p for p in plats if p["row"][4] in ("跨行业跨领域", "行业型", "专业型", "区域型")]
    rng.shuffle(candidates)
    for p in candidates[:25]:
        if p["entered"] < datetime.date(2022, 9, 1):
            p["key"] = (max(p["entered"] + datetime.timedelta(days=60), datetime.date(2021, 11, 26)), "皖经信数字〔2021〕187号") \
                if p["entered"] < datetime.date(2021, 9, 1) else (datetime.date(2022, 11, 25), "皖经信数字〔2022〕160号")
    for p in [p for p in candidates if p["key"] is None and p["entered"] < datetime.date(2023, 4, 1)][:6]:
        p["key"] = (datetime.date(2023, 5, 18), "皖经信数字〔2023〕73号")
    plats.sort(key=lambda p: (p["entered"], p["row"][0]))
    return plats


def department_jxt(rng, out):
    recs = recognition_rows(rng)
    plats = platform_rows(rng)
    bad_row = next(i for i, r in enumerate(recs) if r[0] == "省级数字化转型典型示范项目" and r[7] == "2023-04-21")
    for month in MONTHS:
        end = month_end(month).isoformat()
        rows = [list(r) for r in recs if r[7] <= end]
        if month.month == 5:
            rows[bad_row][4] = bad_check_digit(rows[bad_row][4])          # one digit mistyped in May
        out.write(month, JXT, "数字化转型认定名单", csv_text(REC_HEADER, rows), bom=True)
        prow = []
        for p in plats:
            if p["entered"] > month_end(month):
                continue
            key = p["key"] if p["key"] and p["key"][0] <= month_end(month) else None
            prow.append(p["row"] + ([key[0].isoformat(), key[1]] if key else ["", ""]))
        out.write(month, JXT, "工业互联网平台名录", csv_text(PLAT_HEADER, prow), bom=True)
        # 平台普及应用率 and 设备上云率 (percentage numbers), one row a month
        m = month.month
        adoption = 37.1 + 0.46 * m + rng.uniform(-0.1, 0.1)
        cloud = 24.9 + 0.43 * m + rng.uniform(-0.1, 0.1)
        out.write(month, JXT, "数字化转型监测指标",
                  csv_text(["统计月份", "工业互联网平台普及应用率（%）", "企业工业设备上云率（%）"],
                           [[f"2023-{m:02d}", f"{adoption:.1f}", f"{cloud:.1f}"]]), bom=True)


# ---------------------------------------------------------------- 省统计局
ENERGY_HEADER = ["统计月份", "本年累计规上工业综合能源消费量（万吨标煤）", "本年累计规上工业增加值（亿元）",
                 "重点行业全员劳动生产率（万元/人）", "长三角平均全员劳动生产率（万元/人）"]
DECLINE_2023 = {1: 0.025, 2: 0.029, 3: 0.033, 4: 0.034, 5: 0.036, 6: 0.037}   # intensity fall against 2022


def energy_row(y, m):
    va22 = 1000.0 * m * (1 + 0.01 * (m % 3))                                   # 亿元, 1—m月
    i22 = 0.785 * (1 + 0.006 * ((m % 4) - 1.5))                               # 万吨标煤 per 亿元
    va = va22 if y == 2022 else va22 * 1.074 * (1 + 0.003 * (m % 2))
    intensity = i22 if y == 2022 else i22 * (1 - DECLINE_2023[m])
    labour = 30.4 * 1.06 ** ((y - 2022) + (m - 12) / 12)                        # 近12个月
    yrd = {2022: 37.6, 2023: 38.9 if m <= 3 else 39.6}[y] if (y, m) >= (2022, 4) else 36.8
    return [f"{y}-{m:02d}", f"{va * intensity:.2f}", f"{va:.2f}", f"{labour:.2f}", f"{yrd:.2f}"]


def department_tjj(out):
    for month in MONTHS:
        rows = [energy_row(2022, m) for m in range(1, 13)] if month.month == 1 else []   # base year backfill
        rows.append(energy_row(2023, month.month))
        out.write(month, TJJ, "规上工业能耗与劳动生产率", csv_text(ENERGY_HEADER, rows))


# ---------------------------------------------------------------- targets
def targets(root):
    lines = ["指标代码,单位,年份,目标值"]
    for code, total in PROVINCE_TARGETS.items():
        for year in YEARS:
            vals = [int(round(total * c[2])) for c in CITIES]
            vals[0] += total - sum(vals)                                       # 合肥市 absorbs rounding
            for c, v in zip(CITIES, vals):
                lines.append(f"{code},{c[1]},{year},{v}")
    for code in ("above_coverage", "below_coverage"):                         # 全覆盖: every city 100% by 2025
        for c in CITIES:
            lines.append(f"{code},{c[1]},2025,100")
    with open(os.path.join(root, "pipelines", "anhui.targets.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".")
    a = ap.parse_args()
    rng = random.Random(20230225)
    out = Out(a.root)
    cities(random.Random(rng.random()), out)
    department_jxt(random.Random(rng.random()), out)
    department_tjj(out)
    for month in MONTHS:
        folder = os.path.join(a.root, "inputs", "anhui", f"{month.year}-{month.month:02d}")
        lines = ["文件,接收时间"] + [f"{f},{t}" for m, f, t in sorted(out.receipts, key=lambda r: (r[2], r[1])) if m == month]
        with open(os.path.join(folder, "_收件登记.csv"), "w", encoding="utf-8", newline="") as fh:
            fh.write("\n".join(lines) + "\n")
    targets(a.root)


if __name__ == "__main__":
    main()
