"""One randomized report per seed: options (traits), numbers, printed cells, prose and the
document as blocks that every renderer shares.

Blocks: ('dateline', text) ('title', Title) ('para', text) ('heading', text)
('subheading', text) ('caption', text) ('table', Table) ('sign', text) ('pagebreak', None).
"""
import random
from collections import OrderedDict

import model as M

NUMBERINGS = [".", "、", "．", "paren"]
TYPOS = {
    "granted": ("予以公开", "予已公开"),
    "denied_state_secret": ("属于国家秘密", "属于国家密秘"),
    "denied_enforcement_case_file": ("行政执法案卷", "行政执法案券"),
    "not_processed_repeat": ("重复申请", "重复申情"),
    "denied_third_party_rights": ("合法权益", "合法权义"),
    "unable_not_held": ("不掌握相关", "不掌接相关"),
    "not_processed_publication": ("公开出版物", "公开出版务"),
}
ZERO_MARKERS = ["-", "/", "—", "--", "无"]


class Cell:
    def __init__(self, text, rowspan=1, colspan=1, align="center", header=False, vertical=False, path=None):
        self.text, self.rowspan, self.colspan = text, rowspan, colspan
        self.align, self.header, self.vertical, self.path = align, header, vertical, path


class Table:
    """HTML-style rows of cells (covered positions omitted) + relative column widths."""

    def __init__(self, key, rows, widths, header_rows=0, role=None):
        self.key, self.rows, self.widths = key, rows, widths
        self.header_rows = header_rows
        self.role = role or key
        self.ruling = "grid"          # grid | none | three_line
        self.landscape = False
        self.repeat_header = False
        self.font_size = 9

    def grid(self):
        occ = {}
        placed = []
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while (r, c) in occ:
                    c += 1
                placed.append((r, c, cell))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        occ[(r + dr, c + dc)] = cell
                c += cell.colspan
        ncols = len(self.widths)
        for (r, c) in occ:
            assert c < ncols, (self.key, r, c)
        return placed, len(self.rows), ncols

    def data_paths(self):
        placed, _, _ = self.grid()
        return [cell.path for r, c, cell in sorted(placed, key=lambda x: (x[0], x[1])) if cell.path]


class Title:
    def __init__(self, text, lines, narrow=False):
        self.text, self.lines, self.narrow = text, lines, narrow


def pick(rng, items):
    """items: list of (value, weight)."""
    vals, ws = zip(*items)
    return rng.choices(vals, weights=ws, k=1)[0]


