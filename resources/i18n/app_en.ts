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
        <source>← 返回首页(&amp;E)</source>
        <translation>← Hom&amp;e</translation>
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
    <name>Dialogs</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
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
        <source>来源分歧</source>
        <translation>Sources differ</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>{label}：{text}</source>
        <translation>{label}: {text}</translation>
    </message>
    <message>
        <source>另一种表述：</source>
        <translation>Alternative wording: </translation>
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
        <source>工作区：{path}</source>
        <translation>Workspace: {path}</translation>
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
        <source>导入评测包(&amp;I)…</source>
        <translation>&amp;Import Submission Packages...</translation>
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
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
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
        <source>需要签名密钥文件</source>
        <translation>Signing Key File Needed</translation>
    </message>
    <message>
        <source>本机没有可用的系统密钥库，无法安全保存签名密钥。
请选择或新建一个受口令保护的密钥文件。

详情：{reason}</source>
        <translation>No system keystore is available on this computer, so the signing key cannot be stored securely.
Choose or create a passphrase-protected key file.

Details: {reason}</translation>
    </message>
    <message>
        <source>选择或新建密钥文件</source>
        <translation>Choose or Create a Key File</translation>
    </message>
    <message>
        <source>密钥文件</source>
        <translation>Key file</translation>
    </message>
    <message>
        <source>密钥口令</source>
        <translation>Key Passphrase</translation>
    </message>
    <message>
        <source>密钥文件口令：</source>
        <translation>Key file passphrase:</translation>
    </message>
    <message>
        <source>再次输入新密钥文件的口令（至少10个字符）：</source>
        <translation>Enter the new key file&apos;s passphrase again (at least 10 characters):</translation>
    </message>
    <message>
        <source>两次输入的口令不一致，或口令少于10个字符。</source>
        <translation>The two passphrases differ, or the passphrase is shorter than 10 characters.</translation>
    </message>
    <message>
        <source>导出失败</source>
        <translation>Export Failed</translation>
    </message>
    <message>
        <source>改造前后对比</source>
        <translation>Before/After Comparison</translation>
    </message>
    <message>
        <source>等级：{a} → {b}</source>
        <translation>Level: {a} → {b}</translation>
    </message>
    <message>
        <source>总分：{a} → {b}</source>
        <translation>Total score: {a} → {b}</translation>
    </message>
    <message>
        <source>{item}：{before} → {after}</source>
        <translation>{item}: {before} → {after}</translation>
    </message>
    <message>
        <source>导出对比报告PDF…</source>
        <translation>Export comparison PDF...</translation>
    </message>
    <message>
        <source>导出对比报告</source>
        <translation>Export Comparison Report</translation>
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
        <source>已导入</source>
        <translation>imported</translation>
    </message>
    <message>
        <source>已存在，未重复导入</source>
        <translation>already present, not imported again</translation>
    </message>
    <message>
        <source>本工作区导出的评测包，已在此</source>
        <translation>Exported from this workspace; already here</translation>
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
        <source>拒绝导入</source>
        <translation>Refused</translation>
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
        <source>评测</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Origin</translation>
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
        <source>保存副署后的评测包</source>
        <translation>Save the Countersigned Package</translation>
    </message>
    <message>
        <source>评估人员密钥文件</source>
        <translation>Assessor&apos;s Key File</translation>
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
        <source>校验通过</source>
        <translation>Verification Passed</translation>
    </message>
    <message>
        <source>校验未通过</source>
        <translation>Verification Failed</translation>
    </message>
    <message>
        <source>本机签名密钥</source>
        <translation>This Computer&apos;s Signing Key</translation>
    </message>
    <message>
        <source>签名密钥指纹（保存在系统密钥库中）：
{fp}</source>
        <translation>Signing key fingerprint (kept in the system keystore):
{fp}</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
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
        <source>&lt;i&gt;填报指引（非官方）&lt;/i&gt;：</source>
        <translation>&lt;i&gt;Guidance (unofficial)&lt;/i&gt;: </translation>
    </message>
    <message>
        <source>指标解释与定义</source>
        <translation>Explanations and definitions</translation>
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
        <source>还需 {p} 分（{q} 步），并将 {s} 个场景提升到{level}（其中约束性 {c} 个）。</source>
        <translation>Needed: {p} more points ({q} steps) and {s} scenes raised to {level} ({c} of them constrained).</translation>
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
    <message>
        <source>等级：{a} → {b}；总分：{x} → {y}</source>
        <translation>Level: {a} → {b}; total score: {x} → {y}</translation>
    </message>
    <message>
        <source>{item}：{before} → {after}（{delta}）</source>
        <translation>{item}: {before} → {after} ({delta})</translation>
    </message>
    <message>
        <source>{item}：{before} → {after}</source>
        <translation>{item}: {before} → {after}</translation>
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
        <source>转到第一个未答项(&amp;M)</source>
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
        <source>距{level}：还差 {p} 分，{s} 个场景（其中约束性 {c} 个）</source>
        <translation>To reach {level}: {p} more points, {s} more scenes ({c} constrained)</translation>
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
    <name>view</name>
    <message>
        <source>修改 {item}</source>
        <translation>Change {item}</translation>
    </message>
</context>
</TS>
