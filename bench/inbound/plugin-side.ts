import {
  type Conversation,
  type ConversationData,
  type ConversationFlavor,
  conversations,
  createConversation,
  type VersionedState,
  type VersionedStateStorage,
} from "@grammyjs/conversations";
import { Bot, type Context, InlineKeyboard } from "grammy";
import {
  BENCH_METRICS,
  type BenchMember,
  CAMPAIGN_TITLE,
  DEADLINE_LABEL,
  PERIOD_LABEL,
} from "./bench-campaign.js";
import {
  openTemplatePglite,
  pgliteSql,
  postgresSql,
  type RunDatabase,
  type SqlClient,
} from "./bench-database.js";
import { BENCH_TOKEN, FakeBotApi } from "./fake-bot-api.js";
import type { SideUnderTest } from "./side-under-test.js";

/*
 * The baseline: the same weekly report written the common way, with grammY and
 * @grammyjs/conversations 2.x. The conversation is one async function; the plugin keeps its
 * replay log in `bench_sessions` through the key-value storage adapter below (one read before
 * and one write after every update of a chat in a conversation), the task is loaded with
 * `conversation.external`, and the submitted report is saved at the end in one transaction
 * (one row per report plus one row per metric value).
 */

type OuterContext = ConversationFlavor<Context>;
type ReportConversation = Conversation<OuterContext, Context>;

/** What `conversation.external` loads for the member (kept in the replay log as JSON). */
interface TaskRow {
  number: number;
  title: string;
  metrics: { key: string; name: string; unit: string }[];
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS bench_sessions (key text PRIMARY KEY, value jsonb NOT NULL);
  CREATE TABLE IF NOT EXISTS bench_tasks (
    telegram_user_id bigint PRIMARY KEY,
    number integer NOT NULL,
    title text NOT NULL,
    metrics jsonb NOT NULL
  );
  CREATE TABLE IF NOT EXISTS bench_reports (
    id bigserial PRIMARY KEY,
    telegram_user_id bigint NOT NULL,
    task_number integer NOT NULL,
    period text NOT NULL,
    progress_items jsonb NOT NULL,
    health text NOT NULL,
    blocked_reason text,
    problems text,
    next_steps text,
    submitted_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS bench_report_metrics (
    report_id bigint NOT NULL REFERENCES bench_reports (id),
    metric_key text NOT NULL,
    value numeric NOT NULL,
    PRIMARY KEY (report_id, metric_key)
  );`;

/** The conversations plugin's storage: a key-value table, read and written with plain SQL. */
export function sqlConversationStorage(
  sql: SqlClient,
  onWrite?: (bytes: number) => void,
): VersionedStateStorage<string, ConversationData> {
  return {
    async read(key) {
      const rows = await sql.query<{ value: VersionedState<ConversationData> }>(
        "SELECT value FROM bench_sessions WHERE key = $1",
        [key],
      );
      return rows[0]?.value;
    },
    async write(key, state) {
      const json = JSON.stringify(state);
      onWrite?.(Buffer.byteLength(json));
      await sql.query(
        `INSERT INTO bench_sessions (key, value) VALUES ($1, $2::jsonb)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [key, json],
      );
    },
    async delete(key) {
      await sql.query("DELETE FROM bench_sessions WHERE key = $1", [key]);
    },
  };
}

const ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const HEALTH_LABELS: Record<string, string> = {
  on_track: "按计划推进",
  at_risk: "有风险",
  blocked: "受阻",
};

const quantity = (value: number, unit: string) => (unit === "%" ? `${value}%` : `${value} ${unit}`);

