"""Cue lexicons for labelling statements (``archive.statements.labels``): the words that mark a
promise, a shortcoming, boilerplate, and the headings of plan and problem parts.

All patterns match normalized text (``archive.text.normalize``: half-width punctuation, simplified).
The ones searched in every sentence open each alternative on a character, not a group, class or
lookbehind (``计划(?<!完成计划)``, not ``(?<!完成)计划``): the regex engine then jumps to where one
of those characters stands instead of trying every position (a third of the time of labelling).
"""

from __future__ import annotations

import re

# --- commitments -----------------------------------------------------------------

# 将 as "will": after a subject, or before an adverb or verb. (将 as "把" takes a noun: 将…纳入.)
_WILL = (
    "|".join(f"{subject}将" for subject in "我们 我局 本局 我区 我委 我办 我市 我县 我省 全局 全区 全市 全省".split())
    + r"|将(?:要|会|继续|进一步|持续|加快|着力|坚持|全力|切实|不断|加大|积极|努力|重点|深入|大力|认真|围绕|按照|"
    r"推动|推进|加强|强化|完善|健全|抓好|做好|聚焦|力争|确保|开展|建立|探索|落实|有力|在\d{4}年)"
)
_COMMITMENT = re.compile(
    "|".join(
        (
            _WILL,
            r"下一步|下步|今后|明年|来年|新的一年",
            r"力争|争取(?<!斗争取)(?!到|了)",  # not 斗争取得
            r"计划(?<!完成计划)(?<!年度计划)(?=投资|完成|建设|开展|新增|实施|推进|盘活|筹|引进|培育|发行|举办|组织|用|于|到|在|\d)",
            r"预计(?!数)",
            r"抓好以下|以下[^,;。]{0,6}工作:",
            r"目标(?:是|为)",
            r"我们(?:一定|要|必须)|一定要|必须|决不辜负|" + "|".join(f"{n}要" for n in "一二三四五六七八九十"),
        )
    )
)
_PLANNED_BUT_DONE = re.compile(r"拟.*已|已.*拟")
_PLAN_ONLY = re.compile(r"拟(?![\u4e00-\u9fff]{1,4}的)(?=[\u4e00-\u9fff])")  # not 拟公开的信息 (proposed)
# A sentence opening on the past (这五年, 一年来, 在过去的一年里) reports, even in a part mixing review and plans.
PAST = re.compile(r"(?:在)?(?:这|过去)(?:的)?(?:一|五)?年|(?:一|五|三)年来|去年")
# What a review line says of work done or of how things went (the old national reports review inside
# their plan parts: 农业战胜了比较严重的自然灾害, 劳动生产率已提高百分之二十九; 工业结构继续得到调整,
# 外交工作取得重大成就, 我国同发展中国家的团结合作进一步加强) ...
_DONE = re.compile(r"(?<![为除罢不])了(?!解|结|如指掌|不起)")
_CAME_ABOUT = re.compile(
    r"已经|已(?=提高|降低|增加|减少|达到|超过|完成|实现|成为|形成|基本|初步|开始|取得|扭转|下降|上升|突破)|"
    r"取得[^,;。]{0,10}成就|"
    r"得到(?:全面|进一步|明显|有效|较大|初步|很大)?(?:加强|改善|发展|巩固|恢复|提高|控制|落实|推广|重视|调整|缓解|遏制|扭转|增强|贯彻|扩大)|"
    r"进一步(?:加强|发展|扩大|改善|巩固|提高|密切|深化|增强|完善|活跃|健全)(?=[,;。]|$)|"
    r"(?:有所|有了|有较大|明显)(?:加强|改善|发展|提高|增加|好转|增长|扩大|下降|回落)|"
    r"已[^,;。]{0,16}(?:完成|实现)(?!的)"  # 国务院的机构改革，已按…批准的方案基本完成 (已建成 is mostly a noun's: 已建成自然村)
)
# ... unless the sentence says what must or will be done (要, 将, 必须, 力争, 使…).
_AHEAD = re.compile(
    r"(?<![主重需只必纲摘提首紧概扼险显政机])要(?![求素点害闻职么务领件塞道])|(?<!即)将(?!近|士|领|军)|"
    r"应当|应该|必须|务必|力争|(?<!斗)争取|今年|今后|明年|下一步|确保|使(?!用|命|馆|节|者)|希望|愿|决不|一定|"
    r"就(?:可以|能|会)|才(?:能|可以)|"  # 治理和整顿搞好了，就可以…: a condition, not work done
    r"左右|以内"  # a target: 城镇调查失业率5.5%左右，体现了…
)
_GOAL = re.compile(r"推动|促进")  # 推动普惠小微贷款明显增长, 推动落实已生效自贸协定: a goal, unless done (促进了)


