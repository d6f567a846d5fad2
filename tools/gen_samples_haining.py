#!/usr/bin/env python3
"""Regenerates the shipped Haining sample inputs and the town target decomposition.

usage: tools/gen_samples_haining.py [--root .]

Writes inputs/haining/2023-01 … 2023-06/*.csv and pipelines/haining.targets.csv for the programme of
../shared/seeds/000_ba23a0a3b44b9893.txt (海宁市推进制造业数字化绿色化改造攻坚行动方案, 2022–2025):

- each of the 4 街道 and 8 镇: 两化改造项目清单 (snapshot of the whole ledger every month);
- 经信局: 诊断服务清单 (数字化改造诊断), 认定清单, 产业大脑及应用场景清单, 印染行业整合提升情况 (increment);
- 发改局: 诊断服务清单 (绿色化能效诊断), 一五十百千万能源项目台账;
- 科技局: 认定清单 (首台套), 科技需求揭榜;  生态环境分局: 认定清单 (清洁生产审核), 印染行业排污权核定情况;
- 水利局: 认定清单 (节水型企业);  人行海宁市支行: 金融指标;  统计局: 能耗指标.

Increment templates carry their back months in the January 2023 file (2022 for finance and COD, the 2021 base
year and 2022 for energy and dyeing). Deterministic (fixed seeds): running it twice gives the same bytes.
Three honest mistakes are planted: a non-numeric 累计完成投资 in 斜桥镇's March ledger, 丁桥镇 missing April,
and a mistyped credit-code check digit in 科技局's May 认定清单; 袁花镇 (February) and 统计局 (May) are late.
"""
import argparse, datetime, os, random
import sample_kit as kit
from sample_kit import month_end, rand_date, csv_text, tag

PID = "haining"
# code, name, project-ID prefix, share of the city's targets, pace of 2023 starts, main industries
TOWNS = [
    ("330481001", "硖石街道", "XS", 0.05, 1.15, ["皮革服装", "时尚箱包"]),
    ("330481002", "海洲街道", "HZ", 0.06, 0.80, ["皮革服装", "电子信息"]),
    ("330481003", "海昌街道", "HC", 0.09, 1.05, ["皮革", "装备制造"]),
    ("330481004", "马桥街道", "MQ", 0.11, 1.10, ["经编", "新材料"]),
    ("330481101", "许村镇", "XC", 0.14, 0.95, ["家纺", "经编", "印染"]),
    ("330481102", "长安镇", "CA", 0.13, 1.25, ["装备制造", "新材料", "光伏"]),
    ("330481103", "周王庙镇", "ZW", 0.08, 0.70, ["紧固件", "五金"]),
    ("330481104", "盐官镇", "YG", 0.07, 1.00, ["装备制造", "光伏"]),
    ("330481105", "斜桥镇", "XQ", 0.08, 0.85, ["家具", "食品"]),
    ("330481106", "丁桥镇", "DQ", 0.06, 0.60, ["经编", "化纤"]),
    ("330481107", "袁花镇", "YH", 0.06, 1.20, ["光伏", "新材料"]),
    ("330481108", "黄湾镇", "HW", 0.07, 1.05, ["光伏", "汽车零部件", "新材料"]),
]
CITY_TARGETS = {  # 二、主要目标 and 四(八): milestones from 2022; digits kept in the decomposition
    "projects": ({2022: 220, 2023: 385, 2025: 770}, 0),
    "investment": ({2022: 60, 2023: 115, 2025: 230}, 2),
    "energy_freed": ({2023: 20, 2025: 40}, 2),
}
MONTHS = [datetime.date(2023, m, 1) for m in range(1, 7)]
WORDS = ["天通", "钱江", "海利", "宏达", "万凯", "卡森", "富邦", "瑞丰", "金龙", "嘉凯", "雅莱", "新力", "华联", "泰盛",
         "恒远", "荣盛", "锦达", "美联", "永佳", "德胜", "鑫辉", "诚达", "中鑫", "正航", "博峰", "联丰", "汇丰", "盛德",
         "晶达", "伟星", "立信", "明远", "兴业", "大洋", "佳和", "宝利"]
