<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AgentStatePicker</name>
    <message>
        <source>Your state: paused agents are given no new members</source>
        <translation>你的状态：暂停中的坐席不会分配新的会员</translation>
    </message>
    <message>
        <source>break</source>
        <translation>休息</translation>
    </message>
    <message>
        <source>lunch</source>
        <translation>午餐</translation>
    </message>
    <message>
        <source>training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>meeting</source>
        <translation>会议</translation>
    </message>
    <message>
        <source>coaching</source>
        <translation>辅导</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Paused: %1</source>
        <translation>暂停：%1</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
</context>
<context>
    <name>BatchExport</name>
    <message>
        <source>Preparing the reports...</source>
        <translation>正在准备报告...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export premium care reports</source>
        <translation>导出高端会员关怀报告</translation>
    </message>
    <message>
        <source>Cancelling: finishing the reports in progress...</source>
        <translation>正在取消：等待进行中的报告完成...</translation>
    </message>
    <message>
        <source>Written %1 of %2 reports</source>
        <translation>已生成 %1 / %2 份报告</translation>
    </message>
    <message>
        <source>Export cancelled: %1 of %2 reports written to %3</source>
        <translation>导出已取消：%2 份中已有 %1 份报告写入 %3</translation>
    </message>
    <message>
        <source>%1 of %2 reports written to %3</source>
        <translation>%2 份中已有 %1 份报告写入 %3</translation>
    </message>
    <message>
        <source>%1 reports failed.</source>
        <translation>%1 份报告生成失败。</translation>
    </message>
</context>
<context>
    <name>BatchExportDialog</name>
    <message>
        <source>Export premium care reports</source>
        <translation>导出高端会员关怀报告</translation>
    </message>
    <message>
        <source>YYYY-MM</source>
        <translation>YYYY-MM</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Folder for the reports</source>
        <translation>报告保存文件夹</translation>
    </message>
    <message>
        <source>The period must look like 2026-05.</source>
        <translation>期间格式应为 2026-05。</translation>
    </message>
    <message>
        <source>Choose a folder for the reports.</source>
        <translation>请选择报告保存的文件夹。</translation>
    </message>
</context>
<context>
    <name>BrandPage</name>
    <message>
        <source>empty: the other name, else the packaged brand</source>
        <translation>留空：用另一种语言的名称，都空则用内置品牌</translation>
    </message>
    <message>
        <source>Choose...</source>
        <translation>选择...</translation>
    </message>
    <message>
        <source>Use the packaged logo</source>
        <translation>使用内置标志</translation>
    </message>
    <message>
        <source>Brand name on Chinese reports</source>
        <translation>中文报告上的品牌名称</translation>
    </message>
    <message>
        <source>Brand name on English reports</source>
        <translation>英文报告上的品牌名称</translation>
    </message>
    <message>
        <source>Logo on reports (JPEG or PNG)</source>
        <translation>报告上的标志（JPEG 或 PNG）</translation>
    </message>
    <message>
        <source>The same on every workstation: printed on every report and said in the call scripts.</source>
        <translation>所有工作站统一：印在每份报告上，并用于通话话术。</translation>
    </message>
    <message>
        <source>Only administrators change the brand; it is the same on every workstation.</source>
        <translation>只有管理员可以修改品牌；所有工作站统一使用。</translation>
    </message>
    <message>
        <source>Could not load the brand: %1</source>
        <translation>无法读取品牌设置：%1</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>标志</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png)</source>
        <translation>图片 (*.jpg *.jpeg *.png)</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>packaged logo</source>
        <translation>内置标志</translation>
    </message>
    <message>
        <source>no preview</source>
        <translation>无法预览</translation>
    </message>
    <message>
        <source>Saved. Every workstation prints this brand from now on.</source>
        <translation>已保存。从现在起所有工作站都使用此品牌。</translation>
    </message>
    <message>
        <source>The brand was not saved: %1</source>
        <translation>品牌未保存：%1</translation>
    </message>
</context>
<context>
    <name>CallControl</name>
    <message>
        <source>Phone ready</source>
        <translation>电话就绪</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>拨号</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>phone unavailable: %1</source>
        <translation>电话不可用：%1</translation>
    </message>
    <message>
        <source>reconnecting to the phone</source>
        <translation>正在重新连接电话</translation>
    </message>
    <message>
        <source>dialling</source>
        <translation>正在拨号</translation>
    </message>
    <message>
        <source>not dialled: %1</source>
        <translation>未拨出：%1</translation>
    </message>
    <message>
        <source>not dialled: an unexpected error (see the log)</source>
        <translation>未拨出：意外错误（见日志）</translation>
    </message>
    <message>
        <source>handed to the phone app: log the call by hand</source>
        <translation>已交给电话软件：请手动记录本次通话</translation>
    </message>
    <message>
        <source>ended: %1</source>
        <translation>已结束：%1</translation>
    </message>
    <message>
        <source>softphone</source>
        <translation>软电话</translation>
    </message>
    <message>
        <source>no result</source>
        <translation>无结果</translation>
    </message>
    <message>
        <source>ringing %1</source>
        <translation>振铃 %1</translation>
    </message>
    <message>
        <source>talking %1</source>
        <translation>通话中 %1</translation>
    </message>
</context>
<context>
    <name>CallController</name>
    <message>
        <source>Leave this call?</source>
        <translation>离开本次通话？</translation>
    </message>
    <message>
        <source>You are on a call with %1. What you typed is not saved and will be lost. Leave the call?</source>
        <translation>您正在与 %1 通话。已输入的内容尚未保存，离开将丢失。确定离开通话吗？</translation>
    </message>
    <message>
        <source>Save (Ctrl+Enter) or release (Ctrl+R) the current call first.</source>
        <translation>请先保存 (Ctrl+Enter) 或释放 (Ctrl+R) 当前通话。</translation>
    </message>
    <message>
        <source>Claiming the next member...</source>
        <translation>正在领取下一位会员…</translation>
    </message>
    <message>
        <source>You are paused: set yourself Ready to be given members.</source>
        <translation>你处于暂停状态：设为“就绪”后才会分配会员。</translation>
    </message>
    <message>
        <source>Nobody to call right now: the queue is empty or outside calling hours.</source>
        <translation>目前没有可呼叫的会员：队列为空或不在可呼叫时段。</translation>
    </message>
    <message>
        <source>Today is %1, a no-call day: nobody is called. An administrator chooses the no-call holidays in Settings, Queue rules.</source>
        <translation>今天是%1，不外呼日：不拨打任何会员。不外呼的节假日由管理员在“设置 - 队列规则”中设定。</translation>
    </message>
    <message>
        <source>%1 has no open follow-up: shown for reading, no call started.</source>
        <translation>%1 没有待办回访：仅供查看，未开始通话。</translation>
    </message>
    <message>
        <source>Not called: %1</source>
        <translation>未呼叫：%1</translation>
    </message>
    <message>
        <source>%1

Call anyway? As a supervisor you may override the calling window; the override is recorded in the audit log.</source>
        <translation>%1

