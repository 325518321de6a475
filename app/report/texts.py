"""The report's own wording: every user-facing text that is neither official form text nor the signed commitment.

Official indicator texts, level names and the target level come from the form; the truthfulness commitment is
versioned data (resources/texts/commitment-v<N>.json) passed in by the caller. What remains, the titles, headings,
explanations, notes and table labels the program writes itself, is kept here, in one place, as constants and
``str.format`` templates. The report is printed in Chinese only.
"""

from __future__ import annotations

from typing import Final

# ------------------------------------------------------------------------------------------- shared by both reports
REPORT_TITLE: Final = "中小企业数字化水平评测报告"
COMPARISON_TITLE: Final = "中小企业数字化水平改造前后对比报告"
DRAFT_WATERMARK: Final = "草稿"
NOT_FILLED: Final = "未填写"
FINALIZED: Final = "已定稿"
DRAFT_STATUS: Final = "草稿（未定稿）"
ON_SITE: Final = "现场评定"
SELF_ASSESSED: Final = "企业自评"
NOT_ANSWERED: Final = "未作答"
MET: Final = "达标"
NOT_MET: Final = "未达标"
SATISFIED: Final = "满足"
NOT_SATISFIED: Final = "不满足"
LEVEL_UP: Final = "提升 {n} 级"
LEVEL_DOWN: Final = "下降 {n} 级"
LEVEL_SAME: Final = "不变"
LEVEL_FALLBACK: Final = "{n}级"  # a scene level the form names neither as a scene level nor as a level of its rule
DIGEST_LABEL: Final = "内容摘要"
ANSWERS_DIGEST_LABEL: Final = "答卷摘要"
FOOTER_DOCUMENT: Final = "文档编号"
FOOTER_PACKAGE: Final = "提交包指纹"
ASSESSMENT_NUMBER: Final = "第 {id} 号"
FORM_REVISION: Final = "{id} 第 {revision} 版"
FORM_REVISION_HASH: Final = "{id} 第 {revision} 版｜{hash}"
OVERALL_LEVEL: Final = "综合评定等级"
VERIFICATION_HEADING: Final = "校验信息"
DIGEST_SCOPE: Final = (
    "内容摘要按规范化 JSON 计算（SHA-256），范围为：企业名称与统一社会信用代码、评测信息（编号、类型、问卷及其哈希、"
    "评测人员、评定方式、评测日期）、全部答案、填报数据与备注、佐证材料的文件名、大小与 SHA-256。"
    "任何一项改动都会使摘要改变；每页页脚均印有该摘要。"
)
ANSWERS_DIGEST_SCOPE: Final = (
    "本报告依据答卷文件生成，未关联企业档案；答卷摘要为答卷内容（规范化 JSON）的 SHA-256，每页页脚均印有该摘要。"
)
DRAFT_NOTICE: Final = (
    "本报告为草稿：评测尚未定稿，结果可能改变，不能作为评定结论提交；定稿后重新生成的报告才有签字盖章栏。"
)
# Signers and how to verify
V_SIGNERS: Final = "评测包签名"
SIGNER_ROLES: Final = {"enterprise": "企业签名", "assessor": "评测人员会签"}
SIGNER_LINE: Final = "{role}：{name}"
SIGNER_NO_NAME: Final = "（未署名）"
HOW_TO_VERIFY: Final = "如何核验"
VERIFY_PACKAGE_FILE: Final = "评测包文件"
VERIFY_FILE_PLACEHOLDER: Final = "评测包文件名.sdap"
VERIFY_STEPS: Final = (
    "1．向企业索取上述评测包文件（.sdap），核对其指纹与本页所印一致；",
    "2．在安装了本软件的电脑上运行命令：sme-assess verify {file}（全部校验通过时显示“OK”及签名密钥指纹的开头，"
    "加 --json 可得完整指纹）；",
    "3．或在任意电脑上用浏览器打开随软件提供的离线核验页面 tools/verify.html，选择评测包文件，无需联网；",
    "4．核对签名人的密钥指纹与本页所印一致，报告页脚的内容摘要与评测包中的一致。",
)
VERIFY_IN_PACKAGE: Final = (
    "本报告随评测包一同签名。核验时运行 sme-assess verify 评测包文件名.sdap，或用浏览器打开离线核验页面 "
    "tools/verify.html 并选择评测包文件（无需联网）；签名密钥指纹应与本页所印一致。"
)
VERIFY_NOT_EXPORTED: Final = (
    "本评测尚未导出签名评测包。导出后重新生成的报告将印有评测包文件名、指纹与签名人，可据此核验。"
)
# Verification block rows
V_FORM_HASH_OF_RECORD: Final = "评测记录的问卷哈希"
V_FORM_USED: Final = "报告所用问卷"
V_DOCUMENT_ID: Final = "文档编号"
V_GENERATED_AT: Final = "生成时间"
V_APP_VERSION: Final = "软件版本"
V_SIGNER: Final = "签名密钥指纹"
V_PACKAGE: Final = "提交包指纹"
V_ORIGIN: Final = "来源"
V_DIGEST: Final = "{label}（SHA-256）"
V_ASSESSMENT: Final = "评测编号"

