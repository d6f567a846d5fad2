#!/usr/bin/env python3
"""Regenerates the shipped Tongxiang sample inputs and the town target decomposition.

usage: tools/gen_samples.py [--root .]

Writes inputs/tongxiang/2022-12 … 2023-06/*.csv: one 两化改造项目清单 per town per month, the
认定清单 of 经信局, 发改局, 科技局, 生态环境局桐乡分局 and 水利局, 科技局's 科技需求揭榜, 金融发展服务中心's
金融指标 and 统计局's 能耗指标 (their December 2022 files carry the months before, back to the 2021
base year for energy), and pipelines/tongxiang.targets.csv. Deterministic (fixed seed): running it twice gives the
same bytes. Ledgers grow month to month; a few honest mistakes are planted on purpose, as
town clerks make them: a non-numeric amount, a bad credit-code check digit, a missing
项目编号, an impossible date, a status outside the list, a total row, a title row above the
header, a GBK export, a BOM, a header in 亿元 instead of 万元, and a month one town missed.
"""
import argparse, datetime, os, random
import sample_kit as kit
from sample_kit import done_by, month_end, rand_date, esc, csv_text

TOWNS = [  # code, name, share of the city's targets, pace (how fast its 2023 projects start)
    ("330483001", "梧桐街道", 0.12, 1.10), ("330483002", "凤鸣街道", 0.08, 0.90),
    ("330483003", "高桥街道", 0.08, 1.00), ("330483101", "乌镇镇", 0.07, 1.20),
    ("330483102", "濮院镇", 0.11, 0.95), ("330483103", "屠甸镇", 0.07, 0.70),
    ("330483104", "石门镇", 0.09, 1.05), ("330483105", "河山镇", 0.07, 0.85),
    ("330483106", "洲泉镇", 0.10, 1.15), ("330483107", "大麻镇", 0.06, 0.60),
    ("330483108", "崇福镇", 0.15, 1.00),
]
# GAIZAO_SAMPLES_CSV_ONLY=1 writes these as CSV too: the test that the forms give the CSVs' figures.
WORKBOOK_TOWNS = {} if os.environ.get("GAIZAO_SAMPLES_CSV_ONLY") else {"梧桐街道": "xlsx", "屠甸镇": "xlsx", "河山镇": "xls"}
CITY_TARGETS = {  # annex 2 of 003_d8302f1f54ff29f5.txt: 2022 / 2023 / 2025
    "projects": (190, 370, 740, 0), "investment": (55, 110, 220, 2),
    "robots": (363, 675, 1350, 0), "energy_saving": (6, 9.5, 19, 2),
}
UNIT_OF = {"projects": "项", "investment": "亿元", "robots": "台", "energy_saving": "万吨标煤"}
MONTHS = [datetime.date(2022, 12, 1)] + [datetime.date(2023, m, 1) for m in range(1, 7)]
HEADER = ["项目编号", "项目名称", "企业名称", "统一社会信用代码", "所属镇街", "改造类型",
          "计划总投资（万元）", "累计完成投资（万元）", "本年完成投资（万元）", "节约用能（吨标煤）",
          "新增工业机器人（台）", "开工日期", "竣工日期", "项目状态"]
PRODUCTS = ["毛衫", "化纤", "玻纤", "皮草", "汽配", "新材料", "家纺", "箱包", "紧固件", "光伏组件", "轴承", "服装"]
ACTIONS = ["智能化改造", "数字化车间建设", "绿色低碳改造", "节能降碳技术改造", "产线自动化升级",
           "余热回收利用", "智能仓储物流改造", "数字化绿色化协同改造", "设备联网与MES建设", "屋顶光伏及能源管理"]
FIRMS = ["浙江{}科技有限公司", "桐乡市{}纺织有限公司", "嘉兴{}新材料股份有限公司", "桐乡{}实业有限公司",
         "浙江{}集团有限公司", "桐乡市{}机械制造有限公司"]
WORDS = ["恒丰", "新凤", "华友", "振石", "巨石", "双箭", "申和", "桐昆", "明辉", "欣悦", "兴达", "永盛", "锦程",
         "德力", "金鹰", "宏达", "天成", "瑞丰", "嘉欣", "泰隆", "博源", "鸿运", "益丰", "海利"]


def uscc(rng):
    return kit.uscc(rng, "91330483")


