#!/usr/bin/env python3
"""Regenerates the shipped Ningbo sample inputs and the 区(县、市) target decomposition.

usage: tools/gen_samples_ningbo.py [--root .]

Writes inputs/ningbo/2023-01 … 2023-06/*.csv for pipelines/ningbo.yaml (宁波市工业企业技术改造三年行动计划
2022-2024): per 区(县、市) and month a 技术改造项目清单, a 低效工业区块改造提升清单, a 技术改造月度统计 (its
January file also carries 2022-01 … 2022-12 as backfill) and a 四个百场对接活动清单; 市经信局's
数字化车间智能工厂认定清单 and 对接活动清单, and the 对接活动清单 of 市科技局 and 市地方金融监管局; a
_收件登记.csv per month; and pipelines/ningbo.targets.csv.

Deterministic (fixed seeds): running it twice gives the same bytes. Honest mistakes planted on purpose:
余姚市 types “约200” as 本年完成投资 in March (type-error); 奉化区 lists a project of 350 万元, below the
限上 threshold of 500 万元, in May (constraint-error); 象山县 misses its April project ledger (carried forward)
and sends May late; 江北区's February statistics arrive late; 宁海县 reports its February statistics in 万元
instead of 亿元 (converted); 慈溪市's May statistics resend a corrected April row.
"""
import argparse, datetime, os, random
import sample_kit as kit
from sample_kit import done_by, month_end, rand_date, csv_text, tag

# code, name, letters, share of project targets, share of investment, pace of 2023 starts, 技改 growth 2022 / 2023,
# shares of 工业投资: 技改, 246, 大优强, 3+17 平台
TOWNS = [
    ("330203", "海曙区", "HS", 0.08, 0.06, 1.06, 0.26, 0.118, 0.62, 0.66, 0.24, 0.70),
    ("330205", "江北区", "JB", 0.07, 0.07, 0.88, 0.21, 0.057, 0.58, 0.64, 0.27, 0.73),
    ("330211", "镇海区", "ZH", 0.08, 0.12, 1.02, 0.27, 0.130, 0.60, 0.72, 0.38, 0.86),
    ("330206", "北仑区", "BL", 0.14, 0.17, 1.10, 0.24, 0.105, 0.63, 0.71, 0.40, 0.84),
    ("330212", "鄞州区", "YZ", 0.14, 0.13, 0.97, 0.22, 0.091, 0.61, 0.68, 0.30, 0.76),
    ("330213", "奉化区", "FH", 0.07, 0.06, 0.80, 0.19, 0.045, 0.57, 0.60, 0.22, 0.62),
    ("330281", "余姚市", "YY", 0.13, 0.12, 1.00, 0.23, 0.104, 0.62, 0.66, 0.29, 0.74),
    ("330282", "慈溪市", "CX", 0.15, 0.14, 1.04, 0.25, 0.072, 0.60, 0.65, 0.28, 0.72),
    ("330226", "宁海县", "NH", 0.08, 0.07, 0.86, 0.20, 0.120, 0.59, 0.62, 0.25, 0.68),
    ("330225", "象山县", "XS", 0.06, 0.06, 0.74, 0.17, 0.036, 0.56, 0.58, 0.21, 0.64),
]
BLOCK_WEIGHTS = [9, 9, 12, 15, 15, 9, 15, 18, 9, 9]          # 120 blocks over three years, by 区(县、市)
MONTHS = [datetime.date(2023, m, 1) for m in range(1, 7)]
# Share of the year's 工业投资 done by the end of each month (statistics: slow start, Spring Festival in Jan/Feb).
PROFILE = [0.045, 0.10, 0.185, 0.27, 0.36, 0.465, 0.55, 0.635, 0.725, 0.815, 0.905, 1.0]
TECH_2021 = 790.0                                               # 全市 2021 年技改投资, 亿元