# ------------------------------------------------------------------------------------------- the assessment report
UNREGISTERED_ENTERPRISE: Final = "未登记企业（依据答卷文件）"
SUBJECT: Final = "{form}；综合等级：{level}；总分 {total}"
COVER_BASIS: Final = "依据工业和信息化部《{title}》{notice}"
COVER_NOTICE: Final = "（{notice}）"
COVER_UNREGISTERED_ROWS: Final = (
    ("企业名称", "未登记（本报告依据答卷文件生成，未关联企业档案）"),
    ("统一社会信用代码", "未登记"),
    ("评测信息", "未登记（评测类型、评测人员与评测日期均未记录）"),
)
C_ENTERPRISE: Final = "企业名称"
C_USCC: Final = "统一社会信用代码"
C_INDUSTRY: Final = "所属行业（GB/T 4754）"
C_SPECIALIZED: Final = "专精特新"
C_PRODUCTS: Final = "主要产品"
C_CONTACT: Final = "联系人"
C_PILOT_SUBSECTOR: Final = "试点细分行业"
C_TRACTION_UNIT: Final = "牵引单位"
C_REGION: Final = "所在地区"
C_SIZE: Final = "企业规模"
C_ABOVE_SCALE: Final = "（规上）"
C_KIND: Final = "评测类型"
C_MODE: Final = "评定方式"
C_ASSESSOR: Final = "评测人员"
C_ORGANISATION: Final = "所在机构"
C_ROLE: Final = "角色"
C_DATE: Final = "评测日期"
C_NUMBER: Final = "评测编号"
C_NUMBER_VALUE: Final = "第 {id} 号｜{status}"
C_FINALIZED_AT: Final = "，定稿于 {time}"
C_CORRECTION: Final = "更正说明"
C_CORRECTION_VALUE: Final = "本评测更正第 {id} 号评测{reason}"
C_FORM: Final = "评测问卷"
C_FORM_VALUE: Final = "{title}（{id}，第 {revision} 版）"
C_FORM_HASH: Final = "问卷哈希"
C_GENERATED_AT: Final = "报告生成时间"
C_DOCUMENT_ID: Final = "文档编号"
INCOMPLETE: Final = (
    "本次评测尚未完成：{count} 项未作答（{missing}）。未作答的题目按 0 分计，未作答的场景按“{below}”计。"
)
LEVEL_BOX_CAPTION: Final = "总分 {total} / {max} 分｜总分等级 {score_level}｜场景等级 {scene_level}"

SUMMARY_HEADING: Final = "评测结果摘要"
SUMMARY_TEXT: Final = (
    "本次评测总分 {total} 分（满分 {max} 分），总分等级为{score_level}，场景等级为{scene_level}，"
    "综合评定等级为{level}。"
)
SUMMARY_TABLE_HEAD: Final = ("评测维度", "得分", "满分", "得分率")
SUMMARY_TOTAL: Final = "合计（总分）"
SUMMARY_DIMENSIONS: Final = "各维度得分"
RULE_HEADING: Final = "等级判定规则与本次结果"
RULE_TABLE_HEAD: Final = (
    "等级",
    "总分要求",
    "总分条件",
    "该级及以上场景数\n实际 / 要求",
    "其中约束性场景\n实际 / 要求",
    "场景条件",
    "综合",
)
RULE_MIN_SCORE: Final = "≥ {score} 分"
RULE_EXPLANATION: Final = (
    "本次总分 {total} 分。场景按所选等级计入“该级及以上”的场景数；"
    "★ 表示约束性场景。综合等级取两项条件同时满足的最高等级。"
)
LEVEL_DESCRIPTION: Final = "等级描述（{level}）"