def reports_past(text: str) -> bool:
    """Whether ``text`` (normalized, no promise by its own words) reviews work done rather than
    plans: it opens on the past, or says what was done (了) or came about (已提高, 得到改善,
    进一步加强) and nothing of what will be."""
    if PAST.match(text):
        return True
    if _AHEAD.search(text):
        return False
    return bool(_DONE.search(text)) or (bool(_CAME_ABOUT.search(text)) and not _GOAL.search(text))


_ACHIEVED = re.compile(r"取得[^,;。]{0,10}(?:成果|成就|成绩|进展|成效|胜利)")


def plans_ahead(text: str) -> bool:
    """Whether ``text`` (normalized) says what must or will be done and nothing of what was done
    or achieved: in a review part, the plan's lines (``今年政府工作总的要求是：…``)."""
    return bool(_AHEAD.search(text)) and not (PAST.match(text) or _DONE.search(text) or _ACHIEVED.search(text))


def looks_ahead(text: str) -> bool:
    """Whether ``text`` (normalized) promises by its own words or says what must or will be done."""
    return commitment(text) or bool(_AHEAD.search(text))


# A promise that opens a list of what will be done: 将重点从以下方面做好改进：, 抓好以下工作：,
# 下一步，我们将：一是… (the items that follow are commitments too).
PROMISED_LIST = re.compile(r"[:：]\s*$|[:：]\s*(?:一是|一要|\(一\)|（一）|1[.、．]|第一)")
# An item of a list: 一是…, 二要…, （三）…, 4.…, 第二，…
ITEM = re.compile(r"^\s*(?:[一二三四五六七八九十]+[是要]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|第[一二三四五六七八九十]+[，,、])")
# A promise dated ahead, which stays a promise even in a review of work done (二期预计春节前基本完工);
# the rest of a review's promising words are its closing vows (我们一定要…决不辜负人民期待).
DATED_PROMISE = re.compile(
    r"下一步|(?:预计|计划|将于|力争|(?<!斗)争取)[^,;。]{0,14}(?:年底|年内|月底|月|季度|春节|前|完工|完成|建成|投用|投产)"
)
# Titles of plan documents, and of reviews that carry a plan beside them.
PLAN_TITLE = re.compile(r"(?:工作)?(?:计划|要点|思路|打算|安排)$|(?:工作)?(?:计划|要点|思路|打算|安排)的(?:通知|报告)$")
REVIEW_TITLE = re.compile(r"总结|回顾|情况|成效|年度报告")


def commitment(text: str) -> bool:
    """Whether ``text`` promises or plans future action by its own words."""
    if _COMMITMENT.search(text):
        return True
    return bool(_PLAN_ONLY.search(text)) and not _PLANNED_BUT_DONE.search(text)


# --- problems --------------------------------------------------------------------

_PROBLEM = re.compile(
    r"有待|亟须|亟待|尚未|还未|未能|不及预期|仍有差距|一定差距|存在差距|差距|"
    r"不够|不足|不强|不高|不优|不快|不畅|不牢|不稳|不实|不好|不完善|不合理|不到位|不平衡|不充分|不明确|不清|不力|不规范|"
    r"较弱|偏弱|偏小|偏低|偏慢|比较弱|较大|较重|趋紧|突出|薄弱|短板|弱项|滞后|缺乏|模糊|保守|偏差|瓶颈|制约|"
    r"难以|难度|困难|挑战|压力|风险隐患|复杂严峻|不确定|时有发生|仍有发生|依然存在|仍然存在|仍存在|还存在|存在[^,;。]{0,12}问题|"
    + "|".join(f"{need}(?:进一步|持续|加强|提高|提升|优化|加快|稳固)" for need in ("需", "仍需", "还需", "需要")) + "|还要(?:进一步|补)"
)
# A cue is no shortcoming when the clause says it is being dealt with (查找薄弱环节, 解决…困难).
_DEALT_WITH = re.compile(
    r"补|解决|破解|查找|克服|整改|查摆|梳理|针对|化解|缓解|应对|防范|消除|排查|减少|防止|避免|帮助|渡过|提醒|"
    r"反馈|指出|直面|正视|聚焦|围绕|对照|不合理诉求"
)
_CLAUSE = re.compile(r"[,;:，；：]")
_DEALT_WITH_AFTER = re.compile(r"[^,;:。]{0,6}(?:整治|治理|整改|解决)")
_STRONG_PROBLEM = re.compile(r"未能|不及预期|有待|尚未|差距")
PROBLEM_WITH_FIGURES = 2  # a sentence with quantities needs this much problem evidence to be a problem
PROBLEM_INTRO = re.compile(
    r"清醒(?:地)?(?:认识|看到)|面临(?:着)?[^,;。]{0,6}(?:困难|问题|不足|挑战)|"
    + "|".join(f"{still}存在[^,;。]{{0,8}}(?:困难|问题|不足)" for still in ("还", "仍", "仍然", "依然")) + r"|问题和(?:不足|困难)|困难和(?:问题|挑战)|不足之处"
)


