//! Kangxi radicals and CJK radicals supplement → unified ideographs.
//!
//! Chrome (Skia) and some other producers write ToUnicode entries that map a
//! glyph shared by a radical and an ideograph to the radical code point
//! (`⼯` U+2F2F instead of `工` U+5DE5). This table maps just those two blocks
//! back. The Kangxi block (U+2F00–U+2FD5) uses its NFKC decomposition; the
//! supplement (U+2E80–U+2EF3) has almost no decompositions, so its entries map
//! to the ideograph the radical form is drawn from (`⺠` → `民`), and the few
//! that are only components (`⺀`) map to themselves. NFKC is deliberately
//! not applied to whole strings: it would turn `（` into `(`.

/// NFKC targets of U+2F00..=U+2FD5, in order.
const KANGXI: [char; 214] = [
    '一', '丨', '丶', '丿', '乙', '亅', '二', '亠', '人', '儿', '入', '八', '冂', '冖', '冫', '几',
    '凵', '刀', '力', '勹', '匕', '匚', '匸', '十', '卜', '卩', '厂', '厶', '又', '口', '囗', '土',
    '士', '夂', '夊', '夕', '大', '女', '子', '宀', '寸', '小', '尢', '尸', '屮', '山', '巛', '工',
    '己', '巾', '干', '幺', '广', '廴', '廾', '弋', '弓', '彐', '彡', '彳', '心', '戈', '戶', '手',
    '支', '攴', '文', '斗', '斤', '方', '无', '日', '曰', '月', '木', '欠', '止', '歹', '殳', '毋',
    '比', '毛', '氏', '气', '水', '火', '爪', '父', '爻', '爿', '片', '牙', '牛', '犬', '玄', '玉',
    '瓜', '瓦', '甘', '生', '用', '田', '疋', '疒', '癶', '白', '皮', '皿', '目', '矛', '矢', '石',
    '示', '禸', '禾', '穴', '立', '竹', '米', '糸', '缶', '网', '羊', '羽', '老', '而', '耒', '耳',
    '聿', '肉', '臣', '自', '至', '臼', '舌', '舛', '舟', '艮', '色', '艸', '虍', '虫', '血', '行',
    '衣', '襾', '見', '角', '言', '谷', '豆', '豕', '豸', '貝', '赤', '走', '足', '身', '車', '辛',
    '辰', '辵', '邑', '酉', '釆', '里', '金', '長', '門', '阜', '隶', '隹', '雨', '靑', '非', '面',
    '革', '韋', '韭', '音', '頁', '風', '飛', '食', '首', '香', '馬', '骨', '高', '髟', '鬥', '鬯',
    '鬲', '鬼', '魚', '鳥', '鹵', '鹿', '麥', '麻', '黃', '黍', '黑', '黹', '黽', '鼎', '鼓', '鼠',
    '鼻', '齊', '齒', '龍', '龜', '龠',
];

/// Ideographs for U+2E80..=U+2EF3, in order (unchanged where none fits).
const SUPPLEMENT: [char; 116] = [
    '⺀', '厂', '⺂', '⺃', '⺄', '亻', '冂', '几', '⺈', '⺉', '卜', '⺋', '小', '小', '⺎', '⺏',
    '⺐', '⺑', '⺒', '⺓', '⺔', '⺕', '⺖', '心', '⺘', '⺙', '⺚', '⺛', '⺜', '月', '歹', '母',
    '民', '氵', '氺', '灬', '爫', '⺥', '丬', '牛', '犭', '王', '疋', '目', '示', '礻', '竹', '糹',
    '纟', '⺱', '罒', '⺳', '⺴', '⺵', '⺶', '羊', '⺸', '耂', '肀', '⺻', '月', '⺽', '艹', '艹',
    '艹', '虎', '衤', '覀', '西', '见', '角', '角', '讠', '贝', '足', '车', '辶', '辶', '⻎', '阝',
    '钅', '長', '镸', '长', '门', '⻕', '阝', '雨', '青', '韦', '页', '风', '飞', '食', '飠', '飠',
    '饣', '首', '马', '骨', '鬼', '鱼', '鸟', '卤', '麦', '黄', '黾', '斉', '齐', '歯', '齿', '竜',
    '龙', '龜', '亀', '龟',
];

/// Maps one radical code point to its unified ideograph; other characters are
/// returned unchanged.
pub fn unify_radical(c: char) -> char {
    let u = c as u32;
    match u {
        0x2F00..=0x2FD5 => KANGXI[(u - 0x2F00) as usize],
        0x2E80..=0x2EF3 => SUPPLEMENT[(u - 0x2E80) as usize],
        _ => c,
    }
}

/// True when `s` has a character that [`unify_radical`] would change.
pub fn has_radical(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c as u32, 0x2E80..=0x2EF3 | 0x2F00..=0x2FD5))
}

/// Maps every radical in `s` (see [`unify_radical`]).
pub fn unify_radicals(s: &str) -> String {
    s.chars().map(unify_radical).collect()
}
