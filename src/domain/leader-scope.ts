/**
 * Which tasks a member may see as a leader of a campaign: admins and unscoped leaders all of
 * them; a leader with a 分管 scope the tasks it names and those led by a unit it names or by
 * any unit under one. Pure: the caller passes the campaign's tasks and unit tree.
 */
export interface LeaderScopeRule {
  role: "staff" | "leader" | "admin";
  scope?: { tasks: readonly string[]; units: readonly string[] } | null;
}

export function visibleTaskKeys(
  rule: LeaderScopeRule,
  tasks: readonly { key: string; leadUnitKey?: string | undefined }[],
  units: readonly { key: string; parentKey?: string | undefined }[],
): Set<string> {
  if (rule.role === "staff") return new Set();
  if (rule.role === "admin" || !rule.scope) return new Set(tasks.map((task) => task.key));
  const parentOf = new Map(units.map((unit) => [unit.key, unit.parentKey]));
  const named = new Set(rule.scope.units);
  const underNamedUnit = (unitKey: string | undefined): boolean => {
    const seen = new Set<string>();
    let current = unitKey;
    while (current !== undefined && !seen.has(current)) {
      if (named.has(current)) return true;
      seen.add(current);
      current = parentOf.get(current);
    }
    return false;
  };
  const byKey = new Set(rule.scope.tasks);
  return new Set(
    tasks
      .filter((task) => byKey.has(task.key) || underNamedUnit(task.leadUnitKey))
      .map((task) => task.key),
  );
}