INDUSTRIES = ["绿色石化", "汽车及零部件", "新材料", "高端装备", "电子信息", "关键基础件", "生物医药", "节能环保",
              "时尚纺织服装", "智能家电", "文体用品", "其他"]
IND_WEIGHTS = [6, 12, 10, 16, 10, 9, 3, 4, 8, 10, 5, 7]
PRODUCTS = {"绿色石化": "聚丙烯", "汽车及零部件": "汽车零部件", "新材料": "磁性材料", "高端装备": "注塑机",
            "电子信息": "集成电路封装", "关键基础件": "精密轴承", "生物医药": "医用耗材", "节能环保": "环保设备",
            "时尚纺织服装": "品牌服装", "智能家电": "智能小家电", "文体用品": "文具", "其他": "五金制品"}
ACTIONS = ["智能化技术改造", "数字化车间建设", "生产线自动化升级", "节能降碳技术改造", "扩产及技术改造",
           "智能工厂建设", "MES及设备联网改造", "余热余压利用改造", "关键工序数控化改造", "绿色低碳工厂改造"]
FIRM_FORMS = ["宁波{}科技有限公司", "宁波{}电器有限公司", "宁波{}机械股份有限公司", "浙江{}新材料有限公司",
              "宁波{}汽车部件有限公司", "宁波{}实业有限公司", "{}集团股份有限公司"]
WORDS = ["海天", "均胜", "拓普", "方太", "公牛", "舜宇", "博威", "金田", "韵升", "永新", "东方", "甬华", "三星",
         "华翔", "继峰", "容百", "激智", "恒河", "大榭", "明州", "镇明", "慈星", "兴业", "天生", "双林", "威孚"]
STREETS = {"海曙区": ["集士港镇", "古林镇", "高桥镇", "石碶街道"], "江北区": ["慈城镇", "洪塘街道", "庄桥街道"],
           "镇海区": ["澥浦镇", "九龙湖镇", "骆驼街道", "庄市街道"], "北仑区": ["小港街道", "大碶街道", "霞浦街道", "春晓街道"],
           "鄞州区": ["姜山镇", "五乡镇", "云龙镇", "邱隘镇"], "奉化区": ["江口街道", "西坞街道", "莼湖街道"],
           "余姚市": ["泗门镇", "马渚镇", "阳明街道", "低塘街道"], "慈溪市": ["周巷镇", "观海卫镇", "逍林镇", "坎墩街道"],
           "宁海县": ["梅林街道", "西店镇", "跃龙街道"], "象山县": ["石浦镇", "西周镇", "丹西街道"]}


def uscc(rng, area="330200"):
    return kit.uscc(rng, "9133" + area[2:6])


def folder(root, month):
    return os.path.join(root, "inputs", "ningbo", f"{month.year}-{month.month:02d}")


