<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AssessmentTableModel</name>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>评测日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>总分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>完整</source>
        <translation>Complete</translation>
    </message>
    <message>
        <source>更正自</source>
        <translation>Revision of</translation>
    </message>
    <message>
        <source>未完成</source>
        <translation>Incomplete</translation>
    </message>
    <message>
        <source>更正原因：{reason}</source>
        <translation>Reason for revision: {reason}</translation>
    </message>
    <message>
        <source>（现场评定）</source>
        <translation> (on-site assessment)</translation>
    </message>
    <message>
        <source>评测人：{who}{site}</source>
        <translation>Assessor: {who}{site}</translation>
    </message>
</context>
<context>
    <name>AssessmentView</name>
    <message>
        <source>修改 {item}</source>
        <translation>Change {item}</translation>
    </message>
    <message>
        <source>← 返回首页(&amp;M)</source>
        <translation>← Bac&amp;k to home</translation>
    </message>
    <message>
        <source>评测步骤</source>
        <translation>Assessment steps</translation>
    </message>
    <message>
        <source>上一步(&amp;B)</source>
        <translation>&amp;Back</translation>
    </message>
    <message>
        <source>下一步(&amp;N)</source>
        <translation>&amp;Next</translation>
    </message>
    <message>
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>重做</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>正在打开…</source>
        <translation>Opening...</translation>
    </message>
    <message>
        <source>企业信息</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>{name}（{first}–{last}）</source>
        <translation>{name} ({first}–{last})</translation>
    </message>
    <message>
        <source>共 {n} 题，满分 {m} 分。</source>
        <translation>{n} questions, {m} points in total.</translation>
    </message>
    <message>
        <source>数字化经营（{n}个场景）</source>
        <translation>Digital operations ({n} scenes)</translation>
    </message>
    <message>
        <source>为每个场景选择企业已达到的等级描述；尚未开展的选“未达到一级”。★为约束性场景。</source>
        <translation>For each scene, choose the level description the enterprise has reached; if it has not started, choose &quot;Below level 1&quot;. ★ marks a constrained scene.</translation>
    </message>
    <message>
        <source>复核</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>诊断</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <source>已作答 {done} 项，共 {n} 项</source>
        <translation>{done} of {n} answered</translation>
    </message>
    <message>
        <source>已定稿</source>
        <translation>Finalized</translation>
    </message>
    <message>
        <source>草稿 · 自动保存</source>
        <translation>Draft · saved automatically</translation>
    </message>
    <message>
        <source>此评测已定稿，内容不可修改。如需更正，请在首页选择“更正”，系统将创建新的修订版本。</source>
        <translation>This assessment is finalized and cannot be changed. To correct it, choose &quot;Revise&quot; on the home page; a new revision will be created.</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving...</translation>
    </message>
    <message>
        <source>未保存：{msg}</source>
        <translation>Not saved: {msg}</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>定稿</source>
        <translation>Finalize</translation>
    </message>
    <message>
        <source>定稿后评测内容将不可修改（如需更正将生成新的修订版本）。确定定稿吗？</source>
        <translation>Once finalized, the assessment cannot be changed (a correction creates a new revision). Finalize it now?</translation>
    </message>
    <message>
        <source>未保存：他人已修改此评测</source>
        <translation>Not saved: someone else changed this assessment</translation>
    </message>
    <message>
        <source>评测已被他人修改</source>
        <translation>Assessment changed by someone else</translation>
    </message>
    <message>
        <source>{actor} 于 {when} 修改了此评测，您的这项更改未保存。
是否重新载入，查看最新内容？</source>
        <translation>{actor} changed this assessment at {when}; your change was not saved.
Reload it to see the latest content?</translation>
    </message>
    <message>
        <source>无法完成操作</source>
        <translation>Operation Failed</translation>
    </message>
</context>
<context>
    <name>BulkImport</name>
    <message>
        <source>正在准备导入…</source>
        <translation>Preparing the import…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>导入评测包</source>
        <translation>Import packages</translation>
    </message>
    <message>
        <source>正在取消：当前文件导入完成后停止…</source>
        <translation>Cancelling: stopping after the current file…</translation>
    </message>
    <message>
        <source>正在导入第 {n}/{total} 个文件：
{file}</source>
        <translation>Importing file {n} of {total}:
{file}</translation>
    </message>
</context>
<context>
    <name>ComparisonDialog</name>
    <message>
        <source>改造前后对比</source>
        <translation>Before and after</translation>
    </message>
    <message>
        <source>导出对比报告PDF…</source>
        <translation>Export comparison report PDF…</translation>
    </message>
</context>
<context>
    <name>ComparisonView</name>
    <message>
        <source>改造前后对比</source>
        <translation>Before and after</translation>
    </message>
    <message>
        <source>等级判定规则（改造前 / 改造后）</source>
        <translation>Level rule (before / after)</translation>
    </message>
    <message>
        <source>改造前</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>改造后</source>
        <translation>After</translation>
    </message>
    <message>
        <source>各维度得分</source>
        <translation>Score by dimension</translation>
    </message>
    <message>
        <source>维度</source>
        <translation>Dimension</translation>
    </message>
    <message>
        <source>变化</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>各题作答与得分</source>
        <translation>Answers and points per question</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>题目</source>
        <translation>Question</translation>
    </message>
    <message>
        <source>改造前作答</source>
        <translation>Answer before</translation>
    </message>
    <message>
        <source>改造后作答</source>
        <translation>Answer after</translation>
    </message>
    <message>
        <source>得分（前 → 后）</source>
        <translation>Points (before → after)</translation>
    </message>
    <message>
        <source>各场景等级（★约束性）</source>
        <translation>Level by scene (★ constrained)</translation>
    </message>
    <message>
        <source>场景</source>
        <translation>Scene</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>总分条件</source>
        <translation>Score condition</translation>
    </message>
    <message>
        <source>场景数（≥该级）</source>
        <translation>Scenes (≥ level)</translation>
    </message>
    <message>
        <source>其中约束性</source>
        <translation>Constrained</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Result</translation>
    </message>
    <message>
        <source> 达到</source>
        <translation> Met</translation>
    </message>
    <message>
        <source> 未达到</source>
        <translation> Not met</translation>
    </message>
    <message>
        <source>（未作答）</source>
        <translation>(not answered)</translation>
    </message>
    <message>
        <source>改造前：{a}（总分 {x}）&#x3000;→&#x3000;改造后：{b}（总分 {y}，{d}）</source>
        <translation>Before: {a} (score {x})  →  after: {b} (score {y}, {d})</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <source>改造后达到{target}：{answer}</source>
        <translation>{target} reached after the transformation: {answer}</translation>
    </message>
    <message>
        <source>改造后已达到最高等级。</source>
        <translation>After the transformation the highest level is reached.</translation>
    </message>
    <message>
        <source>总分 {total} 低于 {min}</source>
        <translation>the score {total} is below {min}</translation>
    </message>
    <message>
        <source>达到该级的场景 {n} 个，少于 {min} 个</source>
        <translation>{n} scenes at that level, fewer than {min}</translation>
    </message>
    <message>
        <source>其中约束性场景 {n} 个，少于 {min} 个</source>
        <translation>{n} of them constrained, fewer than {min}</translation>
    </message>
    <message>
        <source>未达到{level}的原因：{reasons}。</source>
        <translation>Why not {level}: {reasons}.</translation>
    </message>