仍要呼叫吗？主管可以越过可呼叫时段，此操作将记入审计日志。</translation>
    </message>
    <message>
        <source>Could not claim: %1</source>
        <translation>领取失败：%1</translation>
    </message>
    <message>
        <source>After-call time is up: complete and save the form.</source>
        <translation>话后处理时间已到：请填写并保存结果。</translation>
    </message>
    <message>
        <source>Could not release: %1</source>
        <translation>释放失败：%1</translation>
    </message>
    <message>
        <source>Released.</source>
        <translation>已释放。</translation>
    </message>
    <message>
        <source>Left the call without saving.</source>
        <translation>已离开通话，未保存。</translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Not saved: check the fields marked in red.</source>
        <translation>未保存：请检查标红的字段。</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Your claim on this member was lost: %1</source>
        <translation>您对该会员的领取已失效：%1</translation>
    </message>
    <message>
        <source>After-call time is up: complete and save the form before the next call.</source>
        <translation>话后处理时间已到：请先填写并保存结果，再进行下一通。</translation>
    </message>
    <message>
        <source>the database cannot be reached; try again</source>
        <translation>无法连接数据库，请重试</translation>
    </message>
</context>
<context>
    <name>CallTimers</name>
    <message>
        <source>Call %1</source>
        <translation>通话 %1</translation>
    </message>
    <message>
        <source>After-call %1 left</source>
        <translation>话后处理 剩余 %1</translation>
    </message>
    <message>
        <source>After-call %1</source>
        <translation>话后处理 %1</translation>
    </message>
</context>
<context>
    <name>CallbackAlert</name>
    <message>
        <source>Call now (Ctrl+B)</source>
        <translation>立即回电 (Ctrl+B)</translation>
    </message>
    <message>
        <source>Callback due: %1 (%2), booked for %3</source>
        <translation>预约回电已到时间：%1（%2），约定 %3</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>另有 %n 位</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CallbacksPanel</name>
    <message>
        <source>on call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>due</source>
        <translation>已到时间</translation>
    </message>
    <message numerus="yes">
        <source>%n callback(s) booked for today</source>
        <translation>
            <numerusform>今天预约了 %n 个回电</numerusform>
        </translation>
    </message>
    <message>
        <source>No callbacks booked for today.</source>
        <translation>今天没有预约的回电。</translation>
    </message>
</context>
<context>
    <name>Codes</name>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Silver</source>
        <translation>银卡</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>金卡</translation>
    </message>
    <message>
        <source>Diamond</source>
        <translation>钻石卡</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>邮件</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <source>App</source>
        <translation>自有App</translation>
    </message>
    <message>
        <source>Tmall</source>
        <translation>天猫</translation>
    </message>
    <message>
        <source>JD</source>
        <translation>京东</translation>
    </message>
    <message>
        <source>Fish oil</source>
        <translation>鱼油</translation>
    </message>
    <message>
        <source>Vitamins</source>
        <translation>维生素</translation>
    </message>
    <message>
        <source>Protein powder</source>
        <translation>蛋白粉</translation>
    </message>
    <message>
        <source>Probiotics</source>
        <translation>益生菌</translation>
    </message>
    <message>
        <source>Infant formula</source>
        <translation>婴儿配方奶粉</translation>
    </message>
    <message>
        <source>Baby food</source>
        <translation>辅食</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新客户</translation>
    </message>
    <message>
        <source>Stable</source>
        <translation>稳定</translation>
    </message>
    <message>
        <source>Churn warning</source>
        <translation>流失预警</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>已流失</translation>
    </message>
    <message>
        <source>Trying to conceive</source>
        <translation>备孕</translation>
    </message>
    <message>
        <source>Pregnancy</source>
        <translation>孕期</translation>
    </message>
    <message>
        <source>0-6 months</source>
        <translation>0-6个月</translation>
    </message>
    <message>
        <source>6-12 months</source>
        <translation>6-12个月</translation>
    </message>
    <message>
        <source>Complementary food</source>
        <translation>辅食期</translation>
    </message>
    <message>
        <source>Refill</source>
        <translation>续购提醒</translation>
    </message>
    <message>
        <source>Effect check</source>
        <translation>效果观察</translation>
    </message>
    <message>
        <source>Delivery survey</source>
        <translation>签收回访</translation>
    </message>
    <message>
        <source>Churn risk</source>
        <translation>流失挽回</translation>
    </message>
    <message>
        <source>Re-visit</source>
        <translation>闭环回访</translation>
    </message>
    <message>
        <source>Cadence</source>
        <translation>例行回访</translation>
    </message>
    <message>
        <source>Care moment</source>
        <translation>关怀时刻</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>预约回电</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation>已领取</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Unreached</source>
        <translation>未接通</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>已接通</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>占线</translation>
    </message>
    <message>
        <source>Wrong number</source>
        <translation>号码错误</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒访</translation>
    </message>
    <message>
        <source>Callback requested</source>
        <translation>预约回电</translation>
    </message>
    <message>
        <source>Do not call</source>
        <translation>勿扰</translation>
    </message>
    <message>
        <source>As directed</source>
        <translation>遵医嘱服用</translation>
    </message>
    <message>
        <source>Irregular</source>
        <translation>不规律</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Mild</source>
        <translation>轻度</translation>
    </message>
    <message>
        <source>Severe</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Product quality</source>
        <translation>产品质量</translation>
    </message>
    <message>
        <source>Usage method</source>
        <translation>使用方法</translation>
    </message>
    <message>
        <source>Logistics</source>
        <translation>物流</translation>
    </message>
    <message>
        <source>Service attitude</source>
        <translation>服务态度</translation>
    </message>
    <message>
        <source>Stock-out</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Suspected counterfeit</source>
        <translation>疑似假货</translation>
    </message>
    <message>
        <source>Adverse reaction</source>
        <translation>不良反应</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>质量部</translation>
    </message>
    <message>
        <source>Customer service</source>
        <translation>客服部</translation>
    </message>
    <message>
        <source>Supply chain</source>
        <translation>供应链</translation>
    </message>
    <message>
        <source>Technology</source>
        <translation>技术部</translation>
    </message>
    <message>
        <source>Medical</source>
        <translation>医学/营养师</translation>
    </message>
    <message>
        <source>Special team (48 h)</source>
        <translation>专项小组（48小时）</translation>
    </message>
    <message>
        <source>Reship the product</source>
        <translation>补发产品</translation>
    </message>
    <message>
        <source>Compensation points</source>
        <translation>补偿积分</translation>
    </message>
    <message>
        <source>New ticket to the special team (48 h)</source>
        <translation>新建工单转专项小组（48小时）</translation>
    </message>
    <message>
        <source>Assigned</source>
        <translation>已分派</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>精力</translation>
    </message>
    <message>
        <source>Sleep</source>
        <translation>睡眠</translation>
    </message>
    <message>
        <source>Mood</source>
        <translation>情绪</translation>
    </message>
    <message>
        <source>Digestion</source>
        <translation>消化</translation>
    </message>
    <message>
        <source>Exercise performance</source>
        <translation>运动表现</translation>
    </message>
    <message>
        <source>Immunity</source>
        <translation>免疫力</translation>
    </message>
    <message>
        <source>Skin</source>
        <translation>皮肤</translation>
    </message>
    <message>
        <source>Baby growth</source>
        <translation>宝宝发育</translation>
    </message>
