#!/usr/bin/env python3
"""Regenerates the shipped Yancheng sample inputs and the county target decomposition.

usage: tools/gen_samples_yancheng.py [--root .]

Writes inputs/yancheng/2023-01 … 2023-06/*.csv for pipelines/yancheng.yaml (盐城市规上工业企业智改数转三年行动计划,
seed 001_d4cc180a89f846a2.txt):
  - each 县(市、区) and 园区: 智改数转项目清单 and 智能制造诊断企业清单 (snapshots that grow month by month);
  - 市工信局, 市科技局, 市人社局: 认定发布清单 (snapshots);
  - 市工信局: 智改数转监测月报; 市通管办: 信息基础设施月报; 市人社局: 产业数字化人才引培月报;
    市统计局: 规上工业主要指标月报 (increment rows; the January files carry December 2022, and the 人社局 file the
    whole of 2022, the 统计局 file 2021-2022 for the base year);
  - _收件登记.csv per month;
and pipelines/yancheng.targets.csv (the county split of 重点智能化改造项目, 工业机器人 and CNC加工中心; the real
split is in 附件2, which the seed does not carry, so the shares below are assumed).

Deterministic (fixed seed): running it twice gives the same bytes. A few honest mistakes are planted: 响水县 typed
“约850万” as an amount in April, 阜宁县 mistyped a credit code in March, 滨海县 sent nothing for May, 射阳县 was late
in June and 市人社局 in March. Harmless variations that must load: 东台市 exports GBK, 盐都区 saves with a BOM,
大丰区 writes dates as 2023/3/5.
"""
import argparse, datetime, os, random
import sample_kit as kit
from sample_kit import done_by, month_end, rand_date, csv_text, tag

# code, name, share of the city's per-year targets, pace (how fast its 2023 projects start), 规上工业企业数,
# diagnosis pace (share of its 规上企业 diagnosed by June 2023)
COUNTIES = [
    ("320981", "东台市", 0.13, 1.15, 620, 0.90), ("320925", "建湖县", 0.11, 1.00, 520, 0.86),
    ("320924", "射阳县", 0.07, 0.75, 330, 0.78), ("320923", "阜宁县", 0.07, 0.90, 340, 0.83),
    ("320922", "滨海县", 0.06, 0.70, 300, 0.76), ("320921", "响水县", 0.04, 0.85, 190, 0.80),
    ("320902", "亭湖区", 0.08, 1.05, 380, 0.88), ("320903", "盐都区", 0.12, 1.20, 560, 0.91),
    ("320904", "大丰区", 0.10, 0.95, 450, 0.85), ("320971", "盐城经济技术开发区", 0.14, 1.10, 420, 0.92),
    ("320900901", "盐南高新区", 0.08, 0.80, 150, 0.87),
]
CITY_TARGETS = {"key_projects": 100, "robots": 2000, "cnc_machines": 10000}   # per year, 2022-2024
MONTHS = [datetime.date(2023, m, 1) for m in range(1, 7)]
CHAINS = ["新能源汽车及零部件", "晶硅光伏", "风电装备", "动力电池", "钢铁及不锈钢", "电子信息", "节能环保",
          "石油装备", "农机装备", "纺织服装", "化工新材料", "食品加工"]
PRODUCTS = {"新能源汽车及零部件": ["汽车座椅", "冲压件", "线束", "底盘结构件"], "晶硅光伏": ["电池片", "光伏组件", "硅片"],
            "风电装备": ["风电叶片", "齿轮箱", "塔筒", "轴承"], "动力电池": ["电芯", "隔膜", "电池模组"],
            "钢铁及不锈钢": ["不锈钢板卷", "精密钢管"], "电子信息": ["显示模组", "印制电路板", "连接器"],
            "节能环保": ["除尘设备", "环保滤料", "污水处理装备"], "石油装备": ["抽油机", "井口装置", "钻采配件"],
            "农机装备": ["收获机械", "拖拉机配件", "植保机械"], "纺织服装": ["色纺纱", "针织面料", "服装"],
            "化工新材料": ["改性塑料", "新型涂料", "功能薄膜"], "食品加工": ["乳制品", "米面制品", "调味品"]}
ACTIONS = ["智能化改造项目", "数字化车间建设项目", "智能工厂建设项目", "生产线自动化改造项目", "MES系统及设备联网项目",
           "智能仓储物流改造项目", "5G+工业互联网应用项目", "机器视觉质检改造项目", "能耗在线监测及管控项目"]