</context>
<context>
    <name>DiagnosisPage</name>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>诊断</source>
        <translation>Diagnosis</translation>
    </message>
    <message>
        <source>记录企业的主要痛点和需求清单；需求清单可由改进计划一键生成，再逐项修改。</source>
        <translation>Record the enterprise&apos;s main pain points and its needs list; the needs list can be made from the improvement plan in one click and then edited item by item.</translation>
    </message>
    <message>
        <source>痛点</source>
        <translation>Pain points</translation>
    </message>
    <message>
        <source>评测项</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>业务领域</source>
        <translation>Business area</translation>
    </message>
    <message>
        <source>添加痛点(&amp;T)</source>
        <translation>Add pain poin&amp;t</translation>
    </message>
    <message>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>需求清单</source>
        <translation>Needs list</translation>
    </message>
    <message>
        <source>需求</source>
        <translation>Need</translation>
    </message>
    <message>
        <source>涉及评测项</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>优先级</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>预计投入（元）</source>
        <translation>Estimate (yuan)</translation>
    </message>
    <message>
        <source>计划完成</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>措施或产品</source>
        <translation>Measure or product</translation>
    </message>
    <message>
        <source>从改进计划生成需求(&amp;U)</source>
        <translation>T&amp;urn the plan into needs</translation>
    </message>
    <message>
        <source>添加需求(&amp;W)</source>
        <translation>Ne&amp;w need</translation>
    </message>
    <message>
        <source>诊断报告</source>
        <translation>Diagnosis report</translation>
    </message>
    <message>
        <source>导出诊断报告 PDF…</source>
        <translation>Export diagnosis report as PDF…</translation>
    </message>
    <message>
        <source>导出诊断报告 Word…</source>
        <translation>Export diagnosis report as Word…</translation>
    </message>
    <message>
        <source>此评测已定稿，诊断内容不可修改。</source>
        <translation>This assessment is finalized; its diagnosis cannot be changed.</translation>
    </message>
    <message>
        <source>共 {n} 项需求，预计投入合计 {total} 元</source>
        <translation>{n} needs, estimated investment {total} yuan in total</translation>
    </message>
    <message>
        <source>正在保存…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>未保存：{msg}</source>
        <translation>Not saved: {msg}</translation>
    </message>
    <message>
        <source>删除这一痛点？</source>
        <translation>Remove this pain point?</translation>
    </message>
    <message>
        <source>删除这一需求？</source>
        <translation>Remove this need?</translation>
    </message>
    <message>
        <source>改进计划的每一步都已有需求覆盖。</source>
        <translation>Every step of the improvement plan is covered by a need already.</translation>
    </message>
    <message>
        <source>已从改进计划生成 {n} 项需求，请补充预计投入和措施。</source>
        <translation>{n} needs made from the improvement plan; add their estimates and measures.</translation>
    </message>
    <message>
        <source>确认删除</source>
        <translation>Confirm removal</translation>
    </message>
    <message>
        <source>Word 文档 (*.docx)</source>
        <translation>Word document (*.docx)</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF file (*.pdf)</translation>
    </message>
    <message>
        <source>导出诊断报告</source>
        <translation>Export diagnosis report</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>诊断报告已导出：{name}</source>
        <translation>Diagnosis report exported: {name}</translation>
    </message>
    <message>
        <source>导出失败：{msg}</source>
        <translation>Export failed: {msg}</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DossierExporter</name>
    <message>
        <source>一企一档</source>
        <translation>enterprise dossier</translation>
    </message>
    <message>
        <source>导出一企一档</source>
        <translation>Export enterprise dossier</translation>
    </message>
    <message>
        <source>一企一档已导出</source>
        <translation>Dossier exported</translation>
    </message>
    <message>
        <source>已导出一企一档：
{path}</source>
        <translation>Enterprise dossier exported:
{path}</translation>
    </message>
    <message>
        <source>导出一企一档到文件夹</source>
        <translation>Export enterprise dossiers to folder</translation>
    </message>
    <message>
        <source>正在导出一企一档…</source>
        <translation>Exporting enterprise dossiers…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已导出 {done} / {total} 家企业…</source>
        <translation>{done} of {total} enterprises exported…</translation>
    </message>
    <message>
        <source>已为 {n} 家企业导出一企一档到：
{folder}</source>
        <translation>Dossiers of {n} enterprises exported to:
{folder}</translation>
    </message>
    <message>
        <source>已取消；此前已导出 {n} 家企业的一企一档到：
{folder}</source>
        <translation>Cancelled; the dossiers of {n} enterprises exported so far are in:
{folder}</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
</context>
<context>
    <name>EnterpriseDetailPanel</name>
    <message>
        <source>在上方列表中选择一家企业，查看其信息和评测。</source>
        <translation>Select an enterprise in the list above to see its details and assessments.</translation>
    </message>
    <message>
        <source>编辑企业(&amp;E)…</source>
        <translation>&amp;Edit enterprise...</translation>
    </message>
    <message>
        <source>修改企业名称、信用代码、行业、规模等信息</source>
        <translation>Change the enterprise&apos;s name, credit code, industry, size and other details</translation>
    </message>
    <message>
        <source>归档</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>删除企业…</source>
        <translation>Delete enterprise…</translation>
    </message>
    <message>
        <source>删除误录的企业及其草稿、证据和改造项目；有已定稿评测的企业只能归档</source>
        <translation>Delete a mistyped enterprise with its drafts, evidence and projects; an enterprise with a finalized assessment can only be archived</translation>
    </message>
    <message>
        <source>导出一企一档(&amp;K)…</source>
        <translation>Export dossier (&amp;K)…</translation>
    </message>
    <message>
        <source>报告、评测包、证据和改造项目记录，连同目录，打包为一个 ZIP 文件</source>
        <translation>Reports, packages, evidence and the project record, with an index, in one ZIP file</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>规模</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>规上/规下</source>
        <translation>Designated size</translation>
    </message>
    <message>
        <source>专精特新</source>
        <translation>Specialized/innovative</translation>
    </message>
    <message>
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>牵引单位</source>
        <translation>Traction unit</translation>
    </message>
    <message>
        <source>试点细分行业</source>
        <translation>Pilot sub-sector</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>主要产品</source>
        <translation>Main products</translation>
    </message>
    <message>
        <source>评测</source>
        <translation>Assessments</translation>
    </message>
    <message>
        <source>评测列表</source>
        <translation>Assessment list</translation>
    </message>
    <message>
        <source>这家企业还没有评测。点击“新建评测”开始第一次评测。</source>
        <translation>This enterprise has no assessments yet. Click &quot;New assessment&quot; to start the first one.</translation>
    </message>
    <message>
        <source>新建评测(&amp;A)…</source>
        <translation>New &amp;assessment...</translation>
    </message>
    <message>
        <source>为这家企业新建一次评测（改造前、改造后或自评）</source>
        <translation>Start a new assessment for this enterprise (before transformation, after transformation or self-assessment)</translation>
    </message>
    <message>
        <source>继续评测(&amp;O)</source>
        <translation>C&amp;ontinue</translation>
    </message>
    <message>
        <source>定稿(&amp;S)…</source>
        <translation>Finali&amp;ze...</translation>
    </message>
    <message>
        <source>定稿后评测不可再修改，只能通过“更正”产生新的修订版</source>
        <translation>A finalized assessment cannot be changed; &quot;Revise&quot; creates a new revision instead</translation>
    </message>
    <message>
        <source>更正(&amp;R)…</source>
        <translation>&amp;Revise...</translation>
    </message>
    <message>
        <source>为已定稿的评测新建一个草稿修订版，并记录更正原因</source>
        <translation>Create a draft revision of the finalized assessment and record why</translation>
    </message>
    <message>
        <source>删除草稿(&amp;D)…</source>
        <translation>&amp;Delete draft...</translation>
    </message>
    <message>
        <source>删除选中的草稿评测（Delete 键）</source>
        <translation>Delete the selected draft assessment (Delete key)</translation>
    </message>
    <message>
        <source>以此为基线开始改造后评测(&amp;B)</source>
        <translation>Start &quot;after&quot; from this &amp;baseline</translation>
    </message>
    <message>
        <source>复制这次改造前评测的全部答案，新建一次改造后评测</source>
        <translation>Copy all answers of this before-transformation assessment into a new after-transformation assessment</translation>
    </message>
    <message>
        <source>对比改造前后(&amp;C)</source>
        <translation>&amp;Compare before/after</translation>
    </message>
    <message>
        <source>对比改造前与改造后评测（各取最新的已定稿评测；尚无定稿时取最新草稿）</source>
        <translation>Compare the before and after assessments (the latest finalized of each; the latest draft while none is finalized)</translation>
    </message>
    <message>
        <source>{name}（已归档）</source>
        <translation>{name} (archived)</translation>
    </message>
    <message>
        <source>取消归档</source>
        <translation>Unarchive</translation>
    </message>
    <message>
        <source>让它重新出现在企业列表中</source>
        <translation>Show it in the enterprise list again</translation>
    </message>
    <message>
        <source>从企业列表中隐藏（不删除任何记录）</source>
        <translation>Hide it from the enterprise list (nothing is deleted)</translation>
    </message>
    <message>
        <source>来源未核验：评测 {ids} 导入自签名密钥未受信任的评测包</source>
        <translation>Origin not verified: assessment {ids} was imported from a package signed by an untrusted key</translation>
    </message>
    <message>
        <source>查看(&amp;O)</source>
        <translation>&amp;Open</translation>
    </message>
</context>
<context>
    <name>EnterpriseDialog</name>
    <message>
        <source>编辑企业</source>
        <translation>Edit Enterprise</translation>
    </message>
    <message>
        <source>新建企业</source>
        <translation>New Enterprise</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Enterprise name</translation>
    </message>
    <message>
        <source>与营业执照一致</source>
        <translation>As shown on the business license</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>18位，例如 91350100M000100Y43</source>
        <translation>18 characters, e.g. 91350100M000100Y43</translation>
    </message>
    <message>
        <source>行业门类</source>
        <translation>Industry section</translation>
    </message>
    <message>
        <source>（未填写）</source>
        <translation>(not specified)</translation>
    </message>
    <message>
        <source>制造业大类</source>
        <translation>Manufacturing division</translation>
    </message>
    <message>
        <source>（不细分大类）</source>
        <translation>(no division)</translation>
    </message>
    <message>
        <source>行业大类代码</source>
        <translation>Industry division code</translation>
    </message>
    <message>
        <source>两位数字，可不填</source>
        <translation>Two digits, optional</translation>
    </message>
    <message>
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>例如 福建省福州市</source>
        <translation>e.g. Fuzhou, Fujian</translation>
    </message>
    <message>
        <source>主要产品</source>
        <translation>Main products</translation>
    </message>
    <message>
        <source>企业规模</source>
        <translation>Enterprise size</translation>
    </message>
    <message>
        <source>按人数和营业收入建议…</source>
        <translation>Suggest size...</translation>
    </message>
    <message>
        <source>显示规模建议工具</source>
        <translation>Show the size suggestion tool</translation>
    </message>
    <message>
        <source> 人</source>
        <translation> employees</translation>
    </message>
    <message>
        <source>从业人员数</source>
        <translation>Number of employees</translation>
    </message>
    <message>
        <source> 万元</source>
        <translation> ×10k CNY</translation>
    </message>
    <message>
        <source>上年营业收入（万元）</source>
        <translation>Revenue last year (10,000 CNY)</translation>
    </message>
    <message>
        <source>建议(&amp;G)</source>
        <translation>Su&amp;ggest</translation>
    </message>
    <message>
        <source>按工业企业划型标准（工信部联企业〔2011〕300号）建议，请确认后保存。</source>
        <translation>Suggested by the industrial enterprise size standard (MIIT [2011] No. 300); please confirm before saving.</translation>
    </message>
    <message>
        <source>规上或规下</source>
        <translation>Above or below designated size</translation>
    </message>
    <message>
        <source>（规模以上）</source>
        <translation> (规上)</translation>
    </message>
    <message>
        <source>（规模以下）</source>
        <translation> (规下)</translation>
    </message>
    <message>
        <source>专精特新</source>
        <translation>Specialized and innovative (专精特新)</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Contact phone</translation>
    </message>
    <message>
        <source>试点细分行业</source>
        <translation>Pilot sub-sector</translation>
    </message>
    <message>
        <source>数字化牵引单位</source>
        <translation>Digital traction unit</translation>
    </message>
    <message>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>基本信息</source>
        <translation>Basic information</translation>
    </message>
    <message>
        <source>企业名称(&amp;M)*</source>
        <translation>Enterprise &amp;name*</translation>
    </message>
    <message>
        <source>统一社会信用代码(&amp;U)*</source>
        <translation>&amp;Unified social credit code*</translation>
    </message>
    <message>
        <source>行业门类(&amp;I)</source>
        <translation>&amp;Industry section</translation>
    </message>
    <message>
        <source>行业大类</source>
        <translation>Industry division</translation>
    </message>
    <message>
        <source>地区(&amp;R)</source>
        <translation>&amp;Region</translation>
    </message>
    <message>
        <source>主要产品(&amp;P)</source>
        <translation>Main &amp;products</translation>
    </message>
    <message>
        <source>规模与资质</source>
        <translation>Size and standing</translation>
    </message>
    <message>
        <source>企业规模(&amp;Z)</source>
        <translation>Enterprise si&amp;ze</translation>
    </message>
    <message>
        <source>从业人员</source>
        <translation>Employees</translation>
    </message>
    <message>
        <source>上年营业收入</source>
        <translation>Revenue last year</translation>
    </message>
    <message>
        <source>规上/规下(&amp;B)</source>
        <translation>&amp;Designated size</translation>
    </message>
    <message>
        <source>专精特新(&amp;T)</source>
        <translation>Specialized and inno&amp;vative</translation>
    </message>
    <message>
        <source>联系与项目</source>
        <translation>Contact and project</translation>
    </message>
    <message>
        <source>联系人(&amp;C)</source>
        <translation>&amp;Contact person</translation>
    </message>
    <message>
        <source>联系电话(&amp;H)</source>
        <translation>Contact p&amp;hone</translation>
    </message>
    <message>
        <source>试点细分行业(&amp;L)</source>
        <translation>Pi&amp;lot sub-sector</translation>
    </message>
    <message>
        <source>数字化牵引单位(&amp;Y)</source>
        <translation>Digital &amp;traction unit</translation>
    </message>
    <message>
        <source>* 为必填项。</source>
        <translation>* Required.</translation>
    </message>
    <message>
        <source>企业名称不能为空</source>
        <translation>Enter the enterprise name</translation>
    </message>
    <message>
        <source>请先选择行业门类</source>
        <translation>Choose the industry section first</translation>
    </message>
    <message>
        <source>建议：{size}，{scale}（工业企业标准，营业收入2000万元及以上为规上）。请确认。</source>
        <translation>Suggestion: {size}, {scale} (industrial standard: revenue of CNY 20 million or more is above designated size). Please confirm.</translation>
    </message>
    <message>
        <source>联系电话格式不正确：只能包含数字、空格、+、-、括号和分机号（如 0591-87654321 转 123）</source>
        <translation>Contact phone is not valid: use digits, spaces, +, -, parentheses and an extension (e.g. 0591-87654321 ext. 123)</translation>
    </message>
    <message>
        <source>放弃更改</source>
        <translation>Discard changes</translation>
    </message>
    <message>
        <source>已填写的内容尚未保存。确定放弃吗？</source>
        <translation>What you typed has not been saved. Discard it?</translation>
    </message>
    <message>
        <source>请先选择行业门类，再填写行业大类</source>
        <translation>Choose the industry section before the division</translation>
    </message>
    <message>
        <source>该统一社会信用代码已存在</source>
        <translation>An enterprise with this unified social credit code already exists</translation>
    </message>