CHARTS_HEADING: Final = "评测图表"
CHART_DIMENSIONS: Final = "图 1  各维度得分与满分"
CHART_SCENES: Final = "图 2  {count} 个业务场景的等级（★ 约束性场景）"
CHART_SCENES_NOTE: Final = (
    "达到{target}及以上的场景 {scenes} 个（其中约束性 {constrained} 个）；"
    "{target}要求至少 {min_scenes} 个，其中约束性至少 {min_constrained} 个。"
)

PLAN_HEADING: Final = "达到{target}的改进计划"
PLAN_HEADING_TOP: Final = "等级提升计划"
PLAN_AT_TOP: Final = "本次评测已达到最高等级（{level}），无需进一步的等级提升计划。"
PLAN_ABOVE_TARGET: Final = "本次评测已达到{target}（综合等级：{level}）。以下为达到下一等级（{next}）的计划。"
PLAN_NEED_POINTS: Final = "总分再增加 {points} 分（现 {total} 分，{target}要求不低于 {min_score} 分）"
# How many of the scenes still to raise must be constrained: a lower bound, so "at least" (issue 13). The plan and
# the diagnosis report both say it with this text.
AT_LEAST_CONSTRAINED: Final = "其中至少 {constrained} 个为约束性场景"
PLAN_NEED_SCENES: Final = (
    "再有 {scenes} 个场景达到{target}（" + AT_LEAST_CONSTRAINED + "；{target}要求至少 {min_scenes} 个场景"
    "达到{target}及以上，其中约束性至少 {min_constrained} 个）"
)
PLAN_ALL_MET: Final = "已满足{target}的全部条件。"
PLAN_NEEDS: Final = "达到{target}需要同时满足：{needs}。"
PLAN_METHOD: Final = (
    "以下为工作量最少的方案：题目按提升步数最少（单选题提高一档、多选题增加一项各计一步）、"
    "同等步数下得分最多的原则选取；场景优先选择规则要求的约束性场景及离目标等级最近的场景。"
    "每一步均引用指标的官方表述，作为需要达到的具体要求。"
)
PLAN_TABLE_HEAD: Final = ("序号", "事项", "现状", "目标（官方表述）", "效果")
PLAN_QUESTIONS_TOTAL: Final = "题目提升共 {effort} 步，预计增加 {points} 分"
PLAN_SCENES_TOTAL: Final = "场景提升 {count} 个"
PLAN_TOTAL: Final = "合计：{parts}。"
STEP_ADD_OPTIONS: Final = "增加选项："
STEP_RAISE_TO: Final = "提升至："
STEP_EFFECT: Final = "+{points} 分<br/>{effort} 步"
STEP_CONSTRAINED: Final = " ★约束性"
STEP_SCENE_GOAL: Final = "达到{level}："
STEP_SCENE_EFFECT: Final = "场景达到{level}"

NOTES_TITLE: Final = "备注全文"
NOTES_INTRO: Final = "以下为上文表格中因篇幅较长而只列出开头的备注全文。"
NOTE_POINTER: Final = "（共 {count} 字，全文见“{title}”部分）"

ANSWERS_HEADING: Final = "评测题目作答明细"
ANSWERS_INTRO: Final = "下表列出全部 {count} 道评测题目、所选选项的官方表述、得分与满分，以及填报数据和备注。"
ANSWERS_TABLE_HEAD: Final = ("题号", "题目", "所选选项（官方表述）", "得分/满分", "填报数据与备注")
MULTI_CHOICE: Final = "多选"
SINGLE_CHOICE: Final = "单选"
ANSWER_NOTE: Final = "备注："
ANSWERS_TOTAL: Final = "合计"