FIRM_FORMS = {"经编": "浙江{}经编有限公司", "家纺": "海宁{}家纺有限公司", "印染": "海宁{}印染有限公司",
              "皮革": "海宁{}皮革有限公司", "皮革服装": "海宁{}皮革服饰有限公司", "时尚箱包": "海宁{}箱包有限公司",
              "电子信息": "浙江{}电子科技有限公司", "装备制造": "海宁{}机械制造有限公司", "新材料": "浙江{}新材料股份有限公司",
              "光伏": "海宁{}光伏科技有限公司", "紧固件": "海宁{}紧固件有限公司", "五金": "海宁{}五金制品有限公司",
              "家具": "海宁{}家具有限公司", "食品": "海宁{}食品有限公司", "化纤": "浙江{}化纤有限公司",
              "汽车零部件": "浙江{}汽车部件有限公司"}
DIGITAL = ["经编机联网及MES系统建设", "数字化车间建设", "智能仓储物流改造", "机器换人及自动化产线", "ERP与生产数据采集平台",
           "5G+工业互联网改造", "智能检测及视觉质检系统", "数字孪生产线建设"]
GREEN = ["屋顶分布式光伏及能源管理", "印染设备小浴比短流程改造", "余热余压回收利用", "空压机系统节能改造",
         "定型机废气治理及余热回收", "电机能效提升改造", "中水回用及节水改造", "燃煤锅炉清洁能源替代"]
BOTH = ["智慧能源管理平台建设", "数字化绿色化协同改造", "能耗在线监测与智能调度", "绿色智能工厂建设"]


def uscc(rng):
    return kit.uscc(rng, "91330481")


def folder(root, month):
    path = os.path.join(root, "inputs", PID, f"{month.year}-{month.month:02d}")
    os.makedirs(path, exist_ok=True)
    return path


def arrival(name, month):
    """When the office logged the file: days 1–5 of the next month; 袁花镇 in February and 统计局 in May are late."""
    nxt = datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    h = sum(map(ord, name))
    day = 1 + (h + month.month) % 5
    if (name == "袁花镇" and month.month == 2) or (name == "统计局" and month.month == 5):
        day = 8 if name == "袁花镇" else 9
    hour = 8 + (h * 7 + month.month) % 9
    return f"{nxt.year}-{nxt.month:02d}-{day:02d} {hour:02d}:{(h * month.month) % 60:02d}"


class Writer:
    def __init__(self, root):
        self.root, self.receipts = root, []

    def put(self, unit, template, month, header, rows, encoding="utf-8"):
        fname = f"{unit}-{template}-{tag(month)}.csv"
        text = csv_text(header, rows)
        data = (b"\xef\xbb\xbf" + text.encode("utf-8")) if encoding == "utf-8-sig" else text.encode(encoding)
        with open(os.path.join(folder(self.root, month), fname), "wb") as f:
            f.write(data)
        self.receipts.append((month, fname, arrival(unit, month)))

    def receipts_files(self):
        for month in MONTHS:
            lines = ["文件,接收时间"] + [f"{f},{t}" for m, f, t in sorted(self.receipts, key=lambda r: (r[2], r[1]))
                                    if m == month]
            with open(os.path.join(folder(self.root, month), "_收件登记.csv"), "w", encoding="utf-8", newline="") as fh:
                fh.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------- town project ledgers
PROJECT_HEADER = ["项目编号", "项目名称", "企业名称", "统一社会信用代码", "所属镇街", "所属行业", "改造类型", "是否节能降碳技改项目",
                  "计划总投资（万元）", "累计完成投资（万元）", "本年完成投资（万元）", "腾出用能（吨标煤）", "开工日期", "竣工日期",
                  "项目状态"]