</context>
<context>
    <name>EnterpriseListPanel</name>
    <message>
        <source>企业</source>
        <translation>Enterprises</translation>
    </message>
    <message>
        <source>搜索名称、信用代码、地区、牵引单位（Ctrl+F）</source>
        <translation>Search name, credit code, region, traction unit (Ctrl+F)</translation>
    </message>
    <message>
        <source>搜索企业</source>
        <translation>Search enterprises</translation>
    </message>
    <message>
        <source>等级(&amp;G)</source>
        <translation>Le&amp;vel</translation>
    </message>
    <message>
        <source>按最新等级筛选</source>
        <translation>Filter by latest level</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>未评测</source>
        <translation>Not assessed</translation>
    </message>
    <message>
        <source>新建企业(&amp;N)</source>
        <translation>&amp;New enterprise</translation>
    </message>
    <message>
        <source>登记一家新企业</source>
        <translation>Register a new enterprise</translation>
    </message>
    <message>
        <source>显示已归档</source>
        <translation>Show archived</translation>
    </message>
    <message>
        <source>在列表中同时显示已归档的企业</source>
        <translation>Also list archived enterprises</translation>
    </message>
    <message>
        <source>导出所选一企一档(&amp;Y)…</source>
        <translation>Export dossiers of selection (&amp;Y)…</translation>
    </message>
    <message>
        <source>为选中的企业各导出一份一企一档（按住 Ctrl 或 Shift 选择多家）</source>
        <translation>Export a dossier for each selected enterprise (hold Ctrl or Shift to select several)</translation>
    </message>
    <message>
        <source>企业列表</source>
        <translation>Enterprise list</translation>
    </message>
    <message>
        <source>正在处理</source>
        <translation>Working</translation>
    </message>
    <message>
        <source>还没有企业。点击“新建企业”开始。</source>
        <translation>No enterprises yet. Click &quot;New enterprise&quot; to start.</translation>
    </message>
    <message>
        <source>登记企业后，可为它新建改造前、改造后或自评评测，并在此查看等级和对比。</source>
        <translation>Once an enterprise is registered, you can start before-transformation, after-transformation or self-assessments for it, and see its levels and comparisons here.</translation>
    </message>
    <message>
        <source>新建企业…</source>
        <translation>New enterprise...</translation>
    </message>
    <message>
        <source>没有符合条件的企业。</source>
        <translation>No enterprises match the filter.</translation>
    </message>
    <message>
        <source>清除筛选(&amp;X)</source>
        <translation>Clear fil&amp;ters</translation>
    </message>
    <message>
        <source>正在加载企业列表…</source>
        <translation>Loading enterprises...</translation>
    </message>
    <message>
        <source>正在加载…</source>
        <translation>Loading...</translation>
    </message>
    <message>
        <source>正在处理…</source>
        <translation>Working...</translation>
    </message>
    <message>
        <source>共 {n} 家企业</source>
        <translation>Enterprises: {n}</translation>
    </message>
    <message>
        <source>显示 {shown} / {total} 家企业</source>
        <translation>Showing {shown} of {total} enterprises</translation>
    </message>
</context>
<context>
    <name>EnterpriseTableModel</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>最新等级</source>
        <translation>Latest level</translation>
    </message>
    <message>
        <source>最新评测日期</source>
        <translation>Last assessed</translation>
    </message>
    <message>
        <source>评测数</source>
        <translation>Assessments</translation>
    </message>
    <message>
        <source>{name}（已归档）</source>
        <translation>{name} (archived)</translation>
    </message>
    <message>
        <source>{level}（暂定）</source>
        <translation>{level} (provisional)</translation>
    </message>
    <message>
        <source>最新评测尚未答完：未作答的题目按 0 分计，等级为暂定</source>
        <translation>The latest assessment is not complete: unanswered questions score 0, so the level is provisional</translation>
    </message>
