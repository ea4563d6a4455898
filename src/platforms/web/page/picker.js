import { el } from "./dom.js";

/**
 * @typedef {{ key: string, name: string, title: string | null, unit: { key: string, name: string },
 *   locale: string, campaigns: { key: string, title: string, role: string }[] }} Member
 */

/** The member's roles, each once, in the order leader, admin, staff. @param {Member} member */
export function rolesOf(member) {
  const roles = new Set(member.campaigns.map((campaign) => campaign.role));
  return ["leader", "admin", "staff"].filter((role) => roles.has(role));
}

/**
 * The list of people to try duban as; `onPick` is called with the member tapped.
 *
 * @param {{ members: Member[], say: import("./strings.js").Say, onPick: (member: Member) => void }} options
 * @returns {HTMLElement}
 */
export function pickerView({ members, say, onPick }) {
  const list = el("ul", { className: "members" });
  for (const member of members) {
    const roles = el(
      "span",
      { className: "roles" },
      rolesOf(member).map((role) =>
        el("span", { className: `role role-${role}`, text: say(`role.${role}`) }),
      ),
    );
    const details = [member.title, member.unit.name].filter(Boolean).join(" · ");
    const button = el("button", { className: "member", attrs: { type: "button" } }, [
      el("span", {
        className: "avatar",
        text: initialOf(member.name),
        attrs: { "aria-hidden": "true" },
      }),
      el("span", { className: "who" }, [
        el("span", { className: "name", text: member.name }),
        el("span", { className: "details", text: details }),
      ]),
      roles,
    ]);
    button.addEventListener("click", () => onPick(member));
    list.append(el("li", {}, [button]));
  }
  return el("section", { className: "picker" }, [
    el("h1", { text: say("pickerHeading") }),
    el("p", { className: "intro", text: say(members.length ? "pickerIntro" : "noMembers") }),
    list,
  ]);
}

/** The first letter of a name, for its round badge. @param {string} name */
export function initialOf(name) {
  return Array.from(name.trim())[0]?.toUpperCase() ?? "?";
}