/** The weekly report of one task, as one conversation function. */
function createWeeklyReport(sql: SqlClient) {
  return async function weeklyReport(conversation: ReportConversation, ctx: Context) {
    const userId = ctx.from?.id ?? 0;
    const task = await conversation.external(async () => {
      const rows = await sql.query<TaskRow>(
        "SELECT number, title, metrics FROM bench_tasks WHERE telegram_user_id = $1",
        [userId],
      );
      return rows[0] ?? null;
    });
    if (!task) {
      await ctx.reply("本期没有需要您填报的任务。");
      return;
    }
    const name = `《${task.title}》`;
    await ctx.reply(
      `${CAMPAIGN_TITLE}：请填报本期（${PERIOD_LABEL}）的工作进展，共 1 项任务，截止时间 ` +
        `${DEADLINE_LABEL}。可以随时中断，回来接着填。`,
    );
    await ctx.reply(
      `第${task.number}项任务${name}：本周做了哪些工作？一条消息写一项，也可以分行一次发来；写完点“完成”。`,
    );

    // Progress items until "done".
    const items: string[] = [];
    for (;;) {
      const answer = await conversation.wait();
      if (answer.callbackQuery?.data === "done") {
        await answer.answerCallbackQuery();
        if (items.length > 0) {
          await answer.editMessageReplyMarkup();
          break;
        }
        await answer.reply("请先写至少一项工作。");
        continue;
      }
      const text = answer.message?.text?.trim();
      if (!text) {
        await answer.reply("只能读文字，请用文字回复。");
        continue;
      }
      items.push(
        ...text
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean),
      );
      await answer.reply(`已记录第${items.length}条。\n继续补充，或点“完成”。`, {
        reply_markup: new InlineKeyboard().text("完成", "done"),
      });
    }

    // The metrics, one number each.
    const values: number[] = [];
    let acknowledged = "";
    for (const metric of task.metrics) {
      await ctx.reply(
        `${acknowledged}${name}的“${metric.name}”是多少？请回复数字，单位：${metric.unit}。`,
      );
      const value = await conversation.form.number({
        otherwise: (other) => other.reply("没看懂这个数字，请只回复数字。"),
      });
      values.push(value);
      acknowledged = `已记录：${quantity(value, metric.unit)}。\n`;
    }

    // Status, with a reason when blocked.
    await ctx.reply(`${acknowledged}${name}目前进展如何？`, {
      reply_markup: new InlineKeyboard()
        .text("按计划推进", "st:on_track")
        .text("有风险", "st:at_risk")
        .text("受阻", "st:blocked"),
    });
    const status = await conversation.waitForCallbackQuery(/^st:/, {
      otherwise: (other) => other.reply("请点按钮选择进展状态。"),
    });
    await status.answerCallbackQuery();
    await status.editMessageReplyMarkup();
    const health = status.callbackQuery.data.slice(3);
    let blockedReason: string | undefined;
    if (health === "blocked") {
      await ctx.reply(`${name}受阻原因是什么？`);
      blockedReason = await conversation.form.text();
    }

    const optionalText = async (question: string): Promise<string | undefined> => {
      await ctx.reply(`${name}${question}\n没有就点“无”。`, {
        reply_markup: new InlineKeyboard().text("无", "skip"),
      });
      for (;;) {
        const answer = await conversation.wait();
        if (answer.callbackQuery?.data === "skip") {
          await answer.answerCallbackQuery();
          await answer.editMessageReplyMarkup();
          return undefined;
        }
        const text = answer.message?.text?.trim();
        if (text) return text;
        await answer.reply("请用文字回复，或点“无”。");
      }
    };
    const problems = await optionalText("目前存在哪些问题或困难？");
    const nextSteps = await optionalText("下一步打算怎么推进？");

    // The review card, then submit.
    const lines = [
      `请核对第${task.number}项任务${name}（${PERIOD_LABEL}）：`,
      "",
      "本周工作：",
      ...items.map((item, index) => `${ORDINALS[index] ?? index + 1}是${item}`),
      ...task.metrics.map(
        (metric, index) => `${metric.name}：${quantity(values[index] ?? 0, metric.unit)}`,
      ),
      `进展状态：${HEALTH_LABELS[health] ?? health}`,
      ...(blockedReason ? [`受阻原因：${blockedReason}`] : []),
      `存在问题：${problems ?? "无"}`,
      `下一步打算：${nextSteps ?? "无"}`,
      "",
      "确认无误请点“提交”；要改哪项，点对应的按钮。",
    ];
    const card = new InlineKeyboard().text("改工作", "edit:progress");
    for (const [index, metric] of task.metrics.entries()) {
      card.text(`改${metric.name}`, `edit:m:${index}`);
    }
    card
      .row()
      .text("改状态", "edit:status")
      .text("改问题", "edit:problems")
      .text("改打算", "edit:nextSteps")
      .row()
      .text("✅ 提交", "submit")
      .text("取消", "cancel");
    await ctx.reply(lines.join("\n"), { reply_markup: card });
    const decision = await conversation.waitForCallbackQuery(["submit", "cancel"], {
      otherwise: (other) => other.reply("请点“提交”或“取消”。"),
    });
    await decision.answerCallbackQuery();
    await decision.editMessageReplyMarkup();
    if (decision.callbackQuery.data === "cancel") {
      await decision.reply("已取消，本次填写未保存。");
      return;
    }
    await conversation.external(() =>
      sql.transaction(async (query) => {
        const [report] = await query<{ id: string }>(
          `INSERT INTO bench_reports
             (telegram_user_id, task_number, period, progress_items, health, blocked_reason,
              problems, next_steps)
           VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8) RETURNING id`,
          [
            userId,
            task.number,
            PERIOD_LABEL,
            JSON.stringify(items),
            health,
            blockedReason ?? null,
            problems ?? null,
            nextSteps ?? null,
          ],
        );
        const params: unknown[] = [report?.id];
        const rows = task.metrics.map((metric, index) => {
          params.push(metric.key, values[index]);
          return `($1, $${params.length - 1}, $${params.length})`;
        });
        await query(
          `INSERT INTO bench_report_metrics (report_id, metric_key, value) VALUES ${rows.join(", ")}`,
          params,
        );
      }),
    );
    await decision.reply(
      `已提交第${task.number}项任务${name}（${PERIOD_LABEL}）的进展。截止时间 ${DEADLINE_LABEL}，` +
        "在此之前如需修改，发送 /edit 即可。",
    );
    await decision.reply("本期 1 项任务已全部提交，辛苦了！");
  };
}