def make_projects(rng, town):
    code, name, prefix, share, pace, industries = town
    plan = []
    # (start window, how many): before the plan, 2022, the first half of 2023 (town's pace), the rest of 2023
    batches = [((datetime.date(2021, 3, 1), datetime.date(2021, 12, 28)), round(45 * share) + rng.randint(0, 2)),
               ((datetime.date(2022, 1, 10), datetime.date(2022, 12, 28)), round(220 * share * rng.uniform(0.97, 1.12))),
               ((datetime.date(2023, 1, 5), datetime.date(2023, 6, 28)), round(165 * share * 0.55 * pace)),
               ((datetime.date(2023, 7, 3), datetime.date(2023, 12, 20)), round(165 * share * 0.45))]
    seq = {}
    for (lo, hi), n in batches:
        for _ in range(n):
            start = rand_date(rng, lo, hi)
            seq[start.year] = seq.get(start.year, 0) + 1
            industry = rng.choice(industries)
            kind = rng.choices(["数字化改造", "绿色化改造", "数字化绿色化改造"], weights=[5, 3, 2])[0]
            action = rng.choice(DIGITAL if kind == "数字化改造" else GREEN if kind == "绿色化改造" else BOTH)
            carbon = "是" if kind != "数字化改造" and rng.random() < 0.78 else "否"
            band = rng.random()
            invest = rng.uniform(350, 1700) if band < 0.45 else rng.uniform(1700, 5600) if band < 0.86 else rng.uniform(5600, 20000)
            if kind == "数字化改造":
                freed = rng.uniform(30, 260) if rng.random() < 0.35 else 0
            elif rng.random() < 0.04 or (industry == "印染" and rng.random() < 0.3):
                freed = rng.uniform(1800, 6500)        # 整合提升 / 淘汰落后产能腾出的用能
            else:
                freed = rng.uniform(80, 900)
            months = rng.randint(2, 11)
            end = start + datetime.timedelta(days=30 * months + rng.randint(0, 25))
            firm = FIRM_FORMS[industry].format(rng.choice(WORDS) + rng.choice(["", "", "新", "华", "达", "丰"]))
            plan.append({
                "id": f"{prefix}{start.year}{seq[start.year]:03d}",
                "name": f"{firm.replace('有限公司', '').replace('股份', '')}{action}项目",
                "firm": firm, "uscc": uscc(rng), "industry": industry, "kind": kind, "carbon": carbon,
                "plan": round(invest * (0.65 if start.year >= 2023 else 1.0), 1), "freed": round(freed, 1), "start": start, "end": end,
                "listed": start - datetime.timedelta(days=rng.randint(15, 80)),
            })
    return plan


def done_by(p, day):
    return kit.done_by(p, day, advance=0.06, rest=0.9)


def project_row(p, town_name, month):
    day = month_end(month)
    status = "未开工" if day < p["start"] else "竣工" if p["end"] <= day else "在建"
    total = done_by(p, day)
    this_year = round(total - done_by(p, datetime.date(day.year - 1, 12, 31)), 1)
    return [p["id"], p["name"], p["firm"], p["uscc"], town_name, p["industry"], p["kind"], p["carbon"],
            f"{p['plan']:.1f}", f"{total:.1f}", f"{this_year:.1f}", f"{p['freed']:.1f}" if p["freed"] else "",
            p["start"].isoformat(), p["end"].isoformat() if status == "竣工" else "", status]


def towns(writer, rng):
    for town in TOWNS:
        name = town[1]
        projects = make_projects(random.Random(f"{PID}-{town[0]}-{rng.random()}"), town)
        for month in MONTHS:
            if name == "丁桥镇" and month.month == 4:
                continue                                            # mistake: 丁桥镇 missed April (carried forward)
            day = month_end(month)
            listed = sorted((p for p in projects if p["listed"] <= day and (p["start"].year >= 2022 or p["end"] > datetime.date(2021, 12, 31))),
                            key=lambda p: p["id"])
            rows = [project_row(p, name, month) for p in listed]
            if name == "斜桥镇" and month.month == 3:
                rows[5][9] = "约五百万"                              # mistake: words instead of an amount
            encoding = "gb18030" if name == "许村镇" else "utf-8-sig" if name == "长安镇" else "utf-8"
            writer.put(name, "两化改造项目清单", month, PROJECT_HEADER, rows, encoding)