def make_projects(rng, ti, town):
    code, name, share, pace = town
    n = int(round(30 + share * 330 + rng.randint(-4, 4)))
    projects = []
    for seq in range(1, n + 1):
        r = rng.random()
        if r < 0.22:
            start = rand_date(rng, datetime.date(2020, 6, 1), datetime.date(2021, 12, 31))
        elif r < 0.57:
            start = rand_date(rng, datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
        elif r < 0.57 + 0.18 * pace:
            start = rand_date(rng, datetime.date(2023, 1, 1), datetime.date(2023, 6, 28))
        else:
            start = rand_date(rng, datetime.date(2023, 7, 1), datetime.date(2023, 12, 20))
        kind = rng.choices(["数字化改造", "绿色化改造", "数字化绿色化改造"], weights=[5, 3, 2])[0]
        months = rng.randint(5, 22)
        end = start + datetime.timedelta(days=30 * months + rng.randint(0, 20))
        plan = round(rng.choice([rng.uniform(200, 900), rng.uniform(900, 3500), rng.uniform(3500, 10000)]), 1)
        firm = rng.choice(FIRMS).format(rng.choice(WORDS))
        projects.append({
            "id": f"TX{ti + 1:02d}-{seq:03d}", "name": f"年产{rng.randint(1, 60) * 10}万件{rng.choice(PRODUCTS)}{rng.choice(ACTIONS)}项目",
            "firm": firm, "uscc": uscc(rng), "kind": kind, "plan": plan, "start": start, "end": end,
            # registered in the ledger a little before work starts
            "listed": min(start - datetime.timedelta(days=rng.randint(10, 90)), datetime.date(2023, 6, 1)),
            "tce": round(rng.uniform(40, 700), 1) if kind != "数字化改造" else 0,
            "robots": rng.choice([0, 0, 1, 2, 3, 4, 6]) if kind != "绿色化改造" else 0,
        })
    return projects


def row(p, town_name, month):
    day = month_end(month)
    if day < p["start"]:
        status = "未开工"
    elif p["end"] <= day:
        status = "竣工"
    else:
        status = "在建"
    total = done_by(p, day)
    year = round(total - done_by(p, datetime.date(2022, 12, 31)), 1)
    return [p["id"], p["name"], p["firm"], p["uscc"], town_name, p["kind"], f"{p['plan']:.1f}", f"{total:.1f}",
            f"{year:.1f}", f"{p['tce']:.1f}" if p["tce"] else "",
            str(p["robots"]), p["start"].isoformat(), p["end"].isoformat() if status == "竣工" else "", status]


def fname_of(name, month):
    return f"{name}-两化改造项目清单-{month.year}年{month.month}月.csv"


def arrival(name, month):
    """When the office logged the file: days 1–5 of the next month; 屠甸镇 is late in March and June."""
    nxt = datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    day = 7 if name == "屠甸镇" and month.month in (3, 6) else 1 + (sum(map(ord, name)) + month.month) % 5
    if name == "梧桐街道" and month.month == 6:
        day = 2                                              # before 凤鸣街道 repeats one of its projects
    hour = 9 + (sum(map(ord, name)) * 7 + month.month) % 8
    return f"{nxt.year}-{nxt.month:02d}-{day:02d} {hour:02d}:{(sum(map(ord, name)) * month.month) % 60:02d}"


def plant_mistakes(rng, rows, month_index, town_index):
    """A few honest mistakes a month, in different towns and columns."""
    slot = (month_index * 11 + town_index) % 9
    if len(rows) < 5:
        return rows
    i = rng.randrange(1, len(rows))
    r = rows[i]
    if slot == 0:
        r[7] = "约三百万"
    elif slot == 1:
        r[3] = r[3][:-1] + ("0" if r[3][-1] != "0" else "1")
    elif slot == 2:
        r[0] = ""
    elif slot == 3:
        r[11] = "2023-02-30"
    elif slot == 4:
        r[13] = "已完工"
    elif slot == 5:
        r[7] = f"{float(r[7]):,.1f}"          # thousands separator: valid, must load
    elif slot == 6:
        r[10] = r[10].translate(str.maketrans("0123456789", "０１２３４５６７８９"))  # full-width: valid
    elif slot == 7:
        r[9] = "—" if r[9] == "" else r[9]                  # dash for "none": valid empty
    return rows


# 认定清单: 认定类型 → (submitting department, 级别 weights 国家级/省级/嘉兴市级/桐乡市级, recognitions in 2022, in 2023 H1).
# One department per 认定类型, so no certificate is reported twice.
RECOGNITIONS = {
    "智能工厂": ("经信局", (0, 1, 0, 0), 1, 1), "数字化车间": ("经信局", (0, 1, 0, 0), 3, 1),
    "未来工厂": ("经信局", (0, 1, 0, 0), 0, 1),
    "绿色工厂": ("发改局", (1, 3, 3, 3), 10, 5), "工业互联网平台": ("经信局", (0, 1, 0, 0), 1, 0),
    "产业大脑": ("经信局", (0, 1, 1, 0), 1, 0), "数字化改造样板企业": ("经信局", (0, 0, 1, 1), 5, 0),
    "数据管理贯标": ("经信局", (1, 0, 0, 0), 5, 3),
    "清洁生产审核": ("生态环境局桐乡分局", (0, 1, 0, 0), 14, 6), "节水型企业": ("水利局", (0, 1, 0, 0), 3, 1),
    "企业技术中心": ("科技局", (0, 2, 3, 4), 13, 7), "首台（套）装备": ("科技局", (0, 2, 3, 3), 7, 3),
    "首批次新材料": ("科技局", (0, 1, 1, 1), 3, 1), "首版次软件": ("科技局", (0, 0, 1, 1), 1, 1),
    # annex 3's 2022 work counts, kept in the same list by 经信局 (级别 桐乡市级: the city organises them)
    "数字化诊断": ("经信局", (0, 0, 0, 1), 712, 366), "线下数字化诊断": ("经信局", (0, 0, 0, 1), 104, 41),
    "绿色化诊断": ("经信局", (0, 0, 0, 1), 97, 52), "数字化应用场景": ("经信局", (0, 0, 0, 1), 11, 6),
}
DEPT_FILES = {"经信局": "认定清单", "发改局": "认定清单", "科技局": "认定清单", "生态环境局桐乡分局": "认定清单",
              "水利局": "认定清单"}


def write(root, month, fname, text):
    folder = os.path.join(root, "inputs", "tongxiang", f"{month.year}-{month.month:02d}")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, fname), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def firm(rng):
    return rng.choice(FIRMS).format(rng.choice(WORDS) + rng.choice(WORDS)), uscc(rng), rng.choice(TOWNS)[1]