</context>
<context>
    <name>EvidenceBox</name>
    <message>
        <source>佐证材料列表</source>
        <translation>Evidence files</translation>
    </message>
    <message>
        <source>添加佐证材料…</source>
        <translation>Add evidence...</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>选择佐证材料</source>
        <translation>Choose Evidence Files</translation>
    </message>
    <message>
        <source>移除佐证材料</source>
        <translation>Remove evidence</translation>
    </message>
    <message>
        <source>移除佐证材料“{name}”？</source>
        <translation>Remove the evidence “{name}”?</translation>
    </message>
    <message>
        <source>它将不再作为本项的佐证，此操作不能撤销。</source>
        <translation>It will no longer support this item. This cannot be undone.</translation>
    </message>
    <message>
        <source>移除(&amp;R)</source>
        <translation>&amp;Remove</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>题目、选项、分值和场景等级描述依据《{title}》（{notice}）。</source>
        <translation>The questions, options, points and scene level descriptions follow &apos;{title}&apos; ({notice}).</translation>
    </message>
    <message>
        <source>题目和场景卡片上的ⓘ按钮给出相应条目文本的说明。</source>
        <translation>The ⓘ button on a question or scene card explains that item&apos;s text.</translation>
    </message>
    <message>
        <source>英文界面中的题目、选项和场景等级描述为非官方译文，仅供理解；作答、报告和评测包以中文原文为准。</source>
        <translation>In English mode the questions, options and scene level descriptions are unofficial translations, for understanding only; the Chinese text is the one answered, reported and packaged.</translation>
    </message>
    <message>
        <source>指标文本说明</source>
        <translation>About the indicator texts</translation>
    </message>
    <message>
        <source>在首页新建或选择企业，再新建一次评测（改造前或改造后）。</source>
        <translation>On the home page, add or select an enterprise, then start an assessment (before or after the upgrade).</translation>
    </message>
    <message>
        <source>逐项作答：{q}道评分题和{s}个业务场景。每项可填写备注、添加佐证材料；答案自动保存。</source>
        <translation>Answer every item: {q} scored questions and {s} business scenes. Each item takes a note and evidence files; answers are saved automatically.</translation>
    </message>
    <message>
        <source>在结果页查看总分、各维度得分、场景等级、总体等级和达到{target}的改进计划。</source>
        <translation>The result page shows the total score, the dimension scores, the scene levels, the overall level and a plan to reach {target}.</translation>
    </message>
    <message>
        <source>全部作答后定稿；定稿的评测不能再修改，可导出PDF报告和签名评测包。</source>
        <translation>When every item is answered, finalize; a finalized assessment can no longer be changed and can be exported as a PDF report and a signed package.</translation>
    </message>
    <message>
        <source>{level}：总分不低于{score}分，且至少{n}个场景达到{level}或以上（其中约束性场景至少{c}个）</source>
        <translation>{level}: a total of at least {score} points, and at least {n} scenes at {level} or above (at least {c} of them constrained)</translation>
    </message>
    <message>
        <source>评测包是定稿评测的签名文件，包含企业信息、答案、得分与等级、PDF报告、问卷定义和佐证材料，用企业的签名密钥签名（现场评测还可由评测人员副署）。</source>
        <translation>The package is the signed file of a finalized assessment: the enterprise details, answers, scores and levels, the PDF report, the questionnaire definition and the evidence, signed with the enterprise&apos;s signing key (an on-site assessment can also be countersigned by the assessor).</translation>
    </message>
    <message>
        <source>接收方用“文件 › 校验评测包”或离线网页校验器核验：文件未被改动、得分按问卷重新计算一致，并显示签名者及其指纹。</source>
        <translation>The recipient checks it with File › Verify package or the offline web verifier: the file is unchanged, the scores recomputed from the questionnaire agree, and the signers are shown with their fingerprints.</translation>
    </message>
    <message>
        <source>使用说明</source>
        <translation>How to use</translation>
    </message>
    <message>
        <source>等级规则：两部分同时满足</source>
        <translation>The level rule: both parts must hold</translation>
    </message>
    <message>
        <source>总体等级取总分条件与场景条件同时满足的最高等级。</source>
        <translation>The overall level is the highest level whose score condition and scene condition both hold.</translation>
    </message>
    <message>
        <source>签名评测包（.sdap）</source>
        <translation>The signed package (.sdap)</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <source>加载失败：{error}</source>
        <translation>Loading failed: {error}</translation>
    </message>
    <message>
        <source>无法加载企业列表</source>
        <translation>Could not load the enterprise list</translation>
    </message>
    <message>
        <source>无法归档企业</source>
        <translation>Cannot archive the enterprise</translation>
    </message>
    <message>
        <source>无法取消归档</source>
        <translation>Cannot unarchive the enterprise</translation>
    </message>
    <message>
        <source>无法删除企业</source>
        <translation>Cannot delete the enterprise</translation>
    </message>
    <message>
        <source>不能删除企业</source>
        <translation>The enterprise cannot be deleted</translation>
    </message>
    <message>
        <source>“{name}”有已定稿的评测 {ids}，不能删除。</source>
        <translation>“{name}” has finalized assessment {ids} and cannot be deleted.</translation>
    </message>
    <message>
        <source>已定稿的评测是正式记录，须保留。可将企业归档，使其不再显示在企业列表中。</source>
        <translation>A finalized assessment is an official record and must be kept. You can archive the enterprise so that it no longer appears in the enterprise list.</translation>
    </message>
    <message>
        <source>归档(&amp;A)</source>
        <translation>&amp;Archive</translation>
    </message>
    <message>
        <source>删除企业</source>
        <translation>Delete enterprise</translation>
    </message>
    <message>
        <source>删除企业“{name}”（{uscc}）？</source>
        <translation>Delete the enterprise “{name}” ({uscc})?</translation>
    </message>
    <message>
        <source>删除企业(&amp;D)</source>
        <translation>&amp;Delete enterprise</translation>
    </message>
    <message>
        <source>{n} 份评测草稿及其答案</source>
        <translation>{n} draft assessment(s) with their answers</translation>
    </message>
    <message>
        <source>{n} 份证据</source>
        <translation>{n} evidence file(s)</translation>
    </message>
    <message>
        <source>{n} 份诊断记录</source>
        <translation>{n} findings record(s)</translation>
    </message>
    <message>
        <source>{n} 项计划勾选</source>
        <translation>{n} plan check(s)</translation>
    </message>
    <message>
        <source>{n} 个改造项目</source>
        <translation>{n} project(s)</translation>
    </message>
    <message>
        <source>该企业没有评测或其他记录。此操作不能撤销。</source>
        <translation>The enterprise has no assessments or other records. This cannot be undone.</translation>
    </message>
    <message>
        <source>，</source>
        <comment>list separator</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>将一并删除：{items}。此操作不能撤销。</source>
        <translation>Deleted with it: {items}. This cannot be undone.</translation>
    </message>
    <message>
        <source>无法新建评测</source>
        <translation>Could not create the assessment</translation>
    </message>
    <message>
        <source>无法开始改造后评测</source>
        <translation>Could not start the after-transformation assessment</translation>
    </message>
    <message>
        <source>定稿评测 #{id}</source>
        <translation>Finalize Assessment #{id}</translation>
    </message>
    <message>
        <source>定稿后，评测 #{id} 将不可再修改。</source>
        <translation>Once finalized, assessment #{id} can no longer be changed.</translation>
    </message>
    <message>
        <source>如需修改已定稿的评测，只能通过“更正”新建修订版，原记录保持不变。确定定稿吗？</source>
        <translation>A finalized assessment can only be changed through &quot;Revise&quot;, which creates a new revision and leaves the original unchanged. Finalize it now?</translation>
    </message>
    <message>
        <source>定稿(&amp;S)</source>
        <translation>Finali&amp;ze</translation>
    </message>
    <message>
        <source>无法定稿评测 #{id}</source>
        <translation>Could not finalize assessment #{id}</translation>
    </message>
    <message>
        <source>无法更正评测 #{id}</source>
        <translation>Could not revise assessment #{id}</translation>
    </message>
    <message>
        <source>删除草稿 #{id}</source>
        <translation>Delete Draft #{id}</translation>
    </message>
    <message>
        <source>删除草稿评测 #{id}？</source>
        <translation>Delete draft assessment #{id}?</translation>
    </message>
    <message>
        <source>它的全部答案和证据链接将被删除，此操作不能撤销。</source>
        <translation>All its answers and evidence links will be deleted. This cannot be undone.</translation>
    </message>
    <message>
        <source>删除(&amp;D)</source>
        <translation>&amp;Delete</translation>
    </message>
    <message>
        <source>无法删除草稿 #{id}</source>
        <translation>Could not delete draft #{id}</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>ImportSummaryDialog</name>
    <message>
        <source>导入评测包</source>
        <translation>Import packages</translation>
    </message>
    <message>
        <source>已导入</source>
        <translation>Imported</translation>
    </message>
    <message>
        <source>已存在，未重复导入</source>
        <translation>Already present, not imported again</translation>
    </message>
    <message>
        <source>本工作区导出的评测包，已在此</source>
        <translation>Exported from this workspace; already here</translation>
    </message>
    <message>
        <source>拒绝导入</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>共 {n} 个文件：已导入 {imported}，已存在 {here}，拒绝导入 {refused}</source>
        <translation>{n} files: {imported} imported, {here} already here, {refused} refused</translation>
    </message>
    <message>
        <source>已取消：其余 {left} 个文件未导入，已导入的保留。</source>
        <translation>Cancelled: the remaining {left} files were not imported; those already imported stay.</translation>
    </message>
    <message>
        <source>显示(&amp;S)：</source>
        <translation>&amp;Show:</translation>
    </message>
    <message>
        <source>全部（{n}）</source>
        <translation>All ({n})</translation>
    </message>
    <message>
        <source>{verdict}（{n}）</source>
        <translation>{verdict} ({n})</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Enterprise name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>评测</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>已核验</source>
        <translation>Verified</translation>
    </message>
    <message>
        <source>来源未核验</source>
        <translation>Origin not verified</translation>
    </message>
    <message>
        <source>保存为CSV(&amp;V)…</source>
        <translation>Sa&amp;ve as CSV…</translation>
    </message>
    <message>
        <source>保存导入结果</source>
        <translation>Save the import results</translation>
    </message>
    <message>
        <source>导入结果</source>
        <translation>import-results</translation>
    </message>
    <message>
        <source>无法保存：{reason}</source>
        <translation>Could not save: {reason}</translation>
    </message>
    <message>
        <source>导入结果已保存</source>
        <translation>Import results saved</translation>
    </message>
    <message>
        <source>已保存导入结果：
{path}</source>
        <translation>Import results saved:
{path}</translation>
    </message>
</context>
<context>
    <name>InfoPage</name>
    <message>
        <source>企业信息</source>
        <translation>Enterprise information</translation>
    </message>
    <message>
        <source>核对被评企业，并填写评测人信息（定稿时必填）。</source>
        <translation>Check the enterprise being assessed and enter the assessor&apos;s details (required to finalize).</translation>
    </message>
    <message>
        <source>现场评定（评测人在企业现场完成）</source>
        <translation>On-site assessment (the assessor was at the enterprise)</translation>
    </message>
    <message>
        <source>评测人(&amp;A)</source>
        <translation>&amp;Assessor</translation>
    </message>
    <message>
        <source>所属单位(&amp;O)</source>
        <translation>&amp;Organization</translation>
    </message>
    <message>
        <source>角色(&amp;R)</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <source>评测日期(&amp;D)</source>
        <translation>Assessment &amp;date</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Enterprise name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>行业</source>
        <translation>Industry</translation>
    </message>
    <message>
        <source>地区</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>评测类型</source>
        <translation>Assessment type</translation>
    </message>
    <message>
        <source>问卷：{title}（{id}，第 {rev} 版，{hash}）</source>
        <translation>Questionnaire: {title} ({id}, revision {rev}, {hash})</translation>
    </message>