</context>
<context>
    <name>ColumnsPage</name>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Save mapping...</source>
        <translation>保存映射...</translation>
    </message>
    <message>
        <source>Reading the file...</source>
        <translation>正在读取文件...</translation>
    </message>
    <message numerus="yes">
        <source>XLSX workbook (first sheet), %n column(s)</source>
        <translation>
            <numerusform>XLSX 工作簿（第一个工作表），%n 列</numerusform>
        </translation>
    </message>
    <message>
        <source>CSV, encoding %1, delimiter %2, %3 column(s)</source>
        <translation>CSV，编码 %1，分隔符 %2，%3 列</translation>
    </message>
    <message>
        <source>(ignore)</source>
        <translation>（忽略）</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（无列名）</translation>
    </message>
    <message>
        <source>Save mapping</source>
        <translation>保存映射</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>offline - %1 outcomes waiting</source>
        <translation>离线 - %1 条结果待上传</translation>
    </message>
    <message>
        <source>sending - %1 outcomes waiting</source>
        <translation>正在上传 - %1 条结果待上传</translation>
    </message>
    <message>
        <source>%1 outcomes refused by the server</source>
        <translation>%1 条结果被服务器拒收</translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Connection settings</source>
        <translation>连接设置</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>only to test; never kept</source>
        <translation>仅用于测试，不会保存</translation>
    </message>
    <message>
        <source>Leave the server empty to use the embedded database on this computer. Each user signs in to the server with their own user name and password. A new server is used from the next start.</source>
        <translation>服务器留空则使用本机内置数据库。每位用户用自己的用户名和密码登录服务器。新服务器在下次启动时生效。</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Not a database address. Example: %1</source>
        <translation>不是数据库地址。示例：%1</translation>
    </message>
    <message>
        <source>The shared server must be PostgreSQL. Example: %1</source>
        <translation>共享服务器必须是 PostgreSQL。示例：%1</translation>
    </message>
    <message>
        <source>The embedded database needs no server.</source>
        <translation>内置数据库不需要服务器。</translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connected. The server&apos;s schema is the one this CareDesk needs.</source>
        <translation>已连接。服务器的数据库结构与本版 CareDesk 一致。</translation>
    </message>
    <message>
        <source>The server refused this user name or password.</source>
        <translation>服务器拒绝了该用户名或密码。</translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
</context>
<context>
    <name>ContactPreferencesDialog</name>
    <message>
        <source>Contact preferences and consent</source>
        <translation>联系偏好与同意</translation>
    </message>
    <message>
        <source>e.g. 12:00-13:30;19:00-21:00</source>
        <translation>例如 12:00-13:30;19:00-21:00</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Agrees to care calls</source>
        <translation>同意接受关怀回访</translation>
    </message>
    <message>
        <source>Do not call</source>
        <translation>勿扰</translation>
    </message>
    <message>
        <source>Preferred channel</source>
        <translation>首选渠道</translation>
    </message>
    <message>
        <source>Best times</source>
        <translation>方便联系时段</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Consent</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Do-not-call</source>
        <translation>勿扰</translation>
    </message>
    <message>
        <source>Second phone</source>
        <translation>备用电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <source>WeChat</source>
        <translation>微信</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>不变</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>CareDesk - unexpected error</source>
        <translation>CareDesk - 意外错误</translation>
    </message>
    <message>
        <source>Something went wrong that CareDesk did not expect. Your saved work is safe. Please copy the report below and send it to support.</source>
        <translation>CareDesk 遇到了一个意外错误。已保存的工作不会丢失。请复制下面的报告并发送给技术支持。</translation>
    </message>
    <message>
        <source>The report was also saved as %1.</source>
        <translation>报告也已保存为 %1。</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
</context>
<context>
    <name>DispositionBar</name>
    <message>
        <source>Disposition:</source>
        <translation>通话结果：</translation>
    </message>
    <message>
        <source>Keys 1-7 choose while this row has the focus; Alt+1-7 choose from anywhere</source>
        <translation>焦点在本行时按 1-7 选择；在任何位置按 Alt+1-7 选择</translation>
    </message>
    <message>
        <source>not chosen yet</source>
        <translation>尚未选择</translation>
    </message>
</context>
<context>
    <name>EffectChart</name>
    <message>
        <source>No effect ratings yet</source>
        <translation>暂无效果评分</translation>
    </message>
</context>
<context>
    <name>ErrorsModel</name>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>A CSV or XLSX export of members, products or orders.</source>
        <translation>会员、商品或订单的 CSV 或 XLSX 导出文件。</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Import file</source>
        <translation>导入文件</translation>
    </message>
    <message>
        <source>Spreadsheets (*.csv *.txt *.xlsx)</source>
        <translation>表格文件 (*.csv *.txt *.xlsx)</translation>
    </message>
</context>
<context>
    <name>FormMessages</name>
    <message>
        <source>Enter times as HH:MM-HH:MM, several separated by ; (%1 is not one)</source>
        <translation>请按 HH:MM-HH:MM 填写时段，多个用 ; 分隔（%1 不是有效时段）</translation>
    </message>
    <message>
        <source>Enter a phone number</source>
        <translation>请填写电话号码</translation>
    </message>
    <message>
        <source>%1 is not a phone number</source>
        <translation>%1 不是有效的电话号码</translation>
    </message>
    <message>
        <source>Choose one of the listed options</source>
        <translation>请从列出的选项中选择</translation>
    </message>
    <message>
        <source>Choose yes or no</source>
        <translation>请选择是或否</translation>
    </message>
    <message>
        <source>The ticket is resolved: its severity stays as it was</source>
        <translation>工单已解决，紧急程度不可再改</translation>
    </message>
</context>
<context>
    <name>Holidays</name>
    <message>
        <source>New Year&apos;s Day</source>
        <translation>元旦</translation>
    </message>
    <message>
        <source>Spring Festival</source>
        <translation>春节</translation>
    </message>
    <message>
        <source>Tomb-Sweeping Day</source>
        <translation>清明节</translation>
    </message>
    <message>
        <source>Labour Day</source>
        <translation>劳动节</translation>
    </message>
    <message>
        <source>Dragon Boat Festival</source>
        <translation>端午节</translation>
    </message>
    <message>
        <source>Mid-Autumn Festival</source>
        <translation>中秋节</translation>
    </message>
    <message>
        <source>National Day</source>
        <translation>国庆节</translation>
    </message>
    <message>
        <source>%1 (no calls today)</source>
        <translation>%1（今日不外呼）</translation>
    </message>
    <message>
        <source>Make-up working day</source>
        <translation>调休上班日</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
