package extract

import "strings"

// surnames are the common Chinese family names, simplified and traditional.
// A name written straight after a label (记者唐霁) must start with one.
const surnames = "王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付傅方白邹鄒孟熊秦邱江尹薛闫閆段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂成苗谷盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農司卓古吉缪繆简簡车車项項连連芦蘆麦麥褚娄婁窦竇戚岑景党党宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查麻苑迟遲邝鄺官封谈談匡鞠惠荆荊乐樂冀郁胥南班储儲原栗燕楚鄢劳勞谌諶奚皮粟冼蓝藍闻聞禤荀练練植楼樓昝伊丰豐阎閻蔺藺揭宦茅晁衣廉戈甯薄邸"

var compoundSurnames = []string{"欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "令狐", "慕容", "公孙", "公孫", "夏侯", "尉迟", "尉遲", "端木", "长孙", "長孫"}

// hasSurname reports whether a Han name of two to four characters starts
// with a common surname. Latin names pass.
func hasSurname(name string) bool {
	rs := []rune(name)
	if len(rs) == 0 {
		return false
	}
	if !isHan(rs[0]) {
		return true
	}
	if len(rs) < 2 || len(rs) > 4 {
		return false
	}
	for _, c := range compoundSurnames {
		if strings.HasPrefix(name, c) && len(rs) >= 3 {
			return true
		}
	}
	return strings.ContainsRune(surnames, rs[0])
}