SCENES_HEADING: Final = "业务场景等级明细"
SCENES_INTRO: Final = "每个业务场景按 0–{top} 级评定（0 表示{below}）；表中引用所选等级的官方表述。★ 表示约束性场景。"
SCENES_TABLE_HEAD: Final = ("编号", "业务场景", "等级", "所选等级的官方表述", "备注")
CONSTRAINED: Final = "约束性"
GUIDING: Final = "指导性"
SCENE_NOT_ANSWERED: Final = "未作答（按{below}计）"

WARNINGS_HEADING: Final = "填报数据一致性提示"
WARNINGS_NONE: Final = "未发现填报数据之间或填报数据与所选选项之间的矛盾。"
WARNINGS_INTRO: Final = "共 {count} 条提示。提示不影响得分，但现场评定时可能被追问，建议核对数据或所选选项。"
WARNINGS_TABLE_HEAD: Final = ("序号", "涉及项目", "说明")

EVIDENCE_HEADING: Final = "佐证材料清单"
EVIDENCE_NONE: Final = "未登记佐证材料。"
EVIDENCE_NONE_ANSWERS: Final = "本报告依据答卷文件生成，未关联佐证材料。"
EVIDENCE_INTRO: Final = "共 {count} 份佐证材料。SHA-256 为文件内容的摘要，可用于核对文件未被改动。"
EVIDENCE_TABLE_HEAD: Final = ("序号", "项目", "文件名与说明", "大小", "SHA-256")

COMMITMENT_HEADING: Final = "真实性承诺"
ENTERPRISE_SIGNATURE: Final = ("企业（盖章）：", "法定代表人或授权代表（签字）：")
ASSESSOR_TEXT: Final = (
    "评测人员声明：本人已于现场对上述评测内容及佐证材料进行了核查，评定意见客观、公正，与现场核查情况相符。"
)
ASSESSOR_SIGNATURE: Final = ("评测人员（签字）：", "评测机构（盖章）：")
SIGNATURE_DATE: Final = "日期："
SIGNATURE_DATE_BLANK: Final = "　　　　年　　月　　日"

FORM_HASH_MISMATCH: Final = "注意：评测记录的问卷哈希与生成本报告所用问卷的哈希不一致，请核对问卷版本。"

# ------------------------------------------------------------------------------------------- the comparison report
CMP_SUBJECT: Final = "{before} → {after}；总分 {total_before} → {total_after}"
CMP_ENTERPRISE: Final = "{name}　统一社会信用代码 {uscc}"
CMP_TOTAL: Final = "总分 {before} → {after} 分（{delta}）"
CMP_COLUMN: Final = "{label}（{kind}）"
CMP_BEFORE_LONG: Final = "前次评测"
CMP_AFTER_LONG: Final = "后次评测"
CMP_BEFORE: Final = "前次"
CMP_AFTER: Final = "后次"
CMP_ITEM: Final = "项目"
CMP_ROWS: Final = ("评测编号", "评测类型", "评测日期", "评定方式", "评测人员", "问卷版本")
CMP_OTHER_FORM: Final = "两次评测所用问卷（或其版本）不同，以下按题号与场景编号对应比较。"
CMP_OTHER_ENTERPRISE: Final = "注意：两次评测记录的企业不一致，请核对。"
CMP_STAMP: Final = "报告生成时间 {time}｜文档编号 {document_id}"
CMP_FOOTER_BEFORE: Final = "前次内容摘要"
CMP_FOOTER_AFTER: Final = "后次内容摘要"