# ------------------------------------------------------------------ options
def draw_options(seed):
    rng = random.Random(seed * 7919 + 17)
    o = {}
    o["template_kind"] = pick(rng, [("gb2019", 25), ("gb2021", 52), ("hybrid", 23)])
    o["template"] = "gb2019" if o["template_kind"] == "gb2019" else "gb2021"
    o["hybrid"] = o["template_kind"] == "hybrid"
    if o["template"] == "gb2019":
        o["year"] = rng.choice([2019, 2020])
    elif o["hybrid"]:
        o["year"] = pick(rng, [(2022, 1), (2023, 4), (2024, 4), (2025, 1)])
    else:
        o["year"] = rng.choice([2021, 2022, 2023, 2024, 2025])
    o["agency"], o["agency_kind"] = M.make_agency(rng)
    o["size"] = pick(rng, [("tiny", 25), ("small", 35), ("medium", 25), ("large", 15)])
    sp = ["none", "blank_zeros", "blank_columns", "blank_zero_rows", "zero_marker"]
    o["sparse"] = pick(rng, list(zip(sp, [30, 20, 20, 15, 15])))
    o["zero_marker"] = rng.choice(ZERO_MARKERS)
    o["sparse_other_tables"] = rng.random() < 0.4   # art20 / 四 zeros blank or marked too
    o["prose_near"] = rng.random() < 0.7
    o["prose_between"] = rng.random() < 0.4
    o["rl_shape"] = pick(rng, [("national", 40), ("rows3x5", 20), ("three_tables", 20), ("transposed", 20)])
    o["title_variant"] = pick(rng, [("agency_year", 40), ("year_agency", 15), ("yeardu_agency", 15),
                                    ("year_after", 15), ("agency_yeardu", 15)])
    o["title_wrap"] = pick(rng, [("none", 25), ("before_niandu", 25), ("mid_gongzuo", 15),
                                 ("three", 15), ("narrow", 20)])
    o["guillemets"] = rng.random() < 0.15
    o["dateline"] = rng.random() < 0.3
    o["preamble"] = pick(rng, [("agency", 55), ("short", 45)])
    o["label_col"] = pick(rng, [("narrow", 35), ("normal", 40), ("wide", 25)])
    o["vertical_groups"] = pick(rng, [("stacked", 40), ("rotated", 25), ("horizontal", 35)])
    o["split"] = pick(rng, [("natural", 45), ("repeat_header", 35), ("pagebreak_before", 20)])
    o["landscape_t3"] = rng.random() < 0.18
    o["thousands"] = rng.random() < 0.6
    o["fee_mode"] = pick(rng, [("wanyuan_plain", 35), ("wanyuan_suffix", 20), ("yuan_suffix", 25), ("yuan_header", 20)])
    o["ruling"] = pick(rng, [("grid", 55), ("none", 20), ("three_line", 25)])
    o["typo"] = rng.choice(sorted(TYPOS)) if rng.random() < 0.3 else None
    o["error"] = pick(rng, [(None, 72), ("results_total_off", 8), ("row_total_off", 8), ("rl_total_zero", 6),
                            ("carried_forward_off", 6)])
    o["numbering"] = pick(rng, [(".", 50), ("、", 25), ("．", 15), ("paren", 10)])
    o["partial_label"] = pick(rng, [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 70),
                                    ("（二）部分公开（区别处理的，只计这一情形，不计其他情形）", 20), ("（二）部分公开", 10)])
    o["three_security"] = pick(rng, [("3.危及“三安全一稳定”", 80), ("3.危及\"三安全一稳定\"", 10), ("3.危及三安全一稳定", 10)])
    o["total_label"] = pick(rng, [("总计", 85), ("合计", 15)])
    o["head4"] = pick(rng, [("四、政府信息公开行政复议、行政诉讼情况", 80),
                            ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", 10),
                            ("四、政府信息公开行政复议、行政诉讼情况统计", 10)])
    o["head5"] = pick(rng, [("五、存在的主要问题及改进情况", 75), ("五、存在的主要问题和改进情况", 15),
                            ("五、政府信息公开工作存在的主要问题及改进情况", 10)])
    o["art20_separate"] = rng.random() < 0.3
    o["t3_caption"] = rng.random() < 0.5 or o["prose_between"]
    o["page_numbers"] = pick(rng, [("dash", 60), ("di_ye", 20), ("none", 20)])
    o["body_pad"] = rng.randint(0, 4)   # extra paragraphs in 一, shifts where tables fall
    o["rng_state"] = rng.random()
    return o