def write(root, month, fname, data):
    os.makedirs(folder(root, month), exist_ok=True)
    with open(os.path.join(folder(root, month), fname), "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)


def arrival(name, month, template=""):
    """When the office logged a file: days 1–5 of the next month, a few late."""
    nxt = datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    h = sum(map(ord, name + template))
    day = 1 + (h + month.month) % 5
    if name == "象山县" and month.month == 5:
        day = 8
    if name == "江北区" and month.month == 2 and template == "技术改造月度统计":
        day = 7
    return f"{nxt.year}-{nxt.month:02d}-{day:02d} {9 + (h * 7 + month.month) % 8:02d}:{(h * month.month) % 60:02d}"


# ── 技术改造项目清单 ──────────────────────────────────────────────────────────────────────────────

def weighted_day(rng, year, last_month):
    """A start day in months 1..last_month of year, fewer in February (Spring Festival)."""
    months = list(range(1, last_month + 1))
    weights = [0.8 if m == 1 else 0.5 if m == 2 else 1.15 if m in (3, 4) else 1.0 for m in months]
    m = rng.choices(months, weights=weights)[0]
    return rand_date(rng, datetime.date(year, m, 1), month_end(datetime.date(year, m, 1)))


def make_projects(rng, ti, town):
    code, name, letters, pshare, ishare, pace = town[:6]
    projects = []
    n21 = int(round(3000 * pshare * 0.35))                   # still running from 2021
    n22 = int(round(3120 * pshare * rng.uniform(0.96, 1.06)))
    n23a = int(round(3000 * pshare * 0.5 * pace * 0.96 * rng.uniform(0.97, 1.03)))   # started in H1 2023
    n23b = int(round(3000 * pshare * 0.35))                  # planned for H2 2023, listed already
    specs = [(2021, None)] * n21 + [(2022, None)] * n22 + [(2023, "H1")] * n23a + [(2023, "H2")] * n23b
    # 2023 flags lean on the town's own pace, so some towns lag on 数字化 and 标志性 projects
    for seq, (year, half) in enumerate(specs, 1):
        if year == 2021:
            start = rand_date(rng, datetime.date(2021, 3, 1), datetime.date(2021, 12, 31))
        elif year == 2022:
            start = weighted_day(rng, 2022, 12)
        elif half == "H1":
            start = weighted_day(rng, 2023, 6)
        else:
            start = rand_date(rng, datetime.date(2023, 7, 3), datetime.date(2023, 12, 20))
        industry = rng.choices(INDUSTRIES, weights=IND_WEIGHTS)[0]
        span = rng.randint(120, 720)
        end = start + datetime.timedelta(days=span)
        plan = round(rng.choice([rng.uniform(500, 2000), rng.uniform(500, 2000), rng.uniform(2000, 8000),
                                 rng.uniform(8000, 60000)]), 1)
        digital_p = 0.50 if year < 2023 else 0.47 * (0.9 + 0.1 * pace)
        flagship_p = 0.05 if year < 2023 else 0.034 * pace
        projects.append({
            "id": f"{start:%y%m}-{code}-{rng.choice(['07', '04', '36', '38', '39'])}-02-{(seq * 7919 + ti * 104729) % 900000 + 100000:06d}",
            "name": f"年产{rng.randint(2, 200) * 5}万件{PRODUCTS[industry]}{rng.choice(ACTIONS)}项目",
            "firm": rng.choice(FIRM_FORMS).format(rng.choice(WORDS) + rng.choice(WORDS)),
            "uscc": uscc(rng, code), "industry": industry, "plan": plan, "start": start, "end": end,
            "listed": start - datetime.timedelta(days=rng.randint(15, 120)),
            "base": "是" if rng.random() < (0.085 if year < 2023 else 0.082) else "否",
            "flagship": "是" if rng.random() < flagship_p else "否",
            "energy": "是" if rng.random() < (0.105 if year < 2023 else 0.118) else "否",
            "digital": "是" if rng.random() < digital_p else "否",
        })
    return projects


def project_row(p, town_name, month):
    day = month_end(month)
    status = "未开工" if day < p["start"] else "竣工" if p["end"] <= day else "在建"
    total = done_by(p, day)
    year = round(total - done_by(p, datetime.date(month.year - 1, 12, 31)), 1)
    return [p["id"], p["name"], p["firm"], p["uscc"], town_name, p["industry"], f"{p['plan']:.1f}",
            f"{total:.1f}", f"{year:.1f}", p["base"], p["flagship"], p["energy"], p["digital"],
            "" if status == "未开工" else p["start"].isoformat(), p["end"].isoformat() if status == "竣工" else "", status]


PROJECT_HEADER = ["项目代码", "项目名称", "企业名称", "统一社会信用代码", "所属区县市", "所属产业", "计划总投资（万元）",
                  "累计完成投资（万元）", "本年完成投资（万元）", "产业基础项目", "产业链标志性项目", "节能减排技改项目",
                  "数字化智能化改造项目", "开工日期", "竣工日期", "项目状态"]


# ── 低效工业区块改造提升清单 ──────────────────────────────────────────────────────────────────────

BLOCK_HEADER = ["区块编号", "区块名称", "所在镇乡街道", "占地面积（亩）", "改造前亩均税收（万元）", "改造方式", "启动日期",
                "完成日期", "实施状态"]


def make_blocks(rng, ti, town):
    name, letters = town[1], town[2]
    w = BLOCK_WEIGHTS[ti]
    done22 = w // 3 + (1 if ti in (3, 7) else 0)             # 2022: a little above the 40 planned
    # H1 2023: towns ahead, on time, and two that have finished nothing yet
    done23 = {0: 2, 1: 1, 2: 3, 3: 3, 4: 2, 5: 0, 6: 4, 7: 4, 8: 2, 9: 0}[ti]
    running = w - done22 - done23
    blocks = []
    for seq in range(1, w + 1):
        street = rng.choice(STREETS[name])
        if seq <= done22:
            start = rand_date(rng, datetime.date(2021, 6, 1), datetime.date(2022, 6, 30))
            finish = rand_date(rng, max(start + datetime.timedelta(days=90), datetime.date(2022, 2, 1)), datetime.date(2022, 12, 28))
        elif seq <= done22 + done23:
            start = rand_date(rng, datetime.date(2022, 3, 1), datetime.date(2022, 11, 30))
            finish = weighted_day(rng, 2023, 6)
        elif seq <= done22 + done23 + running // 2:
            start = rand_date(rng, datetime.date(2022, 6, 1), datetime.date(2023, 5, 31))
            finish = None
        else:
            start = None
            finish = None
        blocks.append({
            "id": f"DX{letters}-{seq:03d}", "name": f"{street}{rng.choice(['工业区块', '老工业点', '低效工业地块', '村级工业园'])}{seq}号",
            "street": street, "area": round(rng.uniform(15, 260), 1), "tax": round(rng.uniform(0.4, 2.9), 2),
            "way": rng.choices(["整治提升", "腾退出清", "拆除重建", "有机更新"], weights=[4, 3, 2, 2])[0],
            "start": start, "finish": finish,
        })
    return blocks


def block_row(b, month):
    day = month_end(month)
    if b["start"] is None or b["start"] > day:
        status, start, finish = "未启动", "", ""
    elif b["finish"] is not None and b["finish"] <= day:
        status, start, finish = "已完成", b["start"].isoformat(), b["finish"].isoformat()
    else:
        status, start, finish = "实施中", b["start"].isoformat(), ""
    return [b["id"], b["name"], b["street"], f"{b['area']:.1f}", f"{b['tax']:.2f}", b["way"], start, finish, status]


# ── 技术改造月度统计 ──────────────────────────────────────────────────────────────────────────────

MONTHLY_HEADER = ["统计月份", "本年累计工业投资（亿元）", "本年累计技改投资（亿元）", "上年同期技改投资（亿元）",
                  "本年累计246产业投资（亿元）", "本年累计大优强企业工业投资（亿元）", "本年累计3+17平台工业投资（亿元）",
                  "规上工业企业数（家）", "累计实施技改规上企业数（家）", "有诊断意愿规上企业数（家）",
                  "累计完成诊断服务企业数（家）", "大优强培育企业数（家）", "已实施技改项目大优强企业数（家）"]


def town_stats(ti, town):
    """Month rows 2021-01 … 2023-06 of one 区(县、市): year-to-date investment and running enterprise counts."""
    code, name, letters, pshare, ishare, pace, g22, g23, s_tech, s246, sdyq, splat = town
    rng = random.Random(f"stats-{code}")
    annual = {2021: TECH_2021 * ishare}
    annual[2022] = annual[2021] * (1 + g22)
    annual[2023] = annual[2022] * (1 + g23)
    firms = int(round(10600 * pshare * rng.uniform(0.95, 1.05)))
    willing = int(round(firms * rng.uniform(0.40, 0.50)))
    dyq = int(round(360 * ishare * rng.uniform(0.9, 1.1)))
    cover_pace = 0.58 * (0.85 + 0.15 * pace) / 18         # share of firms newly covered per month
    diag_pace = 0.74 * (0.90 + 0.12 * pace) / 18
    rows = {}
    for y in (2021, 2022, 2023):
        for m in range(1, 13):
            if (y, m) > (2023, 6):
                break
            wobble = 1 + 0.02 * ((m * 7 + y + ti) % 5 - 2) / 2
            tech = annual[y] * PROFILE[m - 1] * wobble
            drift = (y - 2022) * 0.004 + 0.003 * ((m + ti) % 3 - 1)
            industrial = tech / (s_tech + drift)
            t = (y - 2022) * 12 + m                              # months since the plan started
            rows[(y, m)] = {
                "industrial": industrial, "tech": tech,
                "i246": industrial * (s246 + drift), "dyq": industrial * (sdyq + drift / 2),
                "platform": industrial * (splat + drift),
                "firms": firms + (y - 2022) * int(firms * 0.04) + m // 4,
                "covered": max(0, int(firms * cover_pace * t)) if t > 0 else 0,
                "willing": willing + max(0, t) // 3,
                "diagnosed": max(0, int(willing * diag_pace * t)) if t > 0 else 0,
                "dyq_firms": dyq + (y - 2022) * 8 * (ti % 2),
                "dyq_done": int(dyq * min(0.97, 0.50 + 0.021 * t)) if t > 0 else 0,
            }
    return rows


def stats_row(rows, y, m, wan=False):
    r, last = rows[(y, m)], rows.get((y - 1, m))
    f = (lambda v: f"{v * 10000:.0f}") if wan else (lambda v: f"{v:.2f}")
    return [f"{y}-{m:02d}", f(r["industrial"]), f(r["tech"]), f(last["tech"]) if last else "", f(r["i246"]),
            f(r["dyq"]), f(r["platform"]), str(r["firms"]), str(r["covered"]), str(r["willing"]),
            str(r["diagnosed"]), str(r["dyq_firms"]), str(r["dyq_done"])]


# ── 四个百场对接活动清单 ─────────────────────────────────────────────────────────────────────────

ACTIVITY_HEADER = ["活动编号", "活动名称", "活动类别", "举办日期", "举办地点", "参加企业数（家）", "促成合作项目数（个）"]
# organiser → (letters, categories, events in 2022, events in H1 2023, mean agreements per event 2022 / 2023)
ORGANISERS = {
    "市经信局": ("JXJ", ["产业链龙头企业对接", "数字赋能对接"], 82, 40, 1.3, 1.0),
    "市科技局": ("KJJ", ["院企对接"], 46, 22, 1.5, 1.1),
    "市地方金融监管局": ("JRJ", ["银企对接"], 44, 21, 0.9, 0.6),
}
TOPICS = {"产业链龙头企业对接": ["汽车零部件产业链", "集成电路产业链", "磁性材料产业链", "智能家电产业链", "模具产业链",
                            "绿色石化产业链"],
          "院企对接": ["宁波大学", "中科院宁波材料所", "浙大宁波理工学院", "宁波诺丁汉大学", "甬江实验室"],
          "数字赋能对接": ["工业互联网", "5G+工业互联网", "supOS平台应用", "中小企业数字化", "智能制造工程服务"],
          "银企对接": ["技改专项贷款", "设备更新贷款", "制造业中长期贷款", "供应链金融"]}


def make_activities(rng, unit, letters, cats, n22, n23, mean22, mean23, place):
    acts = []
    for i in range(n22 + n23):
        day = weighted_day(rng, 2022, 12) if i < n22 else weighted_day(rng, 2023, 6)
        cat = rng.choice(cats)
        topic = rng.choice(TOPICS[cat])
        mean = mean22 if i < n22 else mean23
        deals = max(0, int(round(rng.gauss(mean, 1.0))))
        acts.append({"day": day, "cat": cat,
                     "name": f"“百场{cat[:-2]}”{topic}专场对接会", "place": place(rng),
                     "firms": rng.randint(18, 120), "deals": deals})
    acts.sort(key=lambda a: (a["day"], a["name"]))
    for i, a in enumerate(acts, 1):
        a["id"] = f"HD{letters}-{a['day'].year}-{sum(1 for b in acts[:i] if b['day'].year == a['day'].year):03d}"
    return acts


def activity_rows(acts, month):
    end = month_end(month)
    return [[a["id"], a["name"], a["cat"], a["day"].isoformat(), a["place"], str(a["firms"]), str(a["deals"])]
            for a in acts if a["day"] <= end]


# ── 数字化车间智能工厂认定清单 ────────────────────────────────────────────────────────────────────

RECOGNITION_HEADER = ["认定类型", "级别", "企业名称", "统一社会信用代码", "所属区县市", "认定日期", "文号"]
# (date, level, {type: count}, document)
BATCHES = [
    (datetime.date(2022, 4, 22), "省级", {"数字化车间": 12, "智能工厂": 6}, "浙经信技术〔2022〕61号"),
    (datetime.date(2022, 7, 15), "市级", {"数字化车间": 30, "智能工厂": 10}, "甬经信技改〔2022〕98号"),
    (datetime.date(2022, 9, 28), "省级", {"未来工厂": 3}, "浙经信技术〔2022〕152号"),
    (datetime.date(2022, 12, 20), "国家级", {"智能工厂": 2}, "工信厅联通装函〔2022〕331号"),
    (datetime.date(2022, 12, 26), "市级", {"数字化车间": 32, "智能工厂": 12}, "甬经信技改〔2022〕176号"),
    (datetime.date(2023, 3, 28), "省级", {"数字化车间": 11, "智能工厂": 5}, "浙经信技术〔2023〕44号"),
    (datetime.date(2023, 5, 25), "市级", {"数字化车间": 19, "智能工厂": 8}, "甬经信技改〔2023〕71号"),
]


def make_recognitions(rng):
    recs = []
    for day, level, kinds, doc in BATCHES:
        for kind, n in kinds.items():
            for _ in range(n):
                ti = rng.choices(range(len(TOWNS)), weights=[t[3] for t in TOWNS])[0]
                firm = rng.choice(FIRM_FORMS).format(rng.choice(WORDS) + rng.choice(WORDS))
                recs.append([kind, level, firm, uscc(rng, TOWNS[ti][0]), TOWNS[ti][1], day.isoformat(), doc])
    return recs


# ── targets ────────────────────────────────────────────────────────────────────────────────────

def split(total, weights):
    """Integers proportional to weights that add up to total (largest remainder)."""
    raw = [total * w / sum(weights) for w in weights]
    out = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))[:total - sum(out)]:
        out[i] += 1
    return out