def departments(rng, root):
    """Snapshots of 认定清单 and 科技需求揭榜, and month rows of 金融指标 and 能耗指标; returns receipt lines."""
    receipts = []
    levels = ["国家级", "省级", "嘉兴市级", "桐乡市级"]
    recs = []
    for kind, (dept, weights, n22, n23) in RECOGNITIONS.items():
        for i in range(n22 + n23):
            day = rand_date(rng, datetime.date(2022, 2, 1), datetime.date(2022, 12, 20)) if i < n22 else \
                rand_date(rng, datetime.date(2023, 1, 10), datetime.date(2023, 6, 25))
            name, code, town = firm(rng)
            doc = f"{'浙经信' if dept == '经信局' else '桐' + dept[:2]}〔{day.year}〕{rng.randint(10, 199)}号"
            recs.append((dept, [kind, rng.choices(levels, weights=weights)[0], name, code, town, day.isoformat(), doc], day))
    challenges = []
    for kind, n22, n23 in (("发榜", 41, 11), ("揭榜对接", 21, 6)):
        for i in range(n22 + n23):
            day = rand_date(rng, datetime.date(2022, 3, 1), datetime.date(2022, 12, 25)) if i < n22 else \
                rand_date(rng, datetime.date(2023, 1, 5), datetime.date(2023, 6, 26))
            name, code, town = firm(rng)
            need = f"{rng.choice(PRODUCTS)}{rng.choice(['智能检测', '能耗在线监测', '柔性排产', '废气余热利用', '视觉分拣', '数字孪生产线'])}技术需求"
            challenges.append(([kind, need, name, code, town, day.isoformat()], day))
    for month in MONTHS:
        end = month_end(month)
        tag = f"{month.year}年{month.month}月"
        for dept in DEPT_FILES:
            rows = sorted((r for d, r, day in recs if d == dept and day <= end), key=lambda r: (r[5], r[0]))
            fname = f"{dept}-认定清单-{tag}.csv"
            write(root, month, fname, csv_text(["认定类型", "级别", "企业名称", "统一社会信用代码", "所属镇街", "认定日期", "文号"], rows))
            receipts.append((month, fname, arrival(dept, month)))
        rows = sorted((r for r, day in challenges if day <= end), key=lambda r: (r[5], r[1]))
        fname = f"科技局-科技需求揭榜-{tag}.csv"
        write(root, month, fname, csv_text(["类型", "需求名称", "企业名称", "统一社会信用代码", "所属镇街", "日期"], rows))
        receipts.append((month, fname, arrival("科技局", month)))
    # 金融指标 (亿元): 本年新增 is year-to-date; 上年同期 is the same month a year earlier.
    fin = {}
    for y in (2021, 2022, 2023):
        for m in range(1, 13):
            t = (y - 2021) * 12 + m
            green = 180 * 1.24 ** ((t - 1) / 12)
            fin[(y, m)] = {"loans": 520 + 5.1 * t, "new": {2021: 3.4, 2022: 4.6, 2023: 5.9}[y] * m,
                           "green": green, "all": 2300 + 14 * t}
    def fin_row(y, m):
        f, last = fin[(y, m)], fin.get((y - 1, m))
        return [f"{y}-{m:02d}", f"{f['loans']:.2f}", f"{f['new']:.2f}", f"{f['green']:.2f}", f"{f['all']:.2f}",
                f"{last['green']:.2f}" if last else ""]
    # 能耗指标: year-to-date 综合能源消费量 (万吨标煤) and 增加值 (亿元); intensity falls about 4.5% a year.
    def energy_row(y, m):
        value = (52 + 1.5 * (y - 2021)) * m * (1 + 0.01 * (m % 3))
        intensity = 0.92 * 0.955 ** ((y - 2021) + (m - 6) / 12) * (1 + 0.004 * (m % 4))   # 万吨标煤 per 亿元
        labour = 21.0 * 1.055 ** (y - 2021 + m / 12)
        return [f"{y}-{m:02d}", f"{value * intensity:.3f}", f"{value:.2f}", f"{labour:.2f}"]
    fin_header = ["统计月份", "制造业中长期贷款余额（亿元）", "本年新增制造业中长期贷款（亿元）", "绿色贷款余额（亿元）",
                  "各项贷款余额（亿元）", "上年同期绿色贷款余额（亿元）"]
    energy_header = ["统计月份", "规上工业综合能源消费量（万吨标煤）", "规上工业增加值（亿元）", "全员劳动生产率（万元/人）"]
    for month in MONTHS:
        tag = f"{month.year}年{month.month}月"
        if month.year == 2022:   # first file: the whole of 2022 (and the 2021 base year for energy)
            fin_rows = [fin_row(2022, m) for m in range(1, 13)]
            energy_rows = [energy_row(y, m) for y in (2021, 2022) for m in range(1, 13)]
        else:
            fin_rows = [fin_row(month.year, month.month)]
            energy_rows = [energy_row(month.year, month.month)]
            if month.month == 5:  # a correction of April sent with May: the later row for April wins
                fin_rows.insert(0, fin_row(2023, 4))
                fin_rows[0][3] = f"{float(fin_rows[0][3]) + 1.5:.2f}"
        fname = f"金融发展服务中心-金融指标-{tag}.csv"
        write(root, month, fname, csv_text(fin_header, fin_rows))
        receipts.append((month, fname, arrival("金融发展服务中心", month)))
        fname = f"统计局-能耗指标-{tag}.csv"
        write(root, month, fname, csv_text(energy_header, energy_rows))
        receipts.append((month, fname, arrival("统计局", month)))
    return receipts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".")
    a = ap.parse_args()
    rng = random.Random(20230630)
    root = a.root
    receipts = []
    shared_project = []
    # 梧桐街道 first, so its June ledger is known before 凤鸣街道 repeats one of its projects.
    order = sorted(range(len(TOWNS)), key=lambda i: TOWNS[i][1] != "梧桐街道")
    town_rngs = [random.Random(rng.random()) for _ in TOWNS]
    for ti in order:
        town = TOWNS[ti]
        projects = make_projects(town_rngs[ti], ti, town)
        code, name = town[0], town[1]
        for month in MONTHS:
            mi = (month.year - 2023) * 12 + month.month - 1          # 2023-01 is 0, as before 2022-12 was added
            if name == "大麻镇" and month.month == 4:
                continue                                     # missed April: carried forward
            listed = [p for p in projects if p["listed"] <= month_end(month)]
            rows = [row(p, name, month) for p in sorted(listed, key=lambda p: p["id"])]
            rows = plant_mistakes(random.Random(f"{code}-{month}"), rows, mi, ti)
            if name == "凤鸣街道" and month.month == 6:
                rows.append(list(shared_project))              # a 梧桐街道 project reported again by 凤鸣街道
            if name == "梧桐街道" and month.month == 6:
                shared_project[:] = rows[3]
            if name == "高桥街道" and month.month == 6:
                rows[2][7] = f"{float(rows[2][7]) * 0.8:.1f}"   # 累计 typed lower than last month
            # In June three towns send the Excel form itself, filled in as clerks do (issue 18).
            workbook = WORKBOOK_TOWNS.get(name) if month.month == 6 else None
            fname = fname_of(name, month)
            if workbook:
                fname = fname[: -len(".csv")] + "." + workbook
            receipts.append((month, fname, arrival(name, month)))
            header = list(HEADER)
            if name == "河山镇" and month.month == 5:
                header[6] = "计划总投资（亿元）"                   # clerk changed the unit in the header
                for r in rows:
                    r[6] = f"{float(r[6]) / 10000:.4f}"
            lines = []
            if name == "石门镇":
                lines.append(f"石门镇两化改造项目清单（{month.year}年{month.month}月）" + "," * (len(header) - 1))
            lines.append(",".join(header))
            lines += [",".join(esc(v) for v in r) for r in rows]
            if name == "洲泉镇":
                total = sum(float(r[7].replace(",", "")) for r in rows if r[7].replace(",", "").replace(".", "").isdigit())
                lines.append("合计,,,,,,," + f"{total:.1f}" + ",,,,,,")
            text = "\r\n".join(lines) + "\r\n"
            folder = os.path.join(root, "inputs", "tongxiang", f"{month.year}-{month.month:02d}")
            os.makedirs(folder, exist_ok=True)
            path = os.path.join(folder, fname)
            if workbook:
                cells = kit.form_cells(header, rows, f"{name}两化改造项目清单",
                                       f"填报单位：{name}    单位：万元    {month.year}年{month.month}月",
                                       ["填报人：王芳", "", "联系电话：0573-8802" + code[-4:], "", "审核人：陈明"])
                merges = [f"A1:{chr(64 + len(header))}1"]
                (kit.write_xlsx if workbook == "xlsx" else kit.write_xls)(path, "两化改造项目清单", cells, merges)
                stale = os.path.join(folder, fname_of(name, month))
                if os.path.exists(stale):
                    os.remove(stale)                              # the CSV this form replaces
                continue
            if name == "崇福镇":
                data = text.encode("gb18030")                 # exported from Excel on Chinese Windows
            elif name == "濮院镇":
                data = b"\xef\xbb\xbf" + text.encode("utf-8")  # "CSV UTF-8" with BOM
            else:
                data = text.encode("utf-8")
            with open(path, "wb") as f:
                f.write(data)
    receipts += departments(random.Random(20221231), root)
    for month in MONTHS:
        folder = os.path.join(root, "inputs", "tongxiang", f"{month.year}-{month.month:02d}")
        lines = ["文件,接收时间"] + [f"{f},{t}" for m, f, t in sorted(receipts) if m == month]
        with open(os.path.join(folder, "_收件登记.csv"), "w", encoding="utf-8", newline="") as fh:
            fh.write("\n".join(lines) + "\n")
    # Town decomposition: each town's share of the city's milestones, the last town absorbing rounding.
    out = ["指标代码,单位,年份,目标值"]
    for code, (t22, t23, t25, digits) in CITY_TARGETS.items():
        for year, city in ((2022, t22), (2023, t23), (2025, t25)):
            vals = [round(city * t[2], digits) for t in TOWNS]
            vals[-1] = round(city - sum(vals[:-1]), digits)
            for t, v in zip(TOWNS, vals):
                out.append(f"{code},{t[1]},{year},{v:g}")
    with open(os.path.join(root, "pipelines", "tongxiang.targets.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