# ---------------------------------------------------------------- departments' lists
def firm(rng, industry=None):
    t = rng.choice(TOWNS)
    ind = industry or rng.choice(t[5])
    return FIRM_FORMS[ind].format(rng.choice(WORDS) + rng.choice(["", "新", "华", "达", "丰", "鑫"])), uscc(rng), t[1]


def spread(rng, n, lo, hi, slow_start=False):
    """n dates between lo and hi; with slow_start, fewer in January–February (Spring Festival)."""
    out = []
    while len(out) < n:
        d = rand_date(rng, lo, hi)
        if slow_start and d.month <= 2 and rng.random() < 0.45:
            continue
        out.append(d)
    return sorted(out)


def diagnoses(writer, rng):
    header = ["诊断类型", "诊断方式", "企业名称", "统一社会信用代码", "所属镇街", "是否规上企业", "是否重点用能企业", "诊断日期",
              "诊断服务机构"]
    agencies = ["浙江新智造服务有限公司", "海宁市工业互联网服务中心", "中电信数智科技（海宁）", "浙江省智能制造专家委员会",
                "嘉兴工业大数据研究院"]
    energy_agencies = ["海宁市节能监察中心", "浙江省节能协会", "嘉兴碳效码服务站", "浙江中节能技术服务有限公司"]
    digital = []
    for lo, hi, n in ((datetime.date(2022, 3, 1), datetime.date(2022, 12, 28), 816),
                      (datetime.date(2023, 1, 4), datetime.date(2023, 6, 29), 374)):
        for d in spread(rng, n, lo, hi, slow_start=True):
            name, code, town = firm(rng)
            above = "是" if rng.random() < 0.8 else "否"
            digital.append(["数字化改造诊断", rng.choices(["线上", "线下"], weights=[3, 2])[0], name, code, town, above,
                            "是" if above == "是" and rng.random() < 0.08 else "否", d.isoformat(), rng.choice(agencies)])
    green = []
    for lo, hi, n, online in ((datetime.date(2022, 4, 1), datetime.date(2022, 12, 26), 66, 18),
                              (datetime.date(2023, 1, 9), datetime.date(2023, 6, 28), 34, 9)):
        online_at = set(rng.sample(range(n + online), online))
        for i, d in enumerate(spread(rng, n + online, lo, hi)):
            name, code, town = firm(rng)
            on_site = i not in online_at
            green.append(["绿色化能效诊断", "现场" if on_site else "线上", name, code, town, "是",
                          "是" if on_site else rng.choice(["是", "否", "否"]), d.isoformat(), rng.choice(energy_agencies)])
    for month in MONTHS:
        end = month_end(month).isoformat()
        for dept, rows in (("经信局", digital), ("发改局", green)):
            writer.put(dept, "诊断服务清单", month, header, sorted((r for r in rows if r[7] <= end), key=lambda r: (r[7], r[3])))


# 认定类型 → (department, 级别 weights 国家级/省级/嘉兴市级/海宁市级, number in 2022, number in 2023 H1)
RECOGNITIONS = [
    ("智能工厂", "经信局", (0, 1, 0, 0), 1, 0), ("数字化车间", "经信局", (0, 1, 0, 0), 3, 1),
    ("未来工厂", "经信局", (0, 1, 0, 0), 1, 1),
    ("绿色工厂", "经信局", (1, 2, 4, 4), 9, 5), ("绿色低碳工厂", "经信局", (0, 0, 1, 1), 2, 1),
    ("企业技术中心", "经信局", (0, 2, 3, 5), 13, 5),
    ("首台（套）装备", "科技局", (0, 2, 3, 3), 7, 3), ("首批次新材料", "科技局", (0, 1, 1, 1), 3, 1),
    ("首版次软件", "科技局", (0, 0, 1, 1), 1, 0),
    ("清洁生产审核", "生态环境分局", (0, 1, 3, 0), 11, 6),
    ("节水型企业", "水利局", (0, 1, 0, 0), 3, 1), ("嘉兴市级节水型企业", "水利局", (0, 0, 1, 0), 2, 1),
]
DOC_PREFIX = {"经信局": ("浙经信", "海经信"), "科技局": ("浙科", "海科"), "生态环境分局": ("浙环", "嘉环海"),
              "水利局": ("浙水", "海水利")}