def problem_score(text: str) -> int:
    """The evidence that ``text`` states a shortcoming: one point per cue, two for a strong one
    (``未能如期完成``, ``有待提高``) or a sentence opening a list of problems (``清醒认识到``),
    leaving out cues in clauses that deal with them (``查找薄弱环节``)."""
    score = 0
    for match in (*PROBLEM_INTRO.finditer(text), *_PROBLEM.finditer(text)):
        clause_start = max((m.end() for m in _CLAUSE.finditer(text, 0, match.start())), default=0)
        if not (_DEALT_WITH.search(text, clause_start, match.start()) or _DEALT_WITH_AFTER.match(text, match.end())):
            score += 2 if match.re is PROBLEM_INTRO or _STRONG_PROBLEM.fullmatch(match[0]) else 1
    return score


# --- boilerplate -------------------------------------------------------------------

# (three patterns, not one: the alternatives anchored at the start are tried there only)
_BOILERPLATE_LINE = re.compile(
    r"抄送|附件|联系人|电话|传真|邮编|地址|来源|"
    r"[^,;。]{2,24}(?:局|委员会|委|办公室|政府|院|中心|组|厅|办)$|[^,;。]{1,8}[:：!！]$"
)
_BOILERPLATE_END = re.compile(r"印发?$")
_LONG_NUMBER = re.compile(r"\d\d{7}")  # a phone or document number (\d{8,}, written to start on a class)


def boilerplate(text: str) -> bool:
    """Whether ``text`` (normalized) is a 抄送, 附件 or contact line, a sender's name, a short
    salutation or holds a long number: never a statement."""
    return bool(_BOILERPLATE_LINE.match(text) or _BOILERPLATE_END.search(text) or _LONG_NUMBER.search(text))

# --- headings ----------------------------------------------------------------------

_PROBLEM_HEADING = re.compile(r"问题|不足|困难|短板|差距|薄弱")
# (发展成就 is no past cue: "十四五"时期发展成就和"十五五"时期主要目标任务 is a plan part, its
# reviews open on 这五年, ``PAST``.)
_PAST_HEADING = re.compile(
    r"回顾|成效|成绩|总结|成果|做法|完成(?![^,;。]{0,12}(?:计划|任务|目标))|开展情况|工作情况|基本情况|执行情况|"
    r"过去|取得[^,;。]{0,10}成就"
)
_PLAN_HEADING = re.compile(
    r"下一步|(?:计划|目标|任务)(?!完成|执行|落实情况)|思路|打算|要点|安排|重点工作|展望|改进措施|整改措施|努力方向|"
    r"工作的建议|工作建议"
)
_NOT_A_PROBLEM_HEADING = re.compile(r"问题导向|解决.{0,12}问题")  # 解决关系群众切身利益的问题: work done
_YEAR = re.compile(r"((?:19|20)\d{2})年(?!\d{1,2}月)")
_CHINESE_YEAR = re.compile(r"([一二][〇○零一二三四五六七八九]{3})年(?![一二三四五六七八九十]{1,2}月)")  # 一九九○年的国内工作
_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def heading_kind(heading: str, future_year: int | None) -> str | None:
    """What a (normalized) heading says its part holds: ``"problem"``, ``"commitment"``,
    ``""`` for work done, or None when it says nothing."""
    if _PROBLEM_HEADING.search(heading) and not _NOT_A_PROBLEM_HEADING.search(heading):
        return "problem"
    if _PAST_HEADING.search(heading):
        return ""
    if _PLAN_HEADING.search(heading):
        return "commitment"
    years = _years(heading)
    if years and future_year:
        return "commitment" if max(years) >= future_year else ""
    return None


def names_year_ahead(heading: str, future_year: int | None) -> bool:
    """Whether a (normalized) heading names a year from ``future_year`` on: a review part that
    names one plans too (``一、1998年工作回顾和1999年工作的总体要求``)."""
    return bool(future_year) and any(year >= future_year for year in _years(heading))


def _years(heading: str) -> list[int]:
    """The years a heading names, in digits or Chinese numerals (``一九九○年``)."""
    years = [int(year) for year in _YEAR.findall(heading)]
    return years + [int(year.translate(_YEAR_DIGITS)) for year in _CHINESE_YEAR.findall(heading)]