</context>
<context>
    <name>ItemCard</name>
    <message>
        <source>关于本条的文本</source>
        <translation>About this item&apos;s text</translation>
    </message>
    <message>
        <source>指标解释</source>
        <translation>Explanation</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>备注（现场说明、数据来源等）</source>
        <translation>Notes (on-site remarks, data sources, etc.)</translation>
    </message>
    <message>
        <source>佐证材料提示：</source>
        <translation>Evidence hints: </translation>
    </message>
    <message>
        <source>；</source>
        <comment>list separator</comment>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>KeySetupDialog</name>
    <message>
        <source>签名密钥设置</source>
        <translation>Signing Key Set-up</translation>
    </message>
    <message>
        <source>评估人员签名密钥</source>
        <translation>Assessor&apos;s signing key</translation>
    </message>
    <message>
        <source>评测包以企业的签名密钥签名，接收方据此核验评测包未被改动。请选择密钥的保存方式（只需设置一次）：</source>
        <translation>Submission packages are signed with the enterprise&apos;s signing key, so the recipient can check that a package was not changed. Choose where the key is kept (asked only once):</translation>
    </message>
    <message>
        <source>副署使用评估人员本人的签名密钥。请新建或选择评估人员的密钥文件（只需设置一次）：</source>
        <translation>A countersignature uses the assessor&apos;s own signing key. Create or choose the assessor&apos;s key file (asked only once):</translation>
    </message>
    <message>
        <source>保存在本机的系统密钥库中（推荐）</source>
        <translation>Keep it in this computer&apos;s system key store (recommended)</translation>
    </message>
    <message>
        <source>新建受口令保护的密钥文件</source>
        <translation>Create a new passphrase-protected key file</translation>
    </message>
    <message>
        <source>使用已有的密钥文件</source>
        <translation>Use an existing key file</translation>
    </message>
    <message>
        <source>密钥文件的位置</source>
        <translation>Where the key file is</translation>
    </message>
    <message>
        <source>企业签名密钥</source>
        <translation>enterprise signing key</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>密钥文件：</source>
        <translation>Key file:</translation>
    </message>
    <message>
        <source>口令：</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <source>再次输入口令：</source>
        <translation>Passphrase again:</translation>
    </message>
    <message>
        <source>口令</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>再次输入口令</source>
        <translation>Passphrase again</translation>
    </message>
    <message>
        <source>口令至少 {n} 个字符。请牢记口令：忘记口令后，这个密钥将无法再用于签名。</source>
        <translation>At least {n} characters. Remember it: without the passphrase this key can no longer sign.</translation>
    </message>
    <message>
        <source>密钥文件</source>
        <translation>Key files</translation>
    </message>
    <message>
        <source>所有文件</source>
        <translation>All files</translation>
    </message>
    <message>
        <source>新建密钥文件</source>
        <translation>New Key File</translation>
    </message>
    <message>
        <source>选择密钥文件</source>
        <translation>Choose Key File</translation>
    </message>
    <message>
        <source>请选择密钥文件的位置。</source>
        <translation>Choose where the key file is.</translation>
    </message>
    <message>
        <source>两次输入的口令不一致，请重新输入。</source>
        <translation>The two passphrases differ; please type them again.</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>改造前</source>
        <translation>Before transformation</translation>
    </message>
    <message>
        <source>改造后</source>
        <translation>After transformation</translation>
    </message>
    <message>
        <source>自评</source>
        <translation>Self-assessment</translation>
    </message>
    <message>
        <source>已定稿</source>
        <translation>Finalized</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>大型</source>
        <translation>Large</translation>
    </message>
    <message>
        <source>中型</source>
        <translation>Medium</translation>
    </message>
    <message>
        <source>小型</source>
        <translation>Small</translation>
    </message>
    <message>
        <source>微型</source>
        <translation>Micro</translation>
    </message>
    <message>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <source>创新型中小企业</source>
        <translation>Innovative SME</translation>
    </message>
    <message>
        <source>专精特新中小企业</source>
        <translation>Specialized and innovative SME (专精特新)</translation>
    </message>
    <message>
        <source>专精特新“小巨人”企业</source>
        <translation>Specialized and innovative &quot;Little Giant&quot; (小巨人)</translation>
    </message>
    <message>
        <source>规上</source>
        <translation>Above designated size</translation>
    </message>
    <message>
        <source>规下</source>
        <translation>Below designated size</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>中小企业数字化水平评测</source>
        <translation>SME Digital Level Assessment</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>新建企业(&amp;N)…</source>
        <translation>&amp;New Enterprise...</translation>
    </message>
    <message>
        <source>返回首页(&amp;H)</source>
        <translation>&amp;Home</translation>
    </message>
    <message>
        <source>项目组合(&amp;O)</source>
        <translation>P&amp;ortfolio</translation>
    </message>
    <message>
        <source>导入评测包(&amp;I)…</source>
        <translation>&amp;Import Submission Packages...</translation>
    </message>
    <message>
        <source>从文件夹导入评测包(&amp;D)…</source>
        <translation>Import packages from a fol&amp;der…</translation>
    </message>
    <message>
        <source>校验评测包(&amp;V)…</source>
        <translation>&amp;Verify Submission Package...</translation>
    </message>
    <message>
        <source>副署评测包…</source>
        <translation>Countersign Package…</translation>
    </message>
    <message>
        <source>本机签名密钥(&amp;K)…</source>
        <translation>This Computer&apos;s Signing &amp;Key...</translation>
    </message>
    <message>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>编辑(&amp;I)</source>
        <translation>Ed&amp;it</translation>
    </message>
    <message>
        <source>语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>使用说明(&amp;U)</source>
        <translation>How to &amp;use</translation>
    </message>
    <message>
        <source>指标文本说明(&amp;T)</source>
        <translation>About the indicator &amp;texts</translation>
    </message>
    <message>
        <source>关于(&amp;A)</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>此版本未包含该导出功能。</source>
        <translation>This edition does not include this export.</translation>
    </message>
    <message>
        <source>导出PDF报告</source>
        <translation>Export PDF Report</translation>
    </message>
    <message>
        <source>导出签名评测包</source>
        <translation>Export Signed Package</translation>
    </message>
    <message>
        <source>评测包</source>
        <translation>Submission package</translation>
    </message>
    <message>
        <source>评测人副署</source>
        <translation>Assessor&apos;s countersignature</translation>
    </message>
    <message>
        <source>这是现场评定。是否同时以评测人（{name}）的密钥副署评测包？</source>
        <translation>This is an on-site assessment. Also countersign the package with the assessor&apos;s ({name}) key?</translation>
    </message>
    <message>
        <source>正在导出…</source>
        <translation>Exporting...</translation>
    </message>
    <message>
        <source>已导出：{path}</source>
        <translation>Exported: {path}</translation>
    </message>
    <message>
        <source>报告已导出</source>
        <translation>Report Exported</translation>
    </message>
    <message>
        <source>已导出PDF报告：
{path}</source>
        <translation>The PDF report was exported:
{path}</translation>
    </message>
    <message>
        <source>评测包已导出</source>
        <translation>Submission Package Exported</translation>
    </message>
    <message>
        <source>已导出并签名：
{path}

评测包指纹：{fp}
签名密钥指纹：{key}</source>
        <translation>Exported and signed:
{path}

Package fingerprint: {fp}
Signing key fingerprint: {key}</translation>
    </message>
    <message>
        <source>PDF字体</source>
        <translation>PDF font</translation>
    </message>
    <message>
        <source>未找到可嵌入的中文字体，报告使用了内置字体（未嵌入），在其他电脑上显示可能不同。

{note}</source>
        <translation>No Chinese font that can be embedded was found, so the report uses the built-in font (not embedded); it may look different on other computers.

{note}</translation>
    </message>
    <message>
        <source>从文件夹导入评测包</source>
        <translation>Import packages from a folder</translation>
    </message>
    <message>
        <source>签名密钥指纹：
{fp}

{where}</source>
        <translation>Signing key fingerprint:
{fp}

{where}</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export Failed</translation>
    </message>
    <message>
        <source>团队服务器</source>
        <translation>team server</translation>
    </message>
    <message>
        <source>本机</source>
        <translation>this computer</translation>
    </message>
    <message>
        <source>工作区：{kind}</source>
        <translation>Workspace: {kind}</translation>
    </message>
    <message>
        <source>改造前后对比</source>
        <translation>Before and after</translation>
    </message>
    <message>
        <source>导出对比报告</source>
        <translation>Export Comparison Report</translation>
    </message>
    <message>
        <source>对比报告已导出</source>
        <translation>Comparison Report Exported</translation>
    </message>
    <message>
        <source>已导出对比报告：
{path}</source>
        <translation>The comparison report was exported:
{path}</translation>
    </message>
    <message>
        <source>导入评测包</source>
        <translation>Import Submission Packages</translation>
    </message>
    <message>
        <source>签名密钥不在信任列表中的评测包：是否也导入，并标记为“来源未核验”？
（选“否”则拒绝导入这些评测包）</source>
        <translation>Packages signed by a key that is not in the trust store: import them too, marked “origin not verified”?
(Choose “No” to refuse those packages.)</translation>
    </message>
    <message>
        <source>副署评测包</source>
        <translation>Countersign Package</translation>
    </message>
    <message>
        <source>请核对后再副署：

{summary}

确认以评估人员的密钥副署？</source>
        <translation>Check before countersigning:

{summary}

Countersign with the assessor&apos;s key?</translation>
    </message>
    <message>
        <source>-副署</source>
        <translation>-countersigned</translation>
    </message>
    <message>
        <source>保存副署后的评测包</source>
        <translation>Save the Countersigned Package</translation>
    </message>
    <message>
        <source>已副署：
{path}</source>
        <translation>Countersigned:
{path}</translation>
    </message>
    <message>
        <source>校验评测包</source>
        <translation>Verify Submission Package</translation>
    </message>
    <message>
        <source>保存在本机的系统密钥库中</source>
        <translation>Kept in this computer&apos;s system key store.</translation>
    </message>
    <message>
        <source>保存在密钥文件中：{path}</source>
        <translation>Kept in the key file: {path}</translation>
    </message>
    <message>
        <source>本机签名密钥</source>
        <translation>This Computer&apos;s Signing Key</translation>
    </message>
    <message>
        <source>指标文本说明</source>
        <translation>About the indicator texts</translation>
    </message>
    <message>
        <source>使用说明</source>
        <translation>How to use</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <source>{title}（{id}，第 {rev} 版）
内容哈希：{hash}</source>
        <translation>{title} ({id}, revision {rev})
Content hash: {hash}</translation>
    </message>
    <message>
        <source>中小企业数字化水平评测 {v}
依据《中小企业数字化水平评测指标（2024年版）》</source>
        <translation>SME Digital Level Assessment {v}
Based on MIIT&apos;s &quot;SME Digital Level Assessment Indicators (2024 edition)&quot;</translation>
    </message>
    <message>
        <source>问卷：
{forms}

工作区：{d}</source>
        <translation>Questionnaires:
{forms}

Workspace: {d}</translation>
    </message>
    <message>
        <source>无法完成操作</source>
        <translation>Operation Failed</translation>
    </message>
</context>
<context>
    <name>NeedDialog</name>
    <message>
        <source>需求</source>
        <translation>Need</translation>
    </message>
    <message>
        <source>需求名称(&amp;N)</source>
        <translation>&amp;Need</translation>
    </message>
    <message>
        <source>涉及评测项(&amp;I)</source>
        <translation>&amp;Items</translation>
    </message>
    <message>
        <source>类别(&amp;C)</source>
        <translation>&amp;Category</translation>
    </message>
    <message>
        <source>优先级(&amp;P)</source>
        <translation>&amp;Priority</translation>
    </message>
    <message>
        <source>预计投入（元）(&amp;E)</source>
        <translation>&amp;Estimate (yuan)</translation>
    </message>
    <message>
        <source>计划完成(&amp;D)</source>
        <translation>&amp;Due</translation>
    </message>
    <message>
        <source>措施或产品(&amp;M)</source>
        <translation>&amp;Measure or product</translation>
    </message>
    <message>
        <source>需求名称</source>
        <translation>Need</translation>
    </message>
    <message>
        <source>涉及评测项</source>
        <translation>Items</translation>
    </message>
    <message>
        <source>预计投入</source>
        <translation>Estimate</translation>
    </message>
    <message>
        <source>措施或产品</source>
        <translation>Measure or product</translation>
    </message>
    <message>
        <source>计划完成</source>
        <translation>Due</translation>
    </message>
