// The only place in the UI that calls tauri's invoke(): one typed wrapper per command.
import { invoke } from '@tauri-apps/api/core';
import type {
  AppStatus,
  ArticleSummary,
  ArticleThread,
  CampaignSummary,
  CommandError,
  SetupChoice,
  Stats,
} from './bindings';

/** A failed command: the stable code from Rust and the message for people. */
export class ApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as CommandError).code === 'string' &&
    typeof (value as CommandError).message === 'string'
  );
}

export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (isCommandError(raw)) return new ApiError(raw.code, raw.message);
  if (raw instanceof Error) return new ApiError('ipc', raw.message);
  return new ApiError('ipc', String(raw));
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toApiError(raw);
  }
}

export const api = {
  appStatus: () => call<AppStatus>('app_status'),
  setupNewsroom: (choice: SetupChoice) => call<AppStatus>('setup_newsroom', { choice }),
  stats: () => call<Stats>('stats'),
  listArticles: (limit?: number) => call<ArticleSummary[]>('list_articles', { limit }),
  articleThread: (articleId: string) => call<ArticleThread>('article_thread', { articleId }),
  campaignSummaries: () => call<CampaignSummary[]>('campaign_summaries'),
};
