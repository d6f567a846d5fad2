#!/usr/bin/env python3
"""Writes the defective-submission fixtures: Tests/GaizaoCoreTests/Fixtures/defective/*.csv and expected.csv.

usage: tools/gen_defective.py [--out DIR] [--big]

Each file carries one defect a town or department clerk really produces; expected.csv names, per file,
the issue code that `gaizao check` and `gaizao ingest` must report and where (Excel row, column letter).
Files are checked against pipelines/tongxiang.yaml for period 2023-06. The 50 MB single-field file is
not committed; the test (or --big) writes it.
"""
import argparse, os, subprocess

H = ["项目编号", "项目名称", "企业名称", "统一社会信用代码", "所属镇街", "改造类型", "计划总投资（万元）",
     "累计完成投资（万元）", "本年完成投资（万元）", "节约用能（吨标煤）", "新增工业机器人（台）", "开工日期", "竣工日期", "项目状态"]
HEADER = ",".join(H)
FIN = "统计月份,制造业中长期贷款余额（亿元）,本年新增制造业中长期贷款（亿元）,绿色贷款余额（亿元）,各项贷款余额（亿元）,上年同期绿色贷款余额（亿元）"


def row(pid="TX01-001", **change):
    f = [pid, "年产100万件毛衫智能化改造项目", "浙江恒丰科技有限公司", "91330483E2T5HEH7EW", "梧桐街道", "数字化改造",
         "1200.5", "800", "300", "", "4", "2023-02-01", "", "在建"]
    for k, v in change.items():
        f[int(k[1:])] = v
    return ",".join(f)


def text(lines):
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def gbk(b):
    return b.decode("utf-8").encode("gb18030")


BAD = text([HEADER, row(), row("TX01-002", c7="约三百万")])
VALID = text([HEADER, row(), row("TX01-002")])