</context>
<context>
    <name>NewAssessmentDialog</name>
    <message>
        <source>新建评测</source>
        <translation>New Assessment</translation>
    </message>
    <message>
        <source>为“{name}”新建评测</source>
        <translation>New assessment for &quot;{name}&quot;</translation>
    </message>
    <message>
        <source>评测类型</source>
        <translation>Assessment type</translation>
    </message>
    <message>
        <source>评测人姓名</source>
        <translation>Assessor name</translation>
    </message>
    <message>
        <source>评测人所在单位</source>
        <translation>Assessor&apos;s organization</translation>
    </message>
    <message>
        <source>评测人职务或角色</source>
        <translation>Assessor&apos;s position or role</translation>
    </message>
    <message>
        <source>例如 信息化负责人、咨询顾问</source>
        <translation>e.g. IT manager, consultant</translation>
    </message>
    <message>
        <source>现场评定(&amp;S)</source>
        <translation>On-s&amp;ite assessment</translation>
    </message>
    <message>
        <source>现场评定</source>
        <translation>On-site assessment</translation>
    </message>
    <message>
        <source>评测日期</source>
        <translation>Assessment date</translation>
    </message>
    <message>
        <source>评测问卷</source>
        <translation>Questionnaire</translation>
    </message>
    <message>
        <source>{title}（{id}，第 {rev} 版，{n} 个场景）</source>
        <translation>{title} ({id}, revision {rev}, {n} scenes)</translation>
    </message>
    <message>
        <source>评测人可稍后填写，但定稿前必须填写。</source>
        <translation>The assessor&apos;s details can be entered later but are required to finalize.</translation>
    </message>
    <message>
        <source>评测问卷(&amp;Q)</source>
        <translation>&amp;Questionnaire</translation>
    </message>
    <message>
        <source>评测类型(&amp;K)</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <source>评测人(&amp;A)</source>
        <translation>&amp;Assessor</translation>
    </message>
    <message>
        <source>所在单位(&amp;O)</source>
        <translation>&amp;Organization</translation>
    </message>
    <message>
        <source>职务/角色(&amp;R)</source>
        <translation>Position/&amp;role</translation>
    </message>
    <message>
        <source>评测日期(&amp;D)</source>
        <translation>&amp;Date</translation>
    </message>
    <message>
        <source>开始评测(&amp;B)</source>
        <translation>&amp;Start assessment</translation>
    </message>
</context>
<context>
    <name>PainPointDialog</name>
    <message>
        <source>痛点</source>
        <translation>Pain points</translation>
    </message>
    <message>
        <source>例如：生产进度靠纸质派工单</source>
        <translation>e.g. production progress is tracked on paper work orders</translation>
    </message>
    <message>
        <source>评测项(&amp;I)</source>
        <translation>&amp;Item</translation>
    </message>
    <message>
        <source>痛点(&amp;T)</source>
        <translation>&amp;Pain point</translation>
    </message>
    <message>
        <source>请填写痛点</source>
        <translation>Describe the pain point</translation>
    </message>
</context>
<context>
    <name>PortfolioPage</name>
    <message>
        <source>返回首页</source>
        <translation>Back to home</translation>
    </message>
    <message>
        <source>对照政策(&amp;P)：</source>
        <translation>&amp;Policy:</translation>
    </message>
    <message>
        <source>数字化水平分布（改造前 / 改造后）</source>
        <translation>Digital levels (before / after transformation)</translation>
    </message>
    <message>
        <source>规上企业二级及以上占比（按细分行业，红线为目标）</source>
        <translation>Above-scale enterprises at level 2 or above, by sub-sector (red line: target)</translation>
    </message>
    <message>
        <source>尚未达到二级的企业（双击打开）</source>
        <translation>Enterprises still below level 2 (double-click to open)</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>USCC</translation>
    </message>
    <message>
        <source>企业名称</source>
        <translation>Enterprise name</translation>
    </message>
    <message>
        <source>当前等级</source>
        <translation>Current level</translation>
    </message>
    <message>
        <source>还需分数</source>
        <translation>Points needed</translation>
    </message>
    <message>
        <source>还需提升场景数</source>
        <translation>Scene upgrades needed</translation>
    </message>
    <message>
        <source>自动（按细分行业匹配）</source>
        <translation>Automatic (matched by sub-sector)</translation>
    </message>
    <message>
        <source>项目组合：{n} 家企业</source>
        <translation>Portfolio: {n} enterprises</translation>
    </message>
    <message>
        <source>改造前</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>改造后</source>
        <translation>After</translation>
    </message>
    <message>
        <source>四级企业 {l4} 家。实际投入合计 {inv} 元；补贴估算 {sub} 元（估算，依据{policy}）。</source>
        <translation>Level 4: {l4} enterprises. Actual investment in total: {inv} yuan; subsidy estimate: {sub} yuan (an estimate under {policy}).</translation>
    </message>
    <message>
        <source>全部规上企业</source>
        <translation>All above-scale enterprises</translation>
    </message>
    <message>
        <source>{k}/{n} 家 {share}，目标 {target}</source>
        <translation>{k}/{n} {share}, target {target}</translation>
    </message>
</context>
<context>
    <name>ProjectDialog</name>
    <message>
        <source>新建改造项目</source>
        <translation>New transformation project</translation>
    </message>
    <message>
        <source>创建</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>数字化牵引单位名称</source>
        <translation>Name of the digital traction unit</translation>
    </message>
    <message>
        <source>整数，单位：元</source>
        <translation>Whole number, in yuan</translation>
    </message>
    <message>
        <source>可不填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>合同编号</source>
        <translation>Contract number</translation>
    </message>
    <message>
        <source>服务商（牵引单位）</source>
        <translation>Provider (traction unit)</translation>
    </message>
    <message>
        <source>合同金额（元）</source>
        <translation>Contract amount (yuan)</translation>
    </message>
    <message>
        <source>首付金额（元）</source>
        <translation>Down payment (yuan)</translation>
    </message>
    <message>
        <source>签订日期</source>
        <translation>Signed on</translation>
    </message>
    <message>
        <source>改造前评测</source>
        <translation>Before-transformation assessment</translation>
    </message>
    <message>
        <source>改造后评测</source>
        <translation>After-transformation assessment</translation>
    </message>
    <message>
        <source>（不关联）</source>
        <translation>(not linked)</translation>
    </message>
