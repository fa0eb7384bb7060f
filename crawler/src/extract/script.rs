//! Script detection: simplified (Hans) or traditional (Hant).
//!
//! No full conversion table is needed to tell the two apart: we count characters that exist only
//! in traditional writing and characters that exist only in simplified writing, among common ones.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Common characters used only in traditional Chinese.
const TRADITIONAL_ONLY: &str = "這個們來說時會為對過還沒後發現開關門見長與問題經濟國學體點電話機頭實當樣讓從總業區務養護療醫鄉縣據專應變壓議員認產參聯華東車給連動幾萬熱條氣進書買賣歲難類顯設許請讀輕選級練網線縮繼續處號記論證語誰識講邊導將層屬島帶師廣戰擔擊數斷歷歸殺決滿無環畫盡監種積穩窮筆範簡紀紅約純紙組細終結絕統經綠維編緣職腦臨興舉舊藝術蘇補規視覺親觀計訂討評詞試誤諸課調談譜護豐負責貢財貨貴費資質購貿賽車軍較輛輪輸轉辦農運遠遺郵釋針鐵錢銀錯鍵陣陽隊階際隨險隱雖雙雜離電須頂項順領額風飛飯館馬驗髮鬥魚鳥鹽麥黃黨齊龍構務庫歡氣愛單營劃樂檢權標麼灣億優傳價僅兒內兩況劇劑勞區協廳參員圍圖團園報場壞聲夠夢壽備齡";

/// Common characters used only in simplified Chinese.
const SIMPLIFIED_ONLY: &str = "这个们来说时会为对过还没后发现开关门见长与问题经济国学体点电话机头实当样让从总业区务养护疗医乡县据专应变压议员认产参联华东车给连动几万热条气进书买卖岁难类显设许请读轻选级练网线缩继续处号记论证语谁识讲边导将层属岛带师广战担击数断历归杀决满无环画尽监种积稳穷笔范简纪红约纯纸组细终结绝统经绿维编缘职脑临兴举旧艺术苏补规视觉亲观计订讨评词试误诸课调谈谱护丰负责贡财货贵费资质购贸赛军较辆轮输转办农运远遗邮释针铁钱银错键阵阳队阶际随险隐虽双杂离电须顶项顺领额风飞饭馆马验发斗鱼鸟盐麦黄党齐龙构库欢爱单营划乐检权标么湾亿优传价仅儿内两况剧剂劳协厅围图团园报场坏声够梦寿备龄";

static TRADITIONAL_SET: LazyLock<HashSet<char>> = LazyLock::new(|| TRADITIONAL_ONLY.chars().collect());
static SIMPLIFIED_SET: LazyLock<HashSet<char>> = LazyLock::new(|| SIMPLIFIED_ONLY.chars().collect());

/// Returns true when the text reads as traditional Chinese.
pub fn is_traditional(text: &str) -> bool {
    let mut traditional = 0_usize;
    let mut simplified = 0_usize;
    for character in text.chars() {
        if TRADITIONAL_SET.contains(&character) {
            traditional += 1;
        } else if SIMPLIFIED_SET.contains(&character) {
            simplified += 1;
        }
    }
    traditional > simplified && traditional >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_told_apart() {
        assert!(is_traditional("社區養老服務中心開幕，長者們來這裡參加活動。"));
        assert!(!is_traditional("社区养老服务中心开幕，长者们来这里参加活动。"));
        assert!(!is_traditional("養老"));
    }
}
