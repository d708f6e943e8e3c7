"""The randomized report model: what an agency meant, what it printed, and the truth.

A report is drawn from one seed.  The seed decides the template (gb2019, gb2021 or the
gb2021 hybrid with a single （六）其他处理 row), the year, the agency, the size of the
agency (how many applications), and a set of traits (see TRAITS in traits.py).  The
numbers are internally consistent; a few reports carry a deliberate arithmetic error.

`printed[table][row][col]` is the exact text of each cell.  The truth is computed from
it with the value conventions of template.json (blank -> null; '—' '-' '--' '/' '无'
'不适用' -> 0 with the raw text kept; full-width digits and thousands separators
normalised; amounts in 万元, a value written in 元 converted), and the rules of the
template are evaluated on the printed values to list `source_inconsistencies`.
"""
import json
import re
from collections import OrderedDict

APP_COLS = ["natural_person", "commercial_enterprise", "research_institution",
            "public_welfare_org", "legal_service_org", "other_org", "total"]
RL_COLS = ["upheld", "corrected", "other", "pending", "total"]
RL_ROWS = ["review", "litigation_direct", "litigation_after_review"]
HYBRID = "other_handling"


def load_template(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def table_def(tv, key):
    for t in tv["tables"]:
        if t["key"] == key:
            return t
    raise KeyError(key)


def app_row_defs(tv, hybrid):
    rows = table_def(tv, "applications")["rows"]
    if not hybrid:
        return rows
    out = []
    for r in rows:
        if r["key"].startswith("other_"):
            if r["key"] == "other_no_correction":
                out.append({"key": "other_handling", "label": "（六）其他处理", "group": r["group"]})
            continue
        out.append(r)
    return out


def result_rows(keys):
    return [k for k in keys if k not in ("new_received", "carried_over", "results_total", "carried_forward")]


# ------------------------------------------------------------------ agencies
PROVINCES = ["江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
             "广东省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "河北省", "山西省", "吉林省"]
CITIES = ["临川", "安平", "清河", "东阳", "南川", "平江", "宁远", "长宁", "兴安", "永安", "丰城", "建宁",
          "新余", "江川", "定远", "德安", "鹤山", "龙泉", "青田", "庆元", "崇安", "海城", "云和", "桐城"]
DISTRICTS = ["城东", "城西", "鼓楼", "江北", "新城", "开元", "滨湖", "高新", "经开", "河西", "洪泽", "望江"]
TOWNS = ["白马", "石桥", "黄土", "双河", "柳林", "三溪", "桃源", "新桥", "长岭", "梅花", "龙湾", "凤凰"]
STREETS = ["中山", "解放", "人民路", "文昌", "东湖", "西门", "北关", "南苑", "新华", "和平"]
CITY_BUREAUS = ["生态环境局", "市场监督管理局", "交通运输局", "自然资源和规划局", "住房和城乡建设局",
                "农业农村局", "卫生健康委员会", "人力资源和社会保障局", "退役军人事务局", "应急管理局",
                "医疗保障局", "文化广电和旅游局", "城市管理综合行政执法局", "行政审批局", "统计局"]
PROV_DEPTS = ["自然资源厅", "生态环境厅", "交通运输厅", "教育厅", "民政厅", "水利厅", "商务厅",
              "住房和城乡建设厅", "市场监督管理局", "卫生健康委员会"]
PARTY_OFFICES = ["机构编制委员会办公室", "网络安全和信息化委员会办公室", "政法委员会"]


def make_agency(rng):
    kind = rng.choice(["district_gov", "county_bureau", "tax", "prov_dept", "town", "street",
                       "party", "city_bureau", "city_gov", "county_gov", "dev_zone"])
    prov = rng.choice(PROVINCES)
    city = rng.choice(CITIES)
    dist = rng.choice(DISTRICTS)
    if kind == "district_gov":
        a = "%s市%s区人民政府" % (city, dist)
    elif kind == "county_bureau":
        a = "%s县%s" % (rng.choice(CITIES), rng.choice(CITY_BUREAUS))
    elif kind == "tax":
        a = rng.choice(["国家税务总局%s市税务局" % city, "国家税务总局%s市%s区税务局" % (city, dist)])
    elif kind == "prov_dept":
        a = prov + rng.choice(PROV_DEPTS)
    elif kind == "town":
        a = "%s县%s镇人民政府" % (rng.choice(CITIES), rng.choice(TOWNS))
    elif kind == "street":
        a = "%s市%s区%s街道办事处" % (city, dist, rng.choice(STREETS))
    elif kind == "party":
        a = "中共%s市委%s" % (city, rng.choice(PARTY_OFFICES))
    elif kind == "city_bureau":
        a = "%s市%s" % (city, rng.choice(CITY_BUREAUS))
    elif kind == "city_gov":
        a = "%s市人民政府办公室" % city
    elif kind == "county_gov":
        a = "%s县人民政府" % rng.choice(CITIES)
    else:
        a = "%s市%s经济技术开发区管理委员会" % (city, dist)
    return a, kind


# ------------------------------------------------------------------ numbers
def split_total(rng, total, weights):
    """Distribute `total` over len(weights) bins (multinomial)."""
    out = [0] * len(weights)
    if total <= 0:
        return out
    tw = float(sum(weights))
    if total > 2000:
        # proportional with jitter, then fix the rest
        for i, w in enumerate(weights):
            out[i] = int(total * w / tw * rng.uniform(0.85, 1.15))
        while sum(out) > total:
            i = rng.randrange(len(out))
            if out[i] > 0:
                out[i] -= 1
        rest = total - sum(out)
        idx = rng.choices(range(len(weights)), weights=weights, k=rest)
        for i in idx:
            out[i] += 1
        return out
    for i in rng.choices(range(len(weights)), weights=weights, k=total):
        out[i] += 1
    return out


SIZE_RANGES = {"tiny": (0, 6), "small": (5, 60), "medium": (60, 500), "large": (1000, 6000)}

RESULT_WEIGHTS = {
    "granted": 30, "partially_granted": 8, "denied_state_secret": 0.3, "denied_law_prohibited": 0.5,
    "denied_three_security_one_stability": 0.3, "denied_third_party_rights": 1.5,
    "denied_internal_affairs": 1, "denied_process_info": 2, "denied_enforcement_case_file": 0.8,
    "denied_admin_query": 1.5, "unable_not_held": 22, "unable_needs_creation": 4,
    "unable_unclear_after_correction": 2, "not_processed_petition_complaint": 4,
    "not_processed_repeat": 3, "not_processed_publication": 0.5, "not_processed_mass_repeat": 1,
    "not_processed_confirm_or_reissue": 1, "other_no_correction": 5, "other_fee_unpaid": 0.3,
    "other_other": 4, "other_handling": 8,
}


def gen_apps(rng, size, rows):
    lo, hi = SIZE_RANGES[size]
    n_new = rng.randint(lo, hi)
    if size == "tiny":
        colw = [1, 0.15, 0, 0, 0.05, 0.05]
    elif size == "small":
        colw = [1, 0.2, 0.02, 0.02, 0.05, 0.05]
    else:
        colw = [1, rng.uniform(0.1, 0.4), 0.02, 0.02, rng.uniform(0.02, 0.1), rng.uniform(0.02, 0.1)]
    new = split_total(rng, n_new, colw)
    co_tot = rng.randint(0, max(0, n_new // 8)) if n_new else 0
    co = split_total(rng, co_tot, colw)
    rr = result_rows(rows)
    weights = [RESULT_WEIGHTS[k] for k in rr]
    res = {k: [0] * 6 for k in rr}
    cf = [0] * 6
    for c in range(6):
        avail = new[c] + co[c]
        cf[c] = rng.randint(0, avail // 6) if avail else 0
        r_tot = avail - cf[c]
        vals = split_total(rng, r_tot, weights)
        for k, v in zip(rr, vals):
            res[k][c] = v
    apps = {"new_received": new, "carried_over": co}
    apps.update(res)
    apps["results_total"] = [sum(res[k][c] for k in rr) for c in range(6)]
    apps["carried_forward"] = cf
    out = OrderedDict()
    for k in rows:
        v = apps[k]
        out[k] = OrderedDict(zip(APP_COLS, v + [sum(v)]))
    return out


def gen_review(rng, size):
    m = {"tiny": 2, "small": 5, "medium": 15, "large": 120}[size]
    out = OrderedDict()
    for r in RL_ROWS:
        mm = m if r == "review" else max(1, m // 2)
        if rng.random() < 0.3:
            v = [0, 0, 0, 0]
        else:
            v = split_total(rng, rng.randint(0, mm), [5, 1, 1.5, 1])
        out[r] = OrderedDict(zip(RL_COLS, v + [sum(v)]))
    return out


def gen_art20(rng, tv, template, kind, size):
    big = {"tiny": 0.2, "small": 1, "medium": 4, "large": 20}[size]
    has_regs = kind in ("prov_dept", "city_gov") and rng.random() < 0.5
    t = OrderedDict()
    if template == "gb2021":
        regs = [rng.randint(0, 3), rng.randint(0, 2), rng.randint(3, 40)] if has_regs else [0, 0, 0]
        iss = rng.randint(0, int(10 * big) + 2)
        rep = rng.randint(0, 5)
        t["art20_1"] = OrderedDict([("regulations", dict(zip(["issued", "repealed", "in_force"], regs))),
                                    ("normative_docs", dict(zip(["issued", "repealed", "in_force"],
                                                                [iss, rep, iss + rng.randint(rep, 120)])))])
        t["art20_5"] = OrderedDict([("admin_license", {"decisions": rng.randint(0, int(3000 * big))})])
        t["art20_6"] = OrderedDict([("admin_penalty", {"decisions": rng.randint(0, int(1500 * big))}),
                                    ("admin_coercion", {"decisions": rng.randint(0, int(40 * big))})])
        fee = 0 if rng.random() < 0.35 else round(rng.uniform(0.5, 800 * big), rng.choice([2, 2, 4]))
        t["art20_8"] = OrderedDict([("admin_fees", {"fee_amount": fee})])
    else:
        regs = [rng.randint(0, 3), 0, rng.randint(3, 40)] if has_regs else [0, 0, 0]
        regs[1] = regs[0]
        nm = rng.randint(0, int(10 * big) + 2)
        t["art20_1"] = OrderedDict([("regulations", dict(zip(["new_made", "new_published", "total_published"], regs))),
                                    ("normative_docs", dict(zip(["new_made", "new_published", "total_published"],
                                                                [nm, nm, nm + rng.randint(0, 150)])))])

        def item():
            return {"prev_year_items": rng.randint(0, int(60 * big) + 3), "change": rng.randint(-5, 8),
                    "decisions": rng.randint(0, int(2000 * big))}
        t["art20_5"] = OrderedDict([("admin_license", item()), ("other_external_services", item())])
        t["art20_6"] = OrderedDict([("admin_penalty", item()), ("admin_coercion", item())])
        t["art20_8"] = OrderedDict([("admin_fees", {"prev_year_items": rng.randint(0, 12), "change": rng.randint(-3, 2)})])
        amt = 0 if rng.random() < 0.3 else round(rng.uniform(1, 3000 * big), rng.choice([2, 4]))
        t["art20_9"] = OrderedDict([("central_procurement", {"procurement_items": rng.randint(0, int(30 * big) + 1) if amt else 0,
                                                             "procurement_amount": amt})])
    # keep column order of the template
    out = OrderedDict()
    for tk, rows in t.items():
        td = table_def(tv, tk)
        out[tk] = OrderedDict()
        for r in td["rows"]:
            out[tk][r["key"]] = OrderedDict((c["key"], rows[r["key"]][c["key"]]) for c in td["columns"])
    return out


# ------------------------------------------------------------------ printing
FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def fmt_amount(v):
    s = ("%.4f" % v).rstrip("0").rstrip(".")
    return s


def fmt_int(v, thousands=False):
    if thousands and abs(v) >= 1000:
        return "{:,}".format(v)
    return str(v)


# value parsing (the truth side of value_conventions)
DASHES = {"—", "-", "--", "/", "无", "不适用", "－", "／"}
FW = {0xFF10 + i: 0x30 + i for i in range(10)}
FW.update({0xFF0E: 0x2E, 0xFF0C: 0x2C, 0xFF0D: 0x2D})


def parse_cell(text, unit=None):
    """unit: None for counts, '万元' or '元' for amount columns (the unit the header states)."""
    s = text.strip()
    if s == "":
        return None
    if s in DASHES:
        return 0
    s = s.translate(FW).replace(",", "").replace(" ", "")
    cell_unit = None
    if s.endswith("万元"):
        s, cell_unit = s[:-2], "万元"
    elif s.endswith("元"):
        s, cell_unit = s[:-1], "元"
    if not re.fullmatch(r"-?\d+(\.\d+)?", s):
        raise ValueError("unparseable cell %r" % text)
    v = float(s) if "." in s else int(s)
    u = cell_unit or unit
    if u == "元":
        v = round(v / 10000.0, 6)
        if v == int(v):
            v = int(v)
    return v


def canonical(v):
    if isinstance(v, float):
        return fmt_amount(v)
    return str(v)


# ------------------------------------------------------------------ rules
def source_inconsistencies(tables, app_keys):
    out = []
    apps = tables["applications"]
    rr = result_rows(app_keys)

    def fmt_sum(names, vals):
        return " + ".join("%s %s" % (n, v) for n, v in zip(names, vals))

    for c in APP_COLS:
        a, b = apps["new_received"][c], apps["carried_over"][c]
        x, y = apps["results_total"][c], apps["carried_forward"][c]
        if None not in (a, b, x, y) and a + b != x + y:
            out.append({"rule": "applications.balance", "where": "applications.*.%s" % c,
                        "detail": "new_received %s + carried_over %s = %s, results_total %s + carried_forward %s = %s"
                                  % (a, b, a + b, x, y, x + y), "severity": "error"})
    for c in APP_COLS:
        vals = [apps[r][c] for r in rr]
        tot = apps["results_total"][c]
        if None not in vals and tot is not None and sum(vals) != tot:
            out.append({"rule": "applications.results_total", "where": "applications.*.%s" % c,
                        "detail": "sum of the %d result rows = %s, printed results_total %s"
                                  % (len(rr), sum(vals), tot), "severity": "error"})
    for r, cols in apps.items():
        vals = [cols[c] for c in APP_COLS[:6]]
        if None not in vals and cols["total"] is not None and sum(vals) != cols["total"]:
            out.append({"rule": "applications.row_total", "where": "applications.%s" % r,
                        "detail": "%s = %s, printed total %s" % (fmt_sum(APP_COLS[:6], vals), sum(vals), cols["total"]),
                        "severity": "error"})
    for r, cols in tables["review_litigation"].items():
        vals = [cols[c] for c in RL_COLS[:4]]
        if None not in vals and cols["total"] is not None and sum(vals) != cols["total"]:
            out.append({"rule": "review_litigation.row_total", "where": "review_litigation.%s" % r,
                        "detail": "%s = %s, printed total %s" % (fmt_sum(RL_COLS[:4], vals), sum(vals), cols["total"]),
                        "severity": "error"})
    for tk, rows in tables.items():
        for rk, cols in rows.items():
            for ck, v in cols.items():
                if v is not None and v < 0 and not (tk in ("art20_5", "art20_6", "art20_8") and ck == "change"):
                    out.append({"rule": "values.domain", "where": "%s.%s.%s" % (tk, rk, ck),
                                "detail": "negative value %s" % v, "severity": "error"})
    nulls = OrderedDict()
    for tk, rows in tables.items():
        for rk, cols in rows.items():
            for ck, v in cols.items():
                if v is None:
                    nulls.setdefault(tk, []).append("%s.%s.%s" % (tk, rk, ck))
    for tk, cells in nulls.items():
        out.append({"rule": "values.complete", "severity": "warning", "where": tk, "cells": cells,
                    "detail": "blank cell(s) in the printed table"})
    return out