</context>
<context>
    <name>ProjectPanel</name>
    <message>
        <source>改造项目</source>
        <translation>Transformation project</translation>
    </message>
    <message>
        <source>新建项目(&amp;P)…</source>
        <translation>New &amp;project…</translation>
    </message>
    <message>
        <source>登记改造合同：合同编号、服务商（牵引单位）、金额、签订日期</source>
        <translation>Register the transformation contract: number, provider (traction unit), amounts, date signed</translation>
    </message>
    <message>
        <source>记录支出(&amp;T)…</source>
        <translation>Record spendin&amp;g…</translation>
    </message>
    <message>
        <source>记录改造项目的实际投入（硬件、软件、服务、其他）</source>
        <translation>Record the project&apos;s actual investment (hardware, software, services, other)</translation>
    </message>
    <message>
        <source>还没有改造项目。签订改造合同后点击“新建项目”登记。</source>
        <translation>No transformation project yet. Once the contract is signed, click “New project” to register it.</translation>
    </message>
    <message>
        <source>合同 {no} · {provider} · 签订 {signed} · 合同金额 {amount} · 首付 {down}</source>
        <translation>Contract {no} · {provider} · signed {signed} · amount {amount} · down payment {down}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>实际投入 {total}（{count} 笔）{parts}</source>
        <translation>Actual investment {total} ({count} entries){parts}</translation>
    </message>
    <message>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <source>{amount} 元</source>
        <translation>{amount} yuan</translation>
    </message>
    <message>
        <source>硬件</source>
        <translation>Hardware</translation>
    </message>
    <message>
        <source>软件</source>
        <translation>Software</translation>
    </message>
    <message>
        <source>服务</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>补贴估算：尚无已定稿的改造前或改造后评测，无法估算。</source>
        <translation>Subsidy estimate: no finalized before- or after-transformation assessment yet, so no estimate.</translation>
    </message>
    <message>
        <source>补贴估算（估算，以主管部门核定为准；等级取自评测 #{id}）：</source>
        <translation>Subsidy estimate (an estimate; the authority&apos;s decision prevails; level from assessment #{id}):</translation>
    </message>
    <message>
        <source>{city}（{policy}）{clause}</source>
        <translation>{city} ({policy}) {clause}</translation>
    </message>
    <message>
        <source>不符合补助条件</source>
        <translation>not eligible</translation>
    </message>
    <message>
        <source>符合条件；文件未给出金额，不估算</source>
        <translation>eligible; the document gives no amount, so none is estimated</translation>
    </message>
    <message>
        <source>估算不超过 {amount}</source>
        <translation>estimate: at most {amount}</translation>
    </message>
    <message>
        <source>估算 {amount}</source>
        <translation>estimate: {amount}</translation>
    </message>
    <message>
        <source>· {source}：{amount}</source>
        <translation>· {source}: {amount}</translation>
    </message>
</context>
<context>
    <name>QuestionCard</name>
    <message>
        <source>多选</source>
        <translation>multiple choice</translation>
    </message>
    <message>
        <source>单选</source>
        <translation>single choice</translation>
    </message>
    <message>
        <source>满分 {n} 分</source>
        <translation>max. {n} points</translation>
    </message>
    <message>
        <source>官方题目：</source>
        <translation>Official text: </translation>
    </message>
    <message>
        <source>{text}（{n}分）</source>
        <translation>{text} ({n} pts)</translation>
    </message>
    <message>
        <source>填报数据</source>
        <translation>Data entry</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>更正评测 #{id}</source>
        <translation>Revise Assessment #{id}</translation>
    </message>
    <message>
        <source>更正会新建一个草稿修订版，复制评测 #{id} 的全部答案和证据；原定稿记录保持不变。请说明更正原因。</source>
        <translation>Revising creates a draft revision with all answers and evidence of assessment #{id}; the finalized original stays unchanged. Please give the reason for the revision.</translation>
    </message>
    <message>
        <source>更正原因(&amp;R)</source>
        <translation>&amp;Reason for revision</translation>
    </message>
    <message>
        <source>更正原因</source>
        <translation>Reason for revision</translation>
    </message>
    <message>
        <source>例如：Q5 的证据表明已上线 MES，原答案有误</source>
        <translation>e.g. Q5: the evidence shows an MES is in use; the original answer was wrong</translation>
    </message>
    <message>
        <source>开始更正(&amp;C)</source>
        <translation>&amp;Create revision</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>评测结果</source>
        <translation>Assessment Result</translation>
    </message>
    <message>
        <source>等级判定规则（总分与场景两个条件须同时满足）</source>
        <translation>Level rule (the score and the scene conditions must both be met)</translation>
    </message>
    <message>
        <source>各维度得分</source>
        <translation>Score by dimension</translation>
    </message>
    <message>
        <source>各场景等级（★约束性）</source>
        <translation>Level by scene (★ constrained)</translation>
    </message>
    <message>
        <source>改造前后对比</source>
        <translation>Before/after comparison</translation>
    </message>
    <message>
        <source>定稿(&amp;Z)</source>
        <translation>Finali&amp;ze</translation>
    </message>
    <message>
        <source>导出PDF报告(&amp;P)…</source>
        <translation>Export &amp;PDF report...</translation>
    </message>
    <message>
        <source>导出签名评测包(&amp;S)…</source>
        <translation>Export &amp;signed package...</translation>
    </message>
    <message>
        <source>达到{level}的改进清单</source>
        <translation>Checklist to reach {level}</translation>
    </message>
    <message>
        <source>改造后复核的成效指标</source>
        <translation>Outcome indicators reviewed after the transformation</translation>
    </message>
    <message>
        <source>成效指标反映改造带来的效果，不能直接“完成”，因此不列为改进步骤；改造后复核时按实际情况作答。</source>
        <translation>Outcome indicators measure what the transformation achieves; they cannot be done directly, so they are not steps of the plan. Answer them as they stand when the transformation is reviewed.</translation>
    </message>
    <message>
        <source>查看改造前后对比(&amp;C)…</source>
        <translation>View the before/after &amp;comparison…</translation>
    </message>
    <message>
        <source>总分 {total} / {max}</source>
        <translation>Total {total} / {max}</translation>
    </message>
    <message>
        <source>{meaning}（{note}）</source>
        <translation>{meaning} ({note})</translation>
    </message>
    <message>
        <source>评测尚未完成：{n} 项未作答，未答项按 0 分 / {none}计。</source>
        <translation>Assessment incomplete: {n} items unanswered, counted as 0 points / {none}.</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>总分条件</source>
        <translation>Score condition</translation>
    </message>
    <message>
        <source>场景数（≥该级）</source>
        <translation>Scenes (≥ level)</translation>
    </message>
    <message>
        <source>其中约束性</source>
        <translation>Constrained</translation>
    </message>
    <message>
        <source>结论</source>
        <translation>Result</translation>
    </message>
    <message>
        <source> 达到</source>
        <translation> Met</translation>
    </message>
    <message>
        <source> 未达到</source>
        <translation> Not met</translation>
    </message>
    <message>
        <source>已达到最高等级</source>
        <translation>Highest level reached</translation>
    </message>
    <message>
        <source>已达到{target}。迈向{level}的改进清单</source>
        <translation>{target} reached. Checklist towards {level}</translation>
    </message>
    <message>
        <source>还需 {p} 分（{q} 步），并将 {s} 个场景提升到{level}（其中至少 {c} 个为约束性场景）。</source>
        <translation>{p} more points are needed ({q} steps), and {s} scenes raised to {level} (at least {c} of them constrained scenes).</translation>
    </message>
    <message>
        <source>还需 {p} 分（{q} 步），并将 {s} 个场景提升到{level}。</source>
        <translation>{p} more points are needed ({q} steps), and {s} scenes raised to {level}.</translation>
    </message>
    <message>
        <source>还需 {p} 分（{q} 步）。</source>
        <translation>{p} more points are needed ({q} steps).</translation>
    </message>
    <message>
        <source>其余 {p} 分只能来自成效指标。</source>
        <translation> The remaining {p} points can only come from the outcome indicators.</translation>
    </message>
    <message>
        <source>{item} {title}：现 {points} / {max} 分</source>
        <translation>{item} {title}: now {points} / {max} points</translation>
    </message>
    <message>
        <source>标记为已完成（按评测保存）</source>
        <translation>Mark as done (saved with this assessment)</translation>
    </message>
    <message>
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <source>等级：{a} → {b}；总分：{x} → {y}（{d}）；改造后达到{target}：{answer}</source>
        <translation>Level: {a} → {b}; score: {x} → {y} ({d}); {target} reached after: {answer}</translation>
    </message>
    <message>
        <source>增选：{options}（+{points}分）</source>
        <translation>Also select: {options} (+{points} pts)</translation>
    </message>
    <message>
        <source>提升至：{options}（+{points}分）</source>
        <translation>Raise to: {options} (+{points} pts)</translation>
    </message>
    <message>
        <source>无需改进：已满足条件。</source>
        <translation>No improvement needed: the conditions are met.</translation>
    </message>
</context>
<context>
    <name>ResumeBanner</name>
    <message>
        <source>继续上次的评测(&amp;U)</source>
        <translation>Res&amp;ume the last assessment</translation>
    </message>
    <message>
        <source>上次编辑的草稿：{name} · #{id} {kind}</source>
        <translation>Last draft edited: {name} · #{id} {kind}</translation>
    </message>
    <message>
        <source>，停在 {item}</source>
        <translation>, stopped at {item}</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>复核</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>全部答案</source>
        <translation>All answers</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>题目 / 场景</source>
        <translation>Question / scene</translation>
    </message>
    <message>
        <source>作答</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Points</translation>
    </message>
    <message>
        <source>转到所选项(&amp;G)</source>
        <translation>&amp;Go to selected</translation>
    </message>
    <message>
        <source>转到第一个未答项(&amp;U)</source>
        <translation>Go to first &amp;missing</translation>
    </message>
    <message>
        <source>（未作答）</source>
        <translation>(not answered)</translation>
    </message>
    <message>
        <source>共 {n} 项，未作答 {m} 项。双击任一行可返回修改。</source>
        <translation>{n} items, {m} not answered. Double-click a row to go back and change it.</translation>
    </message>
    <message>
        <source>一致性提示：</source>
        <translation>Consistency warnings:</translation>
    </message>
</context>
<context>
    <name>SceneCard</name>
    <message>
        <source>★ 约束性场景</source>
        <translation>★ Constrained scene</translation>
    </message>
    <message>
        <source>指导性场景</source>
        <translation>Guiding scene</translation>
    </message>
    <message>
        <source>企业在{scene}场景上的数字化应用情况</source>
        <translation>How far the enterprise applies digital tools in {scene}</translation>
    </message>
    <message>
        <source>等级描述为非官方英文译文，以中文原文为准。</source>
        <translation>Level descriptions: unofficial English translation; the Chinese text prevails.</translation>
    </message>
    <message>
        <source>本企业尚未开展此项业务的数字化应用。</source>
        <translation>The enterprise has not yet digitized this business activity.</translation>
    </message>
    <message>
        <source>该等级常见佐证材料：</source>
        <translation>Typical evidence for this level: </translation>
    </message>
    <message>
        <source>；</source>
        <comment>list separator</comment>
        <translation>; </translation>
    </message>
</context>
<context>
    <name>ScorePanel</name>
    <message>
        <source>实时得分</source>
        <translation>Live score</translation>
    </message>
    <message>
        <source>当前等级：{level}</source>
        <translation>Current level: {level}</translation>
    </message>
    <message>
        <source>{total} / {max} 分</source>
        <translation>{total} / {max} points</translation>
    </message>
    <message>
        <source>{level}及以上场景：{n} 个（约束性 {c} 个）</source>
        <translation>Scenes at {level}+: {n} ({c} constrained)</translation>
    </message>
    <message>
        <source>已达到{level}</source>
        <translation>{level} reached</translation>
    </message>
    <message>
        <source>距{level}：还差 {p} 分，{s} 个场景（其中至少 {c} 个为约束性场景）</source>
        <translation>To {level}: {p} points and {s} scenes short (at least {c} of them constrained)</translation>
    </message>
    <message>
        <source>距{level}：还差 {p} 分，{s} 个场景</source>
        <translation>To {level}: {p} points and {s} scenes short</translation>
    </message>
    <message>
        <source>尚未作答：{n} 项</source>
        <translation>Unanswered: {n}</translation>
    </message>
    <message>
        <source>全部已作答</source>
        <translation>All answered</translation>
    </message>
</context>
<context>
    <name>SpendingDialog</name>
    <message>
        <source>记录实际支出</source>
        <translation>Record actual spending</translation>
    </message>
    <message>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>整数，单位：元</source>
        <translation>Whole number, in yuan</translation>
    </message>
    <message>
        <source>硬件</source>
        <translation>Hardware</translation>
    </message>
    <message>
        <source>软件</source>
        <translation>Software</translation>
    </message>
    <message>
        <source>服务</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>StartupWindow</name>
    <message>
        <source>中小企业数字化水平评测</source>
        <translation>SME Digital Level Assessment</translation>
    </message>
    <message>
        <source>正在打开工作区…</source>
        <translation>Opening the workspace...</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>解锁签名密钥</source>
        <translation>Unlock Signing Key</translation>
    </message>
    <message>
        <source>解锁评估人员签名密钥</source>
        <translation>Unlock the Assessor&apos;s Signing Key</translation>
    </message>
    <message>
        <source>请输入密钥文件“{name}”的口令：</source>
        <translation>Passphrase of the key file “{name}”:</translation>
    </message>
    <message>
        <source>解锁后，本次使用期间无需再次输入（闲置 {m} 分钟后需重新输入）。</source>
        <translation>Once unlocked, it is not asked again while you work (after {m} minutes idle it is asked again).</translation>
    </message>
    <message>
        <source>更换密钥文件…</source>
        <translation>Use Another Key File…</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>出现意外错误</source>
        <translation>Unexpected Error</translation>
    </message>
    <message>
        <source>程序遇到意外错误。已保存的答案不会丢失。

错误详情已写入日志：
{path}</source>
        <translation>The program ran into an unexpected error. Answers already saved are not lost.

Details were written to the log:
{path}</translation>
    </message>
    <message>
        <source>工作区数据缺失</source>
        <translation>The workspace data is missing</translation>
    </message>
    <message>
        <source>是否从最新的完好备份恢复？（当前的数据库文件会保留在备份文件夹中）</source>
        <translation>Restore the newest good backup? (The current database file is kept in the backups folder.)</translation>
    </message>
    <message>
        <source>工作区已损坏</source>
        <translation>The workspace is damaged</translation>
    </message>
    <message>
        <source>是否从最新的完好备份恢复？（损坏的文件会保留在备份文件夹中）</source>
        <translation>Restore the newest intact backup? (The damaged file is kept in the backups folder.)</translation>
    </message>
    <message>
        <source>恢复失败</source>
        <translation>Restore failed</translation>
    </message>
    <message>
        <source>已恢复，正在重新打开工作区…</source>
        <translation>Restored; opening the workspace again...</translation>
    </message>
    <message>
        <source>无法打开工作区</source>
        <translation>Cannot open the workspace</translation>
    </message>
</context>
<context>
    <name>files</name>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>打开所在文件夹</source>
        <translation>Open Containing Folder</translation>
    </message>
</context>
<context>
    <name>keys</name>
    <message>
        <source>草稿不能导出签名评测包：请先定稿，定稿后的评测才能签名提交。</source>
        <translation>A draft cannot be exported as a signed package: finalize it first; only a finalized assessment is signed and submitted.</translation>
    </message>
    <message>
        <source>口令错误，请重新输入。</source>
        <translation>Wrong passphrase; please try again.</translation>
    </message>
    <message>
        <source>找不到这个密钥文件，请重新选择。</source>
        <translation>This key file cannot be found; please choose it again.</translation>
    </message>
    <message>
        <source>这个文件已存在。新建密钥请换一个文件名，或选择“使用已有的密钥文件”。</source>
        <translation>This file exists already. For a new key choose another file name, or choose “Use an existing key file”.</translation>
    </message>
    <message>
        <source>口令至少需要 {n} 个字符。</source>
        <translation>The passphrase needs at least {n} characters.</translation>
    </message>
    <message>
        <source>无法使用这个文件：它不是本软件的密钥文件，或已损坏。</source>
        <translation>This file cannot be used: it is not a key file of this program, or it is damaged.</translation>
    </message>
    <message>
        <source>本机的系统密钥库不可用，请改用密钥文件。</source>
        <translation>This computer&apos;s system key store is not available; use a key file instead.</translation>
    </message>
    <message>
        <source>请输入密钥文件的口令。</source>
        <translation>Enter the key file&apos;s passphrase.</translation>
    </message>
</context>
<context>
    <name>verify</name>
    <message>
        <source>文件无法打开或读取</source>
        <translation>The file cannot be opened or read</translation>
    </message>
    <message>
        <source>不是评测包（不是 zip 压缩包）</source>
        <translation>Not an assessment package (not a zip archive)</translation>
    </message>
    <message>
        <source>压缩包已损坏或不完整</source>
        <translation>The archive is corrupt or incomplete</translation>
    </message>
    <message>
        <source>压缩包结构不安全，已拒绝</source>
        <translation>The archive is unsafe and was refused</translation>
    </message>
    <message>
        <source>压缩包不是规定的标准格式</source>
        <translation>The archive is not in the required canonical layout</translation>
    </message>
    <message>
        <source>清单（manifest.json）缺失或不符合格式</source>
        <translation>The manifest (manifest.json) is missing or breaks the format</translation>
    </message>
    <message>
        <source>不是本格式的评测包</source>
        <translation>Not a package of this format</translation>
    </message>
    <message>
        <source>评测包格式版本不受支持</source>
        <translation>The package&apos;s format version is not supported</translation>
    </message>
    <message>
        <source>清单中列出的文件缺失</source>
        <translation>A file the manifest lists is missing</translation>
    </message>
    <message>
        <source>文件大小与清单不符</source>
        <translation>A file&apos;s size differs from the manifest</translation>
    </message>
    <message>
        <source>文件内容与清单中的摘要不符（文件被改动）</source>
        <translation>A file&apos;s content differs from its digest in the manifest (the file was changed)</translation>
    </message>
    <message>
        <source>评测包中有清单未列出的文件</source>
        <translation>The package holds a file the manifest does not list</translation>
    </message>
    <message>
        <source>缺少签名，或没有有效的必需签名</source>
        <translation>A signature is missing, or a required signature is not valid</translation>
    </message>
    <message>
        <source>签名无效或签名记录格式错误</source>
        <translation>A signature is not valid, or its record is malformed</translation>
    </message>
    <message>
        <source>签名人与清单中的签名人不符</source>
        <translation>A signer differs from the signer in the manifest</translation>
    </message>
    <message>
        <source>签名有效，但签名密钥不在信任列表中</source>
        <translation>The signature is valid, but its key is not in the trust list</translation>
    </message>
    <message>
        <source>评估人员副署使用了企业签名的同一密钥</source>
        <translation>The assessor&apos;s countersignature uses the enterprise signature&apos;s key</translation>
    </message>
    <message>
        <source>数据文件含有无效字符</source>
        <translation>A data file contains invalid characters</translation>
    </message>
    <message>
        <source>证据文件与登记不符</source>
        <translation>An evidence file does not match its record</translation>
    </message>
    <message>
        <source>真实性承诺缺失或无效</source>
        <translation>The truthfulness commitment is missing or not valid</translation>
    </message>
    <message>
        <source>评测报告不是 PDF 文件</source>
        <translation>The report is not a PDF file</translation>
    </message>
    <message>
        <source>随包的评测指标定义无效</source>
        <translation>The form definition in the package is not valid</translation>
    </message>
    <message>
        <source>评测指标版本与清单所列不符</source>
        <translation>The form revision differs from the one the manifest names</translation>
    </message>
    <message>
        <source>本机未安装评测包所用的评测指标版本</source>
        <translation>The form revision the package uses is not installed here</translation>
    </message>
    <message>
        <source>本机未安装该评测指标版本，已按随包的指标定义重新计算</source>
        <translation>That form revision is not installed here: the score was recomputed with the form in the package</translation>
    </message>
    <message>
        <source>答卷无效或不符合评测指标</source>
        <translation>The answers are not valid for the form</translation>
    </message>
    <message>
        <source>答卷所用评测指标与清单不符</source>
        <translation>The answers name another form than the manifest</translation>
    </message>
    <message>
        <source>得分或等级与按答卷重新计算的结果不符</source>
        <translation>The score or level differs from the one recomputed from the answers</translation>
    </message>
    <message>
        <source>评测内容摘要不符（内容被改动）</source>
        <translation>The content digest differs (the content was changed)</translation>
    </message>
    <message>
        <source>评测报告与评测内容、等级或得分不对应</source>
        <translation>The report does not match the content, level or score</translation>
    </message>
    <message>
        <source>建议部分由其他版本的程序计算（得分和等级相同）</source>
        <translation>The advisory parts were computed by another version (same score and level)</translation>
    </message>
    <message>
        <source>旧格式评测包：报告未与评测内容绑定</source>
        <translation>Older format: the report is not bound to the content</translation>
    </message>
    <message>
        <source>评测尚未定稿（草稿）</source>
        <translation>The assessment is not finalized (draft)</translation>
    </message>
    <message>
        <source>有未作答的题目或场景</source>
        <translation>Some questions or scenes are unanswered</translation>
    </message>
    <message>
        <source>统一社会信用代码的校验位不正确</source>
        <translation>The USCC&apos;s check character is wrong</translation>
    </message>
    <message>
        <source>本程序不会导入或副署此评测包</source>
        <translation>This program will not import or countersign this package</translation>
    </message>
    <message>
        <source>校验时出现意外错误</source>
        <translation>An unexpected error occurred while verifying</translation>
    </message>
    <message>
        <source>企业签名</source>
        <translation>Enterprise signature</translation>
    </message>
    <message>
        <source>评估人员副署</source>
        <translation>Assessor countersignature</translation>
    </message>
    <message>
        <source>（{subject}）</source>
        <translation> ({subject})</translation>
    </message>
    <message>
        <source>无效</source>
        <translation>not valid</translation>
    </message>
    <message>
        <source>有效，受信任</source>
        <translation>valid, trusted</translation>
    </message>
    <message>
        <source>有效，不在信任列表中</source>
        <translation>valid, not in the trust list</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>{role}：{name}（{state}）</source>
        <translation>{role}: {name} ({state})</translation>
    </message>
    <message>
        <source>校验未通过：{n} 项检查未通过。</source>
        <translation>Verification failed: {n} check(s) failed.</translation>
    </message>
    <message>
        <source>校验通过，有 {n} 条提示。</source>
        <translation>Verification passed, with {n} note(s).</translation>
    </message>
    <message>
        <source>校验通过：各项检查均已通过。</source>
        <translation>Verification passed: every check passed.</translation>
    </message>
    <message>
        <source>文件：{name}</source>
        <translation>File: {name}</translation>
    </message>
    <message>
        <source>企业：{name}（{uscc}）</source>
        <translation>Enterprise: {name} ({uscc})</translation>
    </message>
    <message>
        <source>未通过的检查：</source>
        <translation>Failed checks:</translation>
    </message>
    <message>
        <source>提示：</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <source>……另有 {n} 项，见详细信息</source>
        <translation>… and {n} more; see the details</translation>
    </message>
    <message>
        <source>校验通过</source>
        <translation>Verification Passed</translation>
    </message>
    <message>
        <source>校验未通过</source>
        <translation>Verification Failed</translation>
    </message>
</context>
</TS>