def recognitions(writer, rng):
    header = ["认定类型", "级别", "企业名称", "统一社会信用代码", "所属镇街", "认定日期", "文号"]
    levels = ["国家级", "省级", "嘉兴市级", "海宁市级"]
    rows = {}
    for kind, dept, weights, n22, n23 in RECOGNITIONS:
        for i in range(n22 + n23):
            d = rand_date(rng, datetime.date(2022, 3, 1), datetime.date(2022, 12, 22)) if i < n22 else \
                rand_date(rng, datetime.date(2023, 1, 12), datetime.date(2023, 6, 26))
            # 级别 in proportion to the weights, the higher levels first within each year (provincial lists come out once)
            n, j = (n22, i) if i < n22 else (n23, i - n22)
            bounds = [sum(weights[:k + 1]) / sum(weights) * n for k in range(4)]
            level = levels[next(k for k in range(4) if j < round(bounds[k]) or k == 3)]
            kind_out = "节水型企业" if kind == "嘉兴市级节水型企业" else kind
            name, code, town = firm(rng)
            prefix = DOC_PREFIX[dept][level in ("嘉兴市级", "海宁市级")]
            rows.setdefault(dept, []).append([kind_out, level, name, code, town, d.isoformat(),
                                              f"{prefix}〔{d.year}〕{rng.randint(8, 160)}号"])
    for month in MONTHS:
        end = month_end(month).isoformat()
        for dept in ("经信局", "科技局", "生态环境分局", "水利局"):
            out = [list(r) for r in sorted(rows[dept], key=lambda r: (r[5], r[0], r[3])) if r[5] <= end]
            if dept == "科技局" and month.month == 5:
                r = out[-2]                                         # mistake: last check digit mistyped
                r[3] = r[3][:-1] + ("A" if r[3][-1] != "A" else "B")
            writer.put(dept, "认定清单", month, header, out)


def challenges(writer, rng):
    header = ["类型", "需求名称", "企业名称", "统一社会信用代码", "所属镇街", "日期"]
    topics = ["经编织物疵点在线视觉检测", "印染废水深度处理回用", "定型机废气余热回收", "家纺产品柔性排产", "光伏组件EL缺陷智能识别",
              "皮革涂饰VOCs减排工艺", "紧固件冷镦工序能耗优化", "经编机群远程运维", "小浴比染色工艺参数优化", "车间能耗数字孪生"]
    rows = []
    for kind, n22, n23 in (("发榜", 53, 27), ("揭榜对接", 23, 9)):
        for i in range(n22 + n23):
            d = rand_date(rng, datetime.date(2022, 3, 10), datetime.date(2022, 12, 20)) if i < n22 else \
                rand_date(rng, datetime.date(2023, 1, 6), datetime.date(2023, 6, 27))
            name, code, town = firm(rng)
            rows.append([kind, f"{rng.choice(topics)}技术需求（{d.year}-{i + 1:03d}）", name, code, town, d.isoformat()])
    for month in MONTHS:
        end = month_end(month).isoformat()
        writer.put("科技局", "科技需求揭榜", month, header, sorted((r for r in rows if r[5] <= end), key=lambda r: (r[5], r[1])))


