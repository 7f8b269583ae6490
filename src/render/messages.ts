// Fixed texts of the replies, in each language the bot speaks.
import type { Lang } from '../model/lang.js';

const TEXTS = {
  en: {
    nothing: 'Nothing I know matched this paste.',
    hint: 'Paste the output of `kubectl describe pod <name> -n <namespace>` (the Events at the bottom matter most), or `kubectl get events -n <namespace> --sort-by=.lastTimestamp`.',
    cause: 'Cause',
    fix: 'Fix',
    warning: 'Warning',
    links: 'Links',
    evidence: 'Evidence',
    alsoPossible: 'Also possible',
    confidence: 'confidence',
    // Slack
    helpful: '👍 Helpful',
    notHelpful: '👎 Not helpful',
    showEvidence: 'Show evidence',
    share: 'Share in channel',
    checkLive: 'Check live',
    rule: 'rule',
    sharedBy: 'Shared by',
    feedbackThanks: 'Thanks, your feedback on rule `{rule}` is recorded.',
    reportExpired: 'That report is no longer in my memory (I keep reports for an hour, and I may have restarted). Paste the output again to get a fresh one.',
    evidenceTitle: 'What I read',
    inputKind: 'Input recognised as',
    objects: 'Objects',
    noEvidence: 'No evidence lines were kept for this report.',
    moreDetail: 'The rest of the report is in the next message.',
    apology: 'Sorry, something went wrong on my side while answering this (error id `{id}`). The details are in my log; try again, or paste less.',
    usage:
      "Usage:\n• `{command} <paste>`: paste `kubectl describe pod`, `kubectl get events|pods`, `-o yaml|json` or an error line\n• `{command} pod <name> [-n <namespace>]`: look a pod up in the cluster\n• `{command} help`: this help\nYou can also DM me, @mention me (in a thread, an empty mention diagnoses the thread's first message), or paste kubectl output in a channel I am in: I answer in a thread, and only when I recognise the output.",
    noCluster:
      'No cluster is connected to this kube-doctor, so I cannot look `{pod}` up myself. Run this and paste the output here (or send it with `{command} <paste>`):',
    noClusterAdmin: 'Admins: live lookups need a read-only connection to the cluster; see docs/slack.md.',
    lookingUp: 'Looking up `{pod}` in the cluster...',
    fileHtml:
      'I could not read `{name}`: Slack sent me a sign-in page instead of the file. The app needs the `files:read` scope; an admin should reinstall it from manifest.yml. Meanwhile, paste the text directly.',
    fileBinary: '`{name}` is not text (it looks like {type}). Paste the text output of `kubectl describe pod <name>` or `kubectl get events` instead.',
    fileTooBig: '`{name}` is {size}, more than the {limit} I read. Paste only the Events and the container section of `kubectl describe pod <name>`.',
    fileFailed: 'I could not download `{name}` from Slack ({reason}). Paste the text directly, or try again.',
    emptyThread: 'I could not find a message to diagnose in this thread. Paste the kubectl output, or mention me with it.',
    questionNothing: 'I could not find kubectl output in this message.',
    notSure: "I'm not sure what this is about, so I won't guess.",
    otherCauses: 'Other usual causes',
    pasteForPrecise: 'For a precise diagnosis, paste the output of `kubectl describe pod POD -n NAMESPACE`, or give me the pod name.',
    requestOutput:
      "I can't tell what is wrong from the words alone, and I won't guess. Run this and paste the output here (the Events at the bottom matter most):",
    offTopic:
      'I diagnose failing Kubernetes pods: paste `kubectl describe pod` output or an error line, name a pod, or ask about a status such as CrashLoopBackOff.',
    largePasteLimited:
      'You have sent {count} large pastes (over {size}) in the last {window} minutes, so I am not reading this one. I can take large pastes from you again in {wait} min. Meanwhile, a small paste works: the Events section of `kubectl describe pod POD` is usually enough.',
  },
  zh: {
    nothing: '没有找到与这段输出匹配的已知问题。',
    hint: '请粘贴 `kubectl describe pod <name> -n <namespace>` 的输出（最重要的是底部的 Events），或 `kubectl get events -n <namespace> --sort-by=.lastTimestamp`。',
    cause: '原因',
    fix: '解决方法',
    warning: '警告',
    links: '参考链接',
    evidence: '依据',
    alsoPossible: '其他可能',
    confidence: '置信度',
    // Slack
    helpful: '👍 有帮助',
    notHelpful: '👎 没帮助',
    showEvidence: '查看依据',
    share: '分享到频道',
    checkLive: '实时检查',
    rule: '规则',
    sharedBy: '分享者',
    feedbackThanks: '谢谢，已记录你对规则 `{rule}` 的反馈。',
    reportExpired: '这份报告已经不在内存中了（报告只保留一小时，也可能我刚重启过）。请重新粘贴输出。',
    evidenceTitle: '我读到的内容',
    inputKind: '识别的输入类型',
    objects: '对象',
    noEvidence: '这份报告没有保留依据行。',
    moreDetail: '报告的其余部分在下一条消息中。',
    apology: '抱歉，我在回答时出错了（错误编号 `{id}`）。详细信息已记录在日志中；请重试，或少粘贴一些内容。',
    usage:
      '用法：\n• `{command} <粘贴内容>`：粘贴 `kubectl describe pod`、`kubectl get events|pods`、`-o yaml|json` 的输出或一条错误信息\n• `{command} pod <名称> [-n <命名空间>]`：在集群中查询 Pod\n• `{command} help`：显示本帮助\n也可以私信我、@提及我（在话题中只@我会诊断话题的第一条消息），或在我所在的频道直接粘贴 kubectl 输出：我只在识别出输出时在话题中回复。',
    noCluster: '这个 kube-doctor 没有连接集群，所以我无法自己查询 `{pod}`。请运行下面的命令并把输出粘贴到这里（或用 `{command} <粘贴内容>` 发送）：',
    noClusterAdmin: '管理员：实时查询需要一个只读的集群连接，见 docs/slack.md。',
    lookingUp: '正在集群中查询 `{pod}`……',
    fileHtml: '无法读取 `{name}`：Slack 返回的是登录页面而不是文件。应用需要 `files:read` 权限，请管理员用 manifest.yml 重新安装。现在可以直接粘贴文本。',
    fileBinary: '`{name}` 不是文本（看起来是 {type}）。请粘贴 `kubectl describe pod <name>` 或 `kubectl get events` 的文本输出。',
    fileTooBig: '`{name}` 有 {size}，超过了我读取的上限 {limit}。请只粘贴 `kubectl describe pod <name>` 的 Events 和容器部分。',
    fileFailed: '无法从 Slack 下载 `{name}`（{reason}）。请直接粘贴文本，或重试。',
    emptyThread: '这个话题里没有找到可以诊断的消息。请粘贴 kubectl 输出，或在@我时附上它。',
    questionNothing: '这条消息里没有找到 kubectl 输出。',
    notSure: '我不确定这个问题指的是什么，就不乱猜了。',
    otherCauses: '其他常见原因',
    pasteForPrecise: '要得到准确的诊断，请粘贴 `kubectl describe pod POD -n NAMESPACE` 的输出，或者告诉我 Pod 名称。',
    requestOutput: '只凭这些文字我判断不出问题在哪里，也不想乱猜。请运行下面的命令，把输出粘贴到这里（最重要的是底部的 Events）：',
    offTopic: '我诊断出故障的 Kubernetes Pod：粘贴 `kubectl describe pod` 的输出或一条错误信息、告诉我 Pod 名称，或者问某个状态，比如 CrashLoopBackOff。',
    largePasteLimited:
      '你在最近 {window} 分钟内已经发送了 {count} 段大内容（超过 {size}），所以这一段我不读了。{wait} 分钟后可以再发大段内容。在此期间可以发小段内容：通常 `kubectl describe pod POD` 的 Events 部分就够了。',
  },
} as const;

export type MessageKey = keyof (typeof TEXTS)['en'];

/** A lookup for a table of fixed texts per language, with `{name}` placeholders filled from `vars`. */
export function messageTable<K extends string>(texts: Record<Lang, Record<K, string>>) {
  return (lang: Lang, key: K, vars: Record<string, string | number> = {}): string =>
    texts[lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export const t = messageTable<MessageKey>(TEXTS);