def targets_csv():
    out = ["指标代码,单位,年份,目标值"]
    for year, city in ((2022, 25), (2023, 10), (2024, 10)):     # 技改投资增速: each 区(县、市) as the city
        out += [f"tech_invest_growth,{t[1]},{year},{city}" for t in TOWNS]
    for code, years in (("projects", {2022: 3000}), ("flagship_projects", {y: 150 for y in (2022, 2023, 2024)}),
                        ("digital_projects", {y: 1500 for y in (2022, 2023, 2024)})):
        for year, city in years.items():
            out += [f"{code},{t[1]},{year},{v}" for t, v in zip(TOWNS, split(city, [t[3] for t in TOWNS]))]
    for k, year in enumerate((2022, 2023, 2024), 1):            # 120 blocks: a third a year, cumulative
        out += [f"low_efficiency_blocks,{t[1]},{year},{w * k // 3}" for t, w in zip(TOWNS, BLOCK_WEIGHTS)]
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".")
    root = ap.parse_args().root
    rng = random.Random(20230705)
    receipts = []

    def put(month, unit, template, text):
        fname = f"{unit}-{template}-{tag(month)}.csv"
        write(root, month, fname, text)
        receipts.append((month, fname, arrival(unit, month, template)))

    town_rngs = [random.Random(rng.random()) for _ in TOWNS]
    for ti, town in enumerate(TOWNS):
        trng = town_rngs[ti]
        code, name = town[0], town[1]
        projects = make_projects(trng, ti, town)
        blocks = make_blocks(trng, ti, town)
        stats = town_stats(ti, town)
        acts = make_activities(trng, name, town[2], ["产业链龙头企业对接", "数字赋能对接"], 25 - ti % 3, 13 + ti % 4,
                               1.2, 0.85, lambda r, n=name: r.choice(STREETS[n]))
        for month in MONTHS:
            end = month_end(month)
            # project ledger
            if not (name == "象山县" and month.month == 4):        # 象山县 missed April: carried forward
                listed = sorted((p for p in projects if p["listed"] <= end), key=lambda p: p["id"])
                rows = [project_row(p, name, month) for p in listed]
                if name == "余姚市" and month.month == 3:
                    rows[17][8] = "约200"                         # an estimate typed into a number column
                if name == "奉化区" and month.month == 5:          # a project under the 500 万元 threshold
                    rows.append([f"2305-{code}-07-02-699001", "注塑车间局部设备更新项目", "宁波甬华塑胶制品有限公司",
                                 uscc(random.Random("fh-small"), code), name, "其他", "350.0", "120.0", "120.0",
                                 "否", "否", "否", "是", "2023-05-10", "", "在建"])
                put(month, name, "技术改造项目清单", csv_text(PROJECT_HEADER, rows))
            # low-efficiency blocks
            put(month, name, "低效工业区块改造提升清单", csv_text(BLOCK_HEADER, [block_row(b, month) for b in blocks]))
            # monthly statistics: January carries 2022 as backfill
            if month.month == 1:
                rows = [stats_row(stats, 2022, m) for m in range(1, 13)] + [stats_row(stats, 2023, 1)]
            else:
                rows = [stats_row(stats, 2023, month.month)]
            header = list(MONTHLY_HEADER)
            if name == "宁海县" and month.month == 2:              # clerk switched the money columns to 万元
                header = [h.replace("亿元", "万元") for h in header]
                rows = [stats_row(stats, 2023, 2, wan=True)]
            if name == "慈溪市" and month.month == 5:              # April corrected and resent with May
                stats[(2023, 4)]["tech"] *= 1.012
                rows = [stats_row(stats, 2023, 4)] + rows
            put(month, name, "技术改造月度统计", csv_text(header, rows))
            # matchmaking activities
            put(month, name, "四个百场对接活动清单", csv_text(ACTIVITY_HEADER, activity_rows(acts, month)))

    drng = random.Random(20221231)
    for unit, (letters, cats, n22, n23, m22, m23) in ORGANISERS.items():
        acts = make_activities(drng, unit, letters, cats, n22, n23, m22, m23,
                               lambda r: r.choice(["宁波国际会议中心", "宁波市民中心", "宁波软件园", "甬江科创区",
                                                   "前湾新区管委会", "宁波保税区", "宁波高新区"]))
        for month in MONTHS:
            put(month, unit, "四个百场对接活动清单", csv_text(ACTIVITY_HEADER, activity_rows(acts, month)))
    recs = make_recognitions(random.Random(20220422))
    for month in MONTHS:
        rows = [r for r in recs if r[5] <= month_end(month).isoformat()]
        put(month, "市经信局", "数字化车间智能工厂认定清单", csv_text(RECOGNITION_HEADER, rows))

    for month in MONTHS:
        lines = ["文件,接收时间"] + [f"{f},{t}" for m, f, t in sorted(receipts) if m == month]
        write(root, month, "_收件登记.csv", "\n".join(lines) + "\n")
    with open(os.path.join(root, "pipelines", "ningbo.targets.csv"), "w", encoding="utf-8", newline="") as f:
        f.write(targets_csv())


if __name__ == "__main__":
    main()