FIRMS = ["江苏{}科技有限公司", "盐城{}机械有限公司", "江苏{}新能源股份有限公司", "盐城市{}实业有限公司",
         "江苏{}智能装备有限公司", "盐城{}新材料有限公司", "江苏{}集团有限公司"]
WORDS = ["华瑞", "悦达", "东润", "金风", "天合", "润阳", "远景", "中车", "海力", "恒威", "国信", "沿海", "黄海", "丹顶鹤",
         "瑞泰", "新洋", "鑫源", "永恒", "联鑫", "明珠", "海通", "大洋", "锦华", "盐海", "星宇", "宏图", "东升", "银宝"]
TRADES = ["汽车制造业", "电气机械和器材制造业", "通用设备制造业", "专用设备制造业", "纺织业", "化学原料和化学制品制造业",
          "农副食品加工业", "金属制品业", "计算机、通信和其他电子设备制造业", "黑色金属冶炼和压延加工业", "食品制造业"]
PROVIDERS = ["中国电信盐城分公司", "中国移动盐城分公司", "中国联通盐城分公司", "盐城工学院智能制造研究院",
             "江苏省工业互联网诊断服务中心（盐城）", "盐城市智能制造服务联合体", "江苏数字化转型促进中心盐城分中心"]
PROJECT_HEADER = ["项目编号", "项目名称", "企业名称", "统一社会信用代码", "所属县区", "所属产业链", "项目类型", "是否重点项目",
                  "计划总投资（万元）", "累计完成投资（万元）", "本年完成投资（万元）", "本年智能化设备及工业软件投入（万元）",
                  "新增工业机器人（台）", "新增CNC加工中心（台）", "开工日期", "竣工日期", "项目状态"]
DIAG_HEADER = ["统一社会信用代码", "企业名称", "所属县区", "所属行业", "诊断服务机构", "诊断方式", "诊断报告编号",
               "诊断完成日期", "是否转化实施"]
REC_HEADER = ["认定类型", "级别", "名称", "企业名称", "统一社会信用代码", "所属县区", "认定日期", "文号"]


def uscc(rng, area):
    return kit.uscc(rng, "91" + area[:6])


def firm_name(rng):
    return rng.choice(FIRMS).format(rng.choice(WORDS) + rng.choice(WORDS))


def folder_of(root, month):
    return os.path.join(root, "inputs", "yancheng", f"{month.year}-{month.month:02d}")


def write(root, month, fname, text, encoding="utf-8"):
    os.makedirs(folder_of(root, month), exist_ok=True)
    data = text.encode("gb18030") if encoding == "gbk" else text.encode("utf-8")
    if encoding == "utf-8-bom":
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(folder_of(root, month), fname), "wb") as f:
        f.write(data)


def arrival(name, month, offset=0):
    """When the office logged the file: days 1–5 of the next month; 射阳县 late in June, 市人社局 in March."""
    nxt = datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    h = sum(map(ord, name))
    day = 1 + (h + month.month) % 5
    if (name == "射阳县" and month.month == 6) or (name == "市人社局" and month.month == 3):
        day = 7
    hour = 8 + (h * 7 + month.month) % 9
    return f"{nxt.year}-{nxt.month:02d}-{day:02d} {hour:02d}:{(h * month.month + 7 * offset) % 60:02d}"


# ───────────── 县(市、区) ledgers ─────────────