# ------------------------------------------------------------------ report
class Report:
    def __init__(self, seed, tpl_all):
        self.seed = seed
        self.case = "t%03d" % seed
        o = self.opts = draw_options(seed)
        rng = self.rng = random.Random(seed * 104729 + 3)
        self.tv = tpl_all["versions"][o["template"]]
        self.app_defs = M.app_row_defs(self.tv, o["hybrid"])
        self.app_keys = [r["key"] for r in self.app_defs]
        self.agency, self.year, self.template = o["agency"], o["year"], o["template"]
        self.intended = OrderedDict()
        self.intended.update(M.gen_art20(rng, self.tv, o["template"], o["agency_kind"], o["size"]))
        self.intended["applications"] = M.gen_apps(rng, o["size"], self.app_keys)
        self.intended["review_litigation"] = M.gen_review(rng, o["size"])
        self.units = {}          # path -> unit stated by the header (for amount columns)
        self.headers = {}        # (table, col) -> printed column label override
        self.traits = []
        self.notes = []
        self._print()
        self._truth()
        self._traits()

    # ---------------------------------------------------------- printed cells
    def _print(self):
        o, rng = self.opts, self.rng
        p = OrderedDict()
        big_num = False
        for tk, rows in self.intended.items():
            p[tk] = OrderedDict()
            for rk, cols in rows.items():
                p[tk][rk] = OrderedDict()
                for ck, v in cols.items():
                    if isinstance(v, float) or ck in ("fee_amount", "procurement_amount"):
                        p[tk][rk][ck] = M.fmt_amount(v) if v else "0"
                    else:
                        if abs(v) >= 1000:
                            big_num = True
                        p[tk][rk][ck] = M.fmt_int(v, o["thousands"])
        self.has_thousands = big_num and o["thousands"]
        # amounts
        if o["template"] == "gb2021":
            path = ("art20_8", "admin_fees", "fee_amount")
            label = "本年收费金额（单位：万元）"
            col = "fee_amount"
        else:
            path = ("art20_9", "central_procurement", "procurement_amount")
            label = "采购总金额"
            col = "procurement_amount"
        v = self.intended[path[0]][path[1]][path[2]]
        mode = o["fee_mode"]
        if o["template"] == "gb2019" and mode == "yuan_header":
            mode = "wanyuan_plain"
            label = "采购总金额（万元）"
        self.fee_mode = mode
        unit = "万元"
        if v:
            if mode == "wanyuan_suffix":
                txt = M.fmt_amount(v) + "万元"
            elif mode == "yuan_suffix":
                yuan = round(v * 10000, 2)
                txt = ("%.2f" % yuan if rng.random() < 0.5 else M.fmt_amount(yuan)) + "元"
            elif mode == "yuan_header":
                yuan = round(v * 10000, 2)
                txt = "%.2f" % yuan
                if o["thousands"] and yuan >= 1000:
                    txt = "{:,.2f}".format(yuan)
                label = "本年收费金额（单位：元）"
                unit = "元"
            else:
                txt = M.fmt_amount(v)
            p[path[0]][path[1]][path[2]] = txt
        elif mode == "yuan_header":
            label = "本年收费金额（单位：元）"
            unit = "元"
        self.units[path] = unit
        self.headers[(path[0], col)] = label
        # sparse applications table
        apps = p["applications"]
        iapps = self.intended["applications"]
        sp = o["sparse"]
        self.blank_cols = []
        if sp == "blank_zeros":
            for rk, cols in iapps.items():
                for ck, v in cols.items():
                    if v == 0:
                        apps[rk][ck] = ""
        elif sp == "blank_columns":
            zero_cols = [c for c in M.APP_COLS[1:6] if all(iapps[r][c] == 0 for r in iapps)]
            if not zero_cols:
                sp = self.opts["sparse"] = "blank_zero_rows"
            else:
                k = rng.randint(1, len(zero_cols))
                self.blank_cols = sorted(rng.sample(zero_cols, k), key=M.APP_COLS.index)
                for rk in apps:
                    for c in self.blank_cols:
                        apps[rk][c] = ""
                # sometimes zero cells elsewhere are blank too (no complete row anywhere)
        if sp == "blank_zero_rows":
            for rk, cols in iapps.items():
                if all(v == 0 for v in cols.values()):
                    for ck in cols:
                        apps[rk][ck] = ""
        elif sp == "zero_marker":
            for rk, cols in iapps.items():
                for ck, v in cols.items():
                    if v == 0:
                        apps[rk][ck] = o["zero_marker"]
        if o["sparse_other_tables"] and sp != "none":
            style = "" if sp != "zero_marker" else o["zero_marker"]
            for tk in [t for t in p if t != "applications"]:
                for rk, cols in self.intended[tk].items():
                    for ck, v in cols.items():
                        if v == 0 and (tk, rk, ck) != path:
                            p[tk][rk][ck] = style
        # art20 规章 row: agencies without rule-making power print a dash
        if self.intended["art20_1"]["regulations"] and all(v == 0 for v in self.intended["art20_1"]["regulations"].values()) \
                and rng.random() < 0.4:
            m = rng.choice(["—", "/", "-"])
            for ck in p["art20_1"]["regulations"]:
                p["art20_1"]["regulations"][ck] = m
            self.notes.append("art20_1 规章 row printed %r (no rule-making power)" % m)
        # deliberate source errors
        err = o["error"]
        self.error_note = None
        if err:
            self._plant(p, err)
        self.printed = p

    def _plant(self, p, err):
        rng = self.rng
        apps = p["applications"]

        def bump(tk, rk, ck, d):
            cur = p[tk][rk][ck]
            try:
                v = M.parse_cell(cur)
            except ValueError:
                return False
            if v is None or cur in M.DASHES:
                return False
            nv = max(0, v + d)
            if nv == v:
                nv = v + abs(d)
            p[tk][rk][ck] = M.fmt_int(nv, self.opts["thousands"])
            self.error_note = "deliberate source error: %s.%s.%s printed %s (consistent value %s)" % (tk, rk, ck, p[tk][rk][ck], cur)
            return True

        d = rng.choice([-2, -1, 1, 1, 2, 3])
        if err == "results_total_off":
            ok = bump("applications", "results_total", "natural_person", d)
        elif err == "row_total_off":
            rk = rng.choice([k for k in self.app_keys if apps[k]["total"] not in ("",) + tuple(M.DASHES)] or ["new_received"])
            ok = bump("applications", rk, "total", d)
        elif err == "carried_forward_off":
            ok = bump("applications", "carried_forward", "natural_person", d)
        else:
            rl = p["review_litigation"]
            cands = [r for r in M.RL_ROWS if self.intended["review_litigation"][r]["total"] > 0]
            if cands:
                r = rng.choice(cands)
                old = rl[r]["total"]
                rl[r]["total"] = "0"
                self.error_note = ("deliberate source error: review_litigation.%s.total printed 0 while its outcomes "
                                   "add up to %s" % (r, old))
                ok = True
            else:
                ok = bump("review_litigation", "review", "total", 1)
        if not ok:
            bump("applications", "new_received", "total", 1)

    # ---------------------------------------------------------- truth
    def _truth(self):
        t = OrderedDict()
        raw = OrderedDict()
        for tk, rows in self.printed.items():
            t[tk] = OrderedDict()
            for rk, cols in rows.items():
                t[tk][rk] = OrderedDict()
                for ck, text in cols.items():
                    unit = self.units.get((tk, rk, ck))
                    v = M.parse_cell(text, unit)
                    t[tk][rk][ck] = v
                    if v is not None and text.strip() != M.canonical(v):
                        raw["%s.%s.%s" % (tk, rk, ck)] = text
        self.truth_tables = t
        self.raw = raw
        self.inconsistencies = M.source_inconsistencies(t, self.app_keys)

    def num(self, tk, rk, ck):
        """The printed value of a cell as a number (the intended one if printed blank)."""
        v = self.truth_tables[tk][rk][ck]
        return v if v is not None else self.intended[tk][rk][ck]

    # ---------------------------------------------------------- traits
    def _traits(self):
        o = self.opts
        tr = []
        tr.append("template_" + o["template_kind"])
        if o["hybrid"]:
            tr.append("hybrid_other_handling")
        if o["sparse"] != "none":
            tr.append("sparse_" + o["sparse"])
        if any(v is None for rows in self.truth_tables.values() for cols in rows.values() for v in cols.values()):
            tr.append("blank_cells")
        if any(txt in M.DASHES for rows in self.printed.values() for cols in rows.values() for txt in cols.values()):
            tr.append("zero_as_dash")
        if o["prose_near"]:
            tr.append("prose_near_tables")
        if o["prose_between"]:
            tr.append("prose_between_caption_and_table")
        tr.append("review_shape_" + o["rl_shape"])
        tr.append("title_" + o["title_variant"])
        if o["title_wrap"] != "none":
            tr.append("title_wrapped_" + o["title_wrap"])
        if o["guillemets"]:
            tr.append("title_guillemets")
        if o["dateline"]:
            tr.append("dateline_above_title")
        if o["preamble"] == "agency":
            tr.append("preamble_names_agency")
        tr.append("label_col_" + o["label_col"])
        if o["label_col"] == "narrow":
            tr.append("wrapped_labels")
        tr.append("group_labels_" + o["vertical_groups"])
        if o["split"] == "repeat_header":
            tr.append("table3_split_repeat_header")
        elif o["split"] == "natural":
            tr.append("table3_split")
        if o["landscape_t3"]:
            tr.append("landscape_table3")
        if self.has_thousands:
            tr.append("thousands_separators")
        tr.append("amount_" + self.fee_mode)
        tr.append("ruling_" + o["ruling"])
        if o["typo"]:
            tr.append("typo_label")
        if self.inconsistencies and any(i["severity"] == "error" for i in self.inconsistencies):
            tr.append("source_errors")
        if o["numbering"] != ".":
            tr.append("numbering_" + {"、": "dunhao", "．": "fullwidth_stop", "paren": "paren"}[o["numbering"]])
        if o["partial_label"] != "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" or \
                o["three_security"] != "3.危及“三安全一稳定”" or o["total_label"] != "总计":
            tr.append("label_variants")
        if o["art20_separate"]:
            tr.append("art20_separate_tables")
        self.traits = tr

    # ---------------------------------------------------------- title
    def title(self):
        o = self.opts
        A, Y = self.agency, self.year
        v = o["title_variant"]
        if v == "agency_year":
            parts = [A, "%d年政府信息公开工作" % Y, "年度报告"]
        elif v == "year_agency":
            parts = ["%d年%s" % (Y, A), "政府信息公开工作", "年度报告"]
        elif v == "yeardu_agency":
            parts = ["%d年度%s" % (Y, A), "政府信息公开工作", "年度报告"]
        elif v == "year_after":
            parts = [A, "政府信息公开工作", "%d年度报告" % Y]
        else:
            parts = [A, "%d年度政府信息公开工作" % Y, "年度报告"]
        text = "".join(parts)
        if o["guillemets"]:
            text = "《%s》" % text
            parts[0] = "《" + parts[0]
            parts[-1] = parts[-1] + "》"
        w = o["title_wrap"]
        if w == "before_niandu":
            lines = [parts[0] + parts[1], parts[2]]
        elif w == "mid_gongzuo":
            s = parts[0] + parts[1] + parts[2]
            i = s.rfind("工作")
            lines = [s[:i + 1], s[i + 1:]]
        elif w == "three":
            lines = [parts[0], parts[1] + parts[2]] if len(parts[1] + parts[2]) <= 14 else [parts[0], parts[1], parts[2]]
            if len(lines) == 2:
                s = lines[1]
                lines = [parts[0], s[:len(s) // 2], s[len(s) // 2:]]
        else:
            lines = [text]
        return Title(text, lines, narrow=(w == "narrow"))

    def agency_in_title(self):
        return self.agency

    # ---------------------------------------------------------- prose
    def figures(self):
        n = self.num
        return {
            "new": n("applications", "new_received", "total"),
            "co": n("applications", "carried_over", "total"),
            "done": n("applications", "results_total", "total"),
            "cf": n("applications", "carried_forward", "total"),
            "review": n("review_litigation", "review", "total"),
            "lit": n("review_litigation", "litigation_direct", "total") + n("review_litigation", "litigation_after_review", "total"),
            "granted": n("applications", "granted", "total"),
        }

    def narrative(self):
        f = self.figures()
        out = []
        tt = self.truth_tables

        def add(paths, val, text):
            out.append({"table_paths": paths, "narrative_value": val, "text": text})
        add(["applications.new_received.total"], f["new"], "本年新收政府信息公开申请%d件" % f["new"])
        add(["applications.carried_over.total"], f["co"], "上年结转政府信息公开申请%d件" % f["co"])
        add(["review_litigation.review.total"], f["review"], "行政复议案件%d件" % f["review"])
        add(["review_litigation.litigation_direct.total", "review_litigation.litigation_after_review.total"],
            f["lit"], "行政诉讼案件%d件" % f["lit"])
        return out

    # ---------------------------------------------------------- document
    def blocks(self):
        o, rng = self.opts, random.Random(self.seed * 31 + 5)
        A, Y = self.agency, self.year
        f = self.figures()
        B = []
        if o["dateline"]:
            src = rng.choice(["%s市人民政府办公室" % rng.choice(M.CITIES), A, "%s政务公开办" % rng.choice(M.CITIES)])
            d = "%d-%02d-%02d" % (Y + 1, rng.randint(1, 3), rng.randint(1, 28))
            B.append(("dateline", rng.choice(["发布日期：%s    来源：%s" % (d, src),
                                              "来源：%s    发布时间：%s    浏览次数：%d" % (src, d, rng.randint(20, 3000))])))
        B.append(("title", self.title()))
        if o["preamble"] == "agency":
            B.append(("para", "本报告由%s根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
                              "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》要求编制。全文包括总体情况、主动公开政府信息情况、"
                              "收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。"
                              "本报告所列数据的统计期限自%d年1月1日起至%d年12月31日止。本机关%d年政府信息公开工作年度报告电子版可在"
                              "“%s”门户网站下载。如对本报告有疑问，请与本机关办公室联系。" % (A, Y, Y, Y, A)))
        else:
            B.append(("para", "本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自%d年1月1日起至%d年12月31日止。" % (Y, Y)))
        heads = {s["key"]: s["heading"] for s in self.tv["sections"]}
        B.append(("heading", heads["overview"]))
        B.append(("para", "%d年，%s坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，"
                          "围绕中心工作，不断完善政府信息公开制度，推动政府信息公开工作规范有序开展。" % (Y, A)))
        subs = [("（一）主动公开", "通过政府门户网站、政务新媒体等渠道主动公开政府信息%d条，重点公开政策文件、行政执法、财政预决算等信息。"
                 % rng.randint(40, 3000)),
                ("（二）依申请公开", "全年共收到政府信息公开申请%d件，上年结转%d件，均在法定期限内答复。" % (f["new"], f["co"])),
                ("（三）政府信息管理", "严格落实信息发布审核制度，坚持“先审后发”，对拟公开内容进行保密审查。"),
                ("（四）政府信息公开平台建设", "持续加强政府网站信息公开专栏建设，及时更新栏目内容，优化栏目设置。"),
                ("（五）监督保障", "将政府信息公开工作纳入年度考核，组织开展业务培训%d次。" % rng.randint(1, 6))]
        inline = rng.random() < 0.5
        for h, t in subs:
            if inline:
                B.append(("para", "%s。%s" % (h, t)))
            else:
                B.append(("subheading", h))
                B.append(("para", t))
        for i in range(o["body_pad"]):
            B.append(("para", "%s持续深化政务公开标准化规范化建设，围绕优化营商环境、民生保障等重点领域，梳理公开事项清单，完善公开流程，"
                              "健全政策解读与回应关切机制，进一步提升政务公开工作质量和实效。" % rng.choice(["本机关", A, "我单位"])))
        # 二
        B.append(("heading", heads["proactive_disclosure"]))
        B.extend(self.art20_blocks())
        # 三
        B.append(("heading", heads["applications"]))
        if o["prose_near"]:
            B.append(("para", "本年新收政府信息公开申请%d件，上年结转%d件。" % (f["new"], f["co"])))
        if o["split"] == "pagebreak_before" or o["landscape_t3"]:
            B.append(("pagebreak", None))
        if o["t3_caption"]:
            B.append(("caption", rng.choice(["收到和处理政府信息公开申请情况统计表", "表三  收到和处理政府信息公开申请情况",
                                             "（单位：件）"])))
        if o["prose_between"]:
            B.append(("para", "全年办结政府信息公开申请%d件，结转下年度继续办理%d件，具体情况见下表。" % (f["done"], f["cf"])))
        B.append(("table", self.apps_table()))
        if o["prose_near"]:
            B.append(("para", "其中予以公开%d件，结转下年度继续办理%d件。" % (f["granted"], f["cf"])))
        if o["landscape_t3"]:
            B.append(("pagebreak", None))
        # 四
        B.append(("heading", o["head4"]))
        if o["prose_near"]:
            B.append(("para", "全年涉及政府信息公开的行政复议案件%d件，行政诉讼案件%d件。" % (f["review"], f["lit"])))
        B.extend(self.rl_blocks())
        if not o["prose_near"]:
            B.append(("para", "%d年，本机关因政府信息公开工作被申请行政复议%d件，被提起行政诉讼%d件。" % (Y, f["review"], f["lit"])))
        # 五 六
        B.append(("heading", o["head5"]))
        B.append(("para", "（一）存在的主要问题。一是部分栏目信息更新不够及时；二是政策解读形式较为单一；三是依申请公开答复规范化水平有待提升。"))
        B.append(("para", "（二）改进情况。进一步规范信息发布流程，丰富图表、视频等解读形式，加强业务培训，提升公开质量。"))
        B.append(("heading", heads["other_matters"]))
        if rng.random() < 0.5:
            B.append(("para", "本年度未收取信息处理费。无其他需要报告的事项。"))
        else:
            B.append(("para", "依据《政府信息公开信息处理费管理办法》，本年度共收取信息处理费0元。本机关无其他需要报告的事项。"))
        B.append(("sign", A))
        B.append(("sign", "%d年1月%d日" % (Y + 1, rng.randint(10, 31))))
        for kind, val in B:
            if kind == "table":
                val.ruling = o["ruling"]
        return B

    # ---------------------------------------------------------- tables
    def col_label(self, tk, col):
        return self.headers.get((tk, col["key"]), col["label"])

    def art20_blocks(self):
        o = self.opts
        p = self.printed
        tks = [t["key"] for t in self.tv["tables"] if t["key"].startswith("art20_")]
        out = []
        if o["prose_near"]:
            nd = self.num("art20_1", "normative_docs", list(self.intended["art20_1"]["normative_docs"])[0])
            out.append(("para", "本年制发规范性文件%d件。主动公开政府信息情况如下。" % nd))
        if o["art20_separate"]:
            for tk in tks:
                td = M.table_def(self.tv, tk)
                cols = td["columns"]
                out.append(("caption", td["caption"]))
                rows = [[Cell("信息内容", header=True)] + [Cell(self.col_label(tk, c), header=True) for c in cols]]
                for r in td["rows"]:
                    rows.append([Cell(r["label"], align="left")] +
                                [Cell(p[tk][r["key"]][c["key"]], path="%s.%s.%s" % (tk, r["key"], c["key"])) for c in cols])
                out.append(("table", Table(tk, rows, [2.2] + [1.6] * len(cols), header_rows=1, role="art20")))
            return out
        rows = []
        for tk in tks:
            td = M.table_def(self.tv, tk)
            cols = td["columns"]
            rows.append([Cell(td["caption"], colspan=4, header=True)])
            spans = {1: [3], 2: [1, 2], 3: [1, 1, 1]}[len(cols)]
            hdr = [Cell("信息内容", header=True)]
            for c, sp in zip(cols, spans):
                hdr.append(Cell(self.col_label(tk, c), colspan=sp, header=True))
            rows.append(hdr)
            for r in td["rows"]:
                row = [Cell(r["label"], align="left")]
                for c, sp in zip(cols, spans):
                    row.append(Cell(p[tk][r["key"]][c["key"]], colspan=sp, path="%s.%s.%s" % (tk, r["key"], c["key"])))
                rows.append(row)
        return [("table", Table("art20", rows, [2.2, 1.6, 1.6, 1.6], header_rows=0, role="art20"))]

    def numbered(self, label):
        import re
        m = re.match(r"^(\d)\.(.*)$", label)
        if not m:
            return label
        n = self.opts["numbering"]
        if n == ".":
            return label
        if n == "paren":
            return "（%s）%s" % (m.group(1), m.group(2))
        return m.group(1) + n + m.group(2)

    def apps_table(self):
        o = self.opts
        td = M.table_def(self.tv, "applications")
        cols = td["columns"]
        p = self.printed["applications"]
        vg = o["vertical_groups"]
        tot = o["total_label"]
        rows = [
            [Cell(td["corner_note"], rowspan=3, colspan=3), Cell(td["column_group_label"], colspan=7, header=True)],
            [Cell("自然人", rowspan=2, header=True), Cell("法人或其他组织", colspan=5, header=True),
             Cell(tot, rowspan=2, header=True)],
            [Cell(c["label"], header=True) for c in cols[1:6]],
        ]
        data = self.app_defs
        group_rows = [r["key"] for r in data if r.get("group")]
        subgroups = OrderedDict()
        for r in data:
            if r.get("subgroup"):
                subgroups.setdefault(r["subgroup"], []).append(r["key"])
        seen_group = seen_sub = None
        for r in data:
            k = r["key"]
            label = r["label"]
            if k == "partially_granted":
                label = o["partial_label"]
            if k == "denied_three_security_one_stability":
                label = o["three_security"]
            if k == "results_total" and tot != "总计":
                label = label.replace("总计", tot)
            if r.get("subgroup"):
                label = self.numbered(label)
            if o["typo"] == k:
                a, b = TYPOS[k]
                label = label.replace(a, b)
            vals = [Cell(p[k][c["key"]], path="applications.%s.%s" % (k, c["key"])) for c in cols]
            row = []
            if not r.get("group"):
                row.append(Cell(label, colspan=3, align="left"))
            else:
                if seen_group != r["group"]:
                    row.append(Cell(r["group"], rowspan=len(group_rows), vertical=(vg == "rotated")))
                    seen_group = r["group"]
                if r.get("subgroup"):
                    if seen_sub != r["subgroup"]:
                        row.append(Cell(r["subgroup"], rowspan=len(subgroups[r["subgroup"]])))
                        seen_sub = r["subgroup"]
                    row.append(Cell(label, align="left"))
                else:
                    row.append(Cell(label, colspan=2, align="left"))
            rows.append(row + vals)
        gw = {"stacked": 0.42, "rotated": 0.6, "horizontal": 1.3}[vg]
        lw = {"narrow": 2.0, "normal": 3.4, "wide": 4.8}[o["label_col"]]
        sw = {"narrow": 0.9, "normal": 1.2, "wide": 1.4}[o["label_col"]]
        # columns wide enough for the longest printed value (a 4-digit count must not wrap)
        longest = max(len(v) for cols in p.values() for v in cols.values())
        vw = 0.8 if longest <= 3 else (1.0 if longest <= 4 else 1.15)
        t = Table("applications", rows, [gw, sw, lw] + [vw] * 7, header_rows=3)
        t.repeat_header = o["split"] == "repeat_header"
        t.landscape = o["landscape_t3"]
        return t

    def rl_blocks(self):
        o = self.opts
        p = self.printed["review_litigation"]
        td = M.table_def(self.tv, "review_litigation")
        labels = [c["label"] for c in td["columns"]]
        if o["total_label"] != "总计":
            labels = labels[:4] + [o["total_label"]]

        def cell(r, c):
            return Cell(p[r][c], path="review_litigation.%s.%s" % (r, c))
        shape = o["rl_shape"]
        if shape == "national":
            rows = [
                [Cell("行政复议", colspan=5, rowspan=2, header=True), Cell("行政诉讼", colspan=10, header=True)],
                [Cell("未经复议直接起诉", colspan=5, header=True), Cell("复议后起诉", colspan=5, header=True)],
                [Cell(l, header=True) for l in labels * 3],
                [cell(r, c) for r in M.RL_ROWS for c in M.RL_COLS],
            ]
            return [("table", Table("review_litigation", rows, [1] * 15, header_rows=3))]
        if shape == "rows3x5":
            grouped = self.rng.random() < 0.5
            if grouped:
                rows = [[Cell("项目", colspan=2, header=True)] + [Cell(l, header=True) for l in labels],
                        [Cell("行政复议", colspan=2, align="left")] + [cell("review", c) for c in M.RL_COLS],
                        [Cell("行政诉讼", rowspan=2), Cell("未经复议直接起诉", align="left")] + [cell("litigation_direct", c) for c in M.RL_COLS],
                        [Cell("复议后起诉", align="left")] + [cell("litigation_after_review", c) for c in M.RL_COLS]]
                return [("table", Table("review_litigation", rows, [1.0, 2.4] + [1.1] * 5, header_rows=1))]
            names = {"review": "行政复议", "litigation_direct": "行政诉讼（未经复议直接起诉）",
                     "litigation_after_review": "行政诉讼（复议后起诉）"}
            rows = [[Cell("类别", header=True)] + [Cell(l, header=True) for l in labels]]
            for r in M.RL_ROWS:
                rows.append([Cell(names[r], align="left")] + [cell(r, c) for c in M.RL_COLS])
            return [("table", Table("review_litigation", rows, [3.0] + [1.1] * 5, header_rows=1))]
        if shape == "three_tables":
            out = []
            caps = {"review": "（一）行政复议情况", "litigation_direct": "（二）行政诉讼情况（未经复议直接起诉）",
                    "litigation_after_review": "（三）行政诉讼情况（复议后起诉）"}
            for r in M.RL_ROWS:
                out.append(("caption", caps[r]))
                rows = [[Cell(l, header=True) for l in labels], [cell(r, c) for c in M.RL_COLS]]
                out.append(("table", Table("review_litigation_" + r, rows, [1] * 5, header_rows=1, role="review_litigation")))
            return out
        # transposed
        rows = [[Cell("项目", rowspan=2, header=True), Cell("行政复议", rowspan=2, header=True),
                 Cell("行政诉讼", colspan=2, header=True)],
                [Cell("未经复议直接起诉", header=True), Cell("复议后起诉", header=True)]]
        for c, l in zip(M.RL_COLS, labels):
            rows.append([Cell(l)] + [cell(r, c) for r in M.RL_ROWS])
        return [("table", Table("review_litigation", rows, [1.4, 1.5, 1.8, 1.8], header_rows=2))]

    def expected_tokens(self):
        """Printed cell texts of all tables, row-major, blank cells left out."""
        toks = []
        for kind, val in self.blocks():
            if kind == "table":
                placed, _, _ = val.grid()
                for r, c, cell in sorted(placed, key=lambda x: (x[0], x[1])):
                    if cell.path and cell.text.strip():
                        toks.append(cell.text.strip())
        return toks

    # ---------------------------------------------------------- truth record
    def truth_record(self, case, source, producer, extra_traits=(), missing_traits=(), extra_notes=""):
        traits = [t for t in self.traits if t not in missing_traits] + list(extra_traits)
        notes = ["Synthetic report from scripts/traitgen (seed %d), producer %s." % (self.seed, producer),
                 "Agency size %s; applications sparse mode %s." % (self.opts["size"], self.opts["sparse"])]
        if self.blank_cols:
            notes.append("Blank columns in 三: %s." % ", ".join(self.blank_cols))
        if self.error_note:
            notes.append(self.error_note + ".")
        if self.opts["typo"]:
            a, b = TYPOS[self.opts["typo"]]
            notes.append("Row label typo: %s printed %s (row %s)." % (a, b, self.opts["typo"]))
        notes.extend(n + "." for n in self.notes)
        if missing_traits:
            notes.append("Traits drawn but not realised by this producer: %s." % ", ".join(missing_traits))
        if extra_notes:
            notes.append(extra_notes)
        return OrderedDict([
            ("case", case), ("source", source), ("agency", self.agency), ("year", self.year),
            ("template", self.template), ("hybrid", M.HYBRID if self.opts["hybrid"] else None),
            ("tables", self.truth_tables), ("extra_rows", []),
            ("source_inconsistencies", self.inconsistencies),
            ("narrative_figures", self.narrative()),
            ("raw", self.raw), ("uncertain", []), ("uncertain_reasons", {}),
            ("notes", " ".join(notes)), ("traits", traits), ("seed", self.seed), ("producer", producer),
        ])