</context>
<context>
    <name>KnowledgePanel</name>
    <message>
        <source>Knowledge base: words or pinyin initials (F1)</source>
        <translation>知识库：关键词或拼音首字母 (F1)</translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s)</source>
        <translation>
            <numerusform>%n 条答案</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>CareDesk</source>
        <translation>CareDesk 回访工作台</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Settings...</source>
        <translation>设置(&amp;S)...</translation>
    </message>
    <message>
        <source>&amp;Member contact preferences...</source>
        <translation>会员联系偏好(&amp;M)...</translation>
    </message>
    <message>
        <source>&amp;Connection settings...</source>
        <translation>连接设置(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Supervisor console</source>
        <translation>主管控制台(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Import...</source>
        <translation>导入(&amp;I)...</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About CareDesk</source>
        <translation>关于 CareDesk(&amp;A)</translation>
    </message>
    <message>
        <source>Signed in: %1 (%2)</source>
        <translation>当前用户：%1（%2）</translation>
    </message>
    <message>
        <source>embedded</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <source>Database: %1 (%2)</source>
        <translation>数据库：%1（%2）</translation>
    </message>
    <message>
        <source>Queue rules</source>
        <translation>队列规则</translation>
    </message>
    <message>
        <source>Open or select a member first.</source>
        <translation>请先打开或选择一位会员。</translation>
    </message>
    <message>
        <source>Calls today: %1 · connect rate %2</source>
        <translation>今日通话 %1 · 接通率 %2</translation>
    </message>
    <message>
        <source>About CareDesk</source>
        <translation>关于 CareDesk</translation>
    </message>
    <message>
        <source>CareDesk: the care follow-up call-centre workstation.</source>
        <translation>CareDesk：会员关怀回访呼叫中心工作台。</translation>
    </message>
</context>
<context>
    <name>MemberPanel</name>
    <message>
        <source>Care report</source>
        <translation>关怀报告</translation>
    </message>
    <message>
        <source>Purchases</source>
        <translation>购买记录</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Effects</source>
        <translation>效果</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康档案</translation>
    </message>
    <message>
        <source>&lt;i&gt;No member open.&lt;/i&gt;</source>
        <translation>&lt;i&gt;尚未打开会员。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>Tickets (%1 open)</source>
        <translation>工单（%1 未结）</translation>
    </message>
    <message>
        <source>no supply estimate</source>
        <translation>无法估算余量</translation>
    </message>
    <message numerus="yes">
        <source>ran out %n day(s) ago</source>
        <translation>
            <numerusform>已用完 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>runs out today</source>
        <translation>今天用完</translation>
    </message>
    <message numerus="yes">
        <source>about %n day(s) left</source>
        <translation>
            <numerusform>约剩 %n 天</numerusform>
        </translation>
    </message>
    <message>
        <source>PDC %1%</source>
        <translation>覆盖率 PDC %1%</translation>
    </message>
    <message>
        <source>says: %1</source>
        <translation>自述：%1</translation>
    </message>
    <message>
        <source>runs out %1</source>
        <translation>%1 用完</translation>
    </message>
    <message>
        <source>Last call %1: %2</source>
        <translation>上次通话 %1：%2</translation>
    </message>
    <message>
        <source>Open ticket #%1: %2 · %3</source>
        <translation>未结工单 #%1：%2 · %3</translation>
    </message>
    <message numerus="yes">
        <source>and %n more open ticket(s)</source>
        <translation>
            <numerusform>另有 %n 个未结工单</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 岁</translation>
    </message>
    <message>
        <source>Points: %1</source>
        <translation>积分：%1</translation>
    </message>
    <message>
        <source>Care manager: %1</source>
        <translation>专属顾问：%1</translation>
    </message>
    <message>
        <source>Prefers %1; best times %2; time zone %3</source>
        <translation>偏好%1；最佳时段 %2；时区 %3</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Do not call: no consent</source>
        <translation>勿扰：未同意回访</translation>
    </message>
    <message>
        <source>Severe adverse reaction on file</source>
        <translation>有严重不良反应记录</translation>
    </message>
    <message>
        <source>No purchases.</source>
        <translation>暂无购买记录。</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批号</translation>
    </message>
    <message>
        <source>Covers until</source>
        <translation>可用至</translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation>暂无通话记录。</translation>
    </message>
    <message>
        <source>satisfaction %1/10</source>
        <translation>满意度 %1/10</translation>
    </message>
    <message>
        <source>complaint: %1</source>
        <translation>投诉：%1</translation>
    </message>
    <message>
        <source>No tickets.</source>
        <translation>暂无工单。</translation>
    </message>
    <message>
        <source>due %1</source>
        <translation>时限 %1</translation>
    </message>
    <message>
        <source>Health data is hidden: you are not allowed to see it.</source>
        <translation>健康数据已隐藏：您没有查看权限。</translation>
    </message>
    <message>
        <source>No health profile.</source>
        <translation>暂无健康档案。</translation>
    </message>
    <message>
        <source>Constitution</source>
        <translation>体质</translation>
    </message>
    <message>
        <source>Goals</source>
        <translation>健康目标</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>病史</translation>
    </message>
    <message>
        <source>Allergies</source>
        <translation>过敏</translation>
    </message>
    <message>
        <source>Baby stage</source>
        <translation>宝宝阶段</translation>
    </message>
    <message>
        <source>Baby born</source>
        <translation>宝宝生日</translation>
    </message>
    <message>
        <source>Indicators</source>
        <translation>健康指标</translation>
    </message>
</context>
<context>
    <name>MemberSearchPanel</name>
    <message>
        <source>Any member: name, pinyin initials, phone tail, member id</source>
        <translation>任意会员：姓名、拼音首字母、手机尾号、会员号</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) found</source>
        <translation>
            <numerusform>找到 %n 位会员</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MembersModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>最近购买</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
</context>
<context>
    <name>MembersPanel</name>
    <message>
        <source>Search by name or phone tail</source>
        <translation>按姓名或手机尾号搜索</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n 位会员</numerusform>
        </translation>
    </message>
    <message>
        <source>No members are assigned to you.</source>
        <translation>目前没有分配给您的会员。</translation>
    </message>
</context>
<context>
    <name>OutcomeForm</name>
    <message>
        <source>-</source>
        <translation>-</translation>
    </message>
    <message>
        <source>1-10</source>
        <translation>1-10</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>&amp;Satisfaction (1-10):</source>
        <translation>满意度(1-10)(&amp;S)：</translation>
    </message>
    <message>
        <source>A&amp;dherence:</source>
        <translation>依从性(&amp;D)：</translation>
    </message>
    <message>
        <source>Re&amp;maining days:</source>
        <translation>剩余天数(&amp;M)：</translation>
    </message>
    <message>
        <source>Refill &amp;intent:</source>
        <translation>复购意向(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Effects (1-10):</source>
        <translation>效果评分(&amp;E)（1-10）：</translation>
    </message>
    <message>
        <source>&amp;Advice for the member:</source>
        <translation>给会员的建议(&amp;A)：</translation>
    </message>
    <message>
        <source>On the 48-hour re-visit after a resolved ticket, when the member is still unhappy: each remedy chosen is done when the call is saved</source>
        <translation>工单解决后 48 小时回访，会员仍不满意时：保存通话时执行所选的每项补救</translation>
    </message>
    <message>
        <source>Remedies if still &amp;unhappy:</source>
        <translation>仍不满意的补救(&amp;U)：</translation>
    </message>
    <message>
        <source>What the member says went wrong</source>
        <translation>会员反映的问题</translation>
    </message>
    <message>
        <source>Com&amp;plaint:</source>
        <translation>投诉(&amp;P)：</translation>
    </message>
    <message>
        <source>Adverse &amp;reaction:</source>
        <translation>不良反应(&amp;R)：</translation>
    </message>
    <message>
        <source>Call&amp;back at:</source>
        <translation>回电时间(&amp;B)：</translation>
    </message>
    <message>
        <source>For the care team only</source>
        <translation>仅供服务团队内部查看</translation>
    </message>
    <message>
        <source>Printed in the member&apos;s care report</source>
        <translation>将打印在会员的关怀报告中</translation>
    </message>
    <message>
        <source>&amp;Notes:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
</context>
<context>
    <name>OutcomeMessages</name>
    <message>
        <source>Enter a whole number from 1 to 10 (%1 is not accepted)</source>
        <translation>请输入 1 到 10 的整数（%1 不可接受）</translation>
    </message>
    <message>
        <source>Enter a whole number of days from 0 to %1 (%2 is not accepted)</source>
        <translation>请输入 0 到 %1 的整数天数（%2 不可接受）</translation>
    </message>
    <message>
        <source>A callback needs the time to call back</source>
        <translation>预约回电需要填写回电时间</translation>
    </message>
    <message>
        <source>Only for a callback</source>
        <translation>仅用于预约回电</translation>
    </message>
    <message>
        <source>Cannot be recorded for &quot;%1&quot;: the member was not spoken to</source>
        <translation>“%1”时不能记录：未与会员通话</translation>
    </message>
    <message>
        <source>Too long: %1 characters, at most %2</source>
        <translation>太长：%1 个字符，最多 %2 个</translation>
    </message>
    <message>
        <source>Required: choose one</source>
        <translation>必填：请选择一项</translation>
    </message>
    <message>
        <source>Choose yes or no</source>
        <translation>请选择是或否</translation>
    </message>
    <message>
        <source>Choose one of the listed options</source>
        <translation>请从列出的选项中选择</translation>
    </message>
    <message>
        <source>Enter text</source>
        <translation>请输入文字</translation>
    </message>
    <message>
        <source>Remedies are only for the re-visit after a resolved ticket</source>
        <translation>补救仅用于工单解决后的回访</translation>
    </message>
    <message>
        <source>Control characters (such as NUL) are not allowed</source>
        <translation>不允许控制字符（如 NUL）</translation>
    </message>
    <message>
        <source>Text direction override characters are not allowed</source>
        <translation>不允许文字方向控制字符</translation>
    </message>
    <message>
        <source>Not valid text (broken encoding)</source>
        <translation>不是有效的文字（编码损坏）</translation>
    </message>
    <message>
        <source>At most %1 characters</source>
        <translation>最多 %1 个字符</translation>
    </message>
    <message>
        <source>The callback time must be in the future</source>
        <translation>回电时间必须晚于现在</translation>
    </message>
    <message>
        <source>Enter a time as YYYY-MM-DD HH:MM</source>
        <translation>请按 YYYY-MM-DD HH:MM 输入时间</translation>
    </message>
    <message>
        <source>Not a question of this script</source>
        <translation>不是本脚本中的问题</translation>
    </message>
    <message>
        <source>Enter whole seconds from 0 to %1</source>
        <translation>请输入 0 到 %1 之间的整数秒</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Chinese (Simplified)</source>
        <translation>简体中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Optional (counts up)</source>
        <translation>可选（正向计时）</translation>
    </message>
    <message>
        <source>Time-boxed (form must be done in time)</source>
        <translation>限时（须在时限内完成结果）</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <source>%1 pages</source>
        <translation>共 %1 页</translation>
    </message>
    <message>
        <source>Save as...</source>
        <translation>另存为...</translation>
    </message>
    <message>
        <source>Care report: %1</source>
        <translation>关怀报告：%1</translation>
    </message>
    <message>
        <source>Save care report</source>
        <translation>保存关怀报告</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Could not save the report: %1</source>
        <translation>无法保存报告：%1</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
</context>
<context>
    <name>PreviewPage</name>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Checking the first rows...</source>
        <translation>正在检查前几行...</translation>
    </message>
    <message>
        <source>%1 of the first %2 rows have problems (marked; hover for the reason).</source>
        <translation>前 %2 行中有 %1 行有问题（已标出，悬停查看原因）。</translation>
    </message>
    <message>
        <source>The first %1 rows are fine.</source>
        <translation>前 %1 行没有问题。</translation>
    </message>
</context>
<context>
    <name>ProgrammeActions</name>
    <message>
        <source>Read to the member: %1</source>
        <translation>请向会员确认：%1</translation>
    </message>
    <message>
        <source>Referral recorded: both get points back when the new customer places a first order.</source>
        <translation>推荐已记录：新客户首单后，双方都会获得积分返还。</translation>
    </message>
</context>
<context>
    <name>ProgrammeBar</name>
    <message>
        <source>Redeem…</source>
        <translation>兑换…</translation>
    </message>
    <message>
        <source>Refer…</source>
        <translation>推荐…</translation>
    </message>
    <message>
        <source>Record that this member referred a new customer</source>
        <translation>记录该会员推荐了一位新客户</translation>
    </message>
    <message>
        <source>&lt;i&gt;Points: loading…&lt;/i&gt;</source>
        <translation>&lt;i&gt;积分：加载中…&lt;/i&gt;</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 积分</translation>
    </message>
    <message>
        <source>%1 expire by %2</source>
        <translation>%1 积分将于 %2 前到期</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>已冻结</translation>
    </message>
    <message>
        <source>%1 yuan to %2</source>
        <translation>距%2还差 %1 元</translation>
    </message>
</context>
<context>
    <name>ProgrammeMessages</name>
    <message>
        <source>Not enough points: this needs %1, the balance is %2</source>
        <translation>积分不足：需要%1积分，当前余额%2积分</translation>
    </message>
    <message>
        <source>A member cannot refer themselves (the same member or the same phone)</source>
        <translation>会员不能推荐自己（同一会员或同一手机号）</translation>
    </message>
    <message>
        <source>This customer was referred already</source>
        <translation>该客户已被推荐过</translation>
    </message>
    <message>
        <source>Refused: the new customer is among this member&apos;s own referrers</source>
        <translation>已拒绝：该新客户是此会员自己的推荐人之一</translation>
    </message>
    <message>
        <source>Only new customers can be referred: this one has ordered before</source>
        <translation>只能推荐新客户：该客户之前已下过单</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Reasons</source>
        <translation>回访原因</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>Local time</source>
        <translation>当地时间</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>可呼叫</translation>
    </message>
    <message>
        <source>open</source>
        <translation>可呼叫</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>非时段</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>All reasons</source>
        <translation>全部原因</translation>
    </message>
    <message>
        <source>Name, phone tail or initials</source>
        <translation>姓名、手机尾号或拼音首字母</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s) to call</source>
        <translation>
            <numerusform>待呼叫 %n 位</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in their calling window</source>
        <translation>
            <numerusform>%n 位在可呼叫时段</numerusform>
        </translation>
    </message>
    <message>
        <source>Queue not refreshed: %1</source>
        <translation>队列未刷新：%1</translation>
    </message>
</context>
<context>
    <name>RedeemDialog</name>
    <message>
        <source>Redeem points</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <source>Redeem %1 for %2 points? %3 points will be left.</source>
        <translation>用%2积分兑换%1？兑换后剩余%3积分。</translation>
    </message>
    <message>
        <source>Confirm with the member first.</source>
        <translation>请先与会员确认。</translation>
    </message>
    <message>
        <source>Redeem</source>
        <translation>兑换</translation>
    </message>
</context>
<context>
    <name>ReferDialog</name>
    <message>
        <source>Record a referral</source>
        <translation>记录推荐</translation>
    </message>
    <message>
        <source>Who did %1 refer? Find the new customer:</source>
        <translation>%1推荐了谁？请查找新客户：</translation>
    </message>
    <message>
        <source>Record referral</source>
        <translation>记录推荐</translation>
    </message>
    <message>
        <source>New customer: %1</source>
        <translation>新客户：%1</translation>
    </message>
</context>
<context>
    <name>ReportActions</name>
    <message>
        <source>&amp;Care report...</source>
        <translation>关怀报告(&amp;C)...</translation>
    </message>
    <message>
        <source>&amp;Export premium care reports...</source>
        <translation>导出高端会员关怀报告(&amp;E)...</translation>
    </message>
    <message>
        <source>Open a member first.</source>
        <translation>请先打开一位会员。</translation>
    </message>
    <message>
        <source>Preparing the care report...</source>
        <translation>正在生成关怀报告...</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>Save report...</source>
        <translation>保存报告...</translation>
    </message>
    <message>
        <source>Importing...</source>
        <translation>正在导入...</translation>
    </message>
    <message>
        <source>Cancelling...</source>
        <translation>正在取消...</translation>
    </message>
    <message>
        <source>%1 rows read</source>
        <translation>已读取 %1 行</translation>
    </message>
    <message>
        <source>%1 rows read, %2 created, %3 updated, %4 unchanged, %5 failed</source>
        <translation>读取 %1 行，新增 %2，更新 %3，未变 %4，失败 %5</translation>
    </message>
    <message>
        <source>, %1 merged by phone</source>
        <translation>，按手机号合并 %1</translation>
    </message>
    <message>
        <source>, %1 referrals recorded</source>
        <translation>，记录推荐 %1 条</translation>
    </message>
    <message>
        <source>Cancelled: nothing was imported.</source>
        <translation>已取消：未导入任何数据。</translation>
    </message>
    <message>
        <source>The import failed.</source>
        <translation>导入失败。</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
</context>
<context>
    <name>SaveText</name>
    <message>
        <source>Callback booked for %1.</source>
        <translation>已预约 %1 回电。</translation>
    </message>
    <message>
        <source>Ticket %1 opened.</source>
        <translation>已创建工单 %1。</translation>
    </message>
    <message>
        <source>Unreached after repeated attempts: an SMS survey is queued.</source>
        <translation>多次未接通：已安排短信回访。</translation>
    </message>
    <message>
        <source>Back in the queue at %1.</source>
        <translation>将于 %1 重新进入队列。</translation>
    </message>
    <message>
        <source>Saved on this computer; it goes to the server in the background (%1 waiting).</source>
        <translation>已保存在本机，将在后台上传到服务器（等待 %1 条）。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>The server has the outcome for %1.</source>
        <translation>服务器已收到 %1 的通话结果。</translation>
    </message>
    <message>
        <source>The server has a saved outcome.</source>
        <translation>服务器已收到一条通话结果。</translation>
    </message>
    <message>
        <source>a saved outcome</source>
        <translation>一条通话结果</translation>
    </message>
    <message>
        <source>The server refused the outcome for %1: %2</source>
        <translation>服务器拒绝了 %1 的通话结果：%2</translation>
    </message>
</context>
<context>
    <name>ScriptPanel</name>
    <message>
        <source>No call open. Press Next (Ctrl+N) to claim the next member.</source>
        <translation>当前没有通话。按“下一位”(Ctrl+N) 领取下一位会员。</translation>
    </message>
</context>
<context>
    <name>ScriptView</name>
    <message>
        <source>1-10</source>
        <translation>1-10</translation>
    </message>
    <message>
        <source>-</source>
        <translation>-</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>What the member says</source>
        <translation>会员的回答</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Finish the current call first; the language changes after it.</source>
        <translation>请先完成当前通话，之后再切换语言。</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Language (empty: system)</source>
        <translation>界面语言（留空：跟随系统）</translation>
    </message>
    <message>
        <source>After-call work: optional or time-boxed</source>
        <translation>话后处理：可选或限时</translation>
    </message>
    <message>
        <source>After-call work time box (seconds)</source>
        <translation>话后处理时限（秒）</translation>
    </message>
    <message>
        <source>Queue refresh interval (seconds)</source>
        <translation>队列刷新间隔（秒）</translation>
    </message>
    <message>
        <source>Shared database server (empty: the embedded database on this computer)</source>
        <translation>共享数据库服务器（留空：使用本机内置数据库）</translation>
    </message>
    <message>
        <source>SIP user (empty: hand calls to the system&apos;s phone app)</source>
        <translation>SIP 用户（留空则交给系统电话程序拨打）</translation>
    </message>
    <message>
        <source>SIP registrar or trunk host</source>
        <translation>SIP 注册服务器或中继主机</translation>
    </message>
    <message>
        <source>SIP trunk HOST:PORT calls go to (empty: the registrar)</source>
        <translation>呼叫所经 SIP 中继 主机:端口（留空则用注册服务器）</translation>
    </message>
    <message>
        <source>Register with the SIP server</source>
        <translation>向 SIP 服务器注册</translation>
    </message>
    <message>
        <source>Hang up a call still ringing after (seconds)</source>
        <translation>振铃超过此秒数自动挂断</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Telephony</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Embedded database on this computer</source>
        <translation>本机内置数据库</translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation>服务器：%1</translation>
    </message>
    <message>
        <source>Server connection and test...</source>
        <translation>服务器连接与测试...</translation>
    </message>
    <message>
        <source>kept in the system keyring</source>
        <translation>保存在系统钥匙串中</translation>
    </message>
    <message>
        <source>SIP password</source>
        <translation>SIP 密码</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Save for every workstation</source>
        <translation>保存（所有工作站生效）</translation>
    </message>
    <message>
        <source>Calling hours start (member&apos;s local time)</source>
        <translation>可呼叫时段开始（会员当地时间）</translation>
    </message>
    <message>
        <source>Calling hours end (member&apos;s local time)</source>
        <translation>可呼叫时段结束（会员当地时间）</translation>
    </message>
    <message>
        <source>Default call slots</source>
        <translation>默认呼叫时段</translation>
    </message>
    <message>
        <source>Contact cap: calls</source>
        <translation>联系上限：通话次数</translation>
    </message>
    <message>
        <source>Contact cap: period (e.g. 7d)</source>
        <translation>联系上限：周期（如 7d）</translation>
    </message>
    <message>
        <source>Minimum gap between calls (e.g. 24h)</source>
        <translation>两次通话最短间隔（如 24h）</translation>
    </message>
    <message>
        <source>Attempts before unreached</source>
        <translation>判定未接通前的尝试次数</translation>
    </message>
    <message>
        <source>Earliest retry after no answer</source>
        <translation>未接通后最早重拨</translation>
    </message>
    <message>
        <source>Own callback passes to anyone after</source>
        <translation>个人预约回电逾期后转入公共队列</translation>
    </message>
    <message>
        <source>Care manager keeps a due member for extra days</source>
        <translation>专属顾问额外保留到期会员的天数</translation>
    </message>
    <message>
        <source>Claim lease</source>
        <translation>领取租约时长</translation>
    </message>
    <message>
        <source>No-call holidays (codes, comma-separated)</source>
        <translation>不外呼的法定节假日（代码，逗号分隔）</translation>
    </message>
    <message>
        <source>Nothing changed.</source>
        <translation>没有更改。</translation>
    </message>
    <message>
        <source>Saved. Every workstation uses these values from now on.</source>
        <translation>已保存，所有工作站即刻使用这些设置。</translation>
    </message>
</context>
<context>
    <name>ShortcutSheet</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键一览</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>作用</translation>
    </message>
    <message>
        <source>F1 opens the knowledge base; Ctrl+/ shows this sheet.</source>
        <translation>F1 打开知识库；Ctrl+/ 显示本表。</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Next</source>
        <translation>下一位</translation>
    </message>
    <message>
        <source>Claim the next member</source>
        <translation>领取下一位会员</translation>
    </message>
    <message>
        <source>Dial</source>
        <translation>拨号</translation>
    </message>
    <message>
        <source>Dial the member of the call in progress</source>
        <translation>拨打当前通话的会员</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>释放</translation>
    </message>
    <message>
        <source>Give the member back to the queue</source>
        <translation>把会员放回队列</translation>
    </message>
    <message>
        <source>End call</source>
        <translation>结束通话</translation>
    </message>
    <message>
        <source>Hang up and start after-call work</source>
        <translation>挂断并开始话后处理</translation>
    </message>
    <message>
        <source>Save and next</source>
        <translation>保存并下一位</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Knowledge base</source>
        <translation>知识库</translation>
    </message>
    <message>
        <source>Find in queue</source>
        <translation>在队列中查找</translation>
    </message>
    <message>
        <source>Refresh queue</source>
        <translation>刷新队列</translation>
    </message>
    <message>
        <source>Take callback</source>
        <translation>接听预约回电</translation>
    </message>
    <message>
        <source>My callbacks today</source>
        <translation>我今天的回电</translation>
    </message>
    <message>
        <source>Find any member</source>
        <translation>查找任意会员</translation>
    </message>
    <message>
        <source>Next panel</source>
        <translation>下一个面板</translation>
    </message>
    <message>
        <source>Previous panel</source>
        <translation>上一个面板</translation>
    </message>
    <message>
        <source>Go to the disposition row</source>
        <translation>跳到通话结果行</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键一览</translation>
    </message>
    <message>
        <source>Choose a disposition (from anywhere)</source>
        <translation>选择通话结果（任何位置）</translation>
    </message>
    <message>
        <source>Choose a disposition while the disposition row has the focus</source>
        <translation>焦点在通话结果行时选择通话结果</translation>
    </message>
    <message>
        <source>Next tab inside a panel (arrows on a tab bar)</source>
        <translation>面板内切换标签页（标签栏上用方向键）</translation>
    </message>
    <message>
        <source>Call the member of the queue row</source>
        <translation>呼叫队列中该行的会员</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to CareDesk</source>
        <translation>登录 CareDesk</translation>
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>Signing in...</source>
        <translation>正在登录…</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>This user is locked. Ask an administrator to unlock it.</source>
        <translation>该用户已被锁定，请联系管理员解锁。</translation>
    </message>
    <message>
        <source>Too many failed sign-ins: this user is locked until %1.</source>
        <translation>登录失败次数过多：该用户已锁定至 %1。</translation>
    </message>
    <message>
        <source>Cannot reach the database: %1</source>
        <translation>无法连接数据库：%1</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>Creating the demo database on first run, this takes a moment...</source>
        <translation>首次运行，正在创建演示数据库，请稍候…</translation>
    </message>
    <message>
        <source>Embedded database</source>
        <translation>本机数据库</translation>
    </message>
    <message>
        <source>Opening the database...</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>The database on the server has an older schema (%1) than this CareDesk needs (%2).

Ask your administrator to run:
    caredesk-admin db upgrade</source>
        <translation>服务器上的数据库结构版本（%1）与本版 CareDesk 所需版本（%2）不一致。

请联系管理员运行：
    caredesk-admin db upgrade</translation>
    </message>
    <message>
        <source>The disk is full. Free some space and start CareDesk again.</source>
        <translation>磁盘已满。请释放一些空间后重新启动 CareDesk。</translation>
    </message>
    <message>
        <source>CareDesk cannot write its database file or folder (a read-only disk or no permission).</source>
        <translation>CareDesk 无法写入数据库文件或其文件夹（磁盘只读或没有权限）。</translation>
    </message>
    <message>
        <source>The database file is damaged or is not a CareDesk database. Restore it from a backup (a copy is kept beside it before each upgrade).</source>
        <translation>数据库文件已损坏或不是 CareDesk 数据库。请从备份恢复（每次升级前都会在旁边保留一份副本）。</translation>
    </message>
    <message>
        <source>Cannot open the database:
%1</source>
        <translation>无法打开数据库：
%1</translation>
    </message>
    <message>
        <source>Signing in...</source>
        <translation>正在登录…</translation>
    </message>
</context>
<context>
    <name>Supervisor</name>
    <message>
        <source>Reached</source>
        <translation>已接通</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <source>Callback</source>
        <translation>预约回电</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>拒访</translation>
    </message>
    <message>
        <source>In state</source>
        <translation>状态时长</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>接通率</translation>
    </message>
    <message>
        <source>Handle</source>
        <translation>通话时长</translation>
    </message>
    <message>
        <source>After-call</source>
        <translation>话后处理</translation>
    </message>
    <message>
        <source>Satisf.</source>
        <translation>满意度</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>领取中</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>部门</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>处理人</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>SLA due</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Breached</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Connect rate</source>
        <translation>接通率</translation>
    </message>
    <message>
        <source>Calls completed</source>
        <translation>完成通话</translation>
    </message>
    <message>
        <source>Average satisfaction</source>
        <translation>平均满意度</translation>
    </message>
    <message>
        <source>Complaints opened</source>
        <translation>新增投诉</translation>
    </message>
    <message>
        <source>SLA breaches</source>
        <translation>超时工单</translation>
    </message>
    <message>
        <source>Refills after calls</source>
        <translation>回访后续购</translation>
    </message>
    <message>
        <source>Churn-risk members reached</source>
        <translation>已触达流失风险会员</translation>
    </message>
    <message>
        <source>On a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>话后处理</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Paused: break</source>
        <translation>暂停：休息</translation>
    </message>
    <message>
        <source>Paused: lunch</source>
        <translation>暂停：午餐</translation>
    </message>
    <message>
        <source>Paused: training</source>
        <translation>暂停：培训</translation>
    </message>
    <message>
        <source>Paused: meeting</source>
        <translation>暂停：会议</translation>
    </message>
    <message>
        <source>Paused: coaching</source>
        <translation>暂停：辅导</translation>
    </message>
    <message>
        <source>SLA breached</source>
        <translation>工单超时</translation>
    </message>
    <message>
        <source>Severe adverse reaction</source>
        <translation>严重不良反应</translation>
    </message>
    <message>
        <source>SLA due soon</source>
        <translation>即将超时</translation>
    </message>
    <message>
        <source>Repeat complaint</source>
        <translation>重复投诉</translation>
    </message>
    <message>
        <source>Abandoned claim</source>
        <translation>领取未处理</translation>
    </message>
    <message>
        <source>Outcomes by hour</source>
        <translation>各时段通话结果</translation>
    </message>
    <message>
        <source>Satisfaction trend (daily average, 1-10)</source>
        <translation>满意度趋势（日均，1-10）</translation>
    </message>
    <message>
        <source>Complaints by category, last 6 months</source>
        <translation>近 6 个月投诉分类</translation>
    </message>
    <message>
        <source>SLA compliance by ticket type</source>
        <translation>各类工单时限达成</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>本周</translation>
    </message>
    <message>
        <source>Date range</source>
        <translation>日期范围</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Reassign…</source>
        <translation>重新分配…</translation>
    </message>
    <message>
        <source>Period summary PDF…</source>
        <translation>阶段汇总 PDF…</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Enter or double-click opens the ticket or the member.</source>
        <translation>回车或双击打开工单或会员。</translation>
    </message>
    <message>
        <source>Alerts</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Agents</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>现场</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Loading...</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>The supervisor console is for supervisors only.</source>
        <translation>主管控制台仅供主管使用。</translation>
    </message>
    <message>
        <source>Moved %1 task(s); %2 left with the agent on the call.</source>
        <translation>已转移 %1 个任务；%2 个仍由通话中的坐席处理。</translation>
    </message>
    <message>
        <source>Save period summary</source>
        <translation>保存阶段汇总</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Preparing the period summary...</source>
        <translation>正在生成阶段汇总…</translation>
    </message>
    <message>
        <source>Export to CSV</source>
        <translation>导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>No target</source>
        <translation>无目标</translation>
    </message>
    <message>
        <source>Target %1</source>
        <translation>目标 %1</translation>
    </message>
    <message>
        <source>no comparison</source>
        <translation>无对比</translation>
    </message>
    <message>
        <source>%1 vs previous</source>
        <translation>较上期 %1</translation>
    </message>
    <message>
        <source>Reassign work</source>
        <translation>重新分配工作</translation>
    </message>
    <message>
        <source>Any reason</source>
        <translation>任意原因</translation>
    </message>
    <message>
        <source>Any tier</source>
        <translation>任意等级</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Member tier</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>Now assigned to</source>
        <translation>当前分配给</translation>
    </message>
    <message>
        <source>member ids, separated by commas</source>
        <translation>会员编号，用逗号分隔</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Their open tasks held for the old owner move with them.</source>
        <translation>原负责人名下的未完成任务一并转移。</translation>
    </message>
    <message>
        <source>Tasks by filter</source>
        <translation>按条件选任务</translation>
    </message>
    <message>
        <source>Member ownership</source>
        <translation>会员归属</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>转移</translation>
    </message>
    <message>
        <source>Move to</source>
        <translation>转移给</translation>
    </message>
    <message>
        <source>Anyone or no one</source>
        <translation>任何人或无人</translation>
    </message>
    <message>
        <source>No one (pooled tasks)</source>
        <translation>无人（公共池任务）</translation>
    </message>
    <message>
        <source>%1 open task(s) match.</source>
        <translation>符合条件的未完成任务 %1 个。</translation>
    </message>
    <message>
        <source>Choose who the work moves to.</source>
        <translation>请选择工作转给谁。</translation>
    </message>
    <message>
        <source>Member ids are numbers separated by commas.</source>
        <translation>会员编号应为用逗号分隔的数字。</translation>
    </message>
    <message>
        <source>Open (all open states)</source>
        <translation>未结（全部未结状态）</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <source>All departments</source>
        <translation>全部部门</translation>
    </message>
    <message>
        <source>Any severity</source>
        <translation>任意级别</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>分派…</translation>
    </message>
    <message>
        <source>Escalate…</source>
        <translation>升级…</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>解决…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Assign ticket</source>
        <translation>分派工单</translation>
    </message>
    <message>
        <source>Assign ticket #%1 to:</source>
        <translation>将工单 #%1 分派给：</translation>
    </message>
    <message>
        <source>Ticket #%1 assigned.</source>
        <translation>工单 #%1 已分派。</translation>
    </message>
    <message>
        <source>Escalate ticket</source>
        <translation>升级工单</translation>
    </message>
    <message>
        <source>Why escalate ticket #%1?</source>
        <translation>为什么升级工单 #%1？</translation>
    </message>
    <message>
        <source>Ticket #%1 escalated.</source>
        <translation>工单 #%1 已升级。</translation>
    </message>
    <message>
        <source>Resolve ticket</source>
        <translation>解决工单</translation>
    </message>
    <message>
        <source>How was ticket #%1 resolved?</source>
        <translation>工单 #%1 是如何解决的？</translation>
    </message>
    <message>
        <source>Ticket #%1 resolved; the re-visit call is booked.</source>
        <translation>工单 #%1 已解决；已预约回访电话。</translation>
    </message>
    <message>
        <source>Member programme</source>
        <translation>会员计划</translation>
    </message>
    <message>
        <source>Repurchase rate</source>
        <translation>复购率</translation>
    </message>
    <message>
        <source>Median repurchase interval</source>
        <translation>复购间隔中位数</translation>
    </message>
    <message>
        <source>Members in churn warning</source>
        <translation>流失预警会员</translation>
    </message>
    <message>
        <source>Members lost</source>
        <translation>已流失会员</translation>
    </message>
    <message>
        <source>Won back after a call</source>
        <translation>回访后挽回</translation>
    </message>
    <message>
        <source>Points issued</source>
        <translation>发放积分</translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation>兑换积分</translation>
    </message>
    <message>
        <source>Points expired</source>
        <translation>过期积分</translation>
    </message>
    <message>
        <source>Tier movements</source>
        <translation>等级变动</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
</context>
<context>
    <name>SupervisorConsole</name>
    <message numerus="yes">
        <source>Updated %1 · %n alert(s)</source>
        <translation>
            <numerusform>更新于 %1 · %n 条预警</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SupervisorWindow</name>
    <message>
        <source>CareDesk - Supervisor console</source>
        <translation>CareDesk - 主管控制台</translation>
    </message>
</context>
<context>
    <name>TicketEditDialog</name>
    <message>
        <source>Edit ticket %1</source>
        <translation>编辑工单 %1</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
</context>
<context>
    <name>TicketsPanel</name>
    <message numerus="yes">
        <source>%n ticket(s)</source>
        <translation>
            <numerusform>%n 个工单</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VersionedFormDialog</name>
    <message>
        <source>The form now shows the latest values.</source>
        <translation>表单已显示最新内容。</translation>
    </message>
</context>
<context>
    <name>Workstation</name>
    <message>
        <source>On call: %1 %2</source>
        <translation>通话中：%1 %2</translation>
    </message>
    <message>
        <source>Paused: no new members are given to you until you are Ready.</source>
        <translation>已暂停：设为“就绪”之前不会分配新的会员。</translation>
    </message>
    <message>
        <source>Ready. Press Next (Ctrl+N) to claim a member.</source>
        <translation>就绪。按“下一位”(Ctrl+N) 领取会员。</translation>
    </message>
</context>
<context>
    <name>WorkstationLayout</name>
    <message>
        <source>Queue</source>
        <translation>回访队列</translation>
    </message>
    <message>
        <source>My members</source>
        <translation>我的会员</translation>
    </message>
    <message>
        <source>My callbacks</source>
        <translation>我的回电</translation>
    </message>
    <message>
        <source>Find member</source>
        <translation>查找会员</translation>
    </message>
</context>
</TS>