def make_projects(rng, ci, county):
    code, name, share, pace = county[:4]
    projects = []

    def add(start, key, listed=None):
        chain = rng.choice(CHAINS)
        kind = rng.choices(["智能化改造", "数字化转型", "智能化改造和数字化转型"], weights=[5, 3, 2])[0]
        plan = round(rng.uniform(2000, 18000) if key else rng.uniform(300, 3000), 1)
        if key:
            robots = rng.choice([0, 0, 2, 4, 6, 8, 10, 12, 16, 20])
            cnc = 0 if rng.random() < 0.5 else rng.randint(20, 110)
        else:
            robots = rng.choice([0, 0, 0, 1, 2, 3, 4, 5, 6, 8])
            cnc = 0 if rng.random() < 0.62 else rng.randint(8, 55)
        months = rng.randint(6, 20)
        projects.append({
            "name": f"年产{rng.randint(2, 80) * 5}万件{rng.choice(PRODUCTS[chain])}{rng.choice(ACTIONS)}",
            "firm": firm_name(rng), "uscc": uscc(rng, code), "chain": chain, "kind": kind, "key": key,
            "plan": plan, "start": start, "end": start + datetime.timedelta(days=30 * months + rng.randint(0, 20)),
            "listed": listed or (start - datetime.timedelta(days=rng.randint(15, 75))),
            "equip": rng.uniform(0.35, 0.6), "robots": robots, "cnc": cnc,
        })

    # projects begun before the plan and still on the ledger (not counted: 开工日期 before 2022)
    for _ in range(round(60 * share) + rng.randint(0, 2)):
        add(rand_date(rng, datetime.date(2021, 3, 1), datetime.date(2021, 12, 28)), rng.random() < 0.2)
    # 2022: about a year's targets
    for _ in range(round(100 * share * rng.uniform(0.95, 1.15))):
        add(rand_date(rng, datetime.date(2022, 1, 5), datetime.date(2022, 12, 26)), True)
    for _ in range(round(380 * share * rng.uniform(0.9, 1.1))):
        add(rand_date(rng, datetime.date(2022, 1, 5), datetime.date(2022, 12, 26)), False)
    # 2023: the year's list, a pace-dependent part of it begun by June
    for key, n in ((True, round(100 * share * rng.uniform(1.0, 1.12))), (False, round(390 * share * rng.uniform(0.95, 1.05)))):
        first_half = min(1.0, 0.5 * pace * rng.uniform(0.92, 1.08))
        for _ in range(n):
            if rng.random() < first_half:
                add(rand_date(rng, datetime.date(2023, 1, 4), datetime.date(2023, 6, 28)), key)
            else:
                start = rand_date(rng, datetime.date(2023, 7, 3), datetime.date(2023, 12, 20))
                add(start, key, listed=rand_date(rng, datetime.date(2022, 12, 1), datetime.date(2023, 6, 25)))
    projects.sort(key=lambda p: (p["listed"], p["start"]))
    for i, p in enumerate(projects, 1):
        p["id"] = f"ZGSZ-{code[-3:] if len(code) == 6 else 'YN'}-{i:04d}"
    return projects


def fmt_date(d, style):
    return f"{d.year}/{d.month}/{d.day}" if style == "slash" else d.isoformat()


def project_row(p, county_name, month, style):
    day = month_end(month)
    status = "未开工" if day < p["start"] else "竣工" if p["end"] <= day else "在建"
    total = done_by(p, day)
    year = round(total - done_by(p, datetime.date(2022, 12, 31)), 1)
    started = status != "未开工"
    return [p["id"], p["name"], p["firm"], p["uscc"], county_name, p["chain"], p["kind"], "是" if p["key"] else "否",
            f"{p['plan']:.1f}", f"{total:.1f}", f"{year:.1f}", f"{year * p['equip']:.1f}",
            str(p["robots"]) if started else "0", str(p["cnc"]) if started else "0",
            fmt_date(p["start"], style) if started else "", fmt_date(p["end"], style) if status == "竣工" else "", status]


def make_diagnoses(rng, county):
    code, name, _, _, firms, pace = county
    done = round(firms * pace * rng.uniform(0.98, 1.02))
    in_2022 = round(firms * 0.55 * rng.uniform(0.95, 1.05))
    out = []
    for i in range(done):
        day = rand_date(rng, datetime.date(2022, 3, 1), datetime.date(2022, 12, 28)) if i < in_2022 else \
            rand_date(rng, datetime.date(2023, 1, 5), datetime.date(2023, 6, 28))
        out.append({"uscc": uscc(rng, code), "firm": firm_name(rng), "trade": rng.choice(TRADES),
                    "provider": rng.choice(PROVIDERS), "way": "现场诊断" if rng.random() < 0.8 else "线上诊断",
                    "day": day, "acted": "是" if rng.random() < 0.36 else "否"})
    out.sort(key=lambda d: (d["day"], d["uscc"]))
    for i, d in enumerate(out, 1):
        d["report"] = f"ZD{code[:6]}-{d['day'].year}-{i:04d}"
    return out