/**
 * The baseline bot: `conversations()` with the SQL storage, the report conversation, and
 * `/report` entering it. Its Bot API calls are answered by the same fake as duban's: a
 * transformer on `bot.api`, and the `fetch` client option for calls made inside the
 * conversation (the plugin builds a new `Api` from token and client options per replay).
 */
export async function startPluginSide(options: {
  db: RunDatabase;
  members: BenchMember[];
}): Promise<SideUnderTest> {
  const pglite =
    options.db.kind === "pglite"
      ? await openTemplatePglite(options.db.template, options.db.storage)
      : undefined;
  const sql = pglite ? pgliteSql(pglite.pglite) : postgresSql((options.db as { url: string }).url);
  try {
    for (const statement of SCHEMA.split(";").filter((s) => s.trim())) await sql.query(statement);
    for (const member of options.members) {
      await sql.query(
        "INSERT INTO bench_tasks (telegram_user_id, number, title, metrics) VALUES ($1, $2, $3, $4::jsonb)",
        [member.telegramId, member.taskNumber, member.taskTitle, JSON.stringify(BENCH_METRICS)],
      );
    }

    const api = new FakeBotApi();
    const errors: string[] = [];
    let largestStateBytes = 0;
    const bot = new Bot<OuterContext>(BENCH_TOKEN, { client: { fetch: api.fetch } });
    bot.api.config.use(api.transformer);
    bot.use(
      conversations<OuterContext, Context>({
        storage: {
          type: "key",
          version: 1,
          adapter: sqlConversationStorage(sql, (bytes) => {
            largestStateBytes = Math.max(largestStateBytes, bytes);
          }),
        },
      }),
    );
    bot.use(createConversation(createWeeklyReport(sql), "weeklyReport"));
    bot.command("report", (ctx) => ctx.conversation.enter("weeklyReport"));
    bot.catch((error) => {
      const cause = error.error;
      errors.push(cause instanceof Error ? cause.message : String(cause));
    });
    await bot.init();

    return {
      api,
      handleUpdate: (update) => bot.handleUpdate(update),
      botErrors: () => errors,
      async settle() {
        const [reports] = await sql.query<{ count: number }>(
          "SELECT count(*)::int AS count FROM bench_reports",
        );
        const [metricValues] = await sql.query<{ count: number }>(
          "SELECT count(*)::int AS count FROM bench_report_metrics",
        );
        return {
          reports: reports?.count ?? 0,
          metricValues: metricValues?.count ?? 0,
          undelivered: 0,
          largestStateBytes,
        };
      },
      async close() {
        await sql.close();
        await pglite?.close();
      },
    };
  } catch (error: unknown) {
    await sql.close();
    await pglite?.close();
    throw error;
  }
}