CMP_VERDICT: Final = "改造后数字化水平：{level}；达到{target}：{reached}"
CMP_YES: Final = "是"
CMP_NO: Final = "否"
CMP_LEVEL_RULE: Final = (
    "综合等级取“总分条件”与“场景条件”同时满足的最高等级：总分等级为{score_level}，场景等级为{scene_level}，"
    "因此综合等级为{level}。"
)
CMP_LIMIT_SCENES: Final = (
    "未达到{next}的原因：总分 {total} 分已满足{next}的总分要求（≥ {min_score} 分），"
    "但达到{next}及以上的场景 {scenes} 个、其中约束性 {constrained} 个，"
    "{next}要求至少 {min_scenes} 个、其中约束性至少 {min_constrained} 个，场景条件不满足。"
)
CMP_LIMIT_SCORE: Final = (
    "未达到{next}的原因：场景条件已满足，但总分 {total} 分低于{next}要求的 {min_score} 分，总分条件不满足。"
)
CMP_LIMIT_BOTH: Final = (
    "未达到{next}的原因：总分 {total} 分低于{next}要求的 {min_score} 分；"
    "达到{next}及以上的场景 {scenes} 个、其中约束性 {constrained} 个，"
    "{next}要求至少 {min_scenes} 个、其中约束性至少 {min_constrained} 个。两项条件均不满足。"
)
CMP_AT_TOP: Final = "已达到最高等级（{level}）。"
CMP_RULE_HEADING: Final = "等级判定：改造前与改造后"
CMP_RULE_BEFORE: Final = "{label}：总分 {total} 分，综合等级 {level}"
CMP_EVIDENCE_HEADING: Final = "佐证材料"
CMP_EVIDENCE_OF: Final = "{label}（第 {id} 号评测）"
CMP_PACKAGES: Final = "评测包指纹"
CMP_PACKAGE_OF: Final = "{label}评测包"
CMP_PACKAGE_NONE: Final = "未导出签名评测包"
ACCEPTANCE_HEADING: Final = "验收意见"
ACCEPTANCE_TEXT: Final = (
    "经核对改造前后两次评测的结果、佐证材料与评测包指纹，验收意见如下：",
    "验收结论：□ 通过　　□ 不通过　　□ 整改后复核",
    "意见与说明：",
)
ACCEPTANCE_SIGNATURES: Final = (
    ("企业（盖章）：", "法定代表人或授权代表（签字）："),
    ("牵引单位（盖章）：", "牵引单位负责人（签字）："),
    ("验收专家（签字）：", "验收专家（签字）："),
)
CMP_DRAFT: Final = "两次评测中至少一次尚未定稿，本报告为草稿，不能作为验收文件；两次评测均定稿后重新生成。"

CMP_SCORES_HEADING: Final = "得分与等级变化"
CMP_SCORES_TABLE_HEAD: Final = ("项目", "满分", "前次", "后次", "变化")
CMP_TOTAL_ROW: Final = "总分"
CMP_LEVEL_ROWS: Final = ("总分等级", "场景等级", "综合等级")
CMP_CHART_DIMENSIONS: Final = "图 1  各维度得分：前次与后次"

CMP_QUESTIONS_HEADING: Final = "题目作答变化"
CMP_QUESTIONS_CHANGED: Final = "共 {count} 道题目的作答有变化"
CMP_QUESTIONS_UNCHANGED: Final = "；其余 {count} 道未变化（{ids}）。"
CMP_QUESTIONS_TABLE_HEAD: Final = ("题号", "题目", "{before}", "{after}", "得分变化")

CMP_SCENES_HEADING: Final = "业务场景等级变化"
CMP_SCENES_SUMMARY: Final = "{count} 个业务场景中，{up} 个等级提升，{down} 个等级下降，其余不变。★ 表示约束性场景。"
CMP_CHART_SCENES: Final = "图 2  业务场景等级：前次与后次"
CMP_SCENES_TABLE_HEAD: Final = ("编号", "业务场景", "前次", "后次", "变化", "后次等级的官方表述（有变化的场景）")

CMP_V_DIGEST_BEFORE: Final = "前次评测（第 {id} 号）内容摘要"
CMP_V_DIGEST_AFTER: Final = "后次评测（第 {id} 号）内容摘要"
CMP_V_FORM_BEFORE: Final = "前次问卷哈希"
CMP_V_FORM_AFTER: Final = "后次问卷哈希"

# ------------------------------------------------------------------------------------------- the charts
CHART_SCORE: Final = "得分"
CHART_MAXIMUM: Final = "满分"
CHART_POINTS: Final = "{value} / {maximum} 分"
CHART_THIS_ASSESSMENT: Final = "本次评测"
CHART_CONSTRAINED: Final = "约束性场景 ★"
CHART_OTHER: Final = "其他场景"
CHART_TARGET_LINE: Final = "{level}目标线"