def platforms(writer, rng):
    header = ["类别", "名称", "所属产业大脑或平台", "建设单位", "统一社会信用代码", "所属镇街", "上线日期"]
    brains = [("产业大脑", "经编产业大脑", "浙江万方经编科技有限公司", "马桥街道", datetime.date(2022, 6, 18)),
              ("工业互联网平台", "家纺行业工业互联网平台", "海宁家纺城智造服务有限公司", "许村镇", datetime.date(2022, 9, 8)),
              ("工业互联网平台", "光伏行业工业互联网平台", "海宁尖山新能源科技有限公司", "黄湾镇", datetime.date(2023, 3, 21))]
    scenes = {"经编产业大脑": ["原料集采", "订单协同", "设备远程运维", "能耗监测", "产能共享", "质量追溯", "金融服务", "人才招聘"],
              "家纺行业工业互联网平台": ["花型设计共享", "柔性排产", "仓储物流协同", "云上展厅", "碳效评价", "供应链金融"],
              "光伏行业工业互联网平台": ["组件质量检测", "电站运维", "绿电交易"]}
    rows = []
    for kind, name, builder, town, d in brains:
        rows.append([kind, name, "", builder, uscc(rng), town, d.isoformat()])
        live = {"经编产业大脑": 7, "家纺行业工业互联网平台": 5, "光伏行业工业互联网平台": 0}[name]
        for i, s in enumerate(scenes[name]):
            if i < live:
                sd = rand_date(rng, d, datetime.date(2022, 12, 20))
            else:
                sd = rand_date(rng, max(d, datetime.date(2023, 1, 10)), datetime.date(2023, 6, 25))
            if name == "经编产业大脑" and i == 7:
                sd = datetime.date(2023, 9, 1)                     # planned later in the year
            rows.append(["数字化应用场景", f"{name.replace('行业工业互联网平台', '')}·{s}", name, builder, "", town, sd.isoformat()])
    for month in MONTHS:
        end = month_end(month).isoformat()
        writer.put("经信局", "产业大脑及应用场景清单", month, header,
                   [r for r in rows if r[6] <= end])


def energy_projects(writer, rng):
    header = ["项目编号", "类别", "项目或机构名称", "主体单位", "统一社会信用代码", "所属镇街", "装机容量（千瓦）", "完成日期", "状态"]
    plan = []          # (listed, finished or None, row)
    counters = {}

    def add(kind, prefix, name, owner, code, town, kw, listed, done):
        counters[prefix] = counters.get(prefix, 0) + 1
        plan.append((listed, done, [f"{prefix}{counters[prefix]:05d}", kind, name, owner, code, town,
                                    f"{kw:.1f}" if kw else "", done]))

    add("能源研究院", "YJY", "海宁市新能源产业研究院（筹）", "海宁市人民政府", "", "长安镇", 0, datetime.date(2022, 11, 3), None)
    for i, (name, d) in enumerate((("浙江海能综合能源服务有限公司", datetime.date(2022, 7, 12)),
                                   ("海宁协鑫能源管理有限公司", datetime.date(2022, 11, 25)),
                                   ("海宁中节能合同能源管理有限公司", datetime.date(2023, 4, 18)),
                                   ("浙江尖山能源管理有限公司", None))):
        add("能源管理公司", "NYGS", name, name, uscc(rng), "长安镇" if i % 2 else "黄湾镇", 0,
            datetime.date(2022, 5, 1) + datetime.timedelta(days=40 * i), d)
    majors = [("尖山多元融合高弹性电网示范项目", "黄湾镇", 0, datetime.date(2022, 6, 30)),
              ("尖山新区100MW渔光互补光伏电站", "黄湾镇", 100000, datetime.date(2022, 9, 28)),
              ("海宁经编园区集中供热管网改造工程", "马桥街道", 0, datetime.date(2022, 12, 16)),
              ("长安镇20MW/40MWh电化学储能电站", "长安镇", 20000, datetime.date(2023, 5, 26)),
              ("许村镇源网荷储一体化项目", "许村镇", 0, None), ("袁花镇天然气分布式能源站", "袁花镇", 12000, None)]
    for name, town, kw, d in majors:
        add("重大能源项目", "ZDNY", name, "海宁市能源集团有限公司", uscc(rng), town, kw, datetime.date(2022, 3, 15), d)

    def batch(kind, prefix, n22, n23, pending, make):
        for i in range(n22 + n23 + pending):
            if i < n22:
                d = rand_date(rng, datetime.date(2022, 2, 10), datetime.date(2022, 12, 28))
            elif i < n22 + n23:
                d = spread(rng, 1, datetime.date(2023, 1, 3), datetime.date(2023, 6, 29), slow_start=True)[0]
            else:
                d = None
            listed = (d or rand_date(rng, datetime.date(2023, 1, 5), datetime.date(2023, 6, 20))) - \
                datetime.timedelta(days=rng.randint(20, 120))
            name, owner, code, town, kw = make()
            add(kind, prefix, name, owner, code, town, kw, listed, d)

    def solar():
        owner, code, town = firm(rng)
        return f"{owner.replace('有限公司', '').replace('股份', '')}{rng.randint(2, 30)}MW分布式光伏电站", owner, code, town, rng.uniform(2000, 30000)

    def retrofit():
        if rng.random() < 0.82:
            owner, code, town = firm(rng)
        else:
            town = rng.choice(TOWNS)[1]
            owner, code = f"海宁市{town[:2]}{rng.choice(['中心小学', '卫生院', '社区服务中心', '农贸市场', '文体中心'])}", ""
        return f"{owner}{rng.choice(['照明', '空压机', '电机', '空调系统', '锅炉'])}节能改造", owner, code, town, 0

    def rooftop():
        if rng.random() < 0.3:
            owner, code, town = firm(rng)
            return f"{owner}厂房屋顶光伏", owner, code, town, rng.uniform(150, 3500)
        t = rng.choice(TOWNS)[1]
        village = rng.choice(["新联", "联民", "民丰", "红光", "永福", "荆山", "双喜", "同仁", "光明", "金星", "新仓", "东升"])
        return f"{t}{village}村户用屋顶光伏", "居民用户", "", t, rng.uniform(8, 40)

    batch("太阳能光伏项目", "TYN", 27, 14, 9, solar)
    batch("企事业单位节能改造", "JNGZ", 262, 116, 40, retrofit)
    batch("屋顶光伏项目", "WDGF", 2480, 1170, 160, rooftop)
    for month in MONTHS:
        day = month_end(month)
        rows = []
        for listed, done, r in sorted(plan, key=lambda x: x[2][0]):
            if listed > day:
                continue
            finished = done is not None and done <= day
            rows.append(r[:7] + [done.isoformat() if finished else "", "已完成" if finished else "推进中"])
        writer.put("发改局", "一五十百千万能源项目台账", month, header, rows)


