#!/usr/bin/env python3
"""An oracle apart from gaizao's code: the city totals of one month of 两化改造项目清单 ledgers (the bench pipeline's
template), computed with pandas from SPEC §8 and compared with gaizao's indicators.json for that month.

usage: tools/peer_check.py MONTH_DIR INDICATORS_JSON YYYY-MM-DD(last day of the month)
e.g.   .build-bench/venv/bin/python tools/peer_check.py .build-bench/months/100000/inputs/bench/2023-12 \\
           .build-bench/months/100000/out/bench/2023-12/indicators.json 2023-12-31
Rows are accepted by the peer's own rules (../shared/bench/peer_pandas.py); counted projects are 在建/竣工 with
开工日期 in the plan (2022-01 … 2025-12) and, for figures placed by 开工日期, on or before the month's end;
节约用能 takes counted 竣工 projects by 竣工日期. Exit 1 when a plan-to-date total differs.
"""
import glob, json, os, sys
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench"))
from peer_pandas import uscc_ok  # noqa: E402

indir, js, month_end = sys.argv[1], sys.argv[2], pd.Timestamp(sys.argv[3])
df = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted(glob.glob(os.path.join(indir, "*.csv")))],
               ignore_index=True)
cols = ["计划总投资（万元）", "累计完成投资（万元）", "本年完成投资（万元）", "节约用能（吨标煤）", "新增工业机器人（台）"]
num = {c: pd.to_numeric(df[c].str.replace(",", ""), errors="coerce") for c in cols}
start = pd.to_datetime(df["开工日期"], format="%Y-%m-%d", errors="coerce")
end = pd.to_datetime(df["竣工日期"], format="%Y-%m-%d", errors="coerce")
ok = (df["项目编号"] != "") & df["统一社会信用代码"].map(uscc_ok) \
    & df["改造类型"].isin(["数字化改造", "绿色化改造", "数字化绿色化改造"]) \
    & df["项目状态"].isin(["未开工", "在建", "竣工"]) & start.notna()
for s in num.values():
    ok &= s.notna() & (s >= 0)
in_plan = ok & df["项目状态"].isin(["在建", "竣工"]) & (start >= "2022-01-01") & (start <= "2025-12-31")
by_start = in_plan & (start <= month_end)
expected = {
    "projects": float(by_start.sum()),
    "investment": num["累计完成投资（万元）"][by_start].sum() / 1e4,
    "robots": float(num["新增工业机器人（台）"][by_start].sum()),
    "energy_saving": num["节约用能（吨标煤）"][in_plan & (df["项目状态"] == "竣工") & (end >= "2022-01-01") & (end <= month_end)].sum() / 1e4,
}
report = json.load(open(js))
figures = {f["code"]: f for f in report["indicators"] if f["scope"] == "total"}
print(f"rows {len(df)}: peer accepts {int(ok.sum())}, gaizao {report['books']['rows_accepted']}; "
      f"{int((in_plan & (end < start)).sum())} counted rows finished before they started")
bad = 0
for code, want in expected.items():
    got = figures[code]["plan_to_date"]
    same = abs(got - want) <= 1e-6 * max(1.0, abs(want))
    bad += not same
    print(f"{code}: peer {want:.4f}, gaizao {got:.4f} {'✓' if same else '✗'}")
sys.exit(1 if bad else 0)