def counties(rng, root):
    receipts = []
    decomposition = {}
    for ci, county in enumerate(COUNTIES):
        code, name = county[0], county[1]
        crng = random.Random(f"{code}-{rng.random()}")
        projects = make_projects(crng, ci, county)
        diagnoses = make_diagnoses(crng, county)
        encoding = "gbk" if name == "东台市" else "utf-8-bom" if name == "盐都区" else "utf-8"
        style = "slash" if name == "大丰区" else "iso"
        for month in MONTHS:
            if name == "滨海县" and month.month == 5:
                continue                                   # missed May: carried forward
            end = month_end(month)
            rows = [project_row(p, name, month, style) for p in projects if p["listed"] <= end]
            if name == "响水县" and month.month == 4:
                rows[7][9] = "约850万"                       # amount typed as text: row rejected
            fname = f"{name}-智改数转项目清单-{tag(month)}.csv"
            write(root, month, fname, csv_text(PROJECT_HEADER, rows), encoding)
            receipts.append((month, fname, arrival(name, month)))
            rows = [[d["uscc"], d["firm"], name, d["trade"], d["provider"], d["way"], d["report"],
                     fmt_date(d["day"], style), d["acted"]] for d in diagnoses if d["day"] <= end]
            if name == "阜宁县" and month.month == 3:
                bad = rows[-4][0]
                rows[-4][0] = bad[:-1] + ("1" if bad[-1] != "1" else "2")   # mistyped credit code
            fname = f"{name}-智能制造诊断企业清单-{tag(month)}.csv"
            write(root, month, fname, csv_text(DIAG_HEADER, rows), encoding)
            receipts.append((month, fname, arrival(name, month, 1)))
    return receipts


# ───────────── departments ─────────────

# 认定类型 → (department, 级别, [(date, how many)], how each 名称 is made)
RECOGNITIONS = [
    ("智改数转示范企业", "市工信局", "市级", [("2022-05-20", 25), ("2022-11-18", 27), ("2023-05-26", 24)], "firm"),
    ("工业互联网标杆工厂", "市工信局", "省级", [("2022-08-30", 11), ("2023-04-18", 6)], "plant"),
    ("示范智能工厂", "市工信局", "省级", [("2022-12-26", 4), ("2023-04-18", 3)], "plant"),
    ("示范智能车间", "市工信局", "省级", [("2022-12-26", 29), ("2023-06-20", 8)], "workshop"),
    ("5G全连接工厂", "市工信局", "省级", [("2022-11-10", 2)], "plant"),
    ("工业数字化示范场景", "市工信局", "市级", [("2022-06-16", 28), ("2022-10-21", 32), ("2023-03-28", 36)], "scene"),
    ("工业数字化解决方案", "市工信局", "市级", [("2022-06-16", 20), ("2022-10-21", 24), ("2023-06-15", 20)], "solution"),
    ("星级上云企业", "市工信局", "省级", [("2022-04-22", 140), ("2022-10-14", 178), ("2023-05-10", 118)], "cloud"),
    ("工业互联网试点示范", "市工信局", "国家级", [("2022-11-29", 1)], "project"),
    ("智能制造示范工厂", "市工信局", "国家级", [("2022-12-28", 1), ("2023-01-12", 1)], "plant"),
    ("智改数转领军服务商", "市工信局", "省级", [("2022-09-20", 1), ("2023-05-30", 1)], "firm"),
    ("互联网+先进制造业特色产业基地", "市工信局", "省级", [("2022-12-12", 1)], "base"),
    ("首台（套）重大装备", "市工信局", "省级", [("2022-11-08", 4), ("2023-06-02", 2)], "equipment"),
    ("赋能工业APP", "市工信局", "市级", [("2022-%02d-25" % m, n) for m, n in
                                     ((2, 6), (3, 8), (4, 9), (5, 9), (6, 10), (7, 8), (8, 9), (9, 10), (10, 10), (11, 12), (12, 12))]
     + [("2023-%02d-24" % m, n) for m, n in ((1, 5), (2, 6), (3, 8), (4, 8), (5, 8), (6, 9))], "app"),
    ("优秀智改数转服务商", "市工信局", "市级", [("2022-12-15", 10), ("2023-06-21", 3)], "firm"),
    ("工业信息安全防护星级企业", "市工信局", "省级", [("2022-10-25", 16), ("2023-06-08", 9)], "firm"),
    ("揭榜挂帅技术攻关项目", "市科技局", "市级", [("2022-07-15", 10), ("2023-04-20", 6)], "challenge"),
    ("数字工匠", "市人社局", "市级", [("2022-10-28", 20), ("2023-04-26", 10)], "person"),
]
DOC_PREFIX = {"市工信局": "盐工信", "市科技局": "盐科", "市人社局": "盐人社"}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱马胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文辉鹏飞海峰亮宇浩凯健俊帆"