# ---------------------------------------------------------------- increment statistics
def series(writer):
    months_all = [(y, m) for y in (2021, 2022, 2023) for m in range(1, 13)]

    def t(y, m):
        return (y - 2021) * 12 + m - 1                             # months since 2021-01

    # 金融指标（亿元）: 本年新增 is year-to-date; 绿色贷款 grows about 24% a year; share near 14%.
    def fin(y, m):
        allv = 1980 * 1.0105 ** t(y, m)
        green = 220 * 1.0182 ** t(y, m)
        new = {2021: 3.1, 2022: 3.62, 2023: 3.78}[y] * m * (1 + 0.05 * ((m % 3) - 1))
        return allv, green, new
    fin_header = ["统计月份", "制造业中长期贷款余额（亿元）", "本年新增制造业中长期贷款（亿元）", "绿色贷款余额（亿元）", "各项贷款余额（亿元）",
                  "上年同期绿色贷款余额（亿元）"]

    def fin_row(y, m):
        allv, green, new = fin(y, m)
        last = fin(y - 1, m)[1] if y > 2021 else None
        return [f"{y}-{m:02d}", f"{300 + 1.9 * t(y, m):.2f}", f"{new:.2f}", f"{green:.2f}", f"{allv:.2f}",
                f"{last:.2f}" if last else ""]

    # 能耗指标: year-to-date 能耗（万吨标煤）and 增加值（亿元）; intensity falls a little under 4% a year.
    def energy_row(y, m):
        value = (68 + 5.2 * (y - 2021)) * m * (1 + 0.012 * (m % 3))
        intensity = 0.61 * 0.9615 ** ((y - 2021) + (m - 6) / 12) * (1 + 0.003 * (m % 4))
        labour = 23.6 * 1.046 ** (y - 2021 + m / 12)
        firms = 1702 + 6 * t(y, m) - (35 if m == 1 else 0)
        key = 151 + t(y, m) // 6
        return [f"{y}-{m:02d}", f"{value * intensity:.3f}", f"{value:.2f}", f"{labour:.2f}", str(firms), str(key)]
    energy_header = ["统计月份", "规上工业综合能源消费量（万吨标煤）", "规上工业增加值（亿元）", "全员劳动生产率（万元/人）",
                     "规上工业企业数（家）", "重点用能企业数（家）"]

    # 印染行业: firms and land step down as plants close or move into the 集聚区; energy is year-to-date.
    firms_at = {(2021, 12): 53, (2022, 3): 52, (2022, 5): 50, (2022, 7): 49, (2022, 9): 47, (2022, 11): 46,
                (2022, 12): 45, (2023, 2): 44, (2023, 3): 43, (2023, 5): 41, (2023, 6): 40}
    land_at = {(2021, 12): 3295, (2022, 3): 3262, (2022, 5): 3190, (2022, 7): 3148, (2022, 9): 3087, (2022, 11): 3046,
               (2022, 12): 3012.5, (2023, 2): 2968, (2023, 3): 2925.5, (2023, 5): 2846, (2023, 6): 2790}
    cod_at = {(2021, 12): 1365, (2022, 4): 1338, (2022, 8): 1296, (2022, 12): 1262, (2023, 3): 1216, (2023, 5): 1192,
              (2023, 6): 1180}

    def step(table, y, m):
        keys = [k for k in sorted(table) if k <= (y, m)]
        return table[keys[-1]] if keys else table[min(table)]

    def dyeing_row(y, m):
        ytd = sum(4.62 * (1 - {2021: 0, 2022: 0.052, 2023: 0.118}[y]) * (1 + 0.02 * ((k % 4) - 1.5)) for k in range(1, m + 1))
        land = step(land_at, y, m)
        return [f"{y}-{m:02d}", str(step(firms_at, y, m)), f"{land:g}", f"{ytd:.3f}", "0"]
    dyeing_header = ["统计月份", "印染企业数（家）", "印染企业用地面积（亩）", "印染行业综合能源消费量（万吨标煤）", "累计关停燃煤热电企业（家）"]

    def cod_row(y, m):
        cod = step(cod_at, y, m)
        return [f"{y}-{m:02d}", f"{cod:g}", f"{cod * 0.11:.1f}"]
    cod_header = ["统计月份", "印染企业核定COD交易量（吨）", "印染企业核定氨氮交易量（吨）"]

    for month in MONTHS:
        y, m = month.year, month.month
        first = m == 1
        fin_rows = [fin_row(*k) for k in months_all if (2022, 1) <= k <= (y, m)] if first else [fin_row(y, m)]
        energy_rows = [energy_row(*k) for k in months_all if k <= (y, m)] if first else [energy_row(y, m)]
        dyeing_rows = [dyeing_row(*k) for k in months_all if k <= (y, m)] if first else [dyeing_row(y, m)]
        cod_rows = [cod_row(*k) for k in months_all if (2022, 1) <= k <= (y, m)] if first else [cod_row(y, m)]
        writer.put("人行海宁市支行", "金融指标", month, fin_header, fin_rows)
        writer.put("统计局", "能耗指标", month, energy_header, energy_rows)
        writer.put("经信局", "印染行业整合提升情况", month, dyeing_header, dyeing_rows)
        writer.put("生态环境分局", "印染行业排污权核定情况", month, cod_header, cod_rows)


def targets_csv(root):
    """Each town's share of the city's milestones, the last town absorbing rounding."""
    out = ["指标代码,单位,年份,目标值"]
    for code, (by_year, digits) in CITY_TARGETS.items():
        for year, city in sorted(by_year.items()):
            vals = [round(city * t[3], digits) for t in TOWNS]
            vals[-1] = round(city - sum(vals[:-1]), digits)
            out += [f"{code},{t[1]},{year},{v:g}" for t, v in zip(TOWNS, vals)]
    with open(os.path.join(root, "pipelines", f"{PID}.targets.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(out) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".")
    root = ap.parse_args().root
    writer = Writer(root)
    towns(writer, random.Random(20230705))
    diagnoses(writer, random.Random(20221021))
    recognitions(writer, random.Random(20221022))
    challenges(writer, random.Random(20221023))
    platforms(writer, random.Random(20221024))
    energy_projects(writer, random.Random(20221025))
    series(writer)
    writer.receipts_files()
    targets_csv(root)


if __name__ == "__main__":
    main()