# file name, bytes, code, Excel row, column letter ("" when the issue is about the whole row or file)
CASES = [
    ("梧桐街道-01二进制乱码.csv", bytes([0x00, 0xFF, 0xFE, 0x80, 0x81, 0xFF]), "encoding-error", "", ""),
    ("梧桐街道-02零字节.csv", b"", "empty-file", "", ""),
    ("梧桐街道-03只有表头.csv", text([HEADER]), "empty-file", "1", ""),
    ("梧桐街道-04只有空行.csv", text(["", " ", ""]), "empty-file", "", ""),
    ("梧桐街道-05未知模板.csv", text(["姓名,年龄,住址", "张三,30,乌镇"]), "unknown-template", "1", ""),
    ("科技局-06模板不明确.csv", text(["企业名称,统一社会信用代码,所属镇街,认定日期,日期",
                                 "浙江恒丰科技有限公司,91330483E2T5HEH7EW,梧桐街道,2023-05-01,2023-05-01"]),
     "ambiguous-template", "1", ""),
    ("梧桐街道-07缺必填列.csv", text([HEADER.replace(",项目状态", ""), row()[: row().rindex(",")]]), "missing-column", "1", ""),
    ("梧桐街道-08重复列.csv", text([HEADER + ",项目编号", row() + ",X"]), "duplicate-column", "1", "O"),
    ("梧桐街道-09多余列.csv", text([HEADER + ",备注", row() + ",无"]), "extra-column", "1", "O"),
    ("梧桐街道-10列数过多.csv", text([HEADER, row(), row("TX01-002") + ",多出来的"]), "field-count", "3", ""),
    ("梧桐街道-11参差短行.csv", text([HEADER, "TX01-002,项目,企业"]), "field-count", "2", ""),
    ("梧桐街道-12中间空行.csv", text([HEADER, row(), "", row("TX01-002")]), "blank-row", "3", ""),
    ("梧桐街道-13缺项目编号.csv", text([HEADER, row(""), row("TX01-002")]), "missing-value", "2", "A"),
    ("梧桐街道-14不是数字.csv", BAD, "type-error", "3", "H"),
    ("梧桐街道-15状态不在列表.csv", text([HEADER, row(c13="已完工")]), "constraint-error", "2", "N"),
    ("梧桐街道-16负数.csv", text([HEADER, row(c8="-5")]), "constraint-error", "2", "I"),
    ("梧桐街道-17机器人非整数.csv", text([HEADER, row(c10="2.5")]), "type-error", "2", "K"),
    ("梧桐街道-18不存在的日期.csv", text([HEADER, row(c11="2023-13-45")]), "type-error", "2", "L"),
    ("梧桐街道-19信用代码校验位.csv", text([HEADER, row(c3="91330483E2T5HEH7E0")]), "uscc-checksum", "2", "D"),
    ("梧桐街道-20信用代码格式.csv", text([HEADER, row(c3="913304831234")]), "type-error", "2", "D"),
    ("梧桐街道-21表头亿元.csv", text([HEADER.replace("计划总投资（万元）", "计划总投资(亿元)"), row(c6="0.12005")]),
     "unit-mismatch", "1", "G"),
    ("梧桐街道-22表头单位无法换算.csv", text([HEADER.replace("计划总投资（万元）", "计划总投资（台）"), row()]),
     "unit-mismatch", "1", "G"),
    ("梧桐街道-23文件内重复编号.csv", text([HEADER, row(), row("TX01-002"), row()]), "duplicate-key", "4", "A"),
    ("梧桐街道-24表头上方有标题.csv", text(["梧桐街道两化改造项目清单（2023年6月）,,,", HEADER, row(c7="约三百万")]),
     "type-error", "3", "H"),
    ("梧桐街道-25底部合计行.csv", text([HEADER, row(), "合计,,,,,,1200.5,800,300,,4,,,"]), "constraint-error", "3", "A"),
    ("梧桐街道-26十万列.csv", ("x," * 100_000).encode(), "limit-exceeded", "1", ""),
    ("梧桐街道-27GBK导出.csv", gbk(BAD), "type-error", "3", "H"),
    ("梧桐街道-28带BOM.csv", b"\xef\xbb\xbf" + BAD, "type-error", "3", "H"),
    ("梧桐街道-29GBK含坏字节.csv", gbk(text([HEADER, row()])) + b"\xff\x0a", "encoding-error", "", ""),
    ("梧桐街道-30未加引号的换行.csv", text([HEADER, "TX01-002,年产\n项目" + row()[8 + 15:]]), "field-count", "2", ""),
    ("金融发展服务中心-31统计月份晚于报送月.csv", text([FIN, "2023-06,812.5,95.2,310.4,2630.8,250.1", "2023-07,815.0,97.0,312.0,2640.0,251.0"]),
     "period-mismatch", "3", "A"),
    ("项目清单-32无法确定单位.csv", text([HEADER, row(c4="火星镇")]), "unknown-unit", "2", "E"),
    ("..\\..\\梧桐街道-33路径文件名.csv", text([HEADER, row("TX01-033"), row("TX01-034", c7="约三百万")]), "type-error", "3", "H"),
    ("梧桐街道-34原件.csv", VALID, "", "", ""),
    ("梧桐街道-35重发.csv", VALID, "duplicate-file", "", ""),
    ("梧桐街道-36五十兆单字段.csv", None, "limit-exceeded", "2", ""),
]


def big_field():
    return text([HEADER]) + b'"' + b"A" * (50 << 20)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "Tests", "GaizaoCoreTests",
                                                   "Fixtures", "defective"))
    ap.add_argument("--big", action="store_true", help="also write the 50 MB single-field file")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    lines = ["文件,代码,行,列"]
    for name, data, code, line, col in CASES:
        if data is None and a.big:
            data = big_field()
        if data is not None:
            with open(os.path.join(a.out, name), "wb") as f:
                f.write(data)
        lines.append(f"{name},{code},{line},{col}")
    with open(os.path.join(a.out, "expected.csv"), "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
