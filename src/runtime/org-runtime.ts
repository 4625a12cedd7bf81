import type { CallbackKeys } from '../gateway/callback-crypto.js';
import type { Directory } from '../directory/types.js';
import type { WecomApi } from '../wecom/types.js';

/** One school as the running service sees it: its callback keys, its directory, its WeCom client. */
export interface OrgRuntime {
  orgId: string;
  timezone: string;
  keys: CallbackKeys;
  /** replaced whole on reload (SIGHUP, contact sync); read it anew for each event */
  directory: Directory;
  wecom: WecomApi;
}

/** The schools this deployment serves; a single-school deployment has exactly one, the default. */
export interface OrgRegistry {
  get(orgId: string): OrgRuntime | undefined;
  defaultOrg(): OrgRuntime;
  all(): OrgRuntime[];
  /** swaps in a reloaded org file; events already being handled keep what they started with */
  replace(orgId: string, reloaded: { directory: Directory; timezone: string }): void;
}

export function createOrgRegistry(orgs: OrgRuntime[]): OrgRegistry {
  if (orgs.length === 0) throw new Error('at least one organisation is required');
  const byId = new Map(orgs.map((org) => [org.orgId, org]));
  return {
    get: (orgId) => byId.get(orgId),
    defaultOrg: () => orgs[0]!,
    all: () => [...byId.values()],
    replace(orgId, reloaded) {
      const org = byId.get(orgId);
      if (!org) return;
      org.directory = reloaded.directory;
      org.timezone = reloaded.timezone;
    },
  };
}