def recognition_name(rng, how, firm):
    chain = rng.choice(CHAINS)
    product = rng.choice(PRODUCTS[chain])
    short = firm.replace("江苏", "").replace("盐城市", "").replace("盐城", "")[:4]
    return {
        "firm": firm, "plant": f"{short}{product}智能工厂", "workshop": f"{short}{product}智能车间",
        "scene": f"{product}{rng.choice(['机器视觉质检', '设备预测性维护', '柔性排产', '能耗精细管控', '安全生产智慧巡检', '数字孪生'])}场景",
        "solution": f"{chain}{rng.choice(['数字化车间', '设备联网', '质量追溯', '供应链协同', '能碳管理'])}解决方案",
        "cloud": f"{firm}（{rng.choice(['三星级', '四星级', '三星级', '五星级'])}上云）",
        "project": f"{short}{rng.choice(['5G+工业互联网', '工业互联网平台+园区', '工业互联网标识解析'])}试点示范项目",
        "base": "盐城经开区新能源汽车“互联网+先进制造业”特色产业基地",
        "equipment": f"{rng.choice(['10MW级海上风电机组智能', '大型智能', '数字化', '智能网联'])}{product}成套装备",
        "app": f"{product}{rng.choice(['设备点检', '工艺参数优化', '能耗监测', '质量追溯', '订单排产', '仓储管理'])}APP",
        "challenge": f"{product}{rng.choice(['智能检测', '高精度控制', '工业软件', '数字孪生', '智能运维'])}关键技术攻关",
        "person": rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else ""),
    }[how]


def departments(rng, root):
    receipts = []
    recs = {dept: [] for dept in DOC_PREFIX}
    for kind, dept, level, batches, how in RECOGNITIONS:
        for day, n in batches:
            doc = f"{DOC_PREFIX[dept]}〔{day[:4]}〕{rng.randint(8, 160)}号" if level == "市级" else \
                f"{'苏工信' if level == '省级' else '工信部'}〔{day[:4]}〕{rng.randint(20, 420)}号"
            for _ in range(n):
                county = rng.choice(COUNTIES)
                firm = firm_name(rng)
                recs[dept].append([kind, level, recognition_name(rng, how, firm), firm, uscc(rng, county[0]), county[1],
                                   day, doc])
    for month in MONTHS:
        end = month_end(month).isoformat()
        for dept, rows in recs.items():
            current = sorted((r for r in rows if r[6] <= end), key=lambda r: (r[6], r[0], r[2]))
            fname = f"{dept}-认定发布清单-{tag(month)}.csv"
            write(root, month, fname, csv_text(REC_HEADER, current))
            receipts.append((month, fname, arrival(dept, month)))

    # 市工信局 智改数转监测月报: stocks and rates at the month (2022-12 carried in the January file).
    def monitoring_row(y, m):
        t = 0 if y == 2022 else m                         # months since December 2022
        ytd = {0: (342, 321), 1: (18, 17), 2: (41, 39), 3: (86, 82), 4: (121, 116), 5: (152, 146), 6: (186, 179)}[t]
        return [f"{y}-{m:02d}", str(4188 if t == 0 else 4262 + 3 * (t - 1)), str(3260 + round(56.7 * t)),
                f"{64.9 + 0.32 * t:.1f}", f"{59.6 + 0.27 * t:.1f}", f"{78.8 + 0.28 * t:.1f}", f"{85.4 + 0.25 * t:.1f}",
                "68", str(20 + (t >= 2) * 2 + (t >= 4) * 2 + (t >= 6) * 2),
                str(71 + round(1.17 * t)), str(151 + (t >= 4) * 9 + (t >= 6) * 8), str(1172 + (t >= 5) * 118),
                f"{22.8 + 0.75 * t:.1f}", str(8 + (t >= 4)), str(2 + (t >= 3)), str(2690 + 110 * t),
                str(ytd[0]), str(ytd[1])]
    mon_header = ["统计月份", "规上工业企业数（家）", "累计开展智改数转规上企业数（家）", "两化融合发展水平", "关键工序数控化率（%）",
                  "经营管理数字化普及率（%）", "数字化研发设计工具普及率（%）", "链主企业数（家）", "应用工业互联网平台的链主企业数（家）",
                  "累计省级数字化应用场景实践案例及解决方案（个）", "累计省级工业互联网标杆工厂和示范智能车间工厂（家）",
                  "累计省星级上云企业数（家）", "设备联网上云数（万台）", "累计省级重点工业互联网平台数（个）",
                  "累计建成标识解析二级节点数（个）", "标识解析累计注册企业数（家）", "本年新开工工业项目数（个）",
                  "其中应用数字技术和智能装备项目数（个）"]
    # 市通管办 信息基础设施月报
    def infra_row(y, m):
        t = 0 if y == 2022 else m
        return [f"{y}-{m:02d}", str(10420 + 160 * t), "28", str(21 + (t >= 2) + (t >= 4) + (t >= 6))]
    infra_header = ["统计月份", "5G基站累计建成数（个）", "市级以上工业园区数（个）", "5G和千兆光纤全覆盖园区数（个）"]
    # 市人社局 产业数字化人才引培月报 (year to date)
    talent_ytd = {2022: [520, 1010, 1930, 2840, 3760, 4820, 5660, 6470, 7550, 8480, 9510, 10640],
                  2023: [640, 1180, 2190, 3150, 4230, 5380]}
    def talent_row(y, m):
        total = talent_ytd[y][m - 1]
        brought = round(total * 0.34)
        return [f"{y}-{m:02d}", str(brought), str(total - brought), str(total)]
    talent_header = ["统计月份", "本年引进产业数字化人才（人）", "本年培育产业数字化人才（人）", "本年引培产业数字化人才合计（人）"]
    # 市统计局 规上工业主要指标月报 (year to date): 增加值 grows about 7% a year, employment falls about 1.4%.
    season = [0.072, 0.128, 0.218, 0.300, 0.385, 0.478, 0.560, 0.642, 0.735, 0.822, 0.908, 1.0]
    def stats_row(y, m):
        value = 1650 * (1.065 if y >= 2022 else 1) * (1.072 if y >= 2023 else 1) * season[m - 1] * (1 + 0.004 * (m % 3))
        employed = 52.0 * 0.986 ** ((y - 2021) + (m - 6) / 12)       # 万人 (平均用工)
        return [f"{y}-{m:02d}", f"{value:.2f}", f"{value / employed:.2f}"]
    stats_header = ["统计月份", "规上工业增加值（亿元）", "规上工业全员劳动生产率（万元/人）"]

    for month in MONTHS:
        y, m = month.year, month.month
        first = m == 1
        files = [
            ("市工信局", "智改数转监测月报", mon_header, ([monitoring_row(2022, 12)] if first else []) + [monitoring_row(y, m)]),
            ("市通管办", "信息基础设施月报", infra_header, ([infra_row(2022, 12)] if first else []) + [infra_row(y, m)]),
            ("市人社局", "产业数字化人才引培月报", talent_header,
             ([talent_row(2022, k) for k in range(1, 13)] if first else []) + [talent_row(y, m)]),
            ("市统计局", "规上工业主要指标月报", stats_header,
             ([stats_row(yy, k) for yy in (2021, 2022) for k in range(1, 13)] if first else []) + [stats_row(y, m)]),
        ]
        for dept, title, header, rows in files:
            fname = f"{dept}-{title}-{tag(month)}.csv"
            write(root, month, fname, csv_text(header, rows))
            receipts.append((month, fname, arrival(dept, month, 2)))
    return receipts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=".")
    a = ap.parse_args()
    root = a.root
    rng = random.Random(20240131)
    receipts = counties(random.Random(rng.random()), root)
    receipts += departments(random.Random(rng.random()), root)
    for month in MONTHS:
        lines = ["文件,接收时间"] + [f"{f},{t}" for mo, f, t in sorted(receipts) if mo == month]
        with open(os.path.join(folder_of(root, month), "_收件登记.csv"), "w", encoding="utf-8", newline="") as fh:
            fh.write("\n".join(lines) + "\n")
    # County decomposition of the per-year targets: each county's share, the last unit absorbing rounding.
    out = ["指标代码,单位,年份,目标值"]
    for code, city in CITY_TARGETS.items():
        for year in (2022, 2023, 2024):
            vals = [round(city * c[2]) for c in COUNTIES]
            vals[-1] = city - sum(vals[:-1])
            for c, v in zip(COUNTIES, vals):
                out.append(f"{code},{c[1]},{year},{v}")
    with open(os.path.join(root, "pipelines", "yancheng.targets.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
